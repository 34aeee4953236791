//! The core's error type: one variant per module, each carrying that module's
//! precise error. No error ever contains secret material.

use crate::key::{FieldError, KeyError};
use crate::otp::OtpError;
use crate::scan::ScanError;
use crate::uri::UriError;

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
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
