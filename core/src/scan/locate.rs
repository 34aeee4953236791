//! From finder patterns to module grids: pick three patterns that can be the
//! corners of one code, measure its module size and dimension, look for the
//! alignment pattern near the fourth corner (see `alignment`), and sample
//! every module through the perspective transform (see `grid`). rqrr then
//! decodes the grid (format, error correction, payload); this replaces only
//! its detection, which is where its time went and where photos defeated it.

use super::alignment::{alignment_near, alignment_positions};
use super::bitmap::Bitmap;
use super::finder::{find_finder_patterns, FinderPattern};
use super::grid::{sample, SampledGrid};
use super::perspective::Perspective;
use super::point::Point;

/// Finder patterns considered (most confirmed first): a frame rarely holds
/// more than two codes, and the rest are false candidates.
const MAX_PATTERNS: usize = 12;
/// Triples tried per bitmap: each costs a sampling and a decode.
const MAX_TRIPLES: usize = 12;
/// The dimensions QR codes have: 21 (version 1) to 177 (version 40).
const MIN_DIMENSION: usize = 21;
const MAX_DIMENSION: usize = 177;

/// A code's three finder pattern centres, named by corner.
#[derive(Clone, Copy, Debug)]
struct Corners {
    top_left: Point,
    top_right: Point,
    bottom_left: Point,
}

impl Corners {
    /// Where a fourth finder centre would be if the code were a
    /// parallelogram in the image (no perspective).
    fn fourth_corner(&self) -> Point {
        Point {
            x: self.top_right.x - self.top_left.x + self.bottom_left.x,
            y: self.top_right.y - self.top_left.y + self.bottom_left.y,
        }
    }
}

/// The centre of a finder pattern.
fn centre(pattern: &FinderPattern) -> Point {
    Point::new(f64::from(pattern.x), f64::from(pattern.y))
}

/// Candidate module grids for the codes in `bitmap`, most plausible first.
/// `read` is called on each until it returns `true` for a grid, after which
/// triples sharing a finder pattern with that grid are skipped.
pub(crate) fn for_each_grid(bitmap: &Bitmap, mut read: impl FnMut(SampledGrid) -> bool) {
    let mut patterns = find_finder_patterns(bitmap);
    patterns.truncate(MAX_PATTERNS);
    let mut used = vec![false; patterns.len()];
    for (_, [a, b, c]) in ranked_triples(&patterns).into_iter().take(MAX_TRIPLES) {
        if used[a] || used[b] || used[c] {
            continue;
        }
        let corners = orient(&patterns[a], &patterns[b], &patterns[c]);
        if grids(bitmap, &corners).any(&mut read) {
            used[a] = true;
            used[b] = true;
            used[c] = true;
        }
    }
}

/// Triples of pattern indices that could be one code's corners, best first
/// (scored by how far they are from a right isosceles triangle of equal
/// module sizes).
fn ranked_triples(patterns: &[FinderPattern]) -> Vec<(f64, [usize; 3])> {
    let mut triples = Vec::new();
    let n = patterns.len();
    for a in 0..n {
        for b in a + 1..n {
            for c in b + 1..n {
                if let Some(score) = triple_score(&patterns[a], &patterns[b], &patterns[c]) {
                    triples.push((score, [a, b, c]));
                }
            }
        }
    }
    triples.sort_by(|x, y| x.0.total_cmp(&y.0));
    triples
}

fn triple_score(a: &FinderPattern, b: &FinderPattern, c: &FinderPattern) -> Option<f64> {
    let modules = [a.module, b.module, c.module].map(f64::from);
    let smallest = modules.iter().copied().fold(f64::INFINITY, f64::min);
    let largest = modules.iter().copied().fold(0.0, f64::max);
    // Perspective makes near corners larger, but not twice as large.
    if smallest <= 0.0 || largest / smallest > 2.0 {
        return None;
    }
    let module = modules.iter().sum::<f64>() / 3.0;
    let corners = orient(a, b, c);
    let top = corners.top_left.distance(corners.top_right);
    let left = corners.top_left.distance(corners.bottom_left);
    let (short, long) = (top.min(left), top.max(left));
    // Centres are at least 14 modules apart (version 1) and at most 170
    // (version 40); the module size from the runs can be off by up to √2
    // for a code at 45°, hence the slack.
    if short < 10.0 * module || long > 180.0 * module * 1.5 || long > 2.0 * short {
        return None;
    }
    let cosine = {
        let (ux, uy) = (
            corners.top_right.x - corners.top_left.x,
            corners.top_right.y - corners.top_left.y,
        );
        let (vx, vy) = (
            corners.bottom_left.x - corners.top_left.x,
            corners.bottom_left.y - corners.top_left.y,
        );
        (ux * vx + uy * vy) / (top * left)
    };
    // 65° to 115° at the top-left corner: perspective bends the right angle.
    if cosine.abs() > 0.42 {
        return None;
    }
    Some(cosine.abs() + (long / short - 1.0) + (largest - smallest) / module)
}

