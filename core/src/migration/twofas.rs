//! 2FAS's `.2fas` backup (unencrypted JSON).

use super::{ImportFile, MigrationError};

/// Parses the JSON text of the export.
pub fn parse(_json: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
