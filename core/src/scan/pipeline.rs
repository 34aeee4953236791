//! Which attempts to make, in what order, on what size of image. rqrr's cost
//! grows with pixels, so each attempt works on a copy averaged down to a
//! working size; only the small-code attempt goes back to full resolution,
//! and only on a crop.

use super::bitmap::Bitmap;
use super::decode::{decode_bitmap, Detector};
use super::filters::{
    busiest_window, gaussian_blur, invert, local_mean_threshold, row_average_threshold, sharpen,
    upscale_2x,
};
use super::luma::{reduction_factor, Luma};
use zeroize::Zeroizing;

/// Longest side of the working copy. Camera frames up to 1280x720 are used
/// as they come; larger frames and photos are averaged down.
const WORK_MAX_SIDE: usize = 1280;

/// Frames at least this long on their shorter side also get a half-size
/// copy for the first, cheap attempts: rqrr's cost is roughly linear in
/// pixels, and a code that fills a fair part of a 720p frame still has 3-4
/// pixels per module at half size (the averaging also smooths noise).
const HALF_MIN_SIDE: usize = 600;

/// Images with a longest side below this are enlarged 2x (repeatedly) first.
const ENLARGE_BELOW: usize = 400;
/// Slivers narrower than this cannot hold a code: never enlarged.
const MIN_ENLARGE_SIDE: usize = 16;

/// One way of presenting the image to rqrr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attempt {
    /// rqrr's own row-wise threshold on the working copy.
    Plain,
    /// Light modules on a dark background (dark-mode screens).
    Inverted,
    /// Our 2-D local-mean threshold: uneven light, low contrast.
    LocalThreshold,
    /// Local threshold with dark and light swapped.
    InvertedLocalThreshold,
    /// Blurred first: sensor noise, moiré, JPEG blocks.
    Blurred,
    /// Blurred, then the local threshold.
    BlurredLocalThreshold,
    /// Sharpened first (unsharp mask): defocus blur.
    Sharpened,
    /// The busiest crop of the full-resolution image, upscaled 2x.
    SmallCode,
    /// The same crop, upscaled 2x, then the local threshold.
    SmallCodeLocalThreshold,
    /// rqrr's threshold on the smaller copy (see `Subject::half`; the
    /// working copy when there is none).
    HalfPlain,
    /// The smaller copy inverted.
    HalfInverted,
    /// Our local threshold on the smaller copy.
    HalfLocalThreshold,
}

/// Every attempt, for the tuning tool.
pub(crate) const ALL_ATTEMPTS: [Attempt; 12] = [
    Attempt::HalfPlain,
    Attempt::HalfLocalThreshold,
    Attempt::HalfInverted,
    Attempt::Plain,
    Attempt::LocalThreshold,
    Attempt::Inverted,
    Attempt::Blurred,
    Attempt::Sharpened,
    Attempt::BlurredLocalThreshold,
    Attempt::SmallCodeLocalThreshold,
    Attempt::SmallCode,
    Attempt::InvertedLocalThreshold,
];

/// On a still image every attempt is affordable: the user waits once.
/// Ordered by what each adds on the development images (camera-like frames
/// and real photos) for its cost. The half-size attempts come first: at a
/// quarter of the pixels they read most codes that fill a fair part of a
/// large frame (the local threshold more than rqrr's), and an inverted code
/// costs one more quarter-size try instead of four full ones. (On a small
/// image they try it as it came, before the enlarged working copy.)
pub(crate) const STILL_ORDER: [Attempt; 12] = [
    Attempt::HalfPlain,
    Attempt::HalfLocalThreshold,
    Attempt::HalfInverted,
    Attempt::Plain,
    Attempt::LocalThreshold,
    Attempt::Inverted,
    Attempt::SmallCode,
    Attempt::BlurredLocalThreshold,
    Attempt::SmallCodeLocalThreshold,
    Attempt::Blurred,
    Attempt::Sharpened,
    Attempt::InvertedLocalThreshold,
];

/// In the camera loop one attempt per frame, rotating: most live frames hold
/// no code, and the next frame comes in a few tens of milliseconds. Our
/// locator is cheap, so it runs on every frame; rqrr's slower detection
/// (which reads some codes with damaged finder patterns) on every other one.
/// The plain attempt, which reads most codes, comes round most often. (The
/// inverted local threshold read nothing the plain inversion missed: still
/// images only.)
pub(crate) const LIVE_ROTATION: [(Attempt, Detector); 8] = [
    (Attempt::Plain, Detector::Locator),
    (Attempt::LocalThreshold, Detector::Rqrr),
    (Attempt::Inverted, Detector::Locator),
    (Attempt::Blurred, Detector::Rqrr),
    (Attempt::Plain, Detector::Rqrr),
    (Attempt::Sharpened, Detector::Locator),
    (Attempt::BlurredLocalThreshold, Detector::Locator),
    (Attempt::SmallCodeLocalThreshold, Detector::Rqrr),
];

/// The image under scan: full resolution plus the working copy.
pub(crate) struct Subject {
    full: Luma,
    /// `None` when the full image is already small enough to work on.
    work: Option<Luma>,
    /// A smaller copy for the first, cheap attempts: the working copy
    /// averaged down 2x when it is large enough, or, for a small image the
    /// working copy enlarges, the image as it came (crisp module edges that
    /// the interpolation blurs).
    half: Option<Luma>,
}

