//! The one public error of the bindings, [`TwofoldError`], and the data it
//! carries. Every core error maps onto a stable variant here; messages never
//! contain secret material (the core guarantees that for its own messages).

use twofold_core::enroll::FlowError;
use twofold_core::key::{Field, FieldError, KeyError};
use twofold_core::otp::OtpError;
use twofold_core::password::PasswordError;
use twofold_core::scan::ScanError;
use twofold_core::transfer::TransferError;
use twofold_core::uri::UriError;
use twofold_core::vault::{KeyProviderError, StorageKind, VaultError};

use crate::password::PasswordWeakness;
use crate::transfer::ImportFormat;
use crate::vault::{unreadable, SlotKind, UnreadableRow};

/// Converts a count or position to `u32` for the FFI, saturating (no real key
/// or form comes anywhere near `u32::MAX`).
pub(crate) fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Why a typed key is not a usable Base32 secret. Positions are 1-based and
/// count characters exactly as typed (spaces and dashes included), so a UI can
/// point at the offending character.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum KeyProblem {
    /// Nothing but spaces, dashes or padding was typed.
    Empty,
    /// `character` at `position` is not in Base32's alphabet (A–Z, 2–7).
    /// `hint` suggests the look-alike the user probably meant (0 → O, 1 → I/L…).
    InvalidCharacter {
        character: String,
        position: u32,
        hint: Option<String>,
    },
    /// `=` padding at `position` is followed by more key characters.
    MisplacedPadding { position: u32 },
    /// `length` Base32 characters cannot encode whole bytes: one is missing or extra.
    InvalidLength { length: u32 },
    /// The key has `bits` bits; at least `min_bits` are required.
    TooShort { bits: u32, min_bits: u32 },
    /// The key has `bits` bits, more than the supported maximum.
    TooLong { bits: u32 },
}

impl From<&KeyError> for KeyProblem {
    fn from(error: &KeyError) -> Self {
        match error {
            KeyError::Empty => KeyProblem::Empty,
            KeyError::InvalidCharacter {
                character,
                position,
                hint,
            } => KeyProblem::InvalidCharacter {
                character: character.to_string(),
                position: to_u32(*position),
                hint: hint.map(str::to_owned),
            },
            KeyError::MisplacedPadding { position } => KeyProblem::MisplacedPadding {
                position: to_u32(*position),
            },
            KeyError::InvalidLength { length } => KeyProblem::InvalidLength {
                length: to_u32(*length),
            },
            KeyError::TooShort { bits, min_bits } => KeyProblem::TooShort {
                bits: to_u32(*bits),
                min_bits: to_u32(*min_bits),
            },
            KeyError::TooLong { bits } => KeyProblem::TooLong {
                bits: to_u32(*bits),
            },
        }
    }
}

/// A field of the manual-entry ("Trouble Scanning") form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FormField {
    Key,
    Name,
    Issuer,
    Digits,
    Period,
}

impl From<Field> for FormField {
    fn from(field: Field) -> Self {
        match field {
            Field::Key => FormField::Key,
            Field::Name => FormField::Name,
            Field::Issuer => FormField::Issuer,
            Field::Digits => FormField::Digits,
            Field::Period => FormField::Period,
        }
    }
}

/// One problem with one field of the manual-entry form.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldProblem {
    /// The field to mark.
    pub field: FormField,
    /// A sentence to show under the field.
    pub reason: String,
    /// For the key field: the precise problem (with the character position).
    pub key_problem: Option<KeyProblem>,
}

impl From<&FieldError> for FieldProblem {
    fn from(error: &FieldError) -> Self {
        FieldProblem {
            field: error.field().into(),
            reason: error.to_string(),
            key_problem: match error {
                FieldError::Key(key_error) => Some(key_error.into()),
                _ => None,
            },
        }
    }
}

/// Why the enrollment flow refused an action in its current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FlowProblem {
    /// The action does not exist on the current screen (a UI bug).
    NotAllowedHere,
    /// The account duplicates a stored one: choose replace or keep both.
    DuplicateChoiceRequired,
    /// Keeping a recovery code needs the "I have securely saved this code" tick.
    AcknowledgementRequired,
    /// The recovery code to keep is empty.
    RecoveryCodeEmpty,
}

