//! 8-bit luminance images: checking a camera plane's geometry, copying it out
//! of its row stride, and averaging large inputs down early (rqrr's cost grows
//! with the number of pixels it is handed).

use super::ScanError;

/// The longest side accepted, and the most pixels: beyond any camera or
/// photo, and small enough that every buffer size fits comfortably in memory.
pub(crate) const MAX_SIDE: u32 = 20_000;
pub(crate) const MAX_PIXELS: u64 = 120_000_000;

/// A packed luminance image (row stride == width). Invariant:
/// `pixels.len() == width * height`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Luma {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Checks that a plane of `len` bytes can hold `height` rows of `width`
/// pixels spaced `row_stride` apart. The last row needs only `width` bytes
/// (camera buffers often end right after it).
pub(crate) fn check_plane(
    len: usize,
    width: u32,
    height: u32,
    row_stride: u32,
) -> Result<(), ScanError> {
    if width == 0 || height == 0 {
        return Err(ScanError::EmptyFrame { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::FrameTooLarge { width, height });
    }
    if row_stride < width {
        return Err(ScanError::StrideTooSmall { width, row_stride });
    }
    let needed = u64::from(row_stride) * u64::from(height - 1) + u64::from(width);
    if (len as u64) < needed {
        return Err(ScanError::BufferTooShort {
            needed,
            actual: len as u64,
        });
    }
    Ok(())
}

impl Luma {
    /// Wraps packed pixels; `None` if the length does not match.
    pub(crate) fn new(width: usize, height: usize, pixels: Vec<u8>) -> Option<Luma> {
        (width.checked_mul(height) == Some(pixels.len())).then_some(Luma {
            width,
            height,
            pixels,
        })
    }

    /// Copies a checked plane (see [`check_plane`]) out of its stride,
    /// averaging `factor`x`factor` blocks into one pixel. Edge pixels that do
    /// not fill a whole block are dropped.
    pub(crate) fn from_plane(
        plane: &[u8],
        width: usize,
        height: usize,
        row_stride: usize,
        factor: usize,
    ) -> Luma {
        let factor = factor.max(1);
        let out_width = width / factor;
        let out_height = height / factor;
        let mut pixels = Vec::with_capacity(out_width * out_height);
        if factor == 1 {
            for row in plane.chunks(row_stride).take(height) {
                pixels.extend_from_slice(row.get(..width).unwrap_or(row));
            }
        } else {
            let area = (factor * factor) as u32;
            let mut sums = vec![0u32; out_width];
            for band in plane.chunks(row_stride * factor).take(out_height) {
                sums.fill(0);
                for row in band.chunks(row_stride).take(factor) {
                    let used = row.get(..out_width * factor).unwrap_or(row);
                    for (sum, block) in sums.iter_mut().zip(used.chunks_exact(factor)) {
                        *sum += block.iter().map(|&p| u32::from(p)).sum::<u32>();
                    }
                }
                pixels.extend(sums.iter().map(|&s| ((s + area / 2) / area) as u8));
            }
        }
        // A plane that passed check_plane always fills the image; pad defensively
        // rather than break the invariant.
        pixels.resize(out_width * out_height, 255);
        Luma {
            width: out_width,
            height: out_height,
            pixels,
        }
    }

    pub(crate) fn width(&self) -> usize {
        self.width
    }

    pub(crate) fn height(&self) -> usize {
        self.height
    }

    pub(crate) fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    pub(crate) fn rows(&self) -> std::slice::ChunksExact<'_, u8> {
        self.pixels.chunks_exact(self.width.max(1))
    }

    /// This image averaged down by `factor` in each direction.
    pub(crate) fn downscaled(&self, factor: usize) -> Luma {
        Luma::from_plane(
            &self.pixels,
            self.width,
            self.height,
            self.width.max(1),
            factor,
        )
    }

    /// The rectangle at (`x`, `y`) of size `width`x`height`, clipped to the image.
    pub(crate) fn crop(&self, x: usize, y: usize, width: usize, height: usize) -> Luma {
        let x = x.min(self.width);
        let y = y.min(self.height);
        let width = width.min(self.width - x);
        let height = height.min(self.height - y);
        let mut pixels = Vec::with_capacity(width * height);
        for row in self.rows().skip(y).take(height) {
            pixels.extend_from_slice(row.get(x..x + width).unwrap_or_default());
        }
        pixels.resize(width * height, 255);
        Luma {
            width,
            height,
            pixels,
        }
    }
}

/// The smallest whole factor that brings the longest side down to `max_side`.
pub(crate) fn reduction_factor(width: usize, height: usize, max_side: usize) -> usize {
    let longest = width.max(height);
    longest.div_ceil(max_side.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_geometry_is_checked() {
        assert_eq!(
            check_plane(100, 0, 10, 10),
            Err(ScanError::EmptyFrame {
                width: 0,
                height: 10
            })
        );
        assert_eq!(
            check_plane(100, 10, 10, 9),
            Err(ScanError::StrideTooSmall {
                width: 10,
                row_stride: 9
            })
        );
        // 9 full rows of stride 12 plus a last row of 10: 118 bytes.
        assert_eq!(check_plane(118, 10, 10, 12), Ok(()));
        assert_eq!(
            check_plane(117, 10, 10, 12),
            Err(ScanError::BufferTooShort {
                needed: 118,
                actual: 117
            })
        );
        assert!(matches!(
            check_plane(usize::MAX, u32::MAX, u32::MAX, u32::MAX),
            Err(ScanError::FrameTooLarge { .. })
        ));
    }

    #[test]
    fn stride_padding_is_dropped() {
        // Two rows of 3 pixels in a stride of 5; the last row has no padding.
        let plane = [1, 2, 3, 99, 99, 4, 5, 6];
        let luma = Luma::from_plane(&plane, 3, 2, 5, 1);
        assert_eq!(luma.pixels(), &[1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn downscale_averages_blocks_and_drops_partial_edges() {
        let plane = [0, 100, 7, 200, 44, 7, 9, 9, 9];
        let luma = Luma::from_plane(&plane, 3, 3, 3, 2);
        assert_eq!((luma.width(), luma.height()), (1, 1));
        assert_eq!(luma.pixels(), &[86]); // (0 + 100 + 200 + 44) / 4 rounded
    }

    #[test]
    fn crop_is_clipped_to_the_image() {
        let luma = Luma::new(3, 2, vec![1, 2, 3, 4, 5, 6]).expect("sizes match");
        let crop = luma.crop(1, 1, 10, 10);
        assert_eq!((crop.width(), crop.height()), (2, 1));
        assert_eq!(crop.pixels(), &[5, 6]);
    }

    #[test]
    fn reduction_factor_reaches_the_target() {
        assert_eq!(reduction_factor(640, 480, 1000), 1);
        assert_eq!(reduction_factor(4032, 3024, 1000), 5);
    }
}
