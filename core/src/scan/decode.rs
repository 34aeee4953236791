//! From a bitmap to payloads: codes found by our locator or by rqrr's own
//! detection, decoded by rqrr, and never a panic inside rqrr let out.

use super::bitmap::Bitmap;
use super::locate::for_each_grid;
use rqrr::{BitGrid, Grid, PreparedImage};
use std::panic::{catch_unwind, AssertUnwindSafe};
use zeroize::Zeroizing;

/// rqrr needs room for at least a version-1 code (21 modules).
const MIN_SIDE: usize = 21;

/// Width of the light frame added around every bitmap handed to rqrr.
const QUIET: usize = 8;

/// Who finds the codes in a bitmap; rqrr decodes them either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detector {
    /// Our finder-pattern locator (see `locate`): fast, follows perspective
    /// and bent paper.
    Locator,
    /// rqrr's own flood-fill detection: slower, but reads some codes whose
    /// finder patterns are too damaged for run-length matching.
    Rqrr,
}

/// The raw payloads of every code `detector` finds and rqrr decodes in
/// `bitmap`.
pub(crate) fn decode_bitmap(bitmap: &Bitmap, detector: Detector) -> Vec<Zeroizing<Vec<u8>>> {
    if bitmap.width < MIN_SIDE || bitmap.height < MIN_SIDE {
        return Vec::new();
    }
    match detector {
        // Our own code is written not to panic; the fuzz target runs it
        // unguarded so that a panic in it is found rather than hidden.
        Detector::Locator if cfg!(fuzzing) => read_located(bitmap),
        Detector::Locator => guarded(|| read_located(bitmap)),
        Detector::Rqrr => guarded(|| read_with_rqrr(bitmap)),
    }
}

fn read_with_rqrr(bitmap: &Bitmap) -> Vec<Zeroizing<Vec<u8>>> {
    let (width, height) = (bitmap.width, bitmap.height);
    // rqrr asks for the pixels in row order, once each. A light frame of
    // QUIET pixels all round gives codes cut off by the image edge the light
    // run before their finder patterns that rqrr's scan expects.
    let mut dark = bitmap.dark.iter();
    let inside = |x: usize, y: usize| {
        (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + height).contains(&y)
    };
    let mut prepared =
        PreparedImage::prepare_from_bitmap(width + 2 * QUIET, height + 2 * QUIET, |x, y| {
            inside(x, y) && dark.next().copied().unwrap_or(false)
        });
    read_grids(prepared.detect_grids())
}

/// Our own detection (finder patterns by run length, see `locate`), rqrr's
/// decoder.
fn read_located(bitmap: &Bitmap) -> Vec<Zeroizing<Vec<u8>>> {
    let mut payloads = Vec::new();
    for_each_grid(bitmap, |grid| {
        if !grid.format_readable() {
            return false;
        }
        let decoded = guarded(|| {
            let mut payload = Zeroizing::new(Vec::new());
            match Grid::new(grid).decode_to(&mut *payload) {
                Ok(_) => vec![payload],
                Err(_) => Vec::new(),
            }
        });
        let read = !decoded.is_empty();
        payloads.extend(decoded);
        read
    });
    payloads
}

fn read_grids<G: BitGrid>(grids: Vec<Grid<G>>) -> Vec<Zeroizing<Vec<u8>>> {
    grids
        .iter()
        .filter_map(|grid| {
            let mut payload = Zeroizing::new(Vec::new());
            grid.decode_to(&mut *payload).ok().map(|_| payload)
        })
        .collect()
}

/// Runs one rqrr call; a panic inside it counts as "no code found". The
/// known one is a degenerate perspective in rqrr's `detect_grids` (see
/// tests/scan_rqrr_panic.rs); grids from our locator never go through it.
fn guarded(call: impl FnOnce() -> Vec<Zeroizing<Vec<u8>>>) -> Vec<Zeroizing<Vec<u8>>> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_default()
}

/// A payload as text: UTF-8 when it is, else each byte as Latin-1 (rqrr
/// hands Shift_JIS and ISO-8859-1 byte segments through unconverted).
pub(crate) fn payload_text(payload: &[u8]) -> Zeroizing<String> {
    match std::str::from_utf8(payload) {
        Ok(text) => Zeroizing::new(text.to_string()),
        Err(_) => Zeroizing::new(payload.iter().map(|&b| char::from(b)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::filters::row_average_threshold;
    use crate::scan::luma::Luma;

    #[test]
    fn a_code_without_its_quiet_zone_is_read() {
        // A screenshot cropped tight to the code: dark modules on the edge.
        let text = "otpauth://totp/Edge:me?secret=JBSWY3DPEHPK3PXP";
        let style = twofold_test_support::qr::Style {
            module_px: 4,
            quiet: 0,
            ..twofold_test_support::qr::Style::PLAIN
        };
        let image = twofold_test_support::qr::image(text, style);
        let side = image.width() as usize;
        let pixels = image.into_raw();
        let luma = Luma::new(side, side, pixels).expect("sizes match");
        let bitmap = row_average_threshold(&luma);
        for detector in [Detector::Locator, Detector::Rqrr] {
            let payloads = decode_bitmap(&bitmap, detector);
            assert_eq!(payloads.len(), 1, "{detector:?}");
            assert_eq!(&payloads[0][..], text.as_bytes());
        }
    }
}
