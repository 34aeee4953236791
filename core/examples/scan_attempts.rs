//! Tuning tool for the scanner: runs each attempt of the still-image pipeline
//! on its own over a folder tree of `<name>.<png|jpg|webp>` + `<name>.txt`
//! and prints, per category (sub-folder), how many each attempt reads, how
//! many the whole pipeline reads, wrong payloads and median milliseconds.
//!
//! cargo run --release --example scan_attempts -p twofold-core -- ../shared/qr/synthetic

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use twofold_core::scan::tuning;

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/qr/synthetic".into()),
    );
    let names = tuning::attempt_names();
    let mut categories: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    collect(&root, &mut categories);
    print!("{:<16} {:>4}", "category", "n");
    for name in &names {
        print!(" {:>10}", abbreviate(name));
    }
    println!(
        " {:>6} {:>5} {:>8} {:>8}",
        "any", "wrong", "prep_ms", "all_ms"
    );
    for (category, images) in &categories {
        let mut hits = vec![0usize; names.len()];
        let mut times = vec![Vec::new(); names.len()];
        let (mut any, mut wrong) = (0, 0);
        let mut prep_times = Vec::new();
        for image in images {
            let expected = std::fs::read(image.with_extension("txt")).ok();
            let Ok(bytes) = std::fs::read(image) else {
                continue;
            };
            let start = Instant::now();
            let Ok(prepared) = tuning::prepare(&bytes) else {
                continue;
            };
            prep_times.push(start.elapsed().as_secs_f64() * 1000.0);
            let mut found = false;
            for (i, hit) in hits.iter_mut().enumerate() {
                let start = Instant::now();
                let texts = prepared.attempt(i);
                times[i].push(start.elapsed().as_secs_f64() * 1000.0);
                for text in &texts {
                    let expected_text = expected
                        .as_deref()
                        .map(|e| String::from_utf8_lossy(e).to_string());
                    let is_right = expected_text
                        .as_deref()
                        .map(|e| e.trim_end_matches('\n') == text.as_str())
                        .unwrap_or(false)
                        || expected.as_deref().is_some_and(|e| latin1(e) == **text);
                    if is_right {
                        *hit += 1;
                        found = true;
                    } else {
                        wrong += 1;
                    }
                }
            }
            if found {
                any += 1;
            }
        }
        print!("{:<16} {:>4}", category, images.len());
        for (hit, time) in hits.iter().zip(&times) {
            print!(" {:>3}/{:>5.1}", hit, median(time));
        }
        let all: f64 = times.iter().map(|t| median(t)).sum();
        println!(
            " {:>6} {:>5} {:>8.1} {:>8.1}",
            any,
            wrong,
            median(&prep_times),
            all
        );
    }
}

fn latin1(bytes: &[u8]) -> String {
    let trimmed = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    trimmed.iter().map(|&b| char::from(b)).collect()
}

fn abbreviate(name: &str) -> String {
    name.chars().filter(|c| c.is_uppercase()).collect()
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

fn collect(dir: &Path, categories: &mut BTreeMap<String, Vec<PathBuf>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, categories);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("png" | "jpg" | "webp")
        ) {
            let category = dir
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            categories.entry(category).or_default().push(path);
        }
    }
}
