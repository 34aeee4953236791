//! Alignment patterns, the 5x5 squares (dark ring, light ring, dark centre)
//! that versions 2 and up carry: where the standard puts them in the module
//! grid, and how one is recognised in the image near where it is expected.

use super::bitmap::Bitmap;
use super::point::Point;

/// Module-grid positions of the alignment pattern centres of a code with
/// `dimension` modules (ISO/IEC 18004 Annex E): 6, then evenly spaced (an
/// even step) back from `dimension - 7`.
pub(crate) fn alignment_positions(dimension: usize) -> Vec<usize> {
    let version = (dimension.saturating_sub(17)) / 4;
    if version < 2 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut positions: Vec<usize> = (0..count - 1).map(|i| dimension - 7 - i * step).collect();
    positions.push(6);
    positions.reverse();
    positions
}

/// The alignment pattern centre nearest `estimate` within `reach` pixels.
pub(crate) fn alignment_near(
    bitmap: &Bitmap,
    estimate: Point,
    module: f64,
    reach: f64,
) -> Option<Point> {
    let clamp = |v: f64, max: usize| v.max(0.0).min(max.saturating_sub(1) as f64) as usize;
    let (left, right) = (
        clamp(estimate.x - reach, bitmap.width),
        clamp(estimate.x + reach, bitmap.width),
    );
    let (top, bottom) = (
        clamp(estimate.y - reach, bitmap.height),
        clamp(estimate.y + reach, bitmap.height),
    );
    if right <= left + 3 || bottom <= top + 3 {
        return None;
    }
    let fits = |run: usize| (run as f64 - module).abs() <= module * 0.7 + 0.5;
    let mut best: Option<(f64, Point)> = None;
    for y in top..=bottom {
        // Runs along the row inside the window: light, dark, light.
        let mut x = left;
        while x <= right {
            let start = x;
            let dark = bitmap.is_dark(x, y);
            while x <= right && bitmap.is_dark(x, y) == dark {
                x += 1;
            }
            if !dark || start == left || x > right {
                continue;
            }
            let run = x - start;
            let before = light_run(bitmap, start, y, -1);
            let after = light_run(bitmap, x - 1, y, 1);
            if !(fits(run) && fits(before) && fits(after)) {
                continue;
            }
            let centre_x = start as f64 + run as f64 / 2.0;
            let Some(centre_y) = alignment_column(bitmap, centre_x as usize, y, &fits) else {
                continue;
            };
            let candidate = Point {
                x: centre_x,
                y: centre_y,
            };
            let distance = candidate.distance(estimate);
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, candidate));
            }
        }
    }
    best.map(|(_, point)| point)
}

/// Length of the light run next to `(x, y)` in direction `step` (±1).
fn light_run(bitmap: &Bitmap, x: usize, y: usize, step: isize) -> usize {
    let mut run = 0;
    let mut i = x as isize + step;
    while i >= 0 && (i as usize) < bitmap.width && !bitmap.is_dark(i as usize, y) {
        run += 1;
        i += step;
    }
    run
}

/// The column check for an alignment candidate: the dark centre run through
/// `(x, y)` fits a module and has light runs of a module above and below.
/// The centre's y.
fn alignment_column(
    bitmap: &Bitmap,
    x: usize,
    y: usize,
    fits: &dyn Fn(usize) -> bool,
) -> Option<f64> {
    let dark = |row: isize| row >= 0 && bitmap.is_dark(x, row as usize);
    let mut top = y as isize;
    while dark(top - 1) {
        top -= 1;
    }
    let mut bottom = y as isize;
    while dark(bottom + 1) {
        bottom += 1;
    }
    let run = (bottom - top + 1) as usize;
    let light = |from: isize, step: isize| {
        let mut n = 0;
        let mut row = from + step;
        while row >= 0 && (row as usize) < bitmap.height && !dark(row) {
            n += 1;
            row += step;
        }
        n
    };
    (fits(run) && fits(light(top, -1)) && fits(light(bottom, 1)))
        .then(|| top as f64 + run as f64 / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_positions_follow_the_standard_table() {
        assert_eq!(alignment_positions(21), Vec::<usize>::new());
        assert_eq!(alignment_positions(25), vec![6, 18]);
        assert_eq!(alignment_positions(45), vec![6, 22, 38]);
        assert_eq!(alignment_positions(145), vec![6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(177), vec![6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn an_alignment_pattern_is_found_near_its_estimate() {
        // A 5x5 alignment pattern at 4 px per module, centred at (30, 30),
        // in a light field.
        let rows = ["#####", "#...#", "#.#.#", "#...#", "#####"];
        let (side, scale, origin) = (60, 4, 20);
        let dark = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                let inside = (origin..origin + 5 * scale).contains(&x)
                    && (origin..origin + 5 * scale).contains(&y);
                inside && rows[(y - origin) / scale].as_bytes()[(x - origin) / scale] == b'#'
            })
            .collect();
        let bitmap = Bitmap {
            width: side,
            height: side,
            dark,
        };
        let estimate = Point { x: 26.0, y: 33.0 };
        let found = alignment_near(&bitmap, estimate, 4.0, 16.0).expect("found");
        assert!(
            (found.x - 30.0).abs() < 1.0 && (found.y - 30.0).abs() < 1.0,
            "{found:?}"
        );
        assert!(alignment_near(&bitmap, Point { x: 50.0, y: 50.0 }, 4.0, 6.0).is_none());
    }
}
