//! Writes the QR fixtures the foreign-language binding tests scan, so no
//! image has to be committed: `cargo run -p twofold-ffi --example qr_fixtures -- DIR`.
//!
//! - `otpauth.png`: a clean QR code of `URI` (a screenshot).
//! - `otpauth-dark.png`: the same, light on dark (a dark-mode screenshot).
//! - `otpauth-frame.gray`: a raw 8-bit luma camera frame of 320x240 pixels
//!   with a row stride of 352 bytes (padding bytes set to 0x55), as CameraX
//!   delivers plane 0.
//! - `link.png`: a QR code of a web link (not an authenticator code).
//! - `bare-key.png`: a QR code holding only a Base32 key, in groups.

use image::GrayImage;
use std::path::PathBuf;
use twofold_test_support::qr;

/// The URI inside the otpauth fixtures.
const URI: &str =
    "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co";
const LINK: &str = "https://example.com/welcome";
/// The key inside `bare-key.png` (some sites encode just the key).
const BARE_KEY: &str = "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ";

fn render(text: &str, invert: bool) -> GrayImage {
    let (ink, paper) = if invert { (230u8, 25u8) } else { (0u8, 255u8) };
    let style = qr::Style {
        module_px: 4,
        quiet: 4,
        ink,
        paper,
    };
    qr::image(text, style)
}

fn frame(code: &GrayImage) -> Vec<u8> {
    let (width, height, stride) = (320u32, 240u32, 352u32);
    let mut plane = vec![0x55u8; (stride * height) as usize];
    let (ox, oy) = ((width - code.width()) / 2, (height - code.height()) / 2);
    for y in 0..height {
        for x in 0..width {
            let inside = x >= ox && y >= oy && x < ox + code.width() && y < oy + code.height();
            plane[(y * stride + x) as usize] = if inside {
                code.get_pixel(x - ox, y - oy)[0]
            } else {
                200
            };
        }
    }
    plane
}

fn main() -> Result<(), String> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: qr_fixtures DIR")?);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let clean = render(URI, false);
    clean
        .save(dir.join("otpauth.png"))
        .map_err(|e| e.to_string())?;
    render(URI, true)
        .save(dir.join("otpauth-dark.png"))
        .map_err(|e| e.to_string())?;
    render(LINK, false)
        .save(dir.join("link.png"))
        .map_err(|e| e.to_string())?;
    render(BARE_KEY, false)
        .save(dir.join("bare-key.png"))
        .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("otpauth-frame.gray"), frame(&clean)).map_err(|e| e.to_string())?;
    Ok(())
}