impl From<&FlowError> for FlowProblem {
    fn from(error: &FlowError) -> Self {
        match error {
            FlowError::NotAllowedHere { .. } => FlowProblem::NotAllowedHere,
            FlowError::DuplicateChoiceRequired => FlowProblem::DuplicateChoiceRequired,
            FlowError::AcknowledgementRequired => FlowProblem::AcknowledgementRequired,
            FlowError::RecoveryCodeEmpty => FlowProblem::RecoveryCodeEmpty,
        }
    }
}

/// Which password was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PasswordOf {
    /// The vault's own password (unlock, change, rotation).
    Vault,
    /// The password of a file being imported (an encrypted export or backup).
    File { format: ImportFormat },
}

/// What a `NotFound` error did not find.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Missing {
    /// No account with this id (or it is in the trash).
    Account { id: String },
    /// No recovery code with this id or matching the typed text.
    RecoveryCode,
    /// No key slot with this id.
    Slot { id: String },
    /// The vault has no slot of this kind (no password slot to unlock with…).
    SlotKind { kind: SlotKind },
}

/// Why a file cannot be used as a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum VaultProblem {
    /// Nothing at this path.
    NoSuchFile,
    /// A file is already there (on create); it was not overwritten.
    AlreadyExists,
    /// The file is not a Twofold vault.
    NotAVault,
    /// Written by a newer Twofold: update the app.
    NewerSchema { found: i64, supported: i64 },
    /// Upgrading the file from schema `from` failed; the file was left as it was.
    MigrationFailed { from: i64 },
    /// Its password slots ask for more memory or time than this device allows.
    TooCostly,
}

/// Why a vault request cannot be honoured as asked.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum RequestProblem {
    /// A vault needs at least one key slot.
    NoSlots,
    /// Removing the last key slot would lock the vault for good.
    LastSlot,
    /// A recovery code cannot be empty.
    EmptyRecoveryCode,
    /// The account is not counter-based (HOTP): it has no "next code".
    NotHotp { id: String },
    /// A new order must list every account exactly once.
    BadOrder,
    /// The key-derivation parameters are out of Argon2's range.
    BadKdfParams,
}

/// Why the core refused to make a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CodeProblem {
    /// Digits outside 6–10 (Steam: exactly 5).
    DigitsOutOfRange { digits: u8 },
    /// A period of zero seconds.
    ZeroPeriod,
    /// No secret bytes.
    EmptySecret,
}

/// Why a file could not be imported. Nothing was written in any case.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ImportFailure {
    /// Not a format Twofold reads.
    UnknownFormat,
    /// Not a format Twofold reads, but recognisably something else (`seems`:
    /// "a PNG image", "a zip archive"…).
    UnrecognisedFile { seems: String },
    /// The file is of `format` but damaged or altered.
    Malformed { format: ImportFormat },
    /// The file uses something Twofold does not support (`what`), such as a
    /// newer version of the format.
    Unsupported { format: ImportFormat, what: String },
    /// Its key derivation costs more than this device allows; refused before
    /// deriving anything.
    TooCostly { format: ImportFormat },
    /// The file is larger than Twofold imports.
    FileTooLarge { bytes: u64, limit: u64 },
    /// More entries than Twofold imports from one file.
    TooManyEntries { limit: u32 },
    /// More JSON values than Twofold reads from one file.
    TooManyJsonValues { limit: u32 },
    /// The vault refused entry `position` (1-based) of the file.
    EntryRefused { position: u32, label: String },
    /// Some entries could not be read and the user has not agreed to import
    /// the rest (`accept_problems`).
    ProblemsNotAccepted { unreadable: u32 },
}

/// What failed in the storage below the vault, from SQLite's result code or
/// the operating system's error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StorageFailure {
    /// Another connection holds the database: retry later.
    Busy,
    /// The disk (or the app's quota) is full.
    Full,
    /// The file or its folder is read-only.
    ReadOnly,
    /// The operating system refused access.
    PermissionDenied,
    /// The file could not be opened.
    CannotOpen,
    /// SQLite found the database file damaged.
    Corrupt,
    /// The device ran out of memory.
    OutOfMemory,
    /// Reading or writing the disk failed.
    Io,
    /// The operating system's random generator failed.
    Random,
    /// Anything else SQLite or the file system reported.
    Other,
}

