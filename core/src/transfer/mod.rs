//! Moving accounts between apps: importers for other authenticators' exports,
//! exporters to formats other apps read, and Twofold's own encrypted backup.
//!
//! Every importer turns a file into an [`ImportFile`]: the accounts it could
//! read and one [`EntryProblem`] per entry it could not. Nothing here touches
//! the vault; `Vault::import` applies an `ImportFile` in one transaction.

pub mod aegis;
pub mod andotp;
pub mod andotp_encrypted;
pub mod backup;
pub mod bitwarden;
pub mod bitwarden_encrypted;
pub mod detect;
mod fields;
mod file_crypto;
pub mod google;
pub mod inspect;
pub mod limits;
pub mod twofas;
pub mod twofas_encrypted;
pub mod uri_list;
// Unencrypted formats of other apps (issue 18); see detect_apps.rs.
pub mod app_db;
pub mod authy;
pub mod battlenet;
pub mod bitwarden_csv;
mod detect_apps;
pub mod duo;
pub mod ente;
pub mod freeotp;
mod prefs_xml;
pub mod proton;
mod raw_keys;
pub mod steam;
pub mod stratum;

use crate::kdf_limits::KdfLimitError;
use std::fmt;

/// What importers make and exporters take; defined beside [`crate::NewAccount`].
pub use crate::account::{PortableAccount, PortableRecoveryCode};

pub use detect::{read_import, sniff};
pub use inspect::{inspect, ImportInspection};

/// The formats Twofold can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Google Authenticator's `otpauth-migration://offline?data=…` export.
    GoogleMigration,
    /// Aegis JSON export, plain.
    AegisPlain,
    /// Aegis JSON export, encrypted (scrypt slots, AES-256-GCM).
    AegisEncrypted,
    /// 2FAS `.2fas` JSON backup (unencrypted).
    TwoFas,
    /// andOTP JSON backup (plain).
    AndOtp,
    /// Bitwarden JSON export (`login.totp`).
    Bitwarden,
    /// A text file of `otpauth://` (and `otpauth-migration://`) URIs, one per line.
    UriList,
    /// Twofold's own encrypted backup (see `core/docs/backup-format.md`).
    TwofoldBackup,
    // Unencrypted formats of other apps (issue 18).
    /// Bitwarden CSV export (`login_totp` column).
    BitwardenCsv,
    /// FreeOTP's `tokens.xml` (FreeOTP v1, and FreeOTP+'s internal copy).
    FreeOtpXml,
    /// FreeOTP+ JSON export.
    FreeOtpPlusJson,
    /// Steam Desktop Authenticator `.maFile`.
    SteamMaFile,
    /// Proton Authenticator JSON export.
    ProtonAuthenticator,
    /// Duo Mobile's `accounts.json`.
    DuoMobile,
    /// Stratum / Authenticator Pro backup (plain JSON).
    StratumPlain,
    /// Authy's token XML (keys already decrypted).
    AuthyXml,
    /// Battle.net Authenticator's preferences XML.
    BattleNetXml,
    /// Google Authenticator's on-device SQLite database.
    GoogleAuthenticatorDb,
    /// Microsoft Authenticator's on-device SQLite database (`PhoneFactor`).
    MicrosoftAuthenticatorDb,
    /// 2FAS `.2fas` backup with a backup password (PBKDF2, AES-256-GCM).
    TwoFasEncrypted,
    /// andOTP encrypted backup (binary; PBKDF2 or SHA-256, AES-256-GCM).
    AndOtpEncrypted,
    /// Bitwarden password-protected JSON export (PBKDF2 or Argon2id,
    /// AES-256-CBC + HMAC-SHA256).
    BitwardenEncrypted,
}

