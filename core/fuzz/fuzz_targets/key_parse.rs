//! Typed keys: never a panic; a reported position always points at the
//! reported character of the input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use twofold_core::key::{parse_key, KeyError};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_key(text) {
        Ok(key) => assert!(key.bits >= 80),
        Err(KeyError::InvalidCharacter { character, position, .. }) => {
            assert_eq!(text.chars().nth(position - 1), Some(character));
        }
        Err(_) => {}
    }
});
