//! Renders the setup QR code as a black-on-white PNG with a quiet zone, the
//! way a website shows it.

use qrcode::{Color, QrCode};

const MODULE_PIXELS: usize = 6;
const QUIET_ZONE_MODULES: usize = 4;

pub fn render_png(text: &str) -> Vec<u8> {
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        return Vec::new();
    };
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (
                index % modules + QUIET_ZONE_MODULES,
                index / modules + QUIET_ZONE_MODULES,
            );
            for y in my * MODULE_PIXELS..(my + 1) * MODULE_PIXELS {
                pixels[y * side + mx * MODULE_PIXELS..y * side + (mx + 1) * MODULE_PIXELS].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels));
    if written.is_err() {
        return Vec::new();
    }
    out
}