impl Subject {
    pub(crate) fn new(full: Luma) -> Subject {
        let longest = full.width().max(full.height());
        let work = if longest < ENLARGE_BELOW && full.width().min(full.height()) >= MIN_ENLARGE_SIDE
        {
            // Small images (thumbnails, crops, low-resolution scans) give
            // rqrr too few pixels per module: enlarge them, cheaply.
            let mut enlarged = upscale_2x(&full);
            while enlarged.width().max(enlarged.height()) < ENLARGE_BELOW {
                enlarged = upscale_2x(&enlarged);
            }
            Some(enlarged)
        } else {
            let factor = reduction_factor(full.width(), full.height(), WORK_MAX_SIDE);
            (factor > 1).then(|| full.downscaled(factor))
        };
        let mut subject = Subject {
            full,
            work,
            half: None,
        };
        // Only for frames used as they come: a photo's working copy is
        // already averaged down, and its codes are rarely large enough to
        // survive another halving (none of the 12 MP ones did).
        let full = &subject.full;
        if subject.work.is_none() && full.width().min(full.height()) >= HALF_MIN_SIDE {
            subject.half = Some(full.downscaled(2));
        } else if subject
            .work
            .as_ref()
            .is_some_and(|w| w.width() > full.width())
        {
            subject.half = Some(full.clone());
        }
        subject
    }

    fn work(&self) -> &Luma {
        self.work.as_ref().unwrap_or(&self.full)
    }

    fn half(&self) -> &Luma {
        self.half.as_ref().unwrap_or_else(|| self.work())
    }

    /// The bitmap one attempt hands to the detectors.
    pub(crate) fn bitmap(&self, attempt: Attempt) -> Bitmap {
        let work = self.work();
        match attempt {
            Attempt::Plain => row_average_threshold(work),
            Attempt::Inverted => row_average_threshold(&invert(work)),
            Attempt::LocalThreshold => local_mean_threshold(work, false),
            Attempt::InvertedLocalThreshold => local_mean_threshold(work, true),
            Attempt::Blurred => row_average_threshold(&gaussian_blur(work)),
            Attempt::BlurredLocalThreshold => local_mean_threshold(&gaussian_blur(work), false),
            Attempt::Sharpened => row_average_threshold(&sharpen(work)),
            Attempt::HalfPlain => row_average_threshold(self.half()),
            Attempt::HalfInverted => row_average_threshold(&invert(self.half())),
            Attempt::HalfLocalThreshold => local_mean_threshold(self.half(), false),
            Attempt::SmallCode => row_average_threshold(&self.small_code_crop()),
            Attempt::SmallCodeLocalThreshold => {
                local_mean_threshold(&self.small_code_crop(), false)
            }
        }
    }

    /// The payloads one attempt reads with one detector.
    pub(crate) fn attempt(&self, attempt: Attempt, detector: Detector) -> Vec<Zeroizing<Vec<u8>>> {
        decode_bitmap(&self.bitmap(attempt), detector)
    }

    fn small_code_crop(&self) -> Luma {
        // A third of each side (at least 256 px): room for a small code at
        // an angle, and at twice the working resolution the crop still has
        // under half the working copy's pixels.
        let full = &self.full;
        let crop_width = (full.width() / 3).max(256).min(full.width());
        let crop_height = (full.height() / 3).max(256).min(full.height());
        // Search on the working copy (cheap), crop from the full image.
        let work = self.work();
        let scale = (full.width() / work.width().max(1)).max(1);
        let (x, y) = busiest_window(work, crop_width / scale, crop_height / scale);
        let crop = full.crop(x * scale, y * scale, crop_width, crop_height);
        // Aim for twice the working resolution: a large photo's crop is
        // averaged down to it, a camera frame's crop is upscaled to it.
        if scale >= 2 {
            crop.downscaled(scale / 2)
        } else {
            upscale_2x(&crop)
        }
    }

    /// Without a half-size copy the half-size attempts would repeat the
    /// working-copy ones that follow them.
    fn redundant(&self, attempt: Attempt) -> bool {
        self.half.is_none()
            && matches!(
                attempt,
                Attempt::HalfPlain | Attempt::HalfInverted | Attempt::HalfLocalThreshold
            )
    }

    /// Tries `attempts` in order with our locator, then (on the same
    /// bitmaps, kept from the first pass) with rqrr's detection; the payloads
    /// of the first that reads any. The locator is several times cheaper, so
    /// every bitmap gets it before any gets rqrr.
    pub(crate) fn first_read(&self, attempts: &[Attempt]) -> Vec<Zeroizing<Vec<u8>>> {
        let attempts: Vec<Attempt> = attempts
            .iter()
            .copied()
            .filter(|&a| !self.redundant(a))
            .collect();
        let mut bitmaps = Vec::with_capacity(attempts.len());
        for &attempt in &attempts {
            let bitmap = self.bitmap(attempt);
            let payloads = decode_bitmap(&bitmap, Detector::Locator);
            if !payloads.is_empty() {
                return payloads;
            }
            bitmaps.push(bitmap);
        }
        for bitmap in &bitmaps {
            let payloads = decode_bitmap(bitmap, Detector::Rqrr);
            if !payloads.is_empty() {
                return payloads;
            }
        }
        Vec::new()
    }
}
