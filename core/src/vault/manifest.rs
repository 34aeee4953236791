//! The sealed manifest: which account and recovery-code rows the vault holds
//! and a digest of each row's every column (id, order, timestamps, trash
//! state and sealed bytes), plus a generation counter raised by every write.
//!
//! The row's sealed bytes authenticate its content; the manifest, sealed
//! under the data key and rewritten in the same transaction as every change,
//! authenticates the rest. A row whose plaintext columns were altered (moved,
//! trashed, restored), an older sealed row put back (an HOTP counter rolled
//! back, a used recovery code made usable), a deleted row and a row that was
//! never written by Twofold are all reported like a tampered row.
//! See `core/docs/vault-integrity.md` for what this cannot catch.

use super::store::{AccountRow, RecoveryRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Raised by one on every committed change to the listed rows.
    pub generation: u64,
    /// [`account_key`]/[`recovery_key`] → hex SHA-256 of the row.
    pub rows: BTreeMap<String, String>,
}

impl Manifest {
    /// Whether the row under `key` is listed with exactly this digest
    /// (compared in constant time, like every check of stored integrity).
    pub fn lists(&self, key: &str, digest: &str) -> bool {
        self.rows
            .get(key)
            .is_some_and(|listed| crate::crypto::equal(listed.as_bytes(), digest.as_bytes()))
    }
}

pub fn account_key(id: &str) -> String {
    format!("accounts/{id}")
}

/// Recovery codes are listed under their account, so an account's listing
/// can tell which of its codes are missing.
pub fn recovery_key(account_id: &str, id: &str) -> String {
    format!("recovery_codes/{account_id}/{id}")
}

pub fn recovery_prefix(account_id: &str) -> String {
    format!("recovery_codes/{account_id}/")
}

/// Feeds length-prefixed fields, so no two rows hash alike by shifting bytes
/// between fields.
fn digest(fields: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(64);
    for byte in hasher.finalize() {
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

pub fn account_digest(row: &AccountRow) -> String {
    let deleted = row
        .deleted_at
        .map_or_else(Vec::new, |t| t.to_be_bytes().to_vec());
    digest(&[
        b"accounts",
        row.id.as_bytes(),
        &row.position.to_be_bytes(),
        &row.created_at.to_be_bytes(),
        &row.updated_at.to_be_bytes(),
        &[u8::from(row.deleted_at.is_some())],
        &deleted,
        &row.sealed,
    ])
}

pub fn recovery_digest(row: &RecoveryRow) -> String {
    digest(&[
        b"recovery_codes",
        row.id.as_bytes(),
        row.account_id.as_bytes(),
        &row.saved_at.to_be_bytes(),
        &row.sealed,
    ])
}

/// Records which rows this connection changed during a transaction, so the
/// manifest is updated for exactly those (never for rows someone else
/// altered behind our back). TEMP objects: per connection, not in the file.
pub const TOUCHED_SQL: &str = "
CREATE TEMP TABLE IF NOT EXISTS touched (
    tbl   TEXT NOT NULL,
    id    TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (tbl, id, owner)
);
CREATE TEMP TRIGGER IF NOT EXISTS accounts_inserted AFTER INSERT ON main.accounts
BEGIN INSERT OR IGNORE INTO touched VALUES ('accounts', NEW.id, ''); END;
CREATE TEMP TRIGGER IF NOT EXISTS accounts_updated AFTER UPDATE ON main.accounts
BEGIN
    INSERT OR IGNORE INTO touched VALUES ('accounts', OLD.id, '');
    INSERT OR IGNORE INTO touched VALUES ('accounts', NEW.id, '');
END;
CREATE TEMP TRIGGER IF NOT EXISTS accounts_deleted AFTER DELETE ON main.accounts
BEGIN INSERT OR IGNORE INTO touched VALUES ('accounts', OLD.id, ''); END;
CREATE TEMP TRIGGER IF NOT EXISTS codes_inserted AFTER INSERT ON main.recovery_codes
BEGIN INSERT OR IGNORE INTO touched VALUES ('recovery_codes', NEW.id, NEW.account_id); END;
CREATE TEMP TRIGGER IF NOT EXISTS codes_updated AFTER UPDATE ON main.recovery_codes
BEGIN
    INSERT OR IGNORE INTO touched VALUES ('recovery_codes', OLD.id, OLD.account_id);
    INSERT OR IGNORE INTO touched VALUES ('recovery_codes', NEW.id, NEW.account_id);
END;
CREATE TEMP TRIGGER IF NOT EXISTS codes_deleted AFTER DELETE ON main.recovery_codes
BEGIN INSERT OR IGNORE INTO touched VALUES ('recovery_codes', OLD.id, OLD.account_id); END;
";
