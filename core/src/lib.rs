//! Twofold's core: every rule of the authenticator, with no UI, no FFI and no
//! clock of its own. Time is always an argument (`unix_seconds`), so every
//! behaviour can be tested at a fixed instant.

pub mod account;
pub mod backup_reminder;
pub mod crypto;
pub mod enroll;
pub mod error;
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
pub use error::Error;
pub use otp::Code;
pub use secret::Secret;
