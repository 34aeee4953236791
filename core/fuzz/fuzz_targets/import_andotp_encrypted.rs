//! Any bytes fed to the encrypted andOTP reader return accounts or a
//! specific error, never a panic, and never derive past the PBKDF2 limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::andotp_encrypted;

fuzz_target!(|data: &[u8]| {
    assert!(andotp_encrypted::kdf_demand(data).check().is_ok());
    if let Ok(file) = andotp_encrypted::parse(data, Some("vault password 42")) {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
});
