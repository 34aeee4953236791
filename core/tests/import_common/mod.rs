//! What the import test files share: the RFC test keys, reading a fixture,
//! a code at a fixed instant, finding an imported account, OTP parameters.
#![allow(dead_code)] // each test file uses its own subset

use twofold_core::transfer::{ImportFile, PortableAccount};
use twofold_core::{otp, Algorithm, NewAccount, OtpKind, OtpParams};

/// RFC 4226 / RFC 6238 SHA-1 test key "12345678901234567890".
pub const RFC_SHA1_KEY: &[u8] = b"12345678901234567890";
/// RFC 6238's 32-byte SHA-256 test key.
pub const RFC_SHA256_KEY: &[u8] = b"12345678901234567890123456789012";

/// A fixture file under `tests/fixtures/import/`, as text.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The account's code at a fixed instant.
pub fn code_at(account: &NewAccount, unix_seconds: u64) -> String {
    otp::generate(&account.secret, &account.params, unix_seconds)
        .expect("a valid account")
        .value
}

/// The imported account with this issuer (the test fails without one).
pub fn find<'a>(file: &'a ImportFile, issuer: &str) -> &'a PortableAccount {
    file.accounts
        .iter()
        .find(|a| a.account.issuer.as_deref() == Some(issuer))
        .unwrap_or_else(|| panic!("no account for {issuer} in {:?}", file.accounts))
}

/// TOTP parameters.
pub fn totp(algorithm: Algorithm, digits: u8, period: u32) -> OtpParams {
    OtpParams {
        kind: OtpKind::Totp { period },
        algorithm,
        digits,
    }
}

/// HOTP parameters at `counter` (SHA-1, 6 digits).
pub fn hotp(counter: u64) -> OtpParams {
    OtpParams {
        kind: OtpKind::Hotp { counter },
        algorithm: Algorithm::Sha1,
        digits: 6,
    }
}