impl From<StorageKind> for StorageFailure {
    fn from(kind: StorageKind) -> Self {
        match kind {
            StorageKind::Busy => StorageFailure::Busy,
            StorageKind::Full => StorageFailure::Full,
            StorageKind::ReadOnly => StorageFailure::ReadOnly,
            StorageKind::PermissionDenied => StorageFailure::PermissionDenied,
            StorageKind::CannotOpen => StorageFailure::CannotOpen,
            StorageKind::Corrupt => StorageFailure::Corrupt,
            StorageKind::OutOfMemory => StorageFailure::OutOfMemory,
            StorageKind::Io => StorageFailure::Io,
            StorageKind::Other => StorageFailure::Other,
        }
    }
}

/// Every error the bindings raise. In Kotlin it arrives as
/// `TwofoldException.<Variant>`, in Swift as `TwofoldError.<variant>`, in Python
/// as `TwofoldError.<Variant>`. Apps choose a screen from the variant and its
/// data (`problem`, `of`, `missing`, `failure`, `rows`…); `reason` is a
/// human-readable sentence without secrets, for logs and fallbacks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum TwofoldError {
    /// A typed key is not a usable Base32 secret; `problem` says why and where.
    #[error("invalid key: {reason}")]
    InvalidKey { problem: KeyProblem, reason: String },
    /// A text is not a usable `otpauth://` URI.
    #[error("invalid otpauth URI: {reason}")]
    InvalidUri { reason: String },
    /// The manual-entry form has problems, one entry per problem (several
    /// fields may be wrong at once).
    #[error("{}", join_reasons(problems))]
    InvalidForm { problems: Vec<FieldProblem> },
    /// The account's parameters cannot produce a code.
    #[error("cannot generate a code: {reason}")]
    CannotGenerate {
        problem: CodeProblem,
        reason: String,
    },
    /// The enrollment flow refused an action in its current step.
    #[error("{reason}")]
    FlowRefused {
        problem: FlowProblem,
        reason: String,
    },
    /// A camera frame or image could not be scanned at all (bad geometry,
    /// unreadable file). A frame without a code is not an error.
    #[error("cannot scan: {reason}")]
    ScanFailed { reason: String },
    /// A password is wrong: the vault's, or an imported file's (`of`).
    /// Nothing was written.
    #[error("{}", wrong_password(of))]
    WrongPassword { of: PasswordOf },
    /// A new password (vault, key slot, encrypted export) is below the
    /// strength floor, or empty (`weakness` is then `Empty`). Nothing was
    /// written. `password_strength` gives the full estimate as the user types.
    #[error("{reason}")]
    PasswordTooWeak {
        score: u8,
        weakness: Option<PasswordWeakness>,
        reason: String,
    },
    /// A vault row failed authentication (tampered with or damaged). The
    /// other rows stay readable.
    #[error("{table} row {id} failed authentication: it was tampered with or damaged")]
    TamperedRow { table: String, id: String },
    /// Rows failed authentication, so a complete set (an export, a backup)
    /// cannot be made; every such row is listed.
    #[error("{reason}")]
    Unreadable {
        rows: Vec<UnreadableRow>,
        reason: String,
    },
    /// A stored key slot is damaged (unknown derivation, unreadable
    /// parameters): it cannot open the vault, other slots may.
    #[error("{reason}")]
    SlotDamaged { reason: String },
    /// The vault is locked: unlock it first.
    #[error("the vault is locked")]
    Locked,
    /// No such account, recovery code, key slot or kind of slot (`missing`).
    #[error("{reason}")]
    NotFound { missing: Missing, reason: String },
    /// This recovery code was already used; each one works once.
    #[error("recovery code {id} was already used")]
    RecoveryCodeAlreadyUsed { id: String },
    /// The user cancelled the platform authentication (biometrics, passcode).
    /// Raise it from a key provider to report a cancellation.
    #[error("authentication was cancelled")]
    AuthenticationCancelled,
    /// A key provider implemented by the app failed (it threw, or returned an
    /// error of its own). Raise it from a key provider to report a failure.
    #[error("the key provider failed: {reason}")]
    KeyProviderFailed { reason: String },
    /// The platform key no longer opens this vault: the key provider
    /// answered with a key that does not fit, or reported its key gone (raise
    /// it from a key provider whose key was invalidated). Unlock with the
    /// password and set the device key up again.
    #[error("the platform key no longer opens this vault")]
    PlatformKeyMismatch,
    /// The file cannot be used as a vault (`problem` says why). The file was
    /// left untouched.
    #[error("{reason}")]
    VaultUnusable {
        problem: VaultProblem,
        reason: String,
    },
    /// A vault request that cannot be honoured as asked (`problem` says why).
    #[error("{reason}")]
    InvalidRequest {
        problem: RequestProblem,
        reason: String,
    },
    /// An encrypted export or backup needs its password: ask, then retry.
    #[error("{reason}")]
    PasswordRequired {
        format: ImportFormat,
        reason: String,
    },
    /// A file cannot be imported (`failure` says why). Nothing was written.
    #[error("{reason}")]
    ImportFailed {
        failure: ImportFailure,
        reason: String,
    },
    /// An export or backup could not be written.
    #[error("{reason}")]
    ExportFailed { reason: String },
    /// The storage below the vault failed (`failure`); `sqlite_code` is
    /// SQLite's extended result code when SQLite reported it.
    #[error("storage error: {reason}")]
    Storage {
        failure: StorageFailure,
        sqlite_code: Option<i32>,
        reason: String,
    },
    /// A bug inside the library: please report it.
    #[error("internal error: {reason}")]
    Internal { reason: String },
}

