//! The projective transform that maps a QR code's module grid onto the
//! image: fixed by four point pairs (three finder pattern centres and the
//! alignment pattern, or the fourth corner of the parallelogram), as in
//! Heckbert's "Fundamentals of Texture Mapping and Image Warping" (1989).

use super::point::Point;

/// A 3x3 homography in row-vector form: `[x' y' w] = [u v 1] * m`, and the
/// image point is `(x'/w, y'/w)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Perspective {
    m: [[f64; 3]; 3],
}

impl Perspective {
    /// The transform taking each `from` point to the `to` point at the same
    /// index; `None` when the points are degenerate (three on a line).
    pub(crate) fn between(from: [Point; 4], to: [Point; 4]) -> Option<Perspective> {
        let to_square = Perspective::square_to(from)?.adjugate();
        let from_square = Perspective::square_to(to)?;
        let combined = to_square.then(&from_square);
        combined.is_finite().then_some(combined)
    }

    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) onto `quad`.
    fn square_to(quad: [Point; 4]) -> Option<Perspective> {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = quad.map(|p| (p.x, p.y));
        let dx3 = x0 - x1 + x2 - x3;
        let dy3 = y0 - y1 + y2 - y3;
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let denominator = dx1 * dy2 - dx2 * dy1;
        if denominator.abs() < 1e-9 {
            return None;
        }
        // Zero for a parallelogram: the map is then affine.
        let g = (dx3 * dy2 - dx2 * dy3) / denominator;
        let h = (dx1 * dy3 - dx3 * dy1) / denominator;
        Some(Perspective {
            m: [
                [x1 - x0 + g * x1, y1 - y0 + g * y1, g],
                [x3 - x0 + h * x3, y3 - y0 + h * y3, h],
                [x0, y0, 1.0],
            ],
        })
    }

    /// The inverse up to scale (all a homography needs).
    fn adjugate(&self) -> Perspective {
        let [[a, b, c], [d, e, f], [g, h, i]] = self.m;
        Perspective {
            m: [
                [e * i - f * h, c * h - b * i, b * f - c * e],
                [f * g - d * i, a * i - c * g, c * d - a * f],
                [d * h - e * g, b * g - a * h, a * e - b * d],
            ],
        }
    }

    /// This transform followed by `next`.
    fn then(&self, next: &Perspective) -> Perspective {
        let mut m = [[0.0; 3]; 3];
        for (row, out) in m.iter_mut().enumerate() {
            for (col, cell) in out.iter_mut().enumerate() {
                *cell = (0..3).map(|k| self.m[row][k] * next.m[k][col]).sum();
            }
        }
        Perspective { m }
    }

    fn is_finite(&self) -> bool {
        self.m.iter().flatten().all(|v| v.is_finite())
    }

    /// Where `point` lands; `None` at or behind the horizon.
    pub(crate) fn map(&self, point: Point) -> Option<Point> {
        let Point { x: u, y: v } = point;
        let [[a, b, c], [d, e, f], [g, h, i]] = self.m;
        let w = c * u + f * v + i;
        if w.abs() < 1e-12 {
            return None;
        }
        let x = (a * u + d * v + g) / w;
        let y = (b * u + e * v + h) / w;
        (x.is_finite() && y.is_finite()).then_some(Point::new(x, y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Point, b: Point) -> bool {
        a.distance(b) < 1e-6
    }

    fn points(pairs: [(f64, f64); 4]) -> [Point; 4] {
        pairs.map(|(x, y)| Point::new(x, y))
    }

    #[test]
    fn the_four_points_map_onto_their_partners() {
        let from = points([(3.5, 3.5), (21.5, 3.5), (18.5, 18.5), (3.5, 21.5)]);
        let to = points([(100.0, 80.0), (260.0, 95.0), (240.0, 230.0), (90.0, 250.0)]);
        let p = Perspective::between(from, to).expect("not degenerate");
        for (f, t) in from.iter().zip(&to) {
            let mapped = p.map(*f).expect("finite");
            assert!(close(mapped, *t), "{f:?} -> {mapped:?}, want {t:?}");
        }
    }

    #[test]
    fn a_scaled_square_maps_lines_to_lines() {
        let from = points([(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]);
        let to = points([(0.0, 0.0), (20.0, 0.0), (20.0, 20.0), (0.0, 20.0)]);
        let p = Perspective::between(from, to).expect("not degenerate");
        let mapped = p.map(Point::new(5.0, 2.5)).expect("finite");
        assert!(close(mapped, Point::new(10.0, 5.0)));
    }

    #[test]
    fn collinear_points_are_refused() {
        let line = points([(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, 3.0)]);
        let square = points([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]);
        assert!(Perspective::between(line, square).is_none());
        assert!(Perspective::between(square, line).is_none());
    }
}
