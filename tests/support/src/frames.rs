//! Camera-like QR frames for the scanner's tests and benchmarks: the project's
//! own data, made fresh on every run (no images are committed).

use crate::qr::modules;

/// A packed 8-bit luminance frame.
#[derive(Clone)]
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// A small deterministic generator (xorshift), so every run sees the same
/// noise without a `rand` dependency.
pub struct Noise(u64);

impl Noise {
    pub fn new(seed: u64) -> Noise {
        Noise(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Roughly Gaussian, mean 0, standard deviation `sigma` (sum of uniforms).
    pub fn gaussian(&mut self, sigma: f64) -> f64 {
        let sum: f64 = (0..4)
            .map(|_| (self.next_u64() % 10_000) as f64 / 10_000.0)
            .sum();
        (sum - 2.0) * sigma * (3.0f64).sqrt()
    }
}

/// A frame of `width`x`height` with the code for `text` drawn at `module_px`
/// pixels per module, rotated by `degrees` about the frame centre shifted by
/// (`dx`, `dy`), dark modules at `dark` on a `light` background; with
/// `tilt_degrees`, the code's plane is turned about its vertical axis away
/// from a camera `focal_px` pixels from it (perspective).
pub struct Layout {
    pub tilt_degrees: f64,
    pub focal_px: f64,
    pub width: usize,
    pub height: usize,
    pub module_px: f64,
    pub degrees: f64,
    pub dx: f64,
    pub dy: f64,
    pub dark: u8,
    pub light: u8,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            tilt_degrees: 0.0,
            focal_px: 600.0,
            width: 640,
            height: 480,
            module_px: 6.0,
            degrees: 0.0,
            dx: 0.0,
            dy: 0.0,
            dark: 20,
            light: 235,
        }
    }
}

pub fn render(text: &str, layout: &Layout) -> Frame {
    let (bits, side) = modules(text);
    let (sin, cos) = layout.degrees.to_radians().sin_cos();
    let (tilt_sin, tilt_cos) = layout.tilt_degrees.to_radians().sin_cos();
    let f = layout.focal_px;
    let cx = layout.width as f64 / 2.0 + layout.dx;
    let cy = layout.height as f64 / 2.0 + layout.dy;
    let half = side as f64 / 2.0;
    // 2x2 supersampling per pixel: smooth edges like a camera's.
    let mut pixels = Vec::with_capacity(layout.width * layout.height);
    for y in 0..layout.height {
        for x in 0..layout.width {
            let mut dark_samples = 0u32;
            for sy in 0..2 {
                for sx in 0..2 {
                    let px = x as f64 + (sx as f64 + 0.5) / 2.0 - cx;
                    let py = y as f64 + (sy as f64 + 0.5) / 2.0 - cy;
                    // Back-project onto the tilted plane: the ray through
                    // (px, py) meets it at plane coordinates (px, py).
                    let depth = f * tilt_cos - px * tilt_sin;
                    if depth <= 0.0 {
                        continue;
                    }
                    let plane_x = px * f / depth;
                    let py = py * (f + plane_x * tilt_sin) / f;
                    let px = plane_x;
                    // Inverse rotation into module coordinates.
                    let u = (cos * px + sin * py) / layout.module_px + half;
                    let v = (-sin * px + cos * py) / layout.module_px + half;
                    let inside = u >= 0.0 && v >= 0.0 && (u as usize) < side && (v as usize) < side;
                    if inside && bits[v as usize * side + u as usize] {
                        dark_samples += 1;
                    }
                }
            }
            let (d, l) = (f64::from(layout.dark), f64::from(layout.light));
            let level = l + (d - l) * f64::from(dark_samples) / 4.0;
            pixels.push(level.round() as u8);
        }
    }
    Frame {
        width: layout.width,
        height: layout.height,
        pixels,
    }
}

impl Frame {
    pub fn inverted(mut self) -> Frame {
        self.pixels.iter_mut().for_each(|p| *p = 255 - *p);
        self
    }

    pub fn with_noise(mut self, sigma: f64, seed: u64) -> Frame {
        let mut noise = Noise::new(seed);
        for p in &mut self.pixels {
            *p = (f64::from(*p) + noise.gaussian(sigma)).clamp(0.0, 255.0) as u8;
        }
        self
    }

    /// Box blur of the given radius, applied twice (close to a Gaussian).
    pub fn blurred(self, radius: usize) -> Frame {
        self.box_blur(radius).box_blur(radius)
    }

    fn box_blur(self, radius: usize) -> Frame {
        let (w, h) = (self.width, self.height);
        let at = |p: &Vec<u8>, x: isize, y: isize| {
            let x = x.clamp(0, w as isize - 1) as usize;
            let y = y.clamp(0, h as isize - 1) as usize;
            u32::from(p[y * w + x])
        };
        let r = radius as isize;
        let n = (2 * r + 1) as u32;
        let mut horizontal = vec![0u8; w * h];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let sum: u32 = (-r..=r).map(|d| at(&self.pixels, x + d, y)).sum();
                horizontal[y as usize * w + x as usize] = (sum / n) as u8;
            }
        }
        let mut pixels = vec![0u8; w * h];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let sum: u32 = (-r..=r).map(|d| at(&horizontal, x, y + d)).sum();
                pixels[y as usize * w + x as usize] = (sum / n) as u8;
            }
        }
        Frame { pixels, ..self }
    }

    /// Light falling off from left to right: the right edge gets `floor` of
    /// the light the left edge gets.
    pub fn with_light_gradient(mut self, floor: f64) -> Frame {
        let w = self.width as f64;
        for (i, p) in self.pixels.iter_mut().enumerate() {
            let x = (i % self.width) as f64;
            let gain = 1.0 - (1.0 - floor) * x / w;
            *p = (f64::from(*p) * gain).round() as u8;
        }
        self
    }

    /// The frame copied into rows of `row_stride` bytes, padding filled
    /// with a value a scanner must never read (as camera buffers do).
    pub fn strided(&self, row_stride: usize) -> Vec<u8> {
        let mut plane = vec![0x5a; row_stride * (self.height - 1) + self.width];
        for (y, row) in self.pixels.chunks_exact(self.width).enumerate() {
            plane[y * row_stride..y * row_stride + self.width].copy_from_slice(row);
        }
        plane
    }

    pub fn to_gray_image(&self) -> image::GrayImage {
        image::GrayImage::from_raw(self.width as u32, self.height as u32, self.pixels.clone())
            .expect("sizes match")
    }

    pub fn encode(&self, format: image::ImageFormat) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.to_gray_image()
            .write_to(&mut out, format)
            .expect("encoding a generated frame");
        out.into_inner()
    }

    pub fn encode_jpeg(&self, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
        self.to_gray_image()
            .write_with_encoder(encoder)
            .expect("encoding a generated frame");
        out
    }
}

/// A frame with no code in it: smooth light, a few edges, and noise.
pub fn empty_scene(width: usize, height: usize, seed: u64) -> Frame {
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            let stripe = if (x / 40 + y / 60) % 2 == 0 {
                40.0
            } else {
                0.0
            };
            pixels.push((120.0 + stripe + (x as f64) * 0.05) as u8);
        }
    }
    Frame {
        width,
        height,
        pixels,
    }
    .with_noise(12.0, seed)
}
