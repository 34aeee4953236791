//! A point in the image, or in a code's module coordinates: what the
//! locator finds, the alignment search refines and the perspective maps.

/// In the image, in pixels (pixel `i` spans `[i, i+1)`); in module
/// coordinates, in modules (module `i` spans `[i, i+1)`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Point {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

impl Point {
    pub(crate) fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub(crate) fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}
