//! Finder patterns, the three 7x7 squares in a QR code's corners, found by
//! their run lengths the way ZXing finds them: a scan along rows for
//! dark-light-dark-light-dark runs in the ratio 1:1:3:1:1, confirmed by the
//! same ratio down the column and along the diagonal through the candidate's
//! centre. One pass over the bitmap plus a few short walks per candidate:
//! much cheaper than rqrr's flood fill of every dark region, and it does not
//! mind a finder pattern that touches other dark pixels.

use super::bitmap::Bitmap;

/// Rows scanned: every `ROW_STEP`th. A finder pattern's centre is three
/// modules tall, so even 1-pixel modules are crossed.
const ROW_STEP: usize = 2;

/// A finder pattern's centre (pixel coordinates; pixel `i` spans `[i, i+1)`)
/// and the module size measured across it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct FinderPattern {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) module: f32,
    /// How many scanned rows confirmed it: a rough measure of confidence.
    pub(crate) hits: u32,
}

impl FinderPattern {
    /// Same pattern seen again: within a module of it and of a similar size.
    fn is_near(&self, x: f32, y: f32, module: f32) -> bool {
        (y - self.y).abs() <= module
            && (x - self.x).abs() <= module
            && (module - self.module).abs() <= self.module.max(1.0)
    }

    fn merge(&mut self, x: f32, y: f32, module: f32) {
        let n = self.hits as f32;
        self.x = (self.x * n + x) / (n + 1.0);
        self.y = (self.y * n + y) / (n + 1.0);
        self.module = (self.module * n + module) / (n + 1.0);
        self.hits += 1;
    }
}

/// Every finder pattern in the bitmap, most often confirmed first.
pub(crate) fn find_finder_patterns(bitmap: &Bitmap) -> Vec<FinderPattern> {
    let mut found: Vec<FinderPattern> = Vec::new();
    let scanner = Scanner { bitmap };
    for y in (ROW_STEP / 2..bitmap.height).step_by(ROW_STEP) {
        scanner.scan_row(y, &mut found);
    }
    found.sort_by_key(|p| std::cmp::Reverse(p.hits));
    found
}

/// Run lengths in the 1:1:3:1:1 ratio, each within `tolerance` modules.
fn has_finder_ratio(runs: &[usize; 5], tolerance: f32) -> bool {
    let total: usize = runs.iter().sum();
    if total < 7 {
        return false;
    }
    let module = total as f32 / 7.0;
    let slack = module * tolerance;
    let off = |run: usize, modules: f32| (module * modules - run as f32).abs();
    off(runs[0], 1.0) < slack
        && off(runs[1], 1.0) < slack
        && off(runs[2], 3.0) < 3.0 * slack
        && off(runs[3], 1.0) < slack
        && off(runs[4], 1.0) < slack
}

/// Centre of the middle run, given where the last run ended.
fn centre_from_end(runs: &[usize; 5], end: usize) -> f32 {
    end as f32 - runs[4] as f32 - runs[3] as f32 - runs[2] as f32 / 2.0
}

struct Scanner<'a> {
    bitmap: &'a Bitmap,
}

