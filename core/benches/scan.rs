//! Criterion benches for the scanner on frames generated here: one camera
//! loop attempt and the full still pipeline on 640x480 and 1280x720 frames,
//! an empty 1280x720 frame (the camera loop's common case), and a 12 MP JPEG
//! photo. Run: cargo bench -p twofold-core --bench scan
//! (peer comparison with zxing-cpp: tests/bench/scanner.py)

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use twofold_core::scan::{self, Scanner};
use twofold_test_support::frames::{empty_scene, render, Frame, Layout};

const URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";

fn frame(width: usize, height: usize) -> Frame {
    let layout = Layout {
        width,
        height,
        module_px: 5.0,
        degrees: 9.0,
        ..Layout::default()
    };
    render(URI, &layout).with_noise(6.0, 1)
}

fn frames(c: &mut Criterion) {
    for (name, f) in [
        ("640x480", frame(640, 480)),
        ("1280x720", frame(1280, 720)),
        ("1280x720 empty", empty_scene(1280, 720, 3)),
    ] {
        let (w, h) = (f.width as u32, f.height as u32);
        c.bench_function(&format!("camera loop frame {name}"), |b| {
            let mut scanner = Scanner::new();
            b.iter(|| scanner.scan_with_next_attempt(black_box(&f.pixels), w, h, w))
        });
        c.bench_function(&format!("scan_frame all attempts {name}"), |b| {
            b.iter(|| scan::scan_frame_with_every_attempt(black_box(&f.pixels), w, h, w))
        });
    }
}

fn photo(c: &mut Criterion) {
    let layout = Layout {
        width: 4000,
        height: 3000,
        module_px: 20.0,
        degrees: -12.0,
        ..Layout::default()
    };
    let jpeg = render(URI, &layout).with_noise(5.0, 2).encode_jpeg(85);
    let mut group = c.benchmark_group("photo");
    group.sample_size(10);
    group.bench_function("scan_image 12 MP JPEG", |b| {
        b.iter(|| scan::scan_image(black_box(&jpeg)))
    });
    group.finish();
}

criterion_group!(benches, frames, photo);
criterion_main!(benches);
