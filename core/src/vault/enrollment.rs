//! The vault as the enrollment flow's storage (`enroll::EnrollmentStore`).

use crate::enroll::{EnrollmentStore, ExistingAccount};
use crate::otp::Code;
use crate::vault::Vault;
use crate::{Error, NewAccount, Secret};
use std::sync::Arc;

impl EnrollmentStore for Vault {
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error> {
        Ok(Vault::find_same_secret(self, secret)?
            .into_iter()
            .next()
            .map(|account| ExistingAccount {
                id: account.id,
                issuer: account.issuer,
                name: account.name,
            }))
    }

    fn add(&self, account: &NewAccount, now: u64) -> Result<String, Error> {
        Ok(Vault::add(self, account, now)?.id)
    }

    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, now: u64) -> Result<(), Error> {
        Vault::rename(self, id, issuer, name, now)?;
        Ok(())
    }

    fn trash(&self, id: &str, now: u64) -> Result<(), Error> {
        Ok(self.delete(id, now)?)
    }

    fn restore(&self, id: &str, now: u64) -> Result<(), Error> {
        Ok(Vault::restore(self, id, now)?)
    }

    fn code(&self, id: &str, now: u64) -> Result<Code, Error> {
        Ok(Vault::code(self, id, now)?)
    }

    fn save_recovery_code(&self, id: &str, code: &str, now: u64) -> Result<(), Error> {
        Vault::save_recovery_code(self, id, code, now)?;
        Ok(())
    }
}

/// Lets an app keep its `Arc<Vault>` and hand the flow a clone.
impl EnrollmentStore for Arc<Vault> {
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error> {
        EnrollmentStore::find_same_secret(&**self, secret)
    }
    fn add(&self, account: &NewAccount, now: u64) -> Result<String, Error> {
        EnrollmentStore::add(&**self, account, now)
    }
    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, now: u64) -> Result<(), Error> {
        EnrollmentStore::rename(&**self, id, issuer, name, now)
    }
    fn trash(&self, id: &str, now: u64) -> Result<(), Error> {
        EnrollmentStore::trash(&**self, id, now)
    }
    fn restore(&self, id: &str, now: u64) -> Result<(), Error> {
        EnrollmentStore::restore(&**self, id, now)
    }
    fn code(&self, id: &str, now: u64) -> Result<Code, Error> {
        EnrollmentStore::code(&**self, id, now)
    }
    fn save_recovery_code(&self, id: &str, code: &str, now: u64) -> Result<(), Error> {
        EnrollmentStore::save_recovery_code(&**self, id, code, now)
    }
}
