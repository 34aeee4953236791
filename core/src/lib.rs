//! Twofold's core: every rule of the authenticator, with no UI, no FFI and no
//! clock of its own. Time is always an argument (`unix_seconds`), so every
//! behaviour can be tested at a fixed instant.

pub mod account;
pub mod backup_reminder;
pub mod crypto;
pub mod display;
pub mod enroll;
pub mod kdf_limits;
pub mod key;
pub mod otp;
pub mod password;
pub mod redact;
pub mod scan;
pub mod secret;
pub mod transfer;
pub mod uri;
pub mod vault;

pub use account::{Algorithm, NewAccount, OtpKind, OtpParams};
pub use otp::Code;
pub use secret::Secret;

use enroll::FlowError;
use key::{FieldError, KeyError};
use otp::OtpError;
use password::PasswordError;
use scan::ScanError;
use transfer::TransferError;
use uri::UriError;
use vault::VaultError;

/// The core's error: one variant per module, each carrying that module's
/// precise error. It sits here, above every module, because it names them
/// all (the enrollment flow returns it, as its store may fail in any of
/// them). No error ever contains secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid key: {0}")]
    Key(#[from] KeyError),
    #[error("invalid otpauth URI: {0}")]
    Uri(#[from] UriError),
    #[error("cannot generate a code: {0}")]
    Otp(#[from] OtpError),
    #[error("cannot scan: {0}")]
    Scan(#[from] ScanError),
    #[error("{}", join_field_errors(.0))]
    Form(Vec<FieldError>),
    #[error("{0}")]
    Flow(#[from] FlowError),
    #[error("vault: {0}")]
    Vault(#[from] VaultError),
    #[error("{0}")]
    Migration(#[from] TransferError),
    #[error("{0}")]
    Password(#[from] PasswordError),
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
