//! Any text fed to the Bitwarden importer returns accounts and per-entry problems
//! or a specific error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::bitwarden;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = bitwarden::parse(text) {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
});
