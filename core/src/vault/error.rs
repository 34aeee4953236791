//! What can go wrong with a vault. Errors name rows by id, never by content,
//! and never carry secret material.

use crate::crypto::CryptoError;
use crate::kdf_limits::KdfLimitError;
use crate::otp::OtpError;
use crate::password::PasswordError;
use crate::vault::records::UnreadableRow;
use crate::vault::slots::KeyProviderError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    #[error("no vault file at this path")]
    NoSuchFile,
    #[error("a file already exists at this path; refusing to overwrite it")]
    AlreadyExists,
    #[error("this file is not a Twofold vault ({reason}); it was left untouched")]
    NotAVault { reason: String },
    #[error("this vault was written by a newer Twofold (schema {found}, this version understands up to {supported}); it was left untouched")]
    NewerSchema { found: i64, supported: i64 },
    #[error("a vault needs at least one key slot")]
    NoSlots,
    #[error("a recovery code cannot be empty")]
    EmptyRecoveryCode,
    #[error("wrong password")]
    WrongPassword,
    #[error("the vault has no {kind} key slot")]
    NoSuchSlotKind { kind: &'static str },
    #[error("no key slot with id {id}")]
    SlotNotFound { id: String },
    #[error("the platform key could not unlock this vault")]
    PlatformKeyMismatch,
    #[error("the platform key store failed: {0}")]
    KeyProvider(#[from] KeyProviderError),
    #[error("refusing to remove the last key slot: the vault could never be opened again")]
    LastSlot,
    #[error("the vault is locked")]
    Locked,
    #[error("no account with id {id}")]
    AccountNotFound { id: String },
    #[error("no recovery code {what}")]
    RecoveryCodeNotFound { what: String },
    #[error("recovery code {id} was already used")]
    RecoveryCodeAlreadyUsed { id: String },
    #[error("account {id} is not a counter-based (HOTP) account")]
    NotHotp { id: String },
    #[error("the new order must list every account exactly once")]
    BadOrder,
    #[error("{table} row {id} failed authentication: it was tampered with or damaged")]
    Tampered { table: &'static str, id: String },
    #[error("invalid code parameters: {0}")]
    Otp(#[from] OtpError),
    #[error("invalid key-derivation parameters: {reason}")]
    BadKdfParams { reason: String },
    /// Refused before deriving (see [`crate::kdf_limits`]).
    #[error("the password slots ask for more than this device allows: {0}")]
    KdfTooCostly(#[from] KdfLimitError),
    #[error("the operating system's random generator failed")]
    Random,
    #[error("migration from schema {from} failed ({reason}); the vault was left as it was")]
    Migration { from: i64, reason: String },
    #[error("import entry {position} ({label}): {reason}; nothing was imported")]
    BadImportEntry {
        position: usize,
        label: String,
        reason: String,
    },
    #[error("{} failed authentication ({}); refusing to export an incomplete set", plural_rows(.rows.len()), describe_rows(.rows))]
    Unreadable { rows: Vec<UnreadableRow> },
    #[error("storage error: {0}")]
    Storage(StorageError),
    /// A stored key slot cannot be used as written (unknown derivation,
    /// unreadable parameters): damage, not a caller's mistake.
    #[error("a key slot is damaged: {reason}")]
    DamagedSlot { reason: String },
    /// A state the code should never reach: a bug, not bad input.
    #[error("internal error: {0}")]
    Internal(&'static str),
    #[error("{0}")]
    Password(#[from] PasswordError),
}

fn plural_rows(count: usize) -> String {
    if count == 1 {
        "1 row".into()
    } else {
        format!("{count} rows")
    }
}

fn describe_rows(rows: &[UnreadableRow]) -> String {
    rows.iter()
        .map(|row| format!("{} {}", row.table, row.id))
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<CryptoError> for VaultError {
    fn from(error: CryptoError) -> Self {
        match error {
            CryptoError::Random => VaultError::Random,
            CryptoError::Encrypt => VaultError::Internal("encryption failed"),
            CryptoError::BadKdfParams { reason } => VaultError::BadKdfParams { reason },
            CryptoError::KdfTooCostly(limit) => VaultError::KdfTooCostly(limit),
        }
    }
}

/// What the storage layer reported, kept apart from its message so callers
/// can tell "disk full" from "busy" without reading English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    Busy,
    Full,
    ReadOnly,
    PermissionDenied,
    CannotOpen,
    Corrupt,
    OutOfMemory,
    Io,
    Other,
}

/// A storage failure: its kind, SQLite's extended result code when SQLite
/// reported it, and a message that describes the statement or the file,
/// never bound values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError {
    kind: StorageKind,
    sqlite_code: Option<i32>,
    message: String,
}

impl StorageError {
    pub fn kind(&self) -> StorageKind {
        self.kind
    }

    /// SQLite's extended result code (`SQLITE_FULL`, `SQLITE_BUSY_SNAPSHOT`…).
    pub fn sqlite_code(&self) -> Option<i32> {
        self.sqlite_code
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A failure the vault itself noticed about its storage (no SQLite code).
impl From<String> for StorageError {
    fn from(message: String) -> Self {
        StorageError {
            kind: StorageKind::Other,
            sqlite_code: None,
            message,
        }
    }
}

impl From<&str> for StorageError {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl From<rusqlite::Error> for VaultError {
    fn from(error: rusqlite::Error) -> Self {
        let (kind, sqlite_code) = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => {
                (sqlite_kind(failure.code), Some(failure.extended_code))
            }
            _ => (StorageKind::Other, None),
        };
        VaultError::Storage(StorageError {
            kind,
            sqlite_code,
            message: error.to_string(),
        })
    }
}

fn sqlite_kind(code: rusqlite::ErrorCode) -> StorageKind {
    use rusqlite::ErrorCode;
    match code {
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StorageKind::Busy,
        ErrorCode::DiskFull => StorageKind::Full,
        ErrorCode::ReadOnly => StorageKind::ReadOnly,
        ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied => {
            StorageKind::PermissionDenied
        }
        ErrorCode::CannotOpen => StorageKind::CannotOpen,
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StorageKind::Corrupt,
        ErrorCode::OutOfMemory => StorageKind::OutOfMemory,
        ErrorCode::SystemIoFailure => StorageKind::Io,
        _ => StorageKind::Other,
    }
}

impl From<std::io::Error> for VaultError {
    fn from(error: std::io::Error) -> Self {
        use std::io::ErrorKind;
        let kind = match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => StorageKind::Full,
            ErrorKind::ReadOnlyFilesystem => StorageKind::ReadOnly,
            ErrorKind::PermissionDenied => StorageKind::PermissionDenied,
            ErrorKind::OutOfMemory => StorageKind::OutOfMemory,
            _ => StorageKind::Io,
        };
        VaultError::Storage(StorageError {
            kind,
            sqlite_code: None,
            message: error.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> VaultError {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None).into()
    }

    fn kind_and_code(error: VaultError) -> (StorageKind, Option<i32>) {
        match error {
            VaultError::Storage(storage) => (storage.kind(), storage.sqlite_code()),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn disk_full_is_not_busy() {
        use rusqlite::ffi;
        assert_eq!(
            kind_and_code(sqlite(ffi::SQLITE_FULL)),
            (StorageKind::Full, Some(ffi::SQLITE_FULL))
        );
        assert_eq!(
            kind_and_code(sqlite(ffi::SQLITE_BUSY)),
            (StorageKind::Busy, Some(ffi::SQLITE_BUSY))
        );
        // The extended code survives, not only the primary one.
        assert_eq!(
            kind_and_code(sqlite(ffi::SQLITE_IOERR_FSYNC)),
            (StorageKind::Io, Some(ffi::SQLITE_IOERR_FSYNC))
        );
        assert_eq!(
            kind_and_code(rusqlite::Error::QueryReturnedNoRows.into()),
            (StorageKind::Other, None)
        );
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(kind_and_code(full.into()), (StorageKind::Full, None));
    }
}
