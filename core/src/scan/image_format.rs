//! Which encoded image formats the scanner reads, told from their first
//! bytes, so an app knows whether to hand a file over as it is or convert it
//! (a HEIC photo to JPEG) first.

/// An image format [`super::scan_image`] decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
}

/// How many leading bytes [`image_format`] looks at: an app may pass just these.
pub const IMAGE_SIGNATURE_BYTES: usize = 12;

/// The format of `encoded` from its signature (its first
/// [`IMAGE_SIGNATURE_BYTES`] bytes suffice), or `None` for anything the
/// scanner does not read (HEIC, GIF, text…).
pub fn image_format(encoded: &[u8]) -> Option<ImageFormat> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xFF\xD8\xFF";
    if encoded.starts_with(PNG) {
        Some(ImageFormat::Png)
    } else if encoded.starts_with(JPEG) {
        Some(ImageFormat::Jpeg)
    } else if encoded.len() >= IMAGE_SIGNATURE_BYTES
        && encoded.starts_with(b"RIFF")
        && &encoded[8..12] == b"WEBP"
    {
        Some(ImageFormat::Webp)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_of_each_format() {
        assert_eq!(
            image_format(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(ImageFormat::Png)
        );
        assert_eq!(image_format(b"\xFF\xD8\xFF\xE0"), Some(ImageFormat::Jpeg));
        assert_eq!(
            image_format(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        // HEIC (an ISO base media "ftyp" box), RIFF audio, truncated and empty input.
        assert_eq!(image_format(b"\0\0\0\x18ftypheic"), None);
        assert_eq!(image_format(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(image_format(b"RIFF\x24\0\0\0WEB"), None);
        assert_eq!(image_format(b"\x89PNG"), None);
        assert_eq!(image_format(b""), None);
    }

    #[test]
    fn every_format_it_names_is_one_the_scanner_decodes() {
        // A real WebP (1x1, lossless) reaches the decoder instead of being refused.
        let webp: &[u8] =
            b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";
        assert_eq!(image_format(webp), Some(ImageFormat::Webp));
        assert!(matches!(
            super::super::scan_image(webp),
            Ok(super::super::ScanOutcome::Nothing)
        ));
    }
}
