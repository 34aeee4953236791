//! Bitwarden's JSON export: items whose `login.totp` holds a key or an otpauth URI.

use super::{ImportFile, MigrationError};

/// Parses the JSON text of the export.
pub fn parse(_json: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
