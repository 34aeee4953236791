//! Arbitrary bytes read as a Twofold backup and through format detection:
//! an error or accounts, never a panic, and never an unbounded key derivation.

#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::transfer::{backup, inspect, sniff};

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data);
    // The cost inspection never derives, so every input may go through it.
    let _ = inspect(data);
    let _ = backup::fuzz_decode_payload(data);
    // Only derive keys for cheap parameters: a header may legitimately ask
    // for a gigabyte of Argon2 memory, which is slow, not a bug.
    if let Ok(info) = backup::inspect(data) {
        if info.kdf.memory_kib <= 256 && info.kdf.iterations <= 2 && info.kdf.parallelism <= 2 {
            let _ = backup::read(data, "fuzz");
        }
    }
});
