//! Any text fed to the Steam maFile importer returns accounts and per-entry
//! problems or a specific error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::{steam, ImportFile, TransferError};

fn check(result: Result<ImportFile, TransferError>) {
    if let Ok(file) = result {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(steam::parse(text));
});
