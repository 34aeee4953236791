//! Twofold's core: every rule of the authenticator, with no UI, no FFI and no
//! clock of its own. Time is always an argument (`unix_seconds`), so every
//! behaviour can be tested at a fixed instant.
// Every public item is documented; the modules still marked
// `allow(missing_docs)` below are the ones not done yet (issue 17).
#![warn(missing_docs)]

#[allow(missing_docs)]
pub mod account;
#[allow(missing_docs)]
pub mod backup_reminder;
#[allow(missing_docs)]
pub mod crypto;
pub mod display;
#[allow(missing_docs)]
pub mod enroll;
#[allow(missing_docs)]
pub mod kdf_limits;
#[allow(missing_docs)]
pub mod key;
#[allow(missing_docs)]
pub mod otp;
#[allow(missing_docs)]
pub mod password;
pub mod redact;
#[allow(missing_docs)]
pub mod scan;
pub mod secret;
#[allow(missing_docs)]
pub mod transfer;
#[allow(missing_docs)]
pub mod uri;
#[allow(missing_docs)]
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
    /// A typed key was refused.
    #[error("invalid key: {0}")]
    Key(#[from] KeyError),
    /// An otpauth URI was refused.
    #[error("invalid otpauth URI: {0}")]
    Uri(#[from] UriError),
    /// No code could be computed.
    #[error("cannot generate a code: {0}")]
    Otp(#[from] OtpError),
    /// An image or frame could not be scanned.
    #[error("cannot scan: {0}")]
    Scan(#[from] ScanError),
    /// The manual-entry form, every field that is wrong.
    #[error("{}", join_field_errors(.0))]
    Form(Vec<FieldError>),
    /// The enrollment flow was used out of order.
    #[error("{0}")]
    Flow(#[from] FlowError),
    /// The vault refused or failed.
    #[error("vault: {0}")]
    Vault(#[from] VaultError),
    /// An import or export failed.
    #[error("{0}")]
    Migration(#[from] TransferError),
    /// A password was refused.
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
