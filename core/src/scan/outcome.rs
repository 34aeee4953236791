//! What a scanned QR code means to an authenticator: the judgement of a
//! decoded text, separate from finding it.

use crate::account::NewAccount;
use crate::key;
use crate::transfer::{google, ImportFile, TransferError};
use crate::uri::{self, UriError};
use std::fmt;
use zeroize::Zeroizing;

/// The result of scanning a frame or an image.
#[derive(Clone, PartialEq, Eq)]
pub enum ScanOutcome {
    /// An `otpauth://` code that validated: ready to confirm and save.
    Account(NewAccount),
    /// One QR code of a Google Authenticator export (`otpauth-migration://…`),
    /// already parsed: give it to a `BatchCollector`, then import it.
    Migration { export: ImportFile },
    /// An `otpauth-migration://` code that is not a readable export.
    InvalidMigration { error: TransferError },
    /// An `otpauth://` code that fails validation: the UI says why. Never an
    /// account.
    InvalidAccount { error: UriError },
    /// A QR code holding nothing but a Base32 key (some sites encode just
    /// that): the UI opens manual entry with the key filled in. The text is
    /// as scanned (trimmed), zeroized on drop and never printed.
    BareKey { key: Zeroizing<String> },
    /// A QR code that is not an authenticator code (a web link, Wi-Fi, …).
    NotAnAuthenticatorCode { text: String },
    /// No QR code could be read.
    Nothing,
}

impl ScanOutcome {
    /// Judges one decoded QR text.
    pub fn from_text(text: &str) -> ScanOutcome {
        let trimmed = text.trim();
        if has_scheme(trimmed, "otpauth-migration") {
            match google::parse_uri(trimmed) {
                Ok(export) => ScanOutcome::Migration { export },
                Err(error) => ScanOutcome::InvalidMigration { error },
            }
        } else if has_scheme(trimmed, "otpauth") {
            match uri::parse(trimmed) {
                Ok(account) => ScanOutcome::Account(account),
                Err(error) => ScanOutcome::InvalidAccount { error },
            }
        } else if is_bare_key(trimmed) {
            let mut key = Zeroizing::new(String::with_capacity(trimmed.len()));
            key.push_str(trimmed);
            ScanOutcome::BareKey { key }
        } else {
            ScanOutcome::NotAnAuthenticatorCode {
                text: text.to_string(),
            }
        }
    }

    /// How much this outcome is worth when one image holds several codes:
    /// an authenticator code beats any other text.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            ScanOutcome::Account(_) => 5,
            ScanOutcome::Migration { .. } => 4,
            ScanOutcome::InvalidAccount { .. } | ScanOutcome::InvalidMigration { .. } => 3,
            ScanOutcome::BareKey { .. } => 2,
            ScanOutcome::NotAnAuthenticatorCode { .. } => 1,
            ScanOutcome::Nothing => 0,
        }
    }
}

/// Whether the whole text is a key a person could type into manual entry
/// (the same rules: Base32, spaces or dashes between groups, at least 80
/// bits). Anything else, a word or a sentence, stays other text.
fn is_bare_key(text: &str) -> bool {
    key::parse_key(text).is_ok()
}

fn has_scheme(text: &str, scheme: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(found, _)| found.eq_ignore_ascii_case(scheme))
}

impl fmt::Debug for ScanOutcome {
    // The migration payload carries every secret of the export: never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanOutcome::Account(account) => f.debug_tuple("Account").field(account).finish(),
            ScanOutcome::Migration { export } => {
                f.debug_struct("Migration").field("export", export).finish()
            }
            ScanOutcome::InvalidMigration { error } => f
                .debug_struct("InvalidMigration")
                .field("error", error)
                .finish(),
            ScanOutcome::InvalidAccount { error } => f
                .debug_struct("InvalidAccount")
                .field("error", error)
                .finish(),
            ScanOutcome::BareKey { .. } => f.write_str("BareKey { key: <redacted> }"),
            ScanOutcome::NotAnAuthenticatorCode { text } => f
                .debug_struct("NotAnAuthenticatorCode")
                .field("text", text)
                .finish(),
            ScanOutcome::Nothing => f.write_str("Nothing"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otpauth_text_becomes_an_account() {
        let outcome =
            ScanOutcome::from_text("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME");
        match outcome {
            ScanOutcome::Account(account) => assert_eq!(account.name, "alice"),
            other => panic!("expected an account, got {other:?}"),
        }
    }

    #[test]
    fn invalid_otpauth_says_why_and_is_no_account() {
        let outcome = ScanOutcome::from_text("otpauth://totp/ACME:alice?issuer=ACME");
        assert_eq!(
            outcome,
            ScanOutcome::InvalidAccount {
                error: UriError::MissingSecret
            }
        );
    }

    #[test]
    fn migration_arrives_parsed_and_redacted_in_debug() {
        // dim13/otpauth's public example: "Example" / alice@google.com.
        let text = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";
        let outcome = ScanOutcome::from_text(text);
        match &outcome {
            ScanOutcome::Migration { export } => {
                assert_eq!(
                    export.accounts[0].account.label(),
                    "Example (alice@google.com)"
                );
            }
            other => panic!("expected a migration, got {other:?}"),
        }
        let printed = format!("{outcome:?}");
        assert!(
            !printed.contains("CjEK") && !printed.contains("JBSW"),
            "{printed}"
        );
        assert!(matches!(
            ScanOutcome::from_text("otpauth-migration://offline?data=!!"),
            ScanOutcome::InvalidMigration { .. }
        ));
    }

    #[test]
    fn scheme_match_ignores_case() {
        assert!(matches!(
            ScanOutcome::from_text("OTPAUTH-MIGRATION://offline?data=AA"),
            ScanOutcome::Migration { .. } | ScanOutcome::InvalidMigration { .. }
        ));
    }

    #[test]
    fn a_bare_key_is_its_own_outcome_and_redacted() {
        for text in [
            "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            " hxdm vjec jjws rb3h wizr 4ifu gftm xboz\n",
            "JBSW-Y3DP-EHPK-3PXP",
        ] {
            let outcome = ScanOutcome::from_text(text);
            match &outcome {
                ScanOutcome::BareKey { key } => assert_eq!(key.as_str(), text.trim()),
                other => panic!("{text:?}: expected a bare key, got {other:?}"),
            }
            let printed = format!("{outcome:?}");
            assert_eq!(printed, "BareKey { key: <redacted> }");
        }
    }

    #[test]
    fn words_and_short_or_broken_keys_are_other_text() {
        for text in [
            "hello",
            "JBSWY3DPEHPK",     // 60 bits: shorter than a typed key may be
            "JBSWY3DPEHPK3PX1", // not Base32
            "Scan me with your phone",
        ] {
            assert!(
                matches!(
                    ScanOutcome::from_text(text),
                    ScanOutcome::NotAnAuthenticatorCode { .. }
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn other_text_is_not_an_authenticator_code() {
        assert_eq!(
            ScanOutcome::from_text("https://example.com/otpauth"),
            ScanOutcome::NotAnAuthenticatorCode {
                text: "https://example.com/otpauth".to_string()
            }
        );
    }
}