fn join_reasons(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|problem| problem.reason.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn wrong_password(of: &PasswordOf) -> &'static str {
    match of {
        PasswordOf::Vault => "wrong password",
        PasswordOf::File { .. } => "wrong password for this file",
    }
}

impl From<KeyError> for TwofoldError {
    fn from(error: KeyError) -> Self {
        TwofoldError::InvalidKey {
            problem: (&error).into(),
            reason: error.to_string(),
        }
    }
}

impl From<UriError> for TwofoldError {
    fn from(error: UriError) -> Self {
        TwofoldError::InvalidUri {
            reason: error.to_string(),
        }
    }
}

impl From<OtpError> for TwofoldError {
    fn from(error: OtpError) -> Self {
        let problem = match error {
            OtpError::DigitsOutOfRange { digits } => CodeProblem::DigitsOutOfRange { digits },
            OtpError::ZeroPeriod => CodeProblem::ZeroPeriod,
            OtpError::EmptySecret => CodeProblem::EmptySecret,
        };
        TwofoldError::CannotGenerate {
            problem,
            reason: error.to_string(),
        }
    }
}

impl From<Vec<FieldError>> for TwofoldError {
    fn from(errors: Vec<FieldError>) -> Self {
        TwofoldError::InvalidForm {
            problems: errors.iter().map(FieldProblem::from).collect(),
        }
    }
}

impl From<FlowError> for TwofoldError {
    fn from(error: FlowError) -> Self {
        TwofoldError::FlowRefused {
            problem: (&error).into(),
            reason: error.to_string(),
        }
    }
}

impl From<ScanError> for TwofoldError {
    fn from(error: ScanError) -> Self {
        TwofoldError::ScanFailed {
            reason: error.to_string(),
        }
    }
}

impl From<KeyProviderError> for TwofoldError {
    fn from(error: KeyProviderError) -> Self {
        match error {
            KeyProviderError::Cancelled => TwofoldError::AuthenticationCancelled,
            KeyProviderError::KeyGone => TwofoldError::PlatformKeyMismatch,
            KeyProviderError::Failed(reason) => TwofoldError::KeyProviderFailed { reason },
        }
    }
}

