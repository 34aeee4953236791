//! The data model of an account as it enters the app (what kind of code it
//! makes, with which hash and how many digits, and for whom) and as it
//! travels between apps (with its note, groups and recovery codes).

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroizing;

/// HMAC hash function of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// The spelling otpauth URIs use: `SHA1`, `SHA256`, `SHA512`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Parses `SHA1`/`sha-256`/`SHA512` and the like; `None` for anything else.
    pub fn parse(text: &str) -> Option<Algorithm> {
        let cleaned: String = text
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_uppercase();
        match cleaned.as_str() {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How codes advance: with time, with a counter, or Steam's time-based variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OtpKind {
    /// RFC 6238: a new code every `period` seconds.
    Totp { period: u32 },
    /// RFC 4226: a new code each time the counter advances.
    Hotp { counter: u64 },
    /// Steam Guard: TOTP/SHA1/30 s rendered as 5 characters of Steam's alphabet.
    Steam,
}

/// Everything needed to compute a code except the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OtpParams {
    pub kind: OtpKind,
    pub algorithm: Algorithm,
    /// 6 to 10 for TOTP/HOTP; always 5 for Steam.
    pub digits: u8,
}

impl OtpParams {
    /// The defaults almost every site uses: TOTP, SHA1, 6 digits, 30 seconds.
    pub const DEFAULT_TOTP: OtpParams = OtpParams {
        kind: OtpKind::Totp { period: 30 },
        algorithm: Algorithm::Sha1,
        digits: 6,
    };

    /// Steam Guard: fixed SHA1, 30 s, 5 characters.
    pub const STEAM: OtpParams = OtpParams {
        kind: OtpKind::Steam,
        algorithm: Algorithm::Sha1,
        digits: STEAM_DIGITS,
    };
}

/// Number of characters in a Steam Guard code.
pub const STEAM_DIGITS: u8 = 5;
/// Steam Guard's fixed period.
pub const STEAM_PERIOD: u32 = 30;
/// Smallest and largest number of digits a TOTP/HOTP code may have.
pub const MIN_DIGITS: u8 = 6;
pub const MAX_DIGITS: u8 = 10;

/// An account about to be added: parsed from a URI, a scanned QR code, an
/// import or the manual-entry form. Holds the secret, so it is not `Serialize`
/// and its `Debug` redacts the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    /// The service, e.g. "ACME Co". `None` when the source named none.
    pub issuer: Option<String>,
    /// The account label, usually an email or user name. May be empty.
    pub name: String,
    pub secret: Secret,
    pub params: OtpParams,
}

impl NewAccount {
    /// The account's label ("Issuer (name)"), by the one rule in [`crate::display::label`].
    pub fn label(&self) -> String {
        crate::display::label(self.issuer.as_deref(), &self.name)
    }
}

/// A recovery code carried by a backup (only Twofold backups carry them).
#[derive(Clone, PartialEq, Eq)]
pub struct PortableRecoveryCode {
    pub code: Zeroizing<String>,
    pub saved_at: u64,
    pub used_at: Option<u64>,
}

impl fmt::Debug for PortableRecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortableRecoveryCode")
            .field("code", &"<redacted>")
            .field("saved_at", &self.saved_at)
            .field("used_at", &self.used_at)
            .finish()
    }
}

/// One account as it travels between apps: the account itself (secret and
/// parameters; HOTP accounts carry their counter in `params`) plus what other
/// apps keep beside it. `Debug` redacts the secret and the recovery codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortableAccount {
    pub account: NewAccount,
    /// Free-text note; empty when the source had none.
    pub note: String,
    /// Group/folder names from the source app, as given.
    pub groups: Vec<String>,
    pub recovery_codes: Vec<PortableRecoveryCode>,
}

impl PortableAccount {
    /// An account with no note, groups or recovery codes.
    pub fn bare(account: NewAccount) -> Self {
        PortableAccount {
            account,
            note: String::new(),
            groups: Vec::new(),
            recovery_codes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithm_parse_accepts_common_spellings() {
        assert_eq!(Algorithm::parse("sha1"), Some(Algorithm::Sha1));
        assert_eq!(Algorithm::parse("SHA-256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::parse("Sha512"), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::parse("MD5"), None);
    }

    #[test]
    fn new_account_debug_redacts_secret() {
        let account = NewAccount {
            issuer: Some("ACME".into()),
            name: "me".into(),
            secret: Secret::from_bytes(b"supersecretbytes".to_vec()),
            params: OtpParams::DEFAULT_TOTP,
        };
        let printed = format!("{account:?}");
        assert!(printed.contains("<redacted>"));
        twofold_test_support::redaction::assert_hides(&printed, b"supersecretbytes");
        assert_eq!(account.label(), "ACME (me)");
    }
}
