//! A binarised image, what the thresholds in `filters` make and the finder,
//! alignment and grid sampling read.

/// A binarised image: `true` is a dark module pixel. Invariant:
/// `dark.len() == width * height`.
pub(crate) struct Bitmap {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) dark: Vec<bool>,
}

impl Bitmap {
    /// Whether the pixel at `(x, y)` is dark; outside the image, light.
    pub(crate) fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }
}
