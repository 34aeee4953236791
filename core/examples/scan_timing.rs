//! Benchmark helper for `tests/bench/scanner.py`: for each file, times
//! decode + scan (`scan::decode_texts`, what `twofold scan` does) and prints
//! `FILE<TAB>MILLISECONDS<TAB>TEXT` (newlines as `\n`, backslashes as `\\`;
//! empty when nothing).
//! Each file is scanned `--repeat N` times (default 1) and the fastest run is
//! reported.

use std::time::Instant;
use twofold_core::scan;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    for file in args {
        let Ok(bytes) = std::fs::read(&file) else {
            println!("{file}\t0\t");
            continue;
        };
        let mut best = f64::INFINITY;
        let mut text = String::new();
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            let texts = scan::decode_texts(&bytes).unwrap_or_default();
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            text = texts.first().map(|t| t.to_string()).unwrap_or_default();
        }
        println!(
            "{file}\t{best:.3}\t{}",
            text.replace('\\', "\\\\")
                .replace('\r', "\\r")
                .replace('\n', "\\n")
        );
    }
}
