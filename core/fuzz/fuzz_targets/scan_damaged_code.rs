//! Fuzzes the finder-pattern locator where it does real work: a real QR
//! code (three finder patterns, alignment patterns, format bits) drawn at a
//! size, shear and offset chosen by the input, then damaged by the rest of
//! the input (each three bytes set one pixel). Random frames (scan_frame)
//! rarely contain anything finder-like; these reach triple ranking, module
//! measurement, the alignment search, the piecewise grid and sampling at
//! the frame's edges. Any panic is a bug.
//!
//! Smoke run (from core/fuzz, nightly toolchain):
//!   cargo +nightly fuzz run scan_damaged_code -- -max_total_time=60 -max_len=3000

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Once, OnceLock};
use twofold_core::scan::tuning;

static QUIET_HOOK: Once = Once::new();

/// Version 7 (45 modules, six alignment patterns).
fn modules() -> &'static (Vec<bool>, usize) {
    static CODE: OnceLock<(Vec<bool>, usize)> = OnceLock::new();
    CODE.get_or_init(|| {
        let text =
            "otpauth://totp/Fuzz:me?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Fuzz&period=30";
        let code = qrcode::QrCode::with_version(
            text.as_bytes(),
            qrcode::Version::Normal(7),
            qrcode::EcLevel::M,
        )
        .expect("fits version 7");
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        (dark, code.width())
    })
}

fuzz_target!(|data: &[u8]| {
    QUIET_HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((header, damage)) = data.split_first_chunk::<6>() else {
        return;
    };
    let (bits, side) = modules();
    let (width, height) = (
        160 + usize::from(header[0] % 160),
        160 + usize::from(header[1] % 160),
    );
    // Module size 1.0 to 8.0 px, a shear of up to ±0.5, an offset that may
    // push the code partly out of the frame.
    let module = 1.0 + f64::from(header[2]) / 255.0 * 7.0;
    let shear = (f64::from(header[3]) - 128.0) / 256.0;
    let (dx, dy) = (f64::from(header[4]) - 64.0, f64::from(header[5]) - 64.0);
    let mut pixels = vec![230u8; width * height];
    for y in 0..height {
        for x in 0..width {
            let v = (y as f64 - dy) / module;
            let u = (x as f64 - dx) / module - shear * v;
            if u >= 0.0
                && v >= 0.0
                && (u as usize) < *side
                && (v as usize) < *side
                && bits[v as usize * side + u as usize]
            {
                pixels[y * width + x] = 25;
            }
        }
    }
    for pair in damage.chunks_exact(3) {
        let at = (usize::from(pair[0]) << 8 | usize::from(pair[1])) * 7 % pixels.len();
        pixels[at] = pair[2];
    }
    // Our locator on every attempt's bitmap (rqrr's slow detection, fuzzed
    // by scan_frame, would cut the runs per second tenfold).
    let Ok(prepared) = tuning::prepare_frame(&pixels, width as u32, height as u32) else {
        return;
    };
    for attempt in 0..tuning::locator_attempts() {
        let _ = prepared.attempt(attempt);
    }
});
