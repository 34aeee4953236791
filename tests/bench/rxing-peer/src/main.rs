//! rxing as a peer in `tests/bench/scanner.py`: for each image path (from the
//! arguments, or one per line on stdin when there are none), times reading
//! the file, decoding it to 8-bit luminance and rxing's QR detection (try
//! harder and also inverted, as zxing-cpp's Python defaults), and prints
//! `PATH<TAB>MILLISECONDS<TAB>TEXT` (newlines as `\n`, backslashes as `\\`;
//! empty when nothing is read) -- the same lines as Twofold's `scan_timing`.
//! `--repeat N` scans each file N times and reports the fastest.

use std::io::BufRead;
use std::time::Instant;

use rxing::{BarcodeFormat, DecodeHints};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1usize;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
            .max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.is_empty() {
        args = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.is_empty())
            .collect();
    }
    for path in args {
        let mut best = f64::INFINITY;
        let mut text = String::new();
        for _ in 0..repeat {
            let start = Instant::now();
            text = scan(&path).unwrap_or_default();
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        let escaped = text
            .replace('\\', "\\\\")
            .replace('\r', "\\r")
            .replace('\n', "\\n");
        println!("{path}\t{best:.3}\t{escaped}");
    }
}

/// The text of the QR code rxing reads in the image at `path`, if any.
fn scan(path: &str) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let luma = image::load_from_memory(&bytes).ok()?.into_luma8();
    let (width, height) = luma.dimensions();
    let mut hints = DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        ..Default::default()
    };
    // rxing has been seen to panic on odd inputs: count a panic as "nothing".
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        rxing::helpers::detect_in_luma_with_hints(
            luma.into_raw(),
            width,
            height,
            Some(BarcodeFormat::QR_CODE),
            &mut hints,
        )
        .ok()
        .map(|result| result.getText().to_string())
    }))
    .ok()
    .flatten()
}
