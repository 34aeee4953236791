//! A code's module grid as sampled from the image: the bits rqrr's decoder
//! reads, and a cheap check of the format information that tells a real
//! code from a false triple of finder patterns before decoding.

use super::bitmap::Bitmap;
use super::point::Point;
use rqrr::BitGrid;

/// A sampled module grid, ready for rqrr's decoder.
pub(crate) struct SampledGrid {
    size: usize,
    dark: Vec<bool>,
}

impl SampledGrid {
    /// Whether either copy of the format information (read straight or
    /// mirrored, as rqrr tries them) is within the BCH code's correcting
    /// distance of a valid format word. A grid that fails this is not a
    /// code (a false triple of finder patterns); rejecting it here spares
    /// rqrr's Reed-Solomon syndromes, which made such grids cost a
    /// millisecond each.
    pub(crate) fn format_readable(&self) -> bool {
        let n = self.size;
        let straight = |y: usize, x: usize| self.bit(y, x);
        let mirrored = |y: usize, x: usize| self.bit(x, y);
        let copies = |bit: &dyn Fn(usize, usize) -> bool| {
            // rqrr's order: the copy around the top-left finder, then the
            // one split between the other two.
            const XS: [usize; 15] = [8, 8, 8, 8, 8, 8, 8, 8, 7, 5, 4, 3, 2, 1, 0];
            const YS: [usize; 15] = [0, 1, 2, 3, 4, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8];
            let first = (0..15)
                .rev()
                .fold(0u16, |w, i| (w << 1) | u16::from(bit(YS[i], XS[i])));
            let second = (0..7)
                .map(|i| bit(n - 1 - i, 8))
                .chain((0..8).map(|i| bit(8, n - 8 + i)))
                .fold(0u16, |w, b| (w << 1) | u16::from(b));
            [first, second]
        };
        copies(&straight)
            .into_iter()
            .chain(copies(&mirrored))
            .any(|word| near_format_word(word ^ FORMAT_MASK))
    }
}

/// The mask XORed onto the format information (ISO/IEC 18004 7.9).
const FORMAT_MASK: u16 = 0x5412;

/// Within 3 bits of one of the 32 format codewords: BCH(15,5) with
/// generator x^10 + x^8 + x^5 + x^4 + x^2 + x + 1 corrects 3 errors.
fn near_format_word(word: u16) -> bool {
    (0u16..32).any(|data| (format_codeword(data) ^ word).count_ones() <= 3)
}

fn format_codeword(data: u16) -> u16 {
    const GENERATOR: u16 = 0x537;
    let mut remainder = data << 10;
    for bit in (10..15).rev() {
        if remainder & (1 << bit) != 0 {
            remainder ^= GENERATOR << (bit - 10);
        }
    }
    (data << 10) | remainder
}

impl BitGrid for SampledGrid {
    fn size(&self) -> usize {
        self.size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        self.dark.get(y * self.size + x).copied().unwrap_or(false)
    }
}

/// Samples the centre of every module of a `dimension`-sided code, mapped
/// into the image by `map`.
pub(crate) fn sample(
    bitmap: &Bitmap,
    dimension: usize,
    map: impl Fn(Point) -> Option<Point>,
) -> Option<SampledGrid> {
    let (width, height) = (bitmap.width as f64, bitmap.height as f64);
    let mut dark = Vec::with_capacity(dimension * dimension);
    for row in 0..dimension {
        for col in 0..dimension {
            let Point { x, y } = map(Point::new(col as f64 + 0.5, row as f64 + 0.5))?;
            // A module centre a little outside the image (a code cut by the
            // frame's edge) reads the edge pixel; further out, the grid is
            // not this code.
            if x < -2.0 || y < -2.0 || x >= width + 2.0 || y >= height + 2.0 {
                return None;
            }
            let px = x.max(0.0).min(width - 1.0) as usize;
            let py = y.max(0.0).min(height - 1.0) as usize;
            dark.push(bitmap.is_dark(px, py));
        }
    }
    Some(SampledGrid {
        size: dimension,
        dark,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codewords_match_the_standard_table() {
        // ISO/IEC 18004 Table C.1 (after masking), mask pattern 0 at levels
        // M, L, H and Q.
        assert_eq!(format_codeword(0b00000) ^ FORMAT_MASK, 0b101010000010010);
        assert_eq!(format_codeword(0b01000) ^ FORMAT_MASK, 0b111011111000100);
        assert_eq!(format_codeword(0b10000) ^ FORMAT_MASK, 0b001011010001001);
        assert_eq!(format_codeword(0b11000) ^ FORMAT_MASK, 0b011010101011111);
        assert!(near_format_word(format_codeword(9) ^ 0b101_0000_0000_0001));
        assert!(!near_format_word(format_codeword(9) ^ 0b111_0000_0000_0001));
    }
}