impl From<VaultError> for TwofoldError {
    fn from(error: VaultError) -> Self {
        let reason = error.to_string();
        let unusable = |problem| TwofoldError::VaultUnusable {
            problem,
            reason: reason.clone(),
        };
        let invalid = |problem| TwofoldError::InvalidRequest {
            problem,
            reason: reason.clone(),
        };
        let not_found = |missing| TwofoldError::NotFound {
            missing,
            reason: reason.clone(),
        };
        match error {
            VaultError::WrongPassword => TwofoldError::WrongPassword {
                of: PasswordOf::Vault,
            },
            VaultError::Tampered { table, id } => TwofoldError::TamperedRow {
                table: table.to_string(),
                id,
            },
            VaultError::Unreadable { rows } => TwofoldError::Unreadable {
                rows: unreadable(rows),
                reason,
            },
            VaultError::DamagedSlot { .. } => TwofoldError::SlotDamaged { reason },
            VaultError::Locked => TwofoldError::Locked,
            VaultError::RecoveryCodeAlreadyUsed { id } => {
                TwofoldError::RecoveryCodeAlreadyUsed { id }
            }
            VaultError::KeyProvider(provider_error) => provider_error.into(),
            VaultError::PlatformKeyMismatch => TwofoldError::PlatformKeyMismatch,
            VaultError::Otp(otp_error) => otp_error.into(),
            VaultError::AccountNotFound { id } => not_found(Missing::Account { id }),
            VaultError::RecoveryCodeNotFound { .. } => not_found(Missing::RecoveryCode),
            VaultError::SlotNotFound { id } => not_found(Missing::Slot { id }),
            VaultError::NoSuchSlotKind { kind } => not_found(Missing::SlotKind {
                kind: if kind == "platform" {
                    SlotKind::Platform
                } else {
                    SlotKind::Password
                },
            }),
            VaultError::NoSuchFile => unusable(VaultProblem::NoSuchFile),
            VaultError::AlreadyExists => unusable(VaultProblem::AlreadyExists),
            VaultError::NotAVault { .. } => unusable(VaultProblem::NotAVault),
            VaultError::NewerSchema { found, supported } => {
                unusable(VaultProblem::NewerSchema { found, supported })
            }
            VaultError::Migration { from, .. } => unusable(VaultProblem::MigrationFailed { from }),
            // Key-derivation costs beyond this device (see `inspect_import`).
            VaultError::KdfTooCostly(_) => unusable(VaultProblem::TooCostly),
            VaultError::NoSlots => invalid(RequestProblem::NoSlots),
            VaultError::LastSlot => invalid(RequestProblem::LastSlot),
            VaultError::EmptyRecoveryCode => invalid(RequestProblem::EmptyRecoveryCode),
            VaultError::NotHotp { id } => invalid(RequestProblem::NotHotp { id }),
            VaultError::BadOrder => invalid(RequestProblem::BadOrder),
            VaultError::BadKdfParams { .. } => invalid(RequestProblem::BadKdfParams),
            VaultError::BadImportEntry {
                position, label, ..
            } => TwofoldError::ImportFailed {
                failure: ImportFailure::EntryRefused {
                    position: to_u32(position),
                    label,
                },
                reason,
            },
            VaultError::Random => TwofoldError::Storage {
                failure: StorageFailure::Random,
                sqlite_code: None,
                reason,
            },
            VaultError::Storage(storage) => TwofoldError::Storage {
                failure: storage.kind().into(),
                sqlite_code: storage.sqlite_code(),
                reason,
            },
            VaultError::Internal(what) => TwofoldError::Internal {
                reason: what.to_owned(),
            },
            VaultError::Password(password_error) => password_error.into(),
        }
    }
}

impl From<twofold_core::Error> for TwofoldError {
    fn from(error: twofold_core::Error) -> Self {
        match error {
            twofold_core::Error::Key(e) => e.into(),
            twofold_core::Error::Uri(e) => e.into(),
            twofold_core::Error::Otp(e) => e.into(),
            twofold_core::Error::Form(e) => e.into(),
            twofold_core::Error::Flow(e) => e.into(),
            twofold_core::Error::Scan(e) => e.into(),
            twofold_core::Error::Vault(e) => e.into(),
            twofold_core::Error::Migration(e) => e.into(),
            twofold_core::Error::Password(e) => e.into(),
        }
    }
}

