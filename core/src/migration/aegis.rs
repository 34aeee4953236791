//! Aegis vault exports, plain and encrypted (scrypt key slots wrapping a
//! master key; the database sealed with AES-256-GCM), per Aegis `docs/vault.md`.

use super::{ImportFile, MigrationError, PortableAccount};
use zeroize::Zeroizing;

/// Parses an Aegis export. `password` is needed for encrypted exports.
pub fn parse(_json: &str, _password: Option<&str>) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}

/// Writes an Aegis export: encrypted under `password`, or plain when `None`.
pub fn export(
    _accounts: &[PortableAccount],
    _password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
