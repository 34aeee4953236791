//! Recognises an export file by its content (never by its name) and hands it
//! to the right importer.

use super::{Format, ImportFile, MigrationError};

/// Which format `bytes` look like, if any.
pub fn sniff(_bytes: &[u8]) -> Option<Format> {
    None
}

/// Reads an export file of any supported format. `password` is used only by
/// encrypted formats; they fail with `PasswordRequired` when it is `None`.
pub fn read_import(bytes: &[u8], _password: Option<&str>) -> Result<ImportFile, MigrationError> {
    let _ = bytes;
    Err(MigrationError::UnknownFormat)
}
