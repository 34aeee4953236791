//! Image transforms that help rqrr where its own row-wise threshold fails:
//! inversion (light-on-dark codes), a 2-D local-mean threshold (uneven light,
//! low contrast), a Gaussian blur (noise, moiré), a 2x upscale (small codes)
//! and a texture search that says where to crop before upscaling.

use super::bitmap::Bitmap;
use super::luma::Luma;

/// Light modules on a dark background become dark on light.
pub(crate) fn invert(image: &Luma) -> Luma {
    let pixels = image.pixels().iter().map(|&p| 255 - p).collect();
    rebuild(image.width(), image.height(), pixels)
}

/// rqrr's own threshold (`PreparedImage::prepare`), bit for bit, without its
/// three integer divisions per pixel, which made it over half the cost of a
/// plain attempt: a running average over `width / 8` pixels run in both
/// directions along each row (carried over from row to row, like rqrr's),
/// dark when below 95 % of it. Divisions by the fixed window become a
/// multiply and a shift, exact for every numerator that can occur (see
/// below); the final comparison is rearranged to need no division at all.
pub(crate) fn row_average_threshold(image: &Luma) -> Bitmap {
    let (width, height) = (image.width(), image.height());
    let window = (width / 8).max(1) as u64;
    // floor(n / window) == (n * RECIPROCAL) >> SHIFT for n * error < 2^SHIFT,
    // where error = RECIPROCAL * window - 2^SHIFT <= window. The numerators
    // below are at most avg + window - 1 < 256 * window (the running average
    // never exceeds 255 * window), so n * error < 2^8 * window^2, and window
    // <= MAX_SIDE / 8 = 2,500 keeps that under 2^31, far below 2^SHIFT; the
    // products stay below 2^21 * 2^41 = 2^62.
    const SHIFT: u32 = 40;
    let reciprocal = (1u64 << SHIFT) / window + 1;
    let div = |n: u64| (n * reciprocal) >> SHIFT;
    // avg * (window - 1) / window, rounded down, is avg - ceil(avg / window).
    let decay = |avg: u64| avg - div(avg + window - 1);
    let mut row_average = vec![0u64; width];
    let (mut avg_v, mut avg_u) = (0u64, 0u64);
    let mut dark = Vec::with_capacity(width * height);
    for (y, row) in image.rows().enumerate() {
        row_average.fill(0);
        for x in 0..width {
            let (v, u) = if y.is_multiple_of(2) {
                (width - 1 - x, x)
            } else {
                (x, width - 1 - x)
            };
            avg_v = decay(avg_v) + u64::from(row[v]);
            avg_u = decay(avg_u) + u64::from(row[u]);
            row_average[v] += avg_v;
            row_average[u] += avg_u;
        }
        // rqrr: p < row_average * 95 / (200 * window), i.e. p + 1 <= that
        // quotient, i.e. (p + 1) * 200 * window <= row_average * 95.
        dark.extend(
            row.iter()
                .zip(&row_average)
                .map(|(&p, &a)| (u64::from(p) + 1) * 200 * window <= a * 95),
        );
    }
    Bitmap {
        width,
        height,
        dark,
    }
}

/// Each pixel against the mean of the square around it (summed in O(1) from
/// an integral image): dark when below `1 - MARGIN` of that mean. The window
/// (1/32 of the shorter side each way) spans several modules, so a finder
/// pattern's 3x3 centre stays dark, but not so far that the bright
/// surroundings of a code printed on a darker card turn the card dark.
pub(crate) fn local_mean_threshold(image: &Luma, invert: bool) -> Bitmap {
    // 1/40 = 2.5 %: below the neighbourhood mean by more than sensor noise,
    // yet well inside the half contrast of a faint code (30 grey levels
    // around 146 is ±10 %; a 5 % margin thinned its dark modules).
    const MARGIN_NUM: u64 = 39;
    const MARGIN_DEN: u64 = 40;
    let (width, height) = (image.width(), image.height());
    let radius = (width.min(height) / 32).max(8);
    let stride = width + 1;
    // integral[(y + 1) * stride + (x + 1)] = sum of pixels above and left of (x, y),
    // modulo 2^32: the sums over a large image overflow u32 (255 * 16.8 M),
    // but a window's sum, computed with the same wrapping arithmetic, is
    // exact as long as it fits, and it does: a window is at most
    // (2 * MAX_SIDE / 32 + 1)^2 = 1,251^2 pixels, times 255 < 2^31. Half the
    // memory traffic of u64.
    let mut integral = vec![0u32; stride * (height + 1)];
    for (y, row) in image.rows().enumerate() {
        let mut running = 0u32;
        for (x, &p) in row.iter().enumerate() {
            running = running.wrapping_add(u32::from(p));
            let above = integral[y * stride + x + 1];
            integral[(y + 1) * stride + x + 1] = above.wrapping_add(running);
        }
    }
    let mut dark = Vec::with_capacity(width * height);
    for (y, row) in image.rows().enumerate() {
        let top = y.saturating_sub(radius);
        let bottom = (y + radius + 1).min(height);
        for (x, &p) in row.iter().enumerate() {
            let left = x.saturating_sub(radius);
            let right = (x + radius + 1).min(width);
            let sum = u64::from(
                integral[bottom * stride + right]
                    .wrapping_add(integral[top * stride + left])
                    .wrapping_sub(integral[top * stride + right])
                    .wrapping_sub(integral[bottom * stride + left]),
            );
            let area = ((bottom - top) * (right - left)) as u64;
            let below = u64::from(p) * area * MARGIN_DEN < sum * MARGIN_NUM;
            dark.push(below != invert);
        }
    }
    Bitmap {
        width,
        height,
        dark,
    }
}