impl From<TransferError> for TwofoldError {
    fn from(error: TransferError) -> Self {
        let reason = error.to_string();
        let failure = match error {
            TransferError::WrongPassword(format) => {
                return TwofoldError::WrongPassword {
                    of: PasswordOf::File {
                        format: format.into(),
                    },
                }
            }
            TransferError::PasswordRequired(format) => {
                return TwofoldError::PasswordRequired {
                    format: format.into(),
                    reason,
                }
            }
            TransferError::Export(_) => return TwofoldError::ExportFailed { reason },
            TransferError::UnknownFormat => ImportFailure::UnknownFormat,
            TransferError::UnrecognisedFile { seems } => ImportFailure::UnrecognisedFile {
                seems: seems.to_owned(),
            },
            TransferError::Malformed { format, .. } => ImportFailure::Malformed {
                format: format.into(),
            },
            TransferError::Unsupported { format, what } => ImportFailure::Unsupported {
                format: format.into(),
                what,
            },
            TransferError::KdfTooCostly { format, .. } => ImportFailure::TooCostly {
                format: format.into(),
            },
            TransferError::FileTooLarge { bytes, limit } => {
                ImportFailure::FileTooLarge { bytes, limit }
            }
            TransferError::TooManyEntries { limit } => ImportFailure::TooManyEntries {
                limit: to_u32(limit),
            },
            TransferError::TooManyJsonValues { limit } => ImportFailure::TooManyJsonValues {
                limit: to_u32(limit),
            },
        };
        TwofoldError::ImportFailed { failure, reason }
    }
}

/// An empty password, or a new one below the strength floor. Apps show the
/// estimate from `password_strength` before they call; this is the backstop.
impl From<PasswordError> for TwofoldError {
    fn from(error: PasswordError) -> Self {
        let reason = error.to_string();
        match error {
            PasswordError::Empty => TwofoldError::PasswordTooWeak {
                score: 0,
                weakness: Some(PasswordWeakness::Empty),
                reason,
            },
            PasswordError::TooWeak { score, weakness } => TwofoldError::PasswordTooWeak {
                score,
                weakness: weakness.map(Into::into),
                reason,
            },
        }
    }
}

/// A foreign callback (a key provider) threw something other than a
/// `TwofoldError`: report it as the provider's failure instead of panicking.
impl From<uniffi::UnexpectedUniFFICallbackError> for TwofoldError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TwofoldError::KeyProviderFailed {
            reason: error.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use twofold_core::key::parse_key;

