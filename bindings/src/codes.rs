//! One-time codes: computing the current code of an account at a given time.

use crate::account::PendingAccount;
use crate::error::TwofoldError;

/// A one-time code ready to show.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Code {
    /// The code as the user types it; leading zeros kept.
    pub value: String,
    /// First unix second at which this code is current (for HOTP: when it was
    /// generated).
    pub valid_from: u64,
    /// First unix second at which this code is no longer current, for drawing
    /// a countdown. `None` for HOTP, whose codes stay valid until used.
    pub valid_until: Option<u64>,
    /// `value` grouped for reading ("123 456"), by the core's rule.
    pub grouped: String,
}

impl std::fmt::Debug for Code {
    // A code is a short-lived credential: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("value", &"<redacted>")
            .field("grouped", &"<redacted>")
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .finish()
    }
}

impl From<twofold_core::Code> for Code {
    fn from(code: twofold_core::Code) -> Self {
        Code {
            grouped: twofold_core::display::group_code(&code.value),
            value: code.value,
            valid_from: code.valid_from,
            valid_until: code.valid_until,
        }
    }
}

/// The code of `account` at `unix_seconds` (the app passes its clock's time).
/// For HOTP the account's counter is used and nothing is incremented.
#[uniffi::export]
pub fn generate_code(account: &PendingAccount, unix_seconds: u64) -> Result<Code, TwofoldError> {
    let pending = account.account();
    Ok(twofold_core::otp::generate(&pending.secret, &pending.params, unix_seconds)?.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::parse_uri;

    // RFC 6238 appendix B, SHA1 seed "12345678901234567890".
    const RFC_SHA1: &str =
        "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=30";

    #[test]
    fn rfc6238_sha1_vectors() {
        let account = parse_uri(RFC_SHA1).expect("valid URI");
        for (time, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (2_000_000_000, "69279037"),
        ] {
            let code = generate_code(&account, time).expect("code");
            assert_eq!(code.value, expected, "at {time}");
            assert_eq!(
                code.grouped,
                format!("{} {}", &expected[..4], &expected[4..])
            );
            assert_eq!(code.valid_until, Some(time - time % 30 + 30));
        }
    }

    #[test]
    fn code_debug_hides_the_value() {
        let account = parse_uri(RFC_SHA1).expect("valid URI");
        let code = generate_code(&account, 59).expect("code");
        let printed = format!("{code:?}");
        assert!(
            !printed.contains("94287082") && !printed.contains("9428 7082"),
            "{printed}"
        );
    }
}
