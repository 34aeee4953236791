//! Fuzzes the camera-frame scanner: arbitrary geometry (width, height, row
//! stride, possibly inconsistent with the buffer) over arbitrary pixels. Any
//! panic is a bug; errors and `Nothing` are fine.
//!
//! Smoke run (from core/fuzz, nightly toolchain):
//!   cargo +nightly fuzz run scan_frame -- -max_total_time=60 -max_len=70000

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;
use twofold_core::scan::{self, Scanner};

static QUIET_HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys's panic hook aborts on every panic, even one the scanner
    // contains (rqrr's known panics). Silence the hook: a panic that escapes
    // the scanner still aborts, through libfuzzer-sys's own catch_unwind.
    // Under cfg(fuzzing) our own finder-pattern locator runs outside the
    // scanner's panic guard, so any panic in it escapes and is reported.
    QUIET_HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((header, pixels)) = data.split_first_chunk::<6>() else {
        return;
    };
    // Small sides keep each run fast; the header may still lie about sizes.
    let width = u32::from(u16::from_le_bytes([header[0], header[1]]) % 512);
    let height = u32::from(u16::from_le_bytes([header[2], header[3]]) % 512);
    let row_stride = width + u32::from(header[4] % 16);
    let _ = scan::scan_frame_with_every_attempt(pixels, width, height, row_stride);
    let mut scanner = Scanner::new();
    for _ in 0..usize::from(header[5] % 8) {
        let _ = scanner.scan_with_next_attempt(pixels, width, height, row_stride);
    }
    let _ = scan::scan_image(pixels);
});
