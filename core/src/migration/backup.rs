//! Twofold's own encrypted backup (format in `core/docs/backup-format.md`).

use super::{ImportFile, MigrationError, PortableAccount};
use crate::vault::KdfParams;

/// Seals `accounts` under `password`.
pub fn write(
    _accounts: &[PortableAccount],
    _password: &str,
    _kdf: KdfParams,
) -> Result<Vec<u8>, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}

/// Opens a backup written by [`write`].
pub fn read(_bytes: &[u8], _password: &str) -> Result<ImportFile, MigrationError> {
    Err(MigrationError::Export("not implemented yet".into()))
}