/// Names the corners: the top-left pattern is the one at the right angle
/// (opposite the longest side); top-right and bottom-left follow from the
/// turn direction (the image's y axis points down).
fn orient(a: &FinderPattern, b: &FinderPattern, c: &FinderPattern) -> Corners {
    let (a, b, c) = (centre(a), centre(b), centre(c));
    let (ab, bc, ac) = (a.distance(b), b.distance(c), a.distance(c));
    // `corner` is opposite the longest side.
    let (corner, p, q) = if bc >= ab && bc >= ac {
        (a, b, c)
    } else if ac >= ab && ac >= bc {
        (b, a, c)
    } else {
        (c, a, b)
    };
    let turn = (q.x - corner.x) * (p.y - corner.y) - (q.y - corner.y) * (p.x - corner.x);
    let (top_right, bottom_left) = if turn < 0.0 { (p, q) } else { (q, p) };
    Corners {
        top_left: corner,
        top_right,
        bottom_left,
    }
}

/// The grids worth decoding for one triple: at the estimated dimension and
/// its neighbours, each through the alignment pattern when one is found and
/// through the parallelogram's fourth corner otherwise.
fn grids<'a>(bitmap: &'a Bitmap, corners: &'a Corners) -> impl Iterator<Item = SampledGrid> + 'a {
    let module = module_size(bitmap, corners);
    let dimensions = module.map(|m| candidate_dimensions(corners, m));
    dimensions.into_iter().flatten().flat_map(move |dimension| {
        let alignment = module.and_then(|m| find_alignment(bitmap, corners, dimension, m));
        let aligned = alignment.and_then(|a| corner_transform(corners, dimension, Some(a)));
        let plain = move || corner_transform(corners, dimension, None);
        let piecewise = move || {
            let base = aligned.or_else(plain)?;
            let pieces = Piecewise::new(bitmap, dimension, module?, &base)?;
            sample(bitmap, dimension, |module| pieces.map(module))
        };
        let single =
            move |t: Option<Perspective>| sample(bitmap, dimension, |module| t?.map(module));
        std::iter::once_with(move || single(aligned))
            .chain(std::iter::once_with(piecewise))
            .chain(std::iter::once_with(move || single(plain())))
            .flatten()
    })
}

/// The module size measured along the code's own axes: from each centre
/// towards the next, the dark-light-dark run out to the finder pattern's
/// edge is 3.5 modules, so both ways make 7. Unlike the row and column runs,
/// this does not grow when the code is rotated.
fn module_size(bitmap: &Bitmap, corners: &Corners) -> Option<f64> {
    let along = |from: Point, to: Point| {
        let forward = run_to_edge(bitmap, from, to)?;
        let backward = run_to_edge(
            bitmap,
            from,
            Point {
                x: 2.0 * from.x - to.x,
                y: 2.0 * from.y - to.y,
            },
        )?;
        Some((forward + backward) / 7.0)
    };
    let sizes = [
        along(corners.top_left, corners.top_right),
        along(corners.top_right, corners.top_left),
        along(corners.top_left, corners.bottom_left),
        along(corners.bottom_left, corners.top_left),
    ];
    let measured: Vec<f64> = sizes.into_iter().flatten().collect();
    if measured.is_empty() {
        return None;
    }
    let size = measured.iter().sum::<f64>() / measured.len() as f64;
    (size >= 1.0).then_some(size)
}

/// Pixels from `from` (a finder centre) towards `to` until the end of the
/// second dark run: the centre square, the light ring, the dark ring. Runs
/// off the image count as ending at its edge.
fn run_to_edge(bitmap: &Bitmap, from: Point, to: Point) -> Option<f64> {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let steps = dx.abs().max(dy.abs());
    if steps < 1.0 {
        return None;
    }
    let (sx, sy) = (dx / steps, dy / steps);
    let step_length = sx.hypot(sy);
    let mut state = 0; // 0: centre (dark), 1: light ring, 2: dark ring
    let limit = steps as usize;
    for i in 0..=limit {
        let (x, y) = (from.x + sx * i as f64, from.y + sy * i as f64);
        if x < 0.0 || y < 0.0 || x >= bitmap.width as f64 || y >= bitmap.height as f64 {
            return (state == 2).then_some(i as f64 * step_length);
        }
        let dark = bitmap.is_dark(x as usize, y as usize);
        let want_dark = state != 1;
        if dark != want_dark {
            state += 1;
            if state == 3 {
                return Some(i as f64 * step_length);
            }
        }
    }
    None
}

