//! Chart geometry, free of any view code: value axes with round ticks, a least-squares line, and
//! where a value lands in pixels.

/// A value axis: from `min` to `max`, with round ticks in between (both ends included).
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

/// A step of 1, 2, 2.5 or 5 times a power of ten, near `span / target` steps.
fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

impl Axis {
    /// An axis covering every value (and zero when `from_zero`), with about `target` ticks.
    /// Without values it is 0 to 1.
    pub fn covering(values: impl IntoIterator<Item = f64>, from_zero: bool, target: usize) -> Axis {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if (hi - lo).abs() < f64::EPSILON {
            // One value: give it room on both sides (or above zero).
            let pad = if hi.abs() < f64::EPSILON {
                1.0
            } else {
                hi.abs() / 2.0
            };
            if lo >= 0.0 && from_zero {
                hi += pad;
            } else {
                lo -= pad;
                hi += pad;
            }
        }
        let step = nice_step(hi - lo, target);
        let min = (lo / step).floor() * step;
        let max = (hi / step).ceil() * step;
        let count = ((max - min) / step).round() as usize;
        let ticks = (0..=count).map(|i| min + step * i as f64).collect();
        Axis { min, max, ticks }
    }

    /// A fixed axis, such as 0 to 100 for percentages, with ticks every `step`.
    pub fn fixed(min: f64, max: f64, step: f64) -> Axis {
        let count = ((max - min) / step).round().max(1.0) as usize;
        Axis {
            min,
            max,
            ticks: (0..=count).map(|i| min + step * i as f64).collect(),
        }
    }

    /// Where `v` lands between `start` (at `min`) and `end` (at `max`); either may be the larger.
    pub fn place(&self, v: f64, start: f64, end: f64) -> f64 {
        let span = self.max - self.min;
        if span.abs() < f64::EPSILON {
            return start;
        }
        let t = ((v - self.min) / span).clamp(0.0, 1.0);
        start + (end - start) * t
    }
}

/// A tick or value as people read it: no trailing ".0", at most one decimal.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.1}")
    }
}

/// The least-squares line through points, with Pearson's r; `None` for fewer than three points
/// or when every x is the same.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub slope: f64,
    pub intercept: f64,
    pub r: f64,
}

pub fn least_squares(points: &[(f64, f64)]) -> Option<Fit> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx < f64::EPSILON {
        return None;
    }
    let slope = sxy / sxx;
    let r = if syy < f64::EPSILON {
        0.0
    } else {
        sxy / (sxx.sqrt() * syy.sqrt())
    };
    Some(Fit {
        slope,
        intercept: my - slope * mx,
        r,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        let a = Axis::covering([3.0, 47.0], true, 5);
        assert_eq!(a.min, 0.0);
        assert_eq!(a.max, 50.0);
        assert_eq!(a.ticks, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        let b = Axis::covering([-12.0, 7.0], false, 4);
        assert!(b.min <= -12.0 && b.max >= 7.0, "{b:?}");
        assert!(b.ticks.contains(&0.0));
        // One value, and none.
        let c = Axis::covering([4.0], true, 5);
        assert!(c.max >= 4.0 && c.min == 0.0, "{c:?}");
        let alone = Axis::covering([4.0], false, 5);
        assert!(alone.min < 4.0 && alone.max > 4.0, "{alone:?}");
        assert_eq!(Axis::covering([], true, 5).ticks.first(), Some(&0.0));
        // Not-a-number is ignored, never a panic.
        let d = Axis::covering([f64::NAN, 2.0, f64::INFINITY], true, 5);
        assert!(d.max >= 2.0 && d.max.is_finite());
    }

    #[test]
    fn values_land_inside_the_range() {
        let a = Axis::fixed(0.0, 100.0, 25.0);
        assert_eq!(a.ticks.len(), 5);
        assert_eq!(a.place(50.0, 0.0, 200.0), 100.0);
        assert_eq!(a.place(150.0, 0.0, 200.0), 200.0, "clamped");
        // Screen y grows downwards: the top is the maximum.
        assert_eq!(a.place(100.0, 300.0, 20.0), 20.0);
    }

    #[test]
    fn the_fitted_line_and_r() {
        let f = least_squares(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]).unwrap_or(Fit {
            slope: 0.0,
            intercept: 0.0,
            r: 0.0,
        });
        assert!((f.slope - 2.0).abs() < 1e-9 && f.intercept.abs() < 1e-9);
        assert!((f.r - 1.0).abs() < 1e-9);
        let down = least_squares(&[(0.0, 10.0), (1.0, 7.0), (2.0, 5.0), (3.0, 1.0)]);
        assert!(down.is_some_and(|f| f.r < -0.9 && f.slope < 0.0));
        assert_eq!(least_squares(&[(1.0, 1.0), (2.0, 2.0)]), None);
        assert_eq!(least_squares(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]), None);
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.34), "12.3");
    }
}
