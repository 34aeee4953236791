//! andOTP's plain JSON backup.

use super::{ImportFile, MigrationError};

/// Parses the JSON text of the export.
pub fn parse(_json: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