/// Dimensions to try, nearest to the measured one first. A code's side is
/// 17 + 4 × version modules; its finder centres are 7 modules in from
/// opposite sides.
fn candidate_dimensions(corners: &Corners, module: f64) -> Vec<usize> {
    let top = corners.top_left.distance(corners.top_right) / module;
    let left = corners.top_left.distance(corners.bottom_left) / module;
    let measured = (top + left) / 2.0 + 7.0;
    let mut valid: Vec<usize> = (MIN_DIMENSION..=MAX_DIMENSION)
        .step_by(4)
        .filter(|&d| (d as f64 - measured).abs() <= 4.5)
        .collect();
    valid.sort_by(|a, b| {
        (*a as f64 - measured)
            .abs()
            .total_cmp(&(*b as f64 - measured).abs())
    });
    valid.truncate(2);
    valid
}

/// The bottom-right alignment pattern (versions 2 and up): a dark module in
/// a light ring in a dark ring, 1:1:1:1:1 across, searched for in a growing
/// window around where the finder patterns put it.
fn find_alignment(
    bitmap: &Bitmap,
    corners: &Corners,
    dimension: usize,
    module: f64,
) -> Option<Point> {
    if dimension < 25 {
        return None;
    }
    let top_left = corners.top_left;
    let bottom_right = corners.fourth_corner();
    // Its centre is 3 modules in from the fourth finder centre's position.
    let between = (dimension - 7) as f64;
    let along = 1.0 - 3.0 / between;
    let estimate = Point {
        x: top_left.x + along * (bottom_right.x - top_left.x),
        y: top_left.y + along * (bottom_right.y - top_left.y),
    };
    [4.0, 8.0, 16.0]
        .into_iter()
        .find_map(|allowance| alignment_near(bitmap, estimate, module, allowance * module))
}

/// The transform from module coordinates to the image fixed by the finder
/// centres (3.5 modules in from their sides) and either the alignment
/// pattern (3 modules further in than a fourth finder centre would be) or
/// the parallelogram's fourth corner.
fn corner_transform(
    corners: &Corners,
    dimension: usize,
    alignment: Option<Point>,
) -> Option<Perspective> {
    let far = dimension as f64 - 3.5;
    let (source_corner, image_corner) = match alignment {
        Some(point) => (far - 3.0, point),
        None => (far, corners.fourth_corner()),
    };
    Perspective::between(
        [
            Point::new(3.5, 3.5),
            Point::new(far, 3.5),
            Point::new(source_corner, source_corner),
            Point::new(3.5, far),
        ],
        [
            corners.top_left,
            corners.top_right,
            image_corner,
            corners.bottom_left,
        ],
    )
}

/// For larger codes on paper that bends: every alignment pattern is looked
/// for where `base` puts it, and each cell between four neighbouring
/// alignment centres gets its own transform, so a curve across the code is
/// followed piece by piece (what ZXing-C++ does from version 7 on).
struct Piecewise {
    /// Module coordinates of the alignment centres, along either axis.
    centres: Vec<f64>,
    /// One transform per cell, row by row.
    cells: Vec<Perspective>,
}

