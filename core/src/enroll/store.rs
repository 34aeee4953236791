//! What the flow needs from storage. The vault implements it; tests may use
//! anything that keeps the same promises.

use super::state::ExistingAccount;
use crate::otp::Code;
use crate::{Error, NewAccount, Secret};

pub trait EnrollmentStore {
    /// An account already stored with this exact secret, if any.
    fn find_same_secret(&self, secret: &Secret) -> Result<Option<ExistingAccount>, Error>;
    /// Saves a new account (committed before returning); returns its id.
    fn add(&self, account: &NewAccount, now: u64) -> Result<String, Error>;
    /// Changes issuer and name of a saved account.
    fn rename(&self, id: &str, issuer: Option<&str>, name: &str, now: u64) -> Result<(), Error>;
    /// Moves an account to the trash (restorable). "Replace" is trash + add,
    /// so nothing is ever overwritten.
    fn trash(&self, id: &str, now: u64) -> Result<(), Error>;
    /// Brings an account back from the trash.
    fn restore(&self, id: &str, now: u64) -> Result<(), Error>;
    /// The account's code now. For HOTP this advances and commits the counter.
    fn code(&self, id: &str, now: u64) -> Result<Code, Error>;
    /// Stores the site's recovery code, encrypted, beside the account.
    fn save_recovery_code(&self, id: &str, code: &str, now: u64) -> Result<(), Error>;
}
