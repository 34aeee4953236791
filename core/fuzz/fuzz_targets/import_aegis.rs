//! Aegis files: never a panic, whatever the bytes; a file that parses has
//! every entry either read or reported, and problems point at real entries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::migration::aegis;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Without a password and with one: the encrypted path stops at the slot
    // (a fuzzed file almost never decrypts), but every check before it runs.
    for password in [None, Some("test")] {
        if let Ok(file) = aegis::parse(text, password) {
            for problem in &file.problems {
                assert!(problem.position >= 1);
            }
        }
    }
});
