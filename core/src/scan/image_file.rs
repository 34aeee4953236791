//! Encoded still images (PNG, JPEG, WebP) to luminance, within memory limits
//! that keep a 12-megapixel photo well under 150 MB.

use super::luma::{Luma, MAX_PIXELS};
use super::ScanError;
use std::io::Cursor;

/// Decoder allocations allowed for one image: a 12 MP RGB photo needs 36 MB.
const MAX_DECODE_BYTES: u64 = 200 * 1024 * 1024;

/// Decodes `encoded` and converts it to luminance (alpha composed on white,
/// so transparent screenshots keep their light background).
pub(crate) fn decode_luma(encoded: &[u8]) -> Result<Luma, ScanError> {
    let mut reader = image::ImageReader::new(Cursor::new(encoded))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| unreadable(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::FrameTooLarge { width, height });
    }
    let mut reader = image::ImageReader::new(Cursor::new(encoded))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| unreadable(e.to_string()))?;
    let luma = if decoded.color().has_alpha() {
        on_white(decoded.into_luma_alpha8())
    } else {
        decoded.into_luma8()
    };
    let (width, height) = (luma.width() as usize, luma.height() as usize);
    Luma::new(width, height, luma.into_raw()).ok_or_else(|| unreadable("inconsistent image size"))
}

fn on_white(image: image::GrayAlphaImage) -> image::GrayImage {
    let (width, height) = image.dimensions();
    let pixels = image
        .into_raw()
        .chunks_exact(2)
        .map(|pair| {
            let (value, alpha) = (u32::from(pair[0]), u32::from(pair[1]));
            ((value * alpha + 255 * (255 - alpha) + 127) / 255) as u8
        })
        .collect();
    image::GrayImage::from_raw(width, height, pixels).unwrap_or_default()
}

fn unreadable(reason: impl ToString) -> ScanError {
    ScanError::UnreadableImage {
        reason: reason.to_string(),
    }
}