/// Gaussian blur with σ ≈ 1.2 (7-tap binomial-like kernel, edges clamped):
/// averages out sensor noise and screen moiré finer than a module.
/// Separable; the clamping is done once per row (horizontal pass: only the
/// three pixels at each end; vertical pass: by choosing the source rows), not
/// per tap.
pub(crate) fn gaussian_blur(image: &Luma) -> Luma {
    const KERNEL: [u32; 7] = [4, 21, 60, 86, 60, 21, 4]; // sums to 256
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return image.clone();
    }
    let clamp = |i: usize, d: usize, n: usize| (i + d).saturating_sub(3).min(n - 1);
    let mut horizontal = vec![0u8; width * height];
    for (out_row, row) in horizontal.chunks_exact_mut(width).zip(image.rows()) {
        let edge = |x: usize| -> u8 {
            let sum: u32 = KERNEL
                .iter()
                .enumerate()
                .map(|(d, &k)| k * u32::from(row[clamp(x, d, width)]))
                .sum();
            ((sum + 128) >> 8) as u8
        };
        if width > 6 {
            for (out, taps) in out_row[3..width - 3].iter_mut().zip(row.windows(7)) {
                let sum: u32 = KERNEL
                    .iter()
                    .zip(taps)
                    .map(|(&k, &p)| k * u32::from(p))
                    .sum();
                *out = ((sum + 128) >> 8) as u8;
            }
            for x in (0..3).chain(width - 3..width) {
                out_row[x] = edge(x);
            }
        } else {
            for (x, out) in out_row.iter_mut().enumerate() {
                *out = edge(x);
            }
        }
    }
    let mut pixels = vec![0u8; width * height];
    let mut sums = vec![128u32; width];
    for (y, out_row) in pixels.chunks_exact_mut(width).enumerate() {
        sums.fill(128);
        for (d, &k) in KERNEL.iter().enumerate() {
            let source = clamp(y, d, height) * width;
            for (sum, &p) in sums.iter_mut().zip(&horizontal[source..source + width]) {
                *sum += k * u32::from(p);
            }
        }
        for (out, &sum) in out_row.iter_mut().zip(&sums) {
            *out = (sum >> 8) as u8;
        }
    }
    rebuild(width, height, pixels)
}

/// Unsharp mask: adds back what the blur removes, steepening the edges a
/// defocused camera softens.
pub(crate) fn sharpen(image: &Luma) -> Luma {
    let blurred = gaussian_blur(&gaussian_blur(image));
    let pixels = image
        .pixels()
        .iter()
        .zip(blurred.pixels())
        .map(|(&p, &b)| (2 * i32::from(p) - i32::from(b)).clamp(0, 255) as u8)
        .collect();
    rebuild(image.width(), image.height(), pixels)
}

/// Twice the size, bilinear: gives rqrr more than two pixels per module on a
/// small code. Only ever applied to a crop (4x the pixels costs 4x the time).
pub(crate) fn upscale_2x(image: &Luma) -> Luma {
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return image.clone();
    }
    let (out_width, out_height) = (width * 2, height * 2);
    // Output pixel 2i samples between i-1 and i (weights 1:3), 2i+1 between
    // i and i+1 (3:1), edges clamped.
    let taps = |o: usize, n: usize| -> (usize, usize) {
        let i = o / 2;
        if o.is_multiple_of(2) {
            (i.saturating_sub(1), i)
        } else {
            (i, (i + 1).min(n - 1))
        }
    };
    let mut horizontal = vec![0u16; out_width * height];
    for (out_row, row) in horizontal.chunks_exact_mut(out_width).zip(image.rows()) {
        for (o, out) in out_row.iter_mut().enumerate() {
            let (a, b) = taps(o, width);
            let (wa, wb) = if o % 2 == 0 { (1, 3) } else { (3, 1) };
            *out = wa * u16::from(row[a]) + wb * u16::from(row[b]);
        }
    }
    let mut pixels = Vec::with_capacity(out_width * out_height);
    for o in 0..out_height {
        let (a, b) = taps(o, height);
        let (wa, wb) = if o % 2 == 0 { (1u32, 3u32) } else { (3, 1) };
        let row_a = &horizontal[a * out_width..(a + 1) * out_width];
        let row_b = &horizontal[b * out_width..(b + 1) * out_width];
        pixels.extend(
            row_a
                .iter()
                .zip(row_b)
                .map(|(&pa, &pb)| ((wa * u32::from(pa) + wb * u32::from(pb) + 8) / 16) as u8),
        );
    }
    rebuild(out_width, out_height, pixels)
}

