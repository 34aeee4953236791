//! Any bytes fed to the Google and Microsoft Authenticator database
//! importers (and detection, which opens them) return accounts and per-entry
//! problems or a specific error, never a panic. Inputs that do not start
//! with SQLite's header are given one, so the fuzzer explores the pages.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::{self, app_db};
use twofold_core_fuzz::check_import as check;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend_from_slice(
        data.strip_prefix(b"SQLite format 3\0".as_slice())
            .unwrap_or(data),
    );
    let _ = transfer::sniff(&bytes);
    check(app_db::parse_google(&bytes));
    check(app_db::parse_microsoft(&bytes));
});
