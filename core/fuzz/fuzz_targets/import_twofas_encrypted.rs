//! Any text fed to the password-protected 2FAS reader returns accounts or a
//! specific error, never a panic. A fixed password is tried, so inputs that
//! get past the header reach the key derivation and the decryption.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::twofas_encrypted;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = twofas_encrypted::kdf_demand(text);
    if let Ok(file) = twofas_encrypted::parse(text, Some("vault password 42")) {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
});
