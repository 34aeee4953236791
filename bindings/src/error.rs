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
use twofold_core::vault::{KeyProviderError, VaultError};

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

/// Every error the bindings raise. In Kotlin it arrives as
/// `TwofoldException.<Variant>`, in Swift as `TwofoldError.<variant>`, in Python
/// as `TwofoldError.<Variant>`. Variants are stable: new ones may be added, none
/// is renamed. `reason` is a human-readable sentence without secrets.
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
    /// The account's parameters cannot produce a code (digits out of range,
    /// zero period, empty secret).
    #[error("cannot generate a code: {reason}")]
    CannotGenerate { reason: String },
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
    /// The vault's password, or an encrypted export's or backup's password,
    /// is wrong. Nothing was written.
    #[error("wrong password")]
    WrongPassword,
    /// A vault row failed authentication (tampered with or damaged). The
    /// other rows stay readable.
    #[error("{table} row {id} failed authentication: it was tampered with or damaged")]
    TamperedRow { table: String, id: String },
    /// The vault is locked: unlock it first.
    #[error("the vault is locked")]
    Locked,
    /// No account, recovery code or key slot with that id.
    #[error("{reason}")]
    NotFound { reason: String },
    /// This recovery code was already used; each one works once.
    #[error("recovery code {id} was already used")]
    RecoveryCodeAlreadyUsed { id: String },
    /// The user cancelled the platform authentication (biometrics, passcode).
    /// Raise it from a key provider to report a cancellation.
    #[error("authentication was cancelled")]
    AuthenticationCancelled,
    /// A key provider implemented by the app failed (it threw, or returned an
    /// error of its own), or its key no longer opens this vault.
    #[error("the key provider failed: {reason}")]
    KeyProviderFailed { reason: String },
    /// The file cannot be used as a vault: missing, already there on create,
    /// not a Twofold vault, written by a newer version, or a failed migration.
    /// The file was left untouched.
    #[error("{reason}")]
    VaultUnusable { reason: String },
    /// A vault request that cannot be honoured as asked (removing the last key
    /// slot, an empty recovery code, a next HOTP code of a TOTP account, …).
    #[error("{reason}")]
    InvalidRequest { reason: String },
    /// An encrypted export or backup needs its password: ask, then retry.
    #[error("{reason}")]
    PasswordRequired { reason: String },
    /// A file cannot be imported: not a supported format, damaged or altered,
    /// from a newer Twofold, or an entry the vault refused. Nothing was written.
    #[error("{reason}")]
    ImportFailed { reason: String },
    /// An export or backup could not be written.
    #[error("{reason}")]
    ExportFailed { reason: String },
    /// The storage (SQLite, the file system or the random generator) failed.
    #[error("storage error: {reason}")]
    Storage { reason: String },
    /// A bug or an unexpected state inside the library.
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
        TwofoldError::CannotGenerate {
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
            KeyProviderError::Unavailable(_) | KeyProviderError::Failed(_) => {
                TwofoldError::KeyProviderFailed {
                    reason: error.to_string(),
                }
            }
        }
    }
}

impl From<VaultError> for TwofoldError {
    fn from(error: VaultError) -> Self {
        let reason = error.to_string();
        match error {
            VaultError::WrongPassword => TwofoldError::WrongPassword,
            VaultError::Tampered { table, id } => TwofoldError::TamperedRow {
                table: table.to_string(),
                id,
            },
            VaultError::Locked => TwofoldError::Locked,
            VaultError::RecoveryCodeAlreadyUsed { id } => {
                TwofoldError::RecoveryCodeAlreadyUsed { id }
            }
            VaultError::KeyProvider(provider_error) => provider_error.into(),
            VaultError::PlatformKeyMismatch => TwofoldError::KeyProviderFailed { reason },
            VaultError::Otp(otp_error) => otp_error.into(),
            VaultError::AccountNotFound { .. }
            | VaultError::RecoveryCodeNotFound { .. }
            | VaultError::SlotNotFound { .. }
            | VaultError::NoSuchSlotKind { .. } => TwofoldError::NotFound { reason },
            VaultError::NoSuchFile
            | VaultError::AlreadyExists
            | VaultError::NotAVault { .. }
            | VaultError::NewerSchema { .. }
            | VaultError::Migration { .. }
            // Key-derivation costs beyond this device (see `inspect_import`).
            | VaultError::KdfTooCostly(_) => TwofoldError::VaultUnusable { reason },
            VaultError::NoSlots
            | VaultError::LastSlot
            | VaultError::EmptyRecoveryCode
            | VaultError::NotHotp { .. }
            | VaultError::BadOrder
            | VaultError::BadKdfParams { .. } => TwofoldError::InvalidRequest { reason },
            VaultError::BadImportEntry { .. } => TwofoldError::ImportFailed { reason },
            VaultError::Unreadable { rows } => match rows.into_iter().next() {
                Some(row) => TwofoldError::TamperedRow {
                    table: row.table.to_string(),
                    id: row.id,
                },
                None => TwofoldError::Internal { reason },
            },
            VaultError::Random | VaultError::Storage(_) => TwofoldError::Storage { reason },
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
        match error {
            TransferError::WrongPassword(_) => TwofoldError::WrongPassword,
            TransferError::PasswordRequired(_) => TwofoldError::PasswordRequired { reason },
            TransferError::UnknownFormat
            | TransferError::UnrecognisedFile { .. }
            | TransferError::Malformed { .. }
            | TransferError::Unsupported { .. }
            | TransferError::FileTooLarge { .. }
            | TransferError::TooManyEntries { .. }
            | TransferError::TooManyJsonValues { .. }
            | TransferError::KdfTooCostly { .. } => TwofoldError::ImportFailed { reason },
            TransferError::Export(_) => TwofoldError::ExportFailed { reason },
        }
    }
}

/// An empty password, or a new one below the strength floor. Apps show the
/// estimate from `password_strength` before they call; this is the backstop.
impl From<PasswordError> for TwofoldError {
    fn from(error: PasswordError) -> Self {
        TwofoldError::InvalidRequest {
            reason: error.to_string(),
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
    fn migration_errors_keep_their_meaning() {
        use twofold_core::transfer::Format;
        let backup = Format::TwofoldBackup;
        assert_eq!(
            TwofoldError::from(TransferError::WrongPassword(backup)),
            TwofoldError::WrongPassword
        );
        assert!(matches!(
            TwofoldError::from(twofold_core::Error::from(TransferError::PasswordRequired(
                backup
            ))),
            TwofoldError::PasswordRequired { reason } if reason.contains("password")
        ));
        let newer = TransferError::Unsupported {
            format: backup,
            what: "version 2".into(),
        };
        assert!(matches!(
            TwofoldError::from(newer),
            TwofoldError::ImportFailed { reason } if reason.contains("version 2")
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