impl Scanner<'_> {
    fn dark(&self, x: usize, y: usize) -> bool {
        self.bitmap.is_dark(x, y)
    }

    fn scan_row(&self, y: usize, found: &mut Vec<FinderPattern>) {
        let width = self.bitmap.width;
        let Some(row) = self.bitmap.dark.get(y * width..(y + 1) * width) else {
            return;
        };
        // runs[state]: lengths of the runs seen so far; even states are dark.
        let mut runs = [0usize; 5];
        let mut state = 0usize;
        for (x, &dark) in row.iter().enumerate() {
            let in_dark_state = state.is_multiple_of(2);
            if dark == in_dark_state {
                runs[state] += 1;
                continue;
            }
            if state == 0 && runs[0] == 0 {
                // Light before any dark run: nothing started yet.
                continue;
            }
            if state < 4 {
                state += 1;
                runs[state] = 1;
                continue;
            }
            // Light after the fifth run: a candidate ends at x.
            if has_finder_ratio(&runs, 0.5) && self.confirm(&runs, x, y, found) {
                runs = [0; 5];
                state = 0;
                continue;
            }
            // Slide by two runs: the third run may start the next pattern.
            runs = [runs[2], runs[3], runs[4], 1, 0];
            state = 3;
        }
        if state == 4 && has_finder_ratio(&runs, 0.5) {
            self.confirm(&runs, width, y, found);
        }
    }

    /// Cross-checks a row candidate and records it; whether it held.
    fn confirm(
        &self,
        runs: &[usize; 5],
        end: usize,
        y: usize,
        found: &mut Vec<FinderPattern>,
    ) -> bool {
        let total: usize = runs.iter().sum();
        let centre_x = centre_from_end(runs, end);
        let Some((centre_y, vertical_total)) =
            self.cross_check(centre_x as usize, y, runs[2], total, Axis::Vertical)
        else {
            return false;
        };
        let Some((centre_x, horizontal_total)) = self.cross_check(
            centre_y as usize,
            centre_x as usize,
            runs[2],
            total,
            Axis::Horizontal,
        ) else {
            return false;
        };
        if !self.diagonal_check(centre_x as usize, centre_y as usize) {
            return false;
        }
        let module = (vertical_total + horizontal_total) as f32 / 14.0;
        match found
            .iter_mut()
            .find(|p| p.is_near(centre_x, centre_y, module))
        {
            Some(pattern) => pattern.merge(centre_x, centre_y, module),
            None => found.push(FinderPattern {
                x: centre_x,
                y: centre_y,
                module,
                hits: 1,
            }),
        }
        true
    }

    /// Walks across the candidate at `fixed` along `axis` from `start`,
    /// expecting the 1:1:3:1:1 runs, none longer than `max_run`, adding up
    /// to about `expected_total`. The centre along the axis and the total.
    fn cross_check(
        &self,
        fixed: usize,
        start: usize,
        max_run: usize,
        expected_total: usize,
        axis: Axis,
    ) -> Option<(f32, usize)> {
        let limit = match axis {
            Axis::Vertical => self.bitmap.height,
            Axis::Horizontal => self.bitmap.width,
        };
        let dark = |i: usize| match axis {
            Axis::Vertical => self.dark(fixed, i),
            Axis::Horizontal => self.dark(i, fixed),
        };
        if start >= limit || !dark(start) {
            return None;
        }
        let mut runs = [0usize; 5];
        // Backwards from the start: centre, inner light ring, outer dark ring.
        let mut i = start as isize;
        for (state, want_dark) in [(2, true), (1, false), (0, true)] {
            while i >= 0 && dark(i as usize) == want_dark {
                runs[state] += 1;
                if state != 2 && runs[state] > max_run {
                    return None;
                }
                i -= 1;
            }
            // The outer ring may touch the image edge; the rest may not.
            if i < 0 && state != 0 {
                return None;
            }
        }
        // Forwards: the rest of the centre, inner ring, outer ring.
        let mut i = start + 1;
        for (state, want_dark) in [(2, true), (3, false), (4, true)] {
            while i < limit && dark(i) == want_dark {
                runs[state] += 1;
                if state != 2 && runs[state] > max_run {
                    return None;
                }
                i += 1;
            }
            if i >= limit && state != 4 {
                return None;
            }
        }
        let total: usize = runs.iter().sum();
        // Within 40 % of the row's total: the pattern is about square.
        if 5 * total.abs_diff(expected_total) >= 2 * expected_total {
            return None;
        }
        has_finder_ratio(&runs, 0.5).then(|| (centre_from_end(&runs, i), total))
    }

    /// The 1:1:3:1:1 runs along the down-right diagonal through the centre
    /// (more tolerant: diagonal runs are uneven on a pixel grid).
    fn diagonal_check(&self, x: usize, y: usize) -> bool {
        let (width, height) = (self.bitmap.width, self.bitmap.height);
        if x >= width || y >= height || !self.dark(x, y) {
            return false;
        }
        let mut runs = [0usize; 5];
        let mut step = 0usize;
        for (state, want_dark) in [(2, true), (1, false), (0, true)] {
            while step <= x && step <= y && self.dark(x - step, y - step) == want_dark {
                runs[state] += 1;
                step += 1;
            }
            if (step > x || step > y) && state != 0 {
                return false;
            }
        }
        let mut step = 1usize;
        for (state, want_dark) in [(2, true), (3, false), (4, true)] {
            while x + step < width
                && y + step < height
                && self.dark(x + step, y + step) == want_dark
            {
                runs[state] += 1;
                step += 1;
            }
            if (x + step >= width || y + step >= height) && state != 4 {
                return false;
            }
        }
        has_finder_ratio(&runs, 0.75)
    }
}

#[derive(Clone, Copy)]
enum Axis {
    Vertical,
    Horizontal,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bitmap from rows of '#' (dark) and '.' (light), each character
    /// `scale` pixels square.
    fn bitmap(rows: &[&str], scale: usize) -> Bitmap {
        let width = rows[0].len() * scale;
        let height = rows.len() * scale;
        let dark = (0..width * height)
            .map(|i| rows[i / width / scale].as_bytes()[i % width / scale] == b'#')
            .collect();
        Bitmap {
            width,
            height,
            dark,
        }
    }

    const FINDER: [&str; 9] = [
        ".........",
        ".#######.",
        ".#.....#.",
        ".#.###.#.",
        ".#.###.#.",
        ".#.###.#.",
        ".#.....#.",
        ".#######.",
        ".........",
    ];

    #[test]
    fn a_finder_pattern_is_found_at_its_centre() {
        let found = find_finder_patterns(&bitmap(&FINDER, 4));
        assert_eq!(found.len(), 1, "{found:?}");
        let pattern = found[0];
        assert!((pattern.x - 18.0).abs() < 1.0, "{pattern:?}");
        assert!((pattern.y - 18.0).abs() < 1.0, "{pattern:?}");
        assert!((pattern.module - 4.0).abs() < 0.5, "{pattern:?}");
        assert!(pattern.hits > 1);
    }

    #[test]
    fn stripes_with_the_row_ratio_alone_are_not_a_finder_pattern() {
        // Every row reads 1:1:3:1:1, but the columns are uniform.
        let rows = [".#.###.#."; 9];
        assert!(find_finder_patterns(&bitmap(&rows, 4)).is_empty());
    }

    #[test]
    fn a_pattern_cut_by_the_image_edge_is_still_found() {
        // The outer ring touches the left and top edges.
        let rows: Vec<&str> = FINDER[1..].iter().map(|r| &r[1..]).collect();
        let found = find_finder_patterns(&bitmap(&rows, 3));
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
