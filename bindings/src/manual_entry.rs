//! Manual key entry ("Trouble Scanning"): checking a key as it is typed and
//! validating the whole form with one problem per field.

use crate::account::{Algorithm, PendingAccount};
use crate::error::{to_u32, TwofoldError};
use crate::live::SecretHolder;
use std::sync::Arc;
use twofold_core::key::{self, ManualEntry as CoreEntry};
use zeroize::Zeroizing;

/// What a valid typed key looks like, without the key itself.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyInfo {
    /// Length of the decoded key in bits.
    pub bits: u32,
    /// True below RFC 4226's recommended 128 bits (works, but say so gently).
    pub shorter_than_recommended: bool,
}

/// Checks a key as typed (spaces, dashes, lower case and `=` padding are
/// fine). Raises `TwofoldError.InvalidKey` with the exact problem and, for a
/// wrong character, its 1-based position.
#[uniffi::export]
pub fn parse_key(typed: &str) -> Result<KeyInfo, TwofoldError> {
    let parsed = key::parse_key(typed)?;
    Ok(KeyInfo {
        bits: to_u32(parsed.bits),
        shorter_than_recommended: parsed.shorter_than_recommended,
    })
}

/// Code type chosen in the manual form's advanced options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ManualKind {
    Totp,
    Hotp,
    Steam,
}

/// The manual-entry form as the user filled it in, except the key, which is
/// passed on its own so that no generated `toString`/`description` of this
/// record can ever print it. The defaults are what almost every site uses
/// (TOTP, SHA1, 6 digits, 30 s).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ManualEntry {
    /// The account name (usually the email used to sign in). Required.
    pub name: String,
    /// The service; may be empty.
    #[uniffi(default = "")]
    pub issuer: String,
    /// TOTP when `None`.
    #[uniffi(default = None)]
    pub kind: Option<ManualKind>,
    /// SHA1 when `None`.
    #[uniffi(default = None)]
    pub algorithm: Option<Algorithm>,
    /// Number of digits (6–10; ignored for Steam).
    #[uniffi(default = 6)]
    pub digits: u8,
    /// Seconds per TOTP code (ignored for HOTP and Steam).
    #[uniffi(default = 30)]
    pub period: u32,
    /// Starting counter for HOTP.
    #[uniffi(default = 0)]
    pub counter: u64,
}

/// Validates the typed `key` and the rest of the form at once. On success the
/// account is ready to confirm and save; otherwise `TwofoldError.InvalidForm`
/// lists every problem, each with its field (and, for the key, the exact key
/// problem with its position).
#[uniffi::export]
pub fn validate_manual_entry(
    key: String,
    entry: ManualEntry,
) -> Result<Arc<PendingAccount>, TwofoldError> {
    let core_entry = to_core_entry(key, entry);
    let validated = key::validate_entry(&core_entry)?;
    Ok(PendingAccount::new(validated.account))
}

/// A key read from a QR code that held nothing else (`ScanOutcome.BareKey`,
/// `Enrollment.scanned_key()`): open manual entry with it filled in. The key
/// stays in Rust memory, zeroized when the object is released; only
/// `reveal_text()` hands it out, to fill in the key field.
#[derive(uniffi::Object)]
pub struct BareKey {
    // Declared before the holder so the key is wiped before the count drops.
    key: Zeroizing<String>,
    _holder: SecretHolder,
}

impl BareKey {
    pub(crate) fn new(key: Zeroizing<String>) -> Arc<Self> {
        Arc::new(BareKey {
            key,
            _holder: SecretHolder::new(),
        })
    }
}

impl std::fmt::Debug for BareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BareKey(<redacted>, {} characters)", self.characters())
    }
}

#[uniffi::export]
impl BareKey {
    /// How many Base32 characters the key has (spaces between groups not
    /// counted), for "a 32-character key was scanned".
    pub fn characters(&self) -> u32 {
        to_u32(self.key.chars().filter(char::is_ascii_alphanumeric).count())
    }

