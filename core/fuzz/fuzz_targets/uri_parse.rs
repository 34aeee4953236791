//! Any text fed to the otpauth parser returns Ok or a specific error, and what
//! parses re-emits to a URI that parses to the same account.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(account) = uri::parse(text) {
        let emitted = uri::to_uri(&account);
        assert_eq!(uri::parse(&emitted).ok(), Some(account));
    }
});
