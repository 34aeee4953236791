//! Accounts as they cross the boundary: the code parameters as plain data, a
//! display record without the secret, and `PendingAccount`, the object that
//! holds a parsed account's secret on the Rust side.

use crate::error::{to_u32, TwofoldError};
use crate::live::SecretHolder;
use std::sync::Arc;
use twofold_core::key::RECOMMENDED_KEY_BITS;
use twofold_core::NewAccount;

/// HMAC hash function of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

impl From<twofold_core::Algorithm> for Algorithm {
    fn from(algorithm: twofold_core::Algorithm) -> Self {
        match algorithm {
            twofold_core::Algorithm::Sha1 => Algorithm::Sha1,
            twofold_core::Algorithm::Sha256 => Algorithm::Sha256,
            twofold_core::Algorithm::Sha512 => Algorithm::Sha512,
        }
    }
}

impl From<Algorithm> for twofold_core::Algorithm {
    fn from(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha1 => twofold_core::Algorithm::Sha1,
            Algorithm::Sha256 => twofold_core::Algorithm::Sha256,
            Algorithm::Sha512 => twofold_core::Algorithm::Sha512,
        }
    }
}

/// How codes advance: with time, with a counter, or Steam's variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OtpKind {
    /// RFC 6238: a new code every `period` seconds.
    Totp { period: u32 },
    /// RFC 4226: a new code each time `counter` advances.
    Hotp { counter: u64 },
    /// Steam Guard: TOTP/SHA1/30 s rendered as 5 characters of Steam's alphabet.
    Steam,
}

impl From<twofold_core::OtpKind> for OtpKind {
    fn from(kind: twofold_core::OtpKind) -> Self {
        match kind {
            twofold_core::OtpKind::Totp { period } => OtpKind::Totp { period },
            twofold_core::OtpKind::Hotp { counter } => OtpKind::Hotp { counter },
            twofold_core::OtpKind::Steam => OtpKind::Steam,
        }
    }
}

impl From<OtpKind> for twofold_core::OtpKind {
    fn from(kind: OtpKind) -> Self {
        match kind {
            OtpKind::Totp { period } => twofold_core::OtpKind::Totp { period },
            OtpKind::Hotp { counter } => twofold_core::OtpKind::Hotp { counter },
            OtpKind::Steam => twofold_core::OtpKind::Steam,
        }
    }
}

/// Everything needed to compute a code except the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct OtpParams {
    pub kind: OtpKind,
    pub algorithm: Algorithm,
    /// 6 to 10 for TOTP/HOTP; always 5 for Steam.
    pub digits: u8,
}

impl From<twofold_core::OtpParams> for OtpParams {
    fn from(params: twofold_core::OtpParams) -> Self {
        OtpParams {
            kind: params.kind.into(),
            algorithm: params.algorithm.into(),
            digits: params.digits,
        }
    }
}

impl From<OtpParams> for twofold_core::OtpParams {
    fn from(params: OtpParams) -> Self {
        twofold_core::OtpParams {
            kind: params.kind.into(),
            algorithm: params.algorithm.into(),
            digits: params.digits,
        }
    }
}

/// What a UI shows about an account before it is saved. Never holds the secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountInfo {
    /// The service, e.g. "ACME Co"; `None` when the source named none.
    pub issuer: Option<String>,
    /// The account label, usually an email or user name. May be empty.
    pub name: String,
    /// A short human label: "Issuer (name)", "Issuer", or "name".
    pub label: String,
    /// How codes are computed.
    pub params: OtpParams,
    /// Length of the secret in bits (the secret itself stays in Rust).
    pub key_bits: u32,
    /// True when the key is shorter than RFC 4226's recommended 128 bits: it
    /// works, but a UI may say so gently.
    pub shorter_than_recommended: bool,
}

/// An account about to be added (from a URI, a QR code or the manual form).
/// Its secret stays in Rust memory, zeroized when the object is released
/// (`close()`/`use {}` in Kotlin, the last reference in Swift and Python).
/// Only `export_uri()` reveals it.
#[derive(uniffi::Object)]
pub struct PendingAccount {
    // Declared before the holder so the secret is wiped before the count drops.
    account: NewAccount,
    _holder: SecretHolder,
}

impl PendingAccount {
    pub(crate) fn new(account: NewAccount) -> Arc<Self> {
        Arc::new(PendingAccount {
            account,
            _holder: SecretHolder::new(),
        })
    }

    /// The wrapped core account (for other adapters in this crate).
    pub(crate) fn account(&self) -> &NewAccount {
        &self.account
    }
}

impl std::fmt::Debug for PendingAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // NewAccount's Debug already redacts the secret.
        f.debug_tuple("PendingAccount")
            .field(&self.account)
            .finish()
    }
}

#[uniffi::export]
impl PendingAccount {
    /// Issuer, name, label and code parameters, without the secret.
    pub fn info(&self) -> AccountInfo {
        let bits = self.account.secret.bits();
        AccountInfo {
            issuer: self.account.issuer.clone(),
            name: self.account.name.clone(),
            label: self.account.label(),
            params: self.account.params.into(),
            key_bits: to_u32(bits),
            shorter_than_recommended: bits < RECOMMENDED_KEY_BITS,
        }
    }

    /// REVEALS THE SECRET: the account as a canonical `otpauth://` URI, for an
    /// explicit export or transfer the user asked for. Never log or cache it.
    pub fn export_uri(&self) -> String {
        twofold_core::uri::to_uri(&self.account).to_string()
    }
}

/// Parses an `otpauth://totp/…` or `otpauth://hotp/…` URI (as found in QR
/// codes) into an account ready to confirm and save.
#[uniffi::export]
pub fn parse_uri(uri: &str) -> Result<Arc<PendingAccount>, TwofoldError> {
    Ok(PendingAccount::new(twofold_core::uri::parse(uri)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60";

    #[test]
    fn parse_uri_mirrors_the_core_without_the_secret() {
        let pending = parse_uri(URI).expect("valid URI");
        let info = pending.info();
        assert_eq!(info.issuer.as_deref(), Some("ACME Co"));
        assert_eq!(info.name, "alice@example.com");
        assert_eq!(info.label, "ACME Co (alice@example.com)");
        assert_eq!(
            info.params,
            OtpParams {
                kind: OtpKind::Totp { period: 60 },
                algorithm: Algorithm::Sha256,
                digits: 8
            }
        );
        assert_eq!(info.key_bits, 80);
        assert!(info.shorter_than_recommended);
        let printed = format!("{pending:?} {info:?}");
        assert!(!printed.contains("JBSWY3DPEHPK3PXP"), "{printed}");
        assert!(pending.export_uri().contains("secret=JBSWY3DPEHPK3PXP"));
    }

    #[test]
    fn bad_uri_is_invalid_uri() {
        match parse_uri("https://example.com") {
            Err(TwofoldError::InvalidUri { reason }) => assert!(reason.contains("otpauth")),
            other => panic!("unexpected {other:?}"),
        }
    }
}
