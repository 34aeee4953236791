//! Sealing rows with the data key ([`crate::crypto::seal`]) under associated
//! data that binds the sealed bytes to one row of one table of one vault,
//! written under one schema version. A blob moved to another row, table or
//! vault fails authentication.

use crate::crypto::{self, SymmetricKey};
use crate::vault::error::VaultError;
use zeroize::Zeroizing;

/// Associated data for a row: vault, table, row id, the schema version the
/// row was sealed under, and any further binding (e.g. the owning account).
pub fn row_aad(vault_id: &str, table: &str, row_id: &str, version: u8, extra: &str) -> Vec<u8> {
    format!("twofold-vault\0{vault_id}\0{table}\0{row_id}\0v{version}\0{extra}").into_bytes()
}

/// Where a sealed row lives: the associated data is built from this.
pub struct RowRef<'a> {
    pub vault_id: &'a str,
    pub table: &'static str,
    pub id: &'a str,
    /// A further binding, e.g. the account a recovery code belongs to.
    pub extra: &'a str,
}

/// Seals a row under the current schema version, which is stored as the
/// blob's first byte and bound into the associated data.
pub fn seal_row(
    key: &SymmetricKey,
    row: &RowRef<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let version = crate::vault::schema::ROW_FORMAT_VERSION;
    let aad = row_aad(row.vault_id, row.table, row.id, version, row.extra);
    let sealed = crypto::seal(key, &aad, plaintext)?;
    let mut blob = Vec::with_capacity(1 + sealed.len());
    blob.push(version);
    blob.extend_from_slice(&sealed);
    Ok(blob)
}

/// Opens a row sealed by [`seal_row`] under this or an earlier schema version.
pub fn open_row(key: &SymmetricKey, row: &RowRef<'_>, blob: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (&version, sealed) = blob.split_first()?;
    if version == 0 || version > crate::vault::schema::ROW_FORMAT_VERSION {
        return None;
    }
    crypto::open(
        key,
        &row_aad(row.vault_id, row.table, row.id, version, row.extra),
        sealed,
    )
}