    #[test]
    fn invalid_character_keeps_position_and_hint() {
        let Err(error) = parse_key("JBSW Y3D0") else {
            panic!("a zero is not Base32");
        };
        match TwofoldError::from(error) {
            TwofoldError::InvalidKey {
                problem:
                    KeyProblem::InvalidCharacter {
                        character,
                        position,
                        hint,
                    },
                reason,
            } => {
                assert_eq!(character, "0");
                assert_eq!(position, 9);
                assert!(hint.is_some_and(|h| h.contains("letter O")));
                assert!(reason.contains("character 9"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn transfer_errors_keep_their_kind_and_format() {
        use twofold_core::transfer::Format;
        let backup = Format::TwofoldBackup;
        assert_eq!(
            TwofoldError::from(TransferError::WrongPassword(backup)),
            TwofoldError::WrongPassword {
                of: PasswordOf::File {
                    format: ImportFormat::TwofoldBackup
                }
            }
        );
        assert!(matches!(
            TwofoldError::from(twofold_core::Error::from(TransferError::PasswordRequired(
                Format::AegisEncrypted
            ))),
            TwofoldError::PasswordRequired { format: ImportFormat::AegisEncrypted, reason }
                if reason.contains("password")
        ));
        let cases = [
            (TransferError::UnknownFormat, ImportFailure::UnknownFormat),
            (
                TransferError::UnrecognisedFile {
                    seems: "a PDF document",
                },
                ImportFailure::UnrecognisedFile {
                    seems: "a PDF document".into(),
                },
            ),
            (
                TransferError::malformed(Format::AndOtp, "not JSON"),
                ImportFailure::Malformed {
                    format: ImportFormat::AndOtp,
                },
            ),
            (
                TransferError::Unsupported {
                    format: backup,
                    what: "version 2".into(),
                },
                ImportFailure::Unsupported {
                    format: ImportFormat::TwofoldBackup,
                    what: "version 2".into(),
                },
            ),
            (
                TransferError::FileTooLarge {
                    bytes: 9_000_000,
                    limit: 8_000_000,
                },
                ImportFailure::FileTooLarge {
                    bytes: 9_000_000,
                    limit: 8_000_000,
                },
            ),
            (
                TransferError::TooManyEntries { limit: 10_000 },
                ImportFailure::TooManyEntries { limit: 10_000 },
            ),
            (
                TransferError::TooManyJsonValues { limit: 500_000 },
                ImportFailure::TooManyJsonValues { limit: 500_000 },
            ),
        ];
        for (error, want) in cases {
            let text = error.to_string();
            assert_eq!(
                TwofoldError::from(error),
                TwofoldError::ImportFailed {
                    failure: want,
                    reason: text
                }
            );
        }
        assert!(matches!(
            TwofoldError::from(TransferError::Export("disk".into())),
            TwofoldError::ExportFailed { .. }
        ));
    }

    #[test]
    fn a_wrong_vault_password_is_not_a_wrong_file_password() {
        assert_eq!(
            TwofoldError::from(VaultError::WrongPassword),
            TwofoldError::WrongPassword {
                of: PasswordOf::Vault
            }
        );
    }

    #[test]
    fn every_unreadable_row_is_kept() {
        use twofold_core::vault::UnreadableRow as CoreRow;
        let rows = vec![
            CoreRow {
                table: "accounts",
                id: "a1".into(),
            },
            CoreRow {
                table: "recovery_codes",
                id: "r7".into(),
            },
        ];
        match TwofoldError::from(VaultError::Unreadable { rows }) {
            TwofoldError::Unreadable { rows, reason } => {
                assert_eq!(
                    rows,
                    vec![
                        UnreadableRow {
                            table: "accounts".into(),
                            id: "a1".into()
                        },
                        UnreadableRow {
                            table: "recovery_codes".into(),
                            id: "r7".into()
                        },
                    ]
                );
                assert!(reason.starts_with("2 rows"), "{reason}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn not_found_says_what_was_missing() {
        let missing = |error| match TwofoldError::from(error) {
            TwofoldError::NotFound { missing, .. } => missing,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(
            missing(VaultError::AccountNotFound { id: "a1".into() }),
            Missing::Account { id: "a1".into() }
        );
        assert_eq!(
            missing(VaultError::RecoveryCodeNotFound {
                what: "with id r1".into()
            }),
            Missing::RecoveryCode
        );
        assert_eq!(
            missing(VaultError::SlotNotFound { id: "s1".into() }),
            Missing::Slot { id: "s1".into() }
        );
        assert_eq!(
            missing(VaultError::NoSuchSlotKind { kind: "platform" }),
            Missing::SlotKind {
                kind: SlotKind::Platform
            }
        );
        assert_eq!(
            missing(VaultError::NoSuchSlotKind { kind: "password" }),
            Missing::SlotKind {
                kind: SlotKind::Password
            }
        );
    }

    #[test]
    fn a_failing_key_store_is_not_a_stale_key() {
        assert_eq!(
            TwofoldError::from(VaultError::KeyProvider(KeyProviderError::Failed(
                "keystore locked".into()
            ))),
            TwofoldError::KeyProviderFailed {
                reason: "keystore locked".into()
            }
        );
        assert_eq!(
            TwofoldError::from(VaultError::KeyProvider(KeyProviderError::Cancelled)),
            TwofoldError::AuthenticationCancelled
        );
        assert_eq!(
            TwofoldError::from(VaultError::PlatformKeyMismatch),
            TwofoldError::PlatformKeyMismatch
        );
        assert_eq!(
            TwofoldError::from(VaultError::KeyProvider(KeyProviderError::KeyGone)),
            TwofoldError::PlatformKeyMismatch
        );
    }

    #[test]
    fn a_damaged_slot_is_not_an_invalid_request() {
        assert!(matches!(
            TwofoldError::from(VaultError::DamagedSlot {
                reason: "slot s1 parameters are unreadable".into()
            }),
            TwofoldError::SlotDamaged { reason } if reason.contains("s1")
        ));
        assert!(matches!(
            TwofoldError::from(VaultError::LastSlot),
            TwofoldError::InvalidRequest {
                problem: RequestProblem::LastSlot,
                ..
            }
        ));
        assert!(matches!(
            TwofoldError::from(VaultError::NotHotp { id: "a1".into() }),
            TwofoldError::InvalidRequest {
                problem: RequestProblem::NotHotp { id },
                ..
            } if id == "a1"
        ));
    }

    #[test]
    fn unusable_vaults_say_why() {
        let problem = |error| match TwofoldError::from(error) {
            TwofoldError::VaultUnusable { problem, .. } => problem,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(problem(VaultError::NoSuchFile), VaultProblem::NoSuchFile);
        assert_eq!(
            problem(VaultError::AlreadyExists),
            VaultProblem::AlreadyExists
        );
        assert_eq!(
            problem(VaultError::NewerSchema {
                found: 9,
                supported: 3
            }),
            VaultProblem::NewerSchema {
                found: 9,
                supported: 3
            }
        );
        assert_eq!(
            problem(VaultError::Migration {
                from: 1,
                reason: "x".into()
            }),
            VaultProblem::MigrationFailed { from: 1 }
        );
    }

    #[test]
    fn a_refused_entry_keeps_its_position_and_label() {
        let error = VaultError::BadImportEntry {
            position: 3,
            label: "ACME (ann)".into(),
            reason: "the secret is empty".into(),
        };
        assert!(matches!(
            TwofoldError::from(error),
            TwofoldError::ImportFailed {
                failure: ImportFailure::EntryRefused { position: 3, label },
                ..
            } if label == "ACME (ann)"
        ));
    }

    #[test]
    fn sqlite_result_codes_survive() {
        let sqlite =
            |code: i32| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        let failure = |error: rusqlite::Error| match TwofoldError::from(VaultError::from(error)) {
            TwofoldError::Storage {
                failure,
                sqlite_code,
                ..
            } => (failure, sqlite_code),
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(
            failure(sqlite(rusqlite::ffi::SQLITE_FULL)),
            (StorageFailure::Full, Some(rusqlite::ffi::SQLITE_FULL))
        );
        assert_eq!(
            failure(sqlite(rusqlite::ffi::SQLITE_BUSY)),
            (StorageFailure::Busy, Some(rusqlite::ffi::SQLITE_BUSY))
        );
        assert_eq!(
            failure(sqlite(rusqlite::ffi::SQLITE_READONLY)),
            (
                StorageFailure::ReadOnly,
                Some(rusqlite::ffi::SQLITE_READONLY)
            )
        );
        assert_eq!(
            failure(rusqlite::Error::QueryReturnedNoRows),
            (StorageFailure::Other, None)
        );
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            TwofoldError::from(VaultError::from(full)),
            TwofoldError::Storage {
                failure: StorageFailure::Full,
                sqlite_code: None,
                ..
            }
        ));
    }

    #[test]
    fn a_bug_is_internal_not_storage() {
        assert_eq!(
            TwofoldError::from(VaultError::Internal("no code was produced")),
            TwofoldError::Internal {
                reason: "no code was produced".into()
            }
        );
    }

    #[test]
    fn the_strength_floor_is_a_structured_refusal() {
        use twofold_core::password::Weakness;
        assert!(matches!(
            TwofoldError::from(PasswordError::TooWeak {
                score: 1,
                weakness: Some(Weakness::CommonPassword)
            }),
            TwofoldError::PasswordTooWeak {
                score: 1,
                weakness: Some(PasswordWeakness::CommonPassword),
                reason
            } if reason.contains("too easy to guess")
        ));
        assert!(matches!(
            TwofoldError::from(PasswordError::Empty),
            TwofoldError::PasswordTooWeak {
                score: 0,
                weakness: Some(PasswordWeakness::Empty),
                ..
            }
        ));
    }

    #[test]
    fn code_problems_are_structured() {
        assert!(matches!(
            TwofoldError::from(OtpError::DigitsOutOfRange { digits: 11 }),
            TwofoldError::CannotGenerate {
                problem: CodeProblem::DigitsOutOfRange { digits: 11 },
                ..
            }
        ));
    }

    #[test]
    fn unexpected_callback_error_becomes_key_provider_failure() {
        let error = TwofoldError::from(uniffi::UnexpectedUniFFICallbackError::new("boom"));
        assert_eq!(
            error,
            TwofoldError::KeyProviderFailed {
                reason: "boom".into()
            }
        );
    }
}
