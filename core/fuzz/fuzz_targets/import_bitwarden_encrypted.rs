//! Any text fed to the password-protected Bitwarden reader returns accounts
//! or a specific error, never a panic. Costs past the limits are refused
//! before deriving, so a hostile header cannot stall the fuzzer either.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::bitwarden_encrypted;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = bitwarden_encrypted::kdf_demand(text);
    if let Ok(file) = bitwarden_encrypted::parse(text, Some("vault password 42")) {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
});
