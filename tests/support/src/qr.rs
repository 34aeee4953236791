//! QR codes drawn from known texts (no image is committed).

use image::{GrayImage, Luma};
use std::path::Path;

/// The modules of `text` as a QR code (true = dark), with its side length.
///
/// Panics if `text` does not fit in a QR code: the tests choose their texts.
pub fn modules(text: &str) -> (Vec<bool>, usize) {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("test text fits in a QR code");
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    (dark, code.width())
}

/// How a code is drawn: pixels per module, quiet zone in modules, and the
/// grey of dark modules (`ink`) and of the background (`paper`).
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Pixels per module.
    pub module_px: u32,
    /// Width of the light border, in modules.
    pub quiet: u32,
    /// Grey level of dark modules.
    pub ink: u8,
    /// Grey level of the background.
    pub paper: u8,
}

impl Style {
    /// Black on white, 6 px per module, the standard 4-module quiet zone.
    pub const PLAIN: Style = Style {
        module_px: 6,
        quiet: 4,
        ink: 0,
        paper: 255,
    };
}

/// `text` as a QR code image drawn in `style`.
pub fn image(text: &str, style: Style) -> GrayImage {
    let (dark, side) = modules(text);
    let side = u32::try_from(side).expect("a QR code is at most 177 modules wide");
    let Style {
        module_px,
        quiet,
        ink,
        paper,
    } = style;
    let pixels = (side + 2 * quiet) * module_px;
    GrayImage::from_fn(pixels, pixels, |x, y| {
        let (u, v) = (x / module_px, y / module_px);
        let inside = (quiet..quiet + side).contains(&u) && (quiet..quiet + side).contains(&v);
        let is_dark = inside && dark[((v - quiet) * side + (u - quiet)) as usize];
        Luma([if is_dark { ink } else { paper }])
    })
}

/// Writes `text` as a plain black-on-white QR code PNG to `path`.
pub fn write_png(path: &Path, text: &str) {
    image(text, Style::PLAIN)
        .save(path)
        .expect("writing the test image");
}

/// `text` as a QR code PNG file's bytes, drawn in `style`.
pub fn png_bytes(text: &str, style: Style) -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image(text, style)
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("PNG encoding");
    png.into_inner()
}
