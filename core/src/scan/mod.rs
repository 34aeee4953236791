//! The in-app QR scanner: camera frames (an 8-bit luminance plane with its
//! row stride) and still images (PNG, JPEG, WebP), decoded by rqrr behind a
//! pipeline of cheap attempts, judged by the otpauth parser, never panicking.
//!
//! - [`scan_image`] and [`scan_frame_with_every_attempt`] try every attempt once.
//! - [`Scanner`] is for the camera loop: one attempt per frame, rotating.
//! - [`decode_texts`] returns the raw text of any QR code (for the CLI).

mod alignment;
mod bitmap;
mod decode;
mod filters;
mod finder;
mod grid;
mod image_file;
mod image_format;
mod locate;
mod luma;
mod outcome;
mod perspective;
mod pipeline;
mod point;

pub use image_format::{image_format, ImageFormat, IMAGE_SIGNATURE_BYTES};
pub use outcome::ScanOutcome;

use luma::{check_plane, Luma};
use pipeline::{Subject, LIVE_ROTATION, STILL_ORDER};
use zeroize::Zeroizing;

/// Why a frame or an image could not be scanned at all (as opposed to
/// holding no code, which is [`ScanOutcome::Nothing`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("empty frame ({width}x{height})")]
    EmptyFrame { width: u32, height: u32 },
    #[error("frame too large ({width}x{height})")]
    FrameTooLarge { width: u32, height: u32 },
    #[error("row stride {row_stride} is shorter than the width {width}")]
    StrideTooSmall { width: u32, row_stride: u32 },
    #[error("frame buffer holds {actual} bytes, its geometry needs {needed}")]
    BufferTooShort { needed: u64, actual: u64 },
    #[error("cannot read the image: {reason}")]
    UnreadableImage { reason: String },
}

/// Scans a still image (PNG, JPEG or WebP) with every attempt.
pub fn scan_image(encoded: &[u8]) -> Result<ScanOutcome, ScanError> {
    Ok(judge(decode_texts(encoded)?))
}

/// The raw text of every QR code read in a still image (by the first attempt
/// that reads any), whatever it says.
pub fn decode_texts(encoded: &[u8]) -> Result<Vec<Zeroizing<String>>, ScanError> {
    let subject = Subject::new(image_file::decode_luma(encoded)?);
    Ok(texts(subject.first_read(&STILL_ORDER)))
}

/// Scans one camera frame with every attempt, slow but thorough (for a
/// frozen frame; the live loop uses [`Scanner::scan_with_next_attempt`]).
pub fn scan_frame_with_every_attempt(
    luma: &[u8],
    width: u32,
    height: u32,
    row_stride: u32,
) -> Result<ScanOutcome, ScanError> {
    let subject = Subject::new(frame_luma(luma, width, height, row_stride)?);
    Ok(judge(texts(subject.first_read(&STILL_ORDER))))
}

/// The camera-loop scanner: each frame gets one cheap attempt, and the
/// attempts rotate across frames, so a code that needs inversion or a local
/// threshold is read within a few frames while each frame stays fast.
#[derive(Debug, Default, Clone)]
pub struct Scanner {
    frames_seen: usize,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// Scans one frame with only the next attempt in the rotation, so each
    /// frame stays fast (unlike [`scan_frame_with_every_attempt`]).
    pub fn scan_with_next_attempt(
        &mut self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
    ) -> Result<ScanOutcome, ScanError> {
        let subject = Subject::new(frame_luma(luma, width, height, row_stride)?);
        let (attempt, detector) = LIVE_ROTATION[self.frames_seen % LIVE_ROTATION.len()];
        self.frames_seen = self.frames_seen.wrapping_add(1);
        Ok(judge(texts(subject.attempt(attempt, detector))))
    }
}

fn frame_luma(luma: &[u8], width: u32, height: u32, row_stride: u32) -> Result<Luma, ScanError> {
    check_plane(luma.len(), width, height, row_stride)?;
    Ok(Luma::from_plane(
        luma,
        width as usize,
        height as usize,
        row_stride as usize,
        1,
    ))
}

fn texts(payloads: Vec<Zeroizing<Vec<u8>>>) -> Vec<Zeroizing<String>> {
    payloads.iter().map(|p| decode::payload_text(p)).collect()
}

/// The most useful outcome among the texts read together: an authenticator
/// code wins over any other text.
fn judge(texts: Vec<Zeroizing<String>>) -> ScanOutcome {
    texts
        .iter()
        .map(|text| ScanOutcome::from_text(text))
        .max_by_key(ScanOutcome::rank)
        .unwrap_or(ScanOutcome::Nothing)
}

/// For the scanner's tuning tool (`examples/scan_attempts.rs`): each attempt
/// on its own. Not a stable API.
#[doc(hidden)]
pub mod tuning {
    use super::decode::Detector;
    use super::pipeline::{Attempt, Subject, ALL_ATTEMPTS};
    use super::{frame_luma, image_file, texts, ScanError};
    use zeroize::Zeroizing;

    pub struct Prepared(Subject);

    pub fn prepare(encoded: &[u8]) -> Result<Prepared, ScanError> {
        Ok(Prepared(Subject::new(image_file::decode_luma(encoded)?)))
    }

    /// A camera frame prepared the way `scan_frame` prepares it.
    pub fn prepare_frame(luma: &[u8], width: u32, height: u32) -> Result<Prepared, ScanError> {
        Ok(Prepared(Subject::new(frame_luma(
            luma, width, height, width,
        )?)))
    }

    /// How many of the attempts (the first ones) use our locator.
    pub fn locator_attempts() -> usize {
        ALL_ATTEMPTS.len()
    }

    /// Each attempt with each detector: `Plain/Locator`, `Plain/Rqrr`, …
    pub fn attempt_names() -> Vec<String> {
        combinations()
            .map(|(a, d)| format!("{a:?}/{d:?}"))
            .collect()
    }

    fn combinations() -> impl Iterator<Item = (Attempt, Detector)> {
        [Detector::Locator, Detector::Rqrr]
            .into_iter()
            .flat_map(|d| ALL_ATTEMPTS.iter().map(move |&a| (a, d)))
    }

    impl Prepared {
        pub fn attempt(&self, index: usize) -> Vec<Zeroizing<String>> {
            combinations()
                .nth(index)
                .map(|(a, d)| texts(self.0.attempt(a, d)))
                .unwrap_or_default()
        }
    }
}