/// The top-left corner of the `crop_width`x`crop_height` window with the most
/// edges: where a code, all module boundaries, most likely sits.
pub(crate) fn busiest_window(
    image: &Luma,
    crop_width: usize,
    crop_height: usize,
) -> (usize, usize) {
    const CELL: usize = 16;
    let (width, height) = (image.width(), image.height());
    let (cols, rows) = (width / CELL, height / CELL);
    if cols == 0 || rows == 0 {
        return (0, 0);
    }
    // Edge energy per cell, then sums over windows of cells via an integral.
    let mut energy = vec![0u64; cols * rows];
    for (y, pair) in image
        .pixels()
        .chunks_exact(width)
        .collect::<Vec<_>>()
        .windows(2)
        .enumerate()
    {
        let (row, next) = (pair[0], pair[1]);
        if y / CELL >= rows {
            break;
        }
        for x in 0..(cols * CELL).min(width - 1) {
            let dx = row[x].abs_diff(row[x + 1]);
            let dy = row[x].abs_diff(next[x]);
            // Count only strong edges so smooth gradients and noise weigh little.
            let strong = u64::from(dx.max(dy).saturating_sub(16));
            energy[(y / CELL) * cols + x / CELL] += strong;
        }
    }
    let (win_cols, win_rows) = (
        (crop_width / CELL).clamp(1, cols),
        (crop_height / CELL).clamp(1, rows),
    );
    let stride = cols + 1;
    let mut integral = vec![0u64; stride * (rows + 1)];
    for r in 0..rows {
        let mut running = 0;
        for c in 0..cols {
            running += energy[r * cols + c];
            integral[(r + 1) * stride + c + 1] = integral[r * stride + c + 1] + running;
        }
    }
    let mut best = (0u64, 0usize, 0usize);
    for r in 0..=(rows - win_rows) {
        for c in 0..=(cols - win_cols) {
            let sum = integral[(r + win_rows) * stride + c + win_cols] + integral[r * stride + c]
                - integral[r * stride + c + win_cols]
                - integral[(r + win_rows) * stride + c];
            if sum > best.0 {
                best = (sum, c, r);
            }
        }
    }
    (best.1 * CELL, best.2 * CELL)
}

