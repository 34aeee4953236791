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
    Storage(String),
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
            CryptoError::Encrypt => VaultError::Storage(error.to_string()),
            CryptoError::BadKdfParams { reason } => VaultError::BadKdfParams { reason },
            CryptoError::KdfTooCostly(limit) => VaultError::KdfTooCostly(limit),
        }
    }
}

impl From<rusqlite::Error> for VaultError {
    fn from(error: rusqlite::Error) -> Self {
        // SQLite messages describe the statement or the file, never bound values.
        VaultError::Storage(error.to_string())
    }
}

impl From<std::io::Error> for VaultError {
    fn from(error: std::io::Error) -> Self {
        VaultError::Storage(error.to_string())
    }
}
