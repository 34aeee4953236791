//! Aegis files: never a panic, whatever the bytes; problems point at real
//! entries; and whatever imports exports (plain) and imports back unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::aegis;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Without a password and with one: the encrypted path stops at the slot
    // (a fuzzed file almost never decrypts), but every check before it runs.
    for password in [None, Some("test")] {
        let Ok(file) = aegis::parse(text, password) else {
            continue;
        };
        for problem in &file.problems {
            assert!(problem.position >= 1);
        }
        // Export refuses only values Aegis cannot hold (huge counters/periods).
        if let Ok(exported) = aegis::export(&file.accounts, None) {
            let exported = std::str::from_utf8(&exported).expect("export writes UTF-8");
            let again = aegis::parse(exported, None).expect("our export reads back");
            assert_eq!(again.problems, vec![]);
            assert_eq!(again.accounts, file.accounts);
        }
    }
});
