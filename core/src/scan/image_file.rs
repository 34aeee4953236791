//! Encoded still images (PNG, JPEG, WebP) to luminance, within memory limits
//! that keep a 12-megapixel photo well under 150 MB.

use super::luma::{Luma, MAX_PIXELS, MAX_SIDE};
use super::ScanError;
use image::ImageDecoder;
use std::io::Cursor;
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

/// Decoder allocations allowed for one image: a 12 MP RGB photo needs 36 MB.
const MAX_DECODE_BYTES: u64 = 200 * 1024 * 1024;

/// Decodes `encoded` and converts it to luminance (alpha composed on white,
/// so transparent screenshots keep their light background).
pub(crate) fn decode_luma(encoded: &[u8]) -> Result<Luma, ScanError> {
    if let Some(luma) = jpeg_luma(encoded) {
        return Ok(luma);
    }
    // One decoder: its header gives the size, checked before any pixel is
    // decoded; the limits bound what the decoder itself may allocate.
    let mut reader = image::ImageReader::new(Cursor::new(encoded))
        .with_guessed_format()
        .map_err(|e| unreadable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::FrameTooLarge { width, height });
    }
    let decoded =
        image::DynamicImage::from_decoder(decoder).map_err(|e| unreadable(e.to_string()))?;
    let luma = if decoded.color().has_alpha() {
        on_white(decoded.into_luma_alpha8())
    } else {
        decoded.into_luma8()
    };
    let (width, height) = (luma.width() as usize, luma.height() as usize);
    Luma::new(width, height, luma.into_raw()).ok_or_else(|| unreadable("inconsistent image size"))
}

/// A YCbCr or greyscale JPEG decoded straight to its luminance plane: what
/// image's decoder does, minus the chroma upsampling, the 3-byte-per-pixel
/// RGB buffer and the conversion pass back to grey (most of the time a
/// 12 MP photo spent before any scanning). `None` for anything else (not a
/// JPEG, CMYK, too large, damaged, a decoder panic): the general path then
/// decodes it, or reports why it cannot.
fn jpeg_luma(encoded: &[u8]) -> Option<Luma> {
    if !encoded.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    std::panic::catch_unwind(|| {
        let options = DecoderOptions::default()
            .set_strict_mode(false)
            .set_max_width(MAX_SIDE as usize)
            .set_max_height(MAX_SIDE as usize)
            .jpeg_set_out_colorspace(ColorSpace::Luma);
        let mut decoder = JpegDecoder::new_with_options(ZCursor::new(encoded), options);
        decoder.decode_headers().ok()?;
        let (width, height) = decoder.dimensions()?;
        if width as u64 * height as u64 > MAX_PIXELS
            || !matches!(
                decoder.input_colorspace()?,
                ColorSpace::YCbCr | ColorSpace::Luma
            )
        {
            return None;
        }
        Luma::new(width, height, decoder.decode().ok()?)
    })
    .ok()
    .flatten()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_fast_path_matches_the_general_decoder() {
        // Grey content with detail in an RGB (so YCbCr) JPEG: image's RGB to
        // luma weights differ from JPEG's Y, but not on grey pixels.
        let (w, h) = (97u32, 61u32);
        let rgb = image::RgbImage::from_fn(w, h, |x, y| {
            let v = ((x * 2 + (x * y) % 64) % 256) as u8;
            image::Rgb([v, v, v])
        });
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(rgb)
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .expect("encode");
        let fast = jpeg_luma(&jpeg).expect("fast path taken");
        let general = image::load_from_memory(&jpeg).expect("decode").into_luma8();
        assert_eq!((fast.width(), fast.height()), (w as usize, h as usize));
        for (a, b) in fast.pixels().iter().zip(general.as_raw()) {
            assert!(a.abs_diff(*b) <= 3, "{a} vs {b}");
        }
        // Not a JPEG, or a damaged one: left to the general path.
        assert!(jpeg_luma(b"\x89PNG\r\n").is_none());
        assert!(jpeg_luma(&jpeg[..20]).is_none());
    }
}
