//! Any text fed to the URI-list importer returns a result or a specific
//! error, and what it imports exports and re-imports unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::uri_list;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = uri_list::parse(text) else {
        return;
    };
    if file.accounts.is_empty() {
        return;
    }
    let exported = uri_list::export(&file.accounts);
    let again = uri_list::parse(&exported).expect("own export parses");
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(again.accounts, file.accounts);
});