fn rebuild(width: usize, height: usize, pixels: Vec<u8>) -> Luma {
    // Every transform above produces exactly width * height pixels.
    Luma::new(width, height, pixels).unwrap_or_else(|| Luma::from_plane(&[], 0, 0, 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: usize, height: usize, pixels: Vec<u8>) -> Luma {
        Luma::new(width, height, pixels).expect("sizes match")
    }

    #[test]
    fn invert_flips_levels() {
        assert_eq!(invert(&image(2, 1, vec![0, 200])).pixels(), &[255, 55]);
    }

    #[test]
    fn local_threshold_follows_uneven_light() {
        // A dark-ish stripe on a bright left half and on a dim right half: a
        // global threshold would call the whole dim half dark.
        let (w, h) = (128, 32);
        let mut pixels = Vec::new();
        for _y in 0..h {
            for x in 0..w {
                let base: u8 = if x < 64 { 220 } else { 90 };
                let stripe = x % 16 < 4;
                pixels.push(if stripe { base / 2 } else { base });
            }
        }
        let bits = local_mean_threshold(&image(w, h, pixels), false);
        for y in [0, 15, 31] {
            // Away from the step itself, where the window spans both halves.
            for x in (0..w).filter(|x| x.abs_diff(64) > 10) {
                assert_eq!(bits.is_dark(x, y), x % 16 < 4, "at ({x}, {y})");
            }
        }
        let inverted = local_mean_threshold(&image(2, 1, vec![0, 255]), true);
        assert_eq!(inverted.dark, vec![false, true]);
    }

    #[test]
    fn row_average_threshold_matches_rqrr() {
        // Pseudo-random images with smooth and sharp parts, in sizes whose
        // windows (width / 8) vary, against rqrr's own prepare step.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for (w, h) in [(1, 1), (7, 3), (64, 40), (333, 29), (1280, 4)] {
            let pixels: Vec<u8> = (0..w * h)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let smooth = ((i % w) * 255 / w.max(1)) as u8;
                    if state.is_multiple_of(3) {
                        (state >> 24) as u8
                    } else {
                        smooth
                    }
                })
                .collect();
            let ours = row_average_threshold(&image(w, h, pixels.clone()));
            let theirs =
                rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
            for y in 0..h {
                for x in 0..w {
                    // rqrr does not export its pixel colour type; its Debug name will do.
                    let rqrr_dark = format!("{:?}", theirs.get_pixel_at(x, y)) == "Black";
                    assert_eq!(ours.is_dark(x, y), rqrr_dark, "{w}x{h} at ({x}, {y})");
                }
            }
        }
    }

    /// The straightforward blur the fast one must match bit for bit.
    fn reference_blur(image: &Luma) -> Vec<u8> {
        const KERNEL: [u32; 7] = [4, 21, 60, 86, 60, 21, 4];
        let (w, h) = (image.width(), image.height());
        let clamp = |i: usize, d: usize, n: usize| (i + d).saturating_sub(3).min(n - 1);
        let p = image.pixels();
        let mut horizontal = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let sum: u32 = (0..7)
                    .map(|d| KERNEL[d] * u32::from(p[y * w + clamp(x, d, w)]))
                    .sum();
                horizontal[y * w + x] = ((sum + 128) >> 8) as u8;
            }
        }
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let sum: u32 = (0..7)
                    .map(|d| KERNEL[d] * u32::from(horizontal[clamp(y, d, h) * w + x]))
                    .sum();
                out[y * w + x] = ((sum + 128) >> 8) as u8;
            }
        }
        out
    }

    #[test]
    fn blur_matches_the_reference() {
        for (w, h) in [(1, 1), (3, 9), (6, 6), (7, 7), (40, 23)] {
            let pixels: Vec<u8> = (0..w * h)
                .map(|i| ((i * 97 + i / 3 * 31) % 256) as u8)
                .collect();
            let img = image(w, h, pixels);
            assert_eq!(
                gaussian_blur(&img).pixels(),
                &reference_blur(&img)[..],
                "{w}x{h}"
            );
        }
    }

    #[test]
    fn blur_keeps_flat_areas_and_softens_a_spike() {
        let mut pixels = vec![100u8; 81];
        pixels[40] = 255;
        let blurred = gaussian_blur(&image(9, 9, pixels));
        assert_eq!(blurred.pixels()[0], 100);
        let centre = blurred.pixels()[40];
        assert!(centre > 100 && centre < 150, "centre {centre}");
    }

    #[test]
    fn empty_images_pass_through() {
        let empty = Luma::new(0, 5, Vec::new()).expect("sizes match");
        assert_eq!(upscale_2x(&empty), empty);
        assert_eq!(gaussian_blur(&empty), empty);
        assert!(local_mean_threshold(&empty, false).dark.is_empty());
        assert_eq!(busiest_window(&empty, 10, 10), (0, 0));
    }

    #[test]
    fn sharpen_steepens_a_soft_edge() {
        // A ramp from 80 to 180 across the middle of a 16-pixel row.
        let row: Vec<u8> = (0..16)
            .map(|x| (80 + (x.clamp(5, 10) - 5) * 20) as u8)
            .collect();
        let soft = image(16, 1, row.clone());
        let sharp = sharpen(&soft);
        // Flat ends stay put; just before the ramp gets darker, just after lighter.
        assert_eq!(sharp.pixels()[0], 80);
        assert_eq!(sharp.pixels()[15], 180);
        assert!(sharp.pixels()[5] < row[5], "{:?}", sharp.pixels());
        assert!(sharp.pixels()[10] > row[10], "{:?}", sharp.pixels());
    }

    #[test]
    fn upscale_doubles_and_interpolates() {
        let up = upscale_2x(&image(2, 1, vec![0, 200]));
        assert_eq!((up.width(), up.height()), (4, 2));
        assert_eq!(up.pixels(), &[0, 50, 150, 200, 0, 50, 150, 200]);
    }

    #[test]
    fn busiest_window_finds_the_textured_patch() {
        let (w, h) = (256, 128);
        let mut pixels = vec![128u8; w * h];
        for y in 64..112 {
            for x in 160..208 {
                pixels[y * w + x] = if (x / 3 + y / 3) % 2 == 0 { 0 } else { 255 };
            }
        }
        let (x, y) = busiest_window(&image(w, h, pixels), 64, 64);
        assert!(
            (144..=160).contains(&x) && (48..=64).contains(&y),
            "({x}, {y})"
        );
    }
}
