//! A plain text file of `otpauth://` URIs, one per line (unencrypted).

use super::{ImportFile, MigrationError, PortableAccount};
use zeroize::Zeroizing;

/// Parses the lines of `text`; blank lines and `#` comments are skipped.
pub fn parse(_text: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}

/// One `otpauth://` URI per line.
pub fn export(_accounts: &[PortableAccount]) -> Zeroizing<String> {
    Zeroizing::new(String::new())
}