    /// REVEALS THE SECRET: the key as scanned, to fill in the key field of
    /// manual entry. Never log or cache it.
    pub fn reveal_text(&self) -> String {
        self.key.as_str().to_owned()
    }

    /// Validates the rest of the manual form with this key (which never
    /// leaves Rust): like `validate_manual_entry`.
    pub fn with_entry(&self, entry: ManualEntry) -> Result<Arc<PendingAccount>, TwofoldError> {
        let core_entry = to_core_entry(self.key.as_str().to_owned(), entry);
        let validated = key::validate_entry(&core_entry)?;
        Ok(PendingAccount::new(validated.account))
    }
}

/// The core's form from the typed key and the rest of the form.
pub(crate) fn to_core_entry(key: String, entry: ManualEntry) -> CoreEntry {
    let ManualEntry {
        name,
        issuer,
        kind,
        algorithm,
        digits,
        period,
        counter,
    } = entry;
    CoreEntry {
        key: Zeroizing::new(key),
        name,
        issuer,
        kind: match kind.unwrap_or(ManualKind::Totp) {
            ManualKind::Totp => key::ManualKind::Totp,
            ManualKind::Hotp => key::ManualKind::Hotp,
            ManualKind::Steam => key::ManualKind::Steam,
        },
        algorithm: algorithm.map(Into::into).unwrap_or_default(),
        digits,
        period,
        counter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{FormField, KeyProblem};

    fn entry(name: &str) -> ManualEntry {
        ManualEntry {
            name: name.into(),
            issuer: String::new(),
            kind: None,
            algorithm: None,
            digits: 6,
            period: 30,
            counter: 0,
        }
    }

    #[test]
    fn parse_key_reports_bits_only() {
        let info = parse_key("jbsw y3dp ehpk 3pxp").expect("valid key");
        assert_eq!(
            info,
            KeyInfo {
                bits: 80,
                shorter_than_recommended: true
            }
        );
    }

    #[test]
    fn every_field_problem_comes_back() {
        let mut bad = entry(" ");
        bad.digits = 4;
        let Err(TwofoldError::InvalidForm { problems }) =
            validate_manual_entry("JBSW1Y3DPEHPK3PXP".into(), bad)
        else {
            panic!("the form is invalid");
        };
        let fields: Vec<FormField> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![FormField::Key, FormField::Name, FormField::Digits]
        );
        assert!(matches!(
            problems[0].key_problem,
            Some(KeyProblem::InvalidCharacter { position: 5, .. })
        ));
    }

    #[test]
    fn a_bare_key_fills_the_form_and_stays_redacted() {
        let scanned = BareKey::new(Zeroizing::new(
            "hxdm vjec jjws rb3h wizr 4ifu gftm xboz".into(),
        ));
        assert_eq!(scanned.characters(), 32);
        assert!(!format!("{scanned:?}").contains("hxdm"));
        assert_eq!(
            scanned.reveal_text(),
            "hxdm vjec jjws rb3h wizr 4ifu gftm xboz"
        );
        let pending = scanned.with_entry(entry("alice")).expect("valid form");
        assert_eq!(pending.info().key_bits, 160);
        assert!(matches!(
            scanned.with_entry(entry(" ")),
            Err(TwofoldError::InvalidForm { .. })
        ));
    }

    #[test]
    fn valid_form_becomes_a_pending_account() {
        let mut good = entry("alice");
        good.issuer = " ACME ".into();
        good.kind = Some(ManualKind::Hotp);
        good.counter = 7;
        let pending = validate_manual_entry("JBSWY3DPEHPK3PXP".into(), good).expect("valid form");
        let info = pending.info();
        assert_eq!(info.issuer.as_deref(), Some("ACME"));
        assert_eq!(
            info.params.kind,
            crate::account::OtpKind::Hotp { counter: 7 }
        );
        assert!(!format!("{pending:?}").contains("JBSWY3DPEHPK3PXP"));
    }
}