impl Format {
    /// A short name for messages and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Format::GoogleMigration => "Google Authenticator export",
            Format::AegisPlain => "Aegis export (plain)",
            Format::AegisEncrypted => "Aegis export (encrypted)",
            Format::TwoFas => "2FAS backup",
            Format::AndOtp => "andOTP backup",
            Format::Bitwarden => "Bitwarden export",
            Format::UriList => "otpauth URI list",
            Format::TwofoldBackup => "Twofold backup",
            Format::BitwardenCsv => "Bitwarden CSV export",
            Format::FreeOtpXml => "FreeOTP token file",
            Format::FreeOtpPlusJson => "FreeOTP+ export",
            Format::SteamMaFile => "Steam Desktop Authenticator maFile",
            Format::ProtonAuthenticator => "Proton Authenticator export",
            Format::DuoMobile => "Duo Mobile account file",
            Format::StratumPlain => "Stratum (Authenticator Pro) backup",
            Format::AuthyXml => "Authy token file",
            Format::BattleNetXml => "Battle.net Authenticator file",
            Format::GoogleAuthenticatorDb => "Google Authenticator database",
            Format::MicrosoftAuthenticatorDb => "Microsoft Authenticator database",
            Format::TwoFasEncrypted => "2FAS backup (password-protected)",
            Format::AndOtpEncrypted => "andOTP backup (encrypted)",
            Format::BitwardenEncrypted => "Bitwarden export (password-protected)",
        }
    }
}

impl Format {
    /// Opening a file of this format needs the file's own password.
    pub fn needs_password(self) -> bool {
        matches!(
            self,
            Format::AegisEncrypted
                | Format::TwofoldBackup
                | Format::TwoFasEncrypted
                | Format::AndOtpEncrypted
                | Format::BitwardenEncrypted
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An entry of an export file that could not be read. Never holds secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    /// 1-based position of the entry in the file (line for URI lists).
    pub position: usize,
    /// "Issuer (name)" when those fields were readable.
    pub label: Option<String>,
    /// What was wrong, e.g. "secret: character 5 '1' is not Base32".
    pub reason: String,
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => write!(f, "entry {} ({label}): {}", self.position, self.reason),
            None => write!(f, "entry {}: {}", self.position, self.reason),
        }
    }
}

/// Where one Google Authenticator export QR sits in a multi-QR export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoogleBatch {
    pub batch_id: i32,
    /// 0-based.
    pub index: i32,
    pub size: i32,
}

/// What an importer read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub format: Format,
    pub accounts: Vec<PortableAccount>,
    pub problems: Vec<EntryProblem>,
    /// Set for Google Authenticator exports (one QR of a batch).
    pub google_batch: Option<GoogleBatch>,
    /// Google Authenticator exports whose QR codes were not all given (a
    /// list of `otpauth-migration://` lines, or codes scanned one by one).
    pub incomplete_google: Vec<IncompleteGoogleExport>,
}

/// A Google Authenticator export of `size` QR codes of which some are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncompleteGoogleExport {
    pub size: i32,
    /// 0-based indices of the codes not given.
    pub missing: Vec<i32>,
}

impl fmt::Display for IncompleteGoogleExport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let numbers: Vec<String> = self
            .missing
            .iter()
            .map(|i| (i64::from(*i) + 1).to_string())
            .collect();
        write!(
            f,
            "this Google Authenticator export is incomplete: QR code(s) {} of {} not given",
            numbers.join(", "),
            self.size
        )
    }
}

impl ImportFile {
    /// An empty result for `format`.
    pub fn new(format: Format) -> Self {
        ImportFile {
            format,
            accounts: Vec::new(),
            problems: Vec::new(),
            google_batch: None,
            incomplete_google: Vec::new(),
        }
    }

    /// Whether importing this file leaves something out (unreadable entries,
    /// missing Google export codes), so the user must agree first.
    pub fn needs_consent(&self) -> bool {
        !self.problems.is_empty() || !self.incomplete_google.is_empty()
    }

