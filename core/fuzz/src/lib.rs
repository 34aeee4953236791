//! What every import fuzz target asserts, written once: an import either
//! fails with an error (fine: the fuzzer hunts panics) or returns a file
//! whose per-entry problems are numbered from 1 and say why.
pub use libfuzzer_sys;
use twofold_core::transfer::{ImportFile, TransferError};

/// Asserts what any import result must hold.
pub fn check_import(result: Result<ImportFile, TransferError>) {
    if let Ok(file) = result {
        for problem in &file.problems {
            assert!(problem.position >= 1 && !problem.reason.is_empty());
        }
    }
}

/// A fuzz target that feeds every UTF-8 input to each given text importer
/// (`fn(&str) -> Result<ImportFile, TransferError>`) and checks the result.
#[macro_export]
macro_rules! text_import_target {
    ($($parse:path),+ $(,)?) => {
        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            if let Ok(text) = std::str::from_utf8(data) {
                $($crate::check_import($parse(text));)+
            }
        });
    };
}