impl Piecewise {
    fn new(
        bitmap: &Bitmap,
        dimension: usize,
        module: f64,
        base: &Perspective,
    ) -> Option<Piecewise> {
        let centres: Vec<f64> = alignment_positions(dimension)
            .into_iter()
            .map(|p| p as f64 + 0.5)
            .collect();
        let n = centres.len();
        if n < 3 {
            return None;
        }
        let mut points = Vec::with_capacity(n * n);
        for (j, &v) in centres.iter().enumerate() {
            for (i, &u) in centres.iter().enumerate() {
                let predicted = base.map(Point::new(u, v))?;
                // The three corners next to the finder patterns have none.
                let in_finder_corner = [(0, 0), (n - 1, 0), (0, n - 1)].contains(&(i, j));
                let found = if in_finder_corner {
                    None
                } else {
                    alignment_near(bitmap, predicted, module, 2.0 * module)
                };
                points.push(found.unwrap_or(predicted));
            }
        }
        let mut cells = Vec::with_capacity((n - 1) * (n - 1));
        for j in 0..n - 1 {
            for i in 0..n - 1 {
                let at = |i: usize, j: usize| points[j * n + i];
                cells.push(Perspective::between(
                    [
                        Point::new(centres[i], centres[j]),
                        Point::new(centres[i + 1], centres[j]),
                        Point::new(centres[i + 1], centres[j + 1]),
                        Point::new(centres[i], centres[j + 1]),
                    ],
                    [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)],
                )?);
            }
        }
        Some(Piecewise { centres, cells })
    }

    fn map(&self, module: Point) -> Option<Point> {
        let cells_per_side = self.centres.len() - 1;
        // Modules outside the outer centres use the nearest cell.
        let cell = |c: f64| {
            self.centres[1..cells_per_side]
                .iter()
                .take_while(|&&edge| c >= edge)
                .count()
        };
        self.cells
            .get(cell(module.y) * cells_per_side + cell(module.x))?
            .map(module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_bitmap(text: &str, scale: usize, margin: usize) -> Bitmap {
        let (colors, modules) = twofold_test_support::qr::modules(text);
        let side = (modules + 2 * margin) * scale;
        let dark = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side / scale, i / side / scale);
                x >= margin
                    && y >= margin
                    && x < margin + modules
                    && y < margin + modules
                    && colors[(y - margin) * modules + (x - margin)]
            })
            .collect();
        Bitmap {
            width: side,
            height: side,
            dark,
        }
    }

    fn read_all(bitmap: &Bitmap) -> Vec<String> {
        let mut texts = Vec::new();
        for_each_grid(bitmap, |grid| match rqrr::Grid::new(grid).decode() {
            Ok((_, text)) => {
                texts.push(text);
                true
            }
            Err(_) => false,
        });
        texts
    }

    #[test]
    fn a_clean_code_is_located_sampled_and_decoded() {
        let text = "otpauth://totp/Locate:me?secret=JBSWY3DPEHPK3PXP&issuer=Locate";
        assert_eq!(read_all(&code_bitmap(text, 3, 4)), vec![text.to_string()]);
    }

    #[test]
    fn a_version_one_code_without_alignment_pattern_is_read() {
        assert_eq!(read_all(&code_bitmap("v1", 5, 2)), vec!["v1".to_string()]);
    }

    #[test]
    fn a_bent_large_code_is_read_through_its_alignment_grid() {
        // A version 10 code on paper bent sideways by up to 1.5 modules: one
        // perspective transform cannot follow it, the alignment grid can.
        let text = "otpauth://totp/Bent:me?secret=".to_string() + &"JBSWY3DPEHPK3PXP".repeat(9);
        let flat = code_bitmap(&text, 4, 4);
        let side = flat.width;
        let bend = |y: usize| 6.0 * (std::f64::consts::PI * y as f64 / side as f64).sin();
        let dark = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                let source_x = x as f64 - bend(y);
                source_x >= 0.0 && flat.is_dark(source_x as usize, y)
            })
            .collect();
        let bent = Bitmap {
            width: side,
            height: side,
            dark,
        };
        let mut tried = 0;
        let mut texts = Vec::new();
        for_each_grid(&bent, |grid| {
            tried += 1;
            let read = rqrr::Grid::new(grid).decode();
            read.map(|(_, t)| texts.push(t)).is_ok()
        });
        assert_eq!(texts, vec![text]);
        // The first grid of a triple is the single aligned transform's.
        assert!(tried >= 2, "read without the alignment grid");
    }

    #[test]
    fn corners_are_named_whatever_the_order() {
        let pattern = |x: f32, y: f32| FinderPattern {
            x,
            y,
            module: 2.0,
            hits: 1,
        };
        let (tl, tr, bl) = (
            pattern(10.0, 10.0),
            pattern(60.0, 10.0),
            pattern(10.0, 60.0),
        );
        for (a, b, c) in [(tl, tr, bl), (bl, tl, tr), (tr, bl, tl), (bl, tr, tl)] {
            let corners = orient(&a, &b, &c);
            assert_eq!(corners.top_left, Point { x: 10.0, y: 10.0 });
            assert_eq!(corners.top_right, Point { x: 60.0, y: 10.0 });
            assert_eq!(corners.bottom_left, Point { x: 10.0, y: 60.0 });
        }
    }

    #[test]
    fn a_blank_bitmap_offers_no_grid() {
        let bitmap = Bitmap {
            width: 50,
            height: 50,
            dark: vec![false; 2500],
        };
        let mut calls = 0;
        for_each_grid(&bitmap, |_| {
            calls += 1;
            false
        });
        assert_eq!(calls, 0);
    }
}
