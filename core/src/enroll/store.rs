//! What the flow needs from storage: the vault, or in tests anything that
//! keeps the same promises. The vault's side is written here, so the vault
//! knows nothing of the flow.

use super::state::ExistingAccount;
use crate::otp::Code;
use crate::vault::Vault;
use crate::{Error, NewAccount, Secret};
use std::sync::Arc;

pub trait EnrollmentStore {
    /// An account already stored with this exact secret, if any.
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error>;
    /// Saves a new account (committed before returning); returns its id.
    fn add(&self, account: &NewAccount, now: u64) -> Result<String, Error>;
    /// Changes issuer and name of a saved account.
    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, now: u64) -> Result<(), Error>;
    /// Moves `existing_id` to the trash (restorable) and saves `account` in
    /// its stead, in one commit: both or neither. Returns the new id.
    fn replace(&self, existing_id: &str, account: &NewAccount, now: u64) -> Result<String, Error>;
    /// Moves an account to the trash (restorable).
    fn trash(&self, id: &str, now: u64) -> Result<(), Error>;
    /// Brings an account back from the trash.
    fn restore(&self, id: &str, now: u64) -> Result<(), Error>;
    /// The account's code now. For HOTP this advances and commits the counter.
    fn code(&self, id: &str, now: u64) -> Result<Code, Error>;
    /// Stores the site's recovery code, encrypted, beside the account.
    fn save_recovery_code(&self, id: &str, code: &str, now: u64) -> Result<(), Error>;
}

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

    fn replace(&self, existing_id: &str, account: &NewAccount, now: u64) -> Result<String, Error> {
        Ok(Vault::replace(self, existing_id, account, now)?.id)
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

/// Lets an app keep its `Arc<Vault>` (or any shared store) and hand the flow
/// a clone.
impl<T: EnrollmentStore + ?Sized> EnrollmentStore for Arc<T> {
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error> {
        (**self).find_same_secret(secret)
    }
    fn add(&self, account: &NewAccount, now: u64) -> Result<String, Error> {
        (**self).add(account, now)
    }
    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, now: u64) -> Result<(), Error> {
        (**self).rename(id, issuer, name, now)
    }
    fn replace(&self, existing_id: &str, account: &NewAccount, now: u64) -> Result<String, Error> {
        (**self).replace(existing_id, account, now)
    }
    fn trash(&self, id: &str, now: u64) -> Result<(), Error> {
        (**self).trash(id, now)
    }
    fn restore(&self, id: &str, now: u64) -> Result<(), Error> {
        (**self).restore(id, now)
    }
    fn code(&self, id: &str, now: u64) -> Result<Code, Error> {
        (**self).code(id, now)
    }
    fn save_recovery_code(&self, id: &str, code: &str, now: u64) -> Result<(), Error> {
        (**self).save_recovery_code(id, code, now)
    }
}
