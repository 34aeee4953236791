//! The core's error type: one variant per module, each carrying that module's
//! precise error. No error ever contains secret material.

use crate::key::{FieldError, KeyError};
use crate::otp::OtpError;
use crate::password::PasswordError;
use crate::scan::ScanError;
use crate::transfer::TransferError;
use crate::uri::UriError;
use crate::vault::VaultError;

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

/// A step of the enrollment flow asked for something it cannot do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("cannot {action} on the {step} screen")]
    NotAllowedHere {
        action: &'static str,
        step: &'static str,
    },
    #[error("this account is already in the app: choose replace or keep both")]
    DuplicateChoiceRequired,
    #[error("confirm that you have securely saved the recovery code")]
    AcknowledgementRequired,
    #[error("the recovery code is empty")]
    RecoveryCodeEmpty,
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