    /// The one rule for consent: a file that leaves something out is imported
    /// only when the user `accepted` the readable rest.
    pub fn check_consent(&self, accepted: bool) -> Result<(), ConsentError> {
        if self.needs_consent() && !accepted {
            return Err(ConsentError {
                problems: self.problems.len(),
                missing_codes: self.incomplete_google.iter().map(|e| e.missing.len()).sum(),
                readable: self.accounts.len(),
            });
        }
        Ok(())
    }
}

/// A read file is not imported: it leaves something out and the user has not
/// agreed to import the readable rest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "nothing imported: {}; agree to import the {readable} readable account(s) first",
    left_out(*problems, *missing_codes)
)]
pub struct ConsentError {
    /// Entries that could not be read.
    pub problems: usize,
    /// Google export QR codes not given.
    pub missing_codes: usize,
    pub readable: usize,
}

/// "2 entries could not be read and 1 QR code of its export is missing".
fn left_out(problems: usize, missing_codes: usize) -> String {
    let mut parts = Vec::new();
    if problems > 0 {
        let noun = if problems == 1 { "entry" } else { "entries" };
        parts.push(format!(
            "{} {noun} could not be read",
            limits::grouped(problems as u64)
        ));
    }
    if missing_codes > 0 {
        let (noun, verb) = if missing_codes == 1 {
            ("QR code", "is")
        } else {
            ("QR codes", "are")
        };
        parts.push(format!(
            "{} {noun} of its Google Authenticator export {verb} missing",
            limits::grouped(missing_codes as u64)
        ));
    }
    parts.join(" and ")
}

/// What the "not a format Twofold can import" messages list.
pub const SUPPORTED_FORMATS: &str = "expected Aegis, 2FAS, andOTP, Bitwarden JSON or CSV, FreeOTP, FreeOTP+, Steam maFile, Proton Authenticator, Duo Mobile, Stratum / Authenticator Pro, Authy, Battle.net, a Google or Microsoft Authenticator database, Ente Auth text, a Twofold backup, or otpauth:// / otpauth-migration:// lines";

/// Why a whole file could not be imported or exported. Messages never
/// contain secrets or passwords.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    #[error("not a format Twofold can import ({})", SUPPORTED_FORMATS)]
    UnknownFormat,
    /// Not an importable file, but recognisably something (an image, another
    /// app's database, …): the message says what.
    #[error(
        "this file seems to be {seems}, which is not a format Twofold can import ({})",
        SUPPORTED_FORMATS
    )]
    UnrecognisedFile { seems: &'static str },
    #[error("this {0} is encrypted: a password is needed")]
    PasswordRequired(Format),
    #[error("wrong password for this {0}")]
    WrongPassword(Format),
    #[error("cannot read this {format}: {reason}")]
    Malformed { format: Format, reason: String },
    #[error("this {format} uses something Twofold does not support: {what}")]
    Unsupported { format: Format, what: String },
    /// The file's key derivation costs more than [`crate::kdf_limits`]
    /// allows; refused before anything was derived.
    #[error("this {format} asks for more than this device allows: {limit}")]
    KdfTooCostly {
        format: Format,
        limit: KdfLimitError,
    },
    #[error("cannot export: {0}")]
    Export(String),
    #[error(
        "this file is {} bytes; Twofold imports files of at most {} bytes",
        limits::grouped(*bytes),
        limits::grouped(*limit)
    )]
    FileTooLarge { bytes: u64, limit: u64 },
    #[error(
        "this file holds more than {} entries, the most Twofold imports from one file",
        limits::grouped(*limit as u64)
    )]
    TooManyEntries { limit: usize },
    #[error(
        "this file holds more than {} JSON values, the most Twofold reads from one file (real exports hold far fewer)",
        limits::grouped(*limit as u64)
    )]
    TooManyJsonValues { limit: usize },
}

impl TransferError {
    /// Shorthand for [`TransferError::Malformed`].
    pub fn malformed(format: Format, reason: impl Into<String>) -> Self {
        TransferError::Malformed {
            format,
            reason: reason.into(),
        }
    }
}
