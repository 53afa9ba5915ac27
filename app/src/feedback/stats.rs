//! Customer-satisfaction arithmetic: the metrics as PRODUCT.md defines them, and comparisons fair
//! to sample size (Wilson intervals for shares, shrunk means, a test of whether a change is beyond
//! noise). Distributions come from statrs.
use statrs::distribution::{ContinuousCDF, Normal};

use crate::feedback::types::Ratings;

/// Counts behind every customer measure, which add up across units and months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub responses: u32,
    /// CSAT ratings, and those of 4 or 5.
    pub csat_n: u32,
    pub csat_satisfied: u32,
    /// NPS ratings, promoters (9-10) and detractors (0-6).
    pub nps_n: u32,
    pub promoters: u32,
    pub detractors: u32,
    /// CES ratings and their sum.
    pub ces_n: u32,
    pub ces_sum: u32,
}

impl Tally {
    pub fn add(&mut self, r: Ratings) {
        self.responses += 1;
        if let Some(v) = r.csat {
            self.csat_n += 1;
            self.csat_satisfied += u32::from(v >= 4);
        }
        if let Some(v) = r.nps {
            self.nps_n += 1;
            self.promoters += u32::from(v >= 9);
            self.detractors += u32::from(v <= 6);
        }
        if let Some(v) = r.ces {
            self.ces_n += 1;
            self.ces_sum += u32::from(v);
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        self.responses += o.responses;
        self.csat_n += o.csat_n;
        self.csat_satisfied += o.csat_satisfied;
        self.nps_n += o.nps_n;
        self.promoters += o.promoters;
        self.detractors += o.detractors;
        self.ces_n += o.ces_n;
        self.ces_sum += o.ces_sum;
    }

    /// CSAT %: the share of 4 and 5 among CSAT ratings (0-100).
    pub fn csat_pct(&self) -> Option<f64> {
        (self.csat_n > 0).then(|| 100.0 * f64::from(self.csat_satisfied) / f64::from(self.csat_n))
    }

    /// NPS: % promoters - % detractors (-100..100).
    pub fn nps(&self) -> Option<f64> {
        (self.nps_n > 0).then(|| {
            100.0 * (f64::from(self.promoters) - f64::from(self.detractors)) / f64::from(self.nps_n)
        })
    }

    /// CES: the mean rating (1-7).
    pub fn ces_mean(&self) -> Option<f64> {
        (self.ces_n > 0).then(|| f64::from(self.ces_sum) / f64::from(self.ces_n))
    }
}

/// The two-sided normal quantile for a confidence level (0.95 -> 1.96).
fn z(confidence: f64) -> f64 {
    Normal::standard().inverse_cdf(1.0 - (1.0 - confidence) / 2.0)
}

/// The Wilson score interval of a share of `successes` in `n`, as percentages; None for n = 0.
pub fn wilson(successes: u32, n: u32, confidence: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (f64::from(n), f64::from(successes) / f64::from(n));
    let z = z(confidence);
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some((
        100.0 * (centre - half).max(0.0),
        100.0 * (centre + half).min(1.0),
    ))
}

/// A unit's mean pulled towards its group's mean by `weight` pseudo-responses: a few responses
/// move it little, many move it to their own mean (the empirical-Bayes estimate with a prior worth
/// `weight` responses).
pub fn shrunk_mean(sum: f64, n: u32, prior_mean: f64, weight: f64) -> f64 {
    (sum + prior_mean * weight) / (f64::from(n) + weight)
}

/// Whether a share moved beyond noise between two periods: a two-proportion z-test at the
/// confidence level. Returns the change in percentage points when it is significant.
pub fn significant_change(before: (u32, u32), after: (u32, u32), confidence: f64) -> Option<f64> {
    let ((s1, n1), (s2, n2)) = (before, after);
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (f64::from(s1) / f64::from(n1), f64::from(s2) / f64::from(n2));
    let pooled = f64::from(s1 + s2) / f64::from(n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / f64::from(n1) + 1.0 / f64::from(n2))).sqrt();
    if se == 0.0 {
        return None;
    }
    ((p2 - p1).abs() / se > z(confidence)).then_some(100.0 * (p2 - p1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn metrics_follow_the_definitions() {
        let mut t = Tally::default();
        for (csat, nps, ces) in [(5, 10, 7), (4, 9, 6), (3, 7, 4), (1, 0, 1)] {
            t.add(Ratings {
                csat: Some(csat),
                nps: Some(nps),
                ces: Some(ces),
            });
        }
        t.add(Ratings {
            csat: None,
            nps: Some(6),
            ces: None,
        });
        assert_eq!(t.csat_pct(), Some(50.0));
        // 2 promoters, 2 detractors of 5: 0.
        assert_eq!(t.nps(), Some(0.0));
        assert_eq!(t.ces_mean(), Some(4.5));
        assert_eq!(Tally::default().csat_pct(), None);
    }

    #[test]
    fn wilson_matches_published_values() {
        // 95%: z = 1.959964; 8 of 10 -> (49.02, 94.33) (Wilson 1927; e.g. Newcombe 1998, table I
        // gives 0.4902-0.9433 for 81/263... here the standard textbook case 8/10).
        assert!(close(z(0.95), 1.959964, 1e-6));
        let (lo, hi) = wilson(8, 10, 0.95).unwrap_or_default();
        assert!(close(lo, 49.016, 0.01), "{lo}");
        assert!(close(hi, 94.332, 0.01), "{hi}");
        // Newcombe (1998), example: 81 of 263 -> 0.2553 to 0.3662.
        let (lo, hi) = wilson(81, 263, 0.95).unwrap_or_default();
        assert!(close(lo, 25.53, 0.01), "{lo}");
        assert!(close(hi, 36.62, 0.01), "{hi}");
        // All or none stay inside 0-100.
        let (lo, hi) = wilson(0, 5, 0.95).unwrap_or_default();
        assert!(close(lo, 0.0, 1e-9) && hi > 0.0);
        let (lo, hi) = wilson(5, 5, 0.95).unwrap_or_default();
        assert!(close(hi, 100.0, 1e-9) && lo < 100.0);
        assert_eq!(wilson(0, 0, 0.95), None);
    }

    #[test]
    fn a_small_perfect_sample_ranks_below_a_large_good_one() {
        let small = wilson(3, 3, 0.95).unwrap_or_default().0;
        let large = wilson(450, 500, 0.95).unwrap_or_default().0;
        assert!(small < large, "{small} vs {large}");
    }

    #[test]
    fn shrinking_pulls_small_samples_most() {
        // Prior 4.0 worth 20 responses: 2 responses of 5 -> 4.09; 2,000 of 5 -> 4.99.
        assert!(close(shrunk_mean(10.0, 2, 4.0, 20.0), 90.0 / 22.0, 1e-12));
        assert!(close(
            shrunk_mean(10_000.0, 2_000, 4.0, 20.0),
            10_080.0 / 2_020.0,
            1e-12
        ));
        assert!(close(shrunk_mean(0.0, 0, 4.0, 20.0), 4.0, 1e-12));
    }

    #[test]
    fn changes_within_noise_are_not_called_improvements() {
        // 70% -> 80% of 20 each: z = 0.73, noise.
        assert_eq!(significant_change((14, 20), (16, 20), 0.95), None);
        // 70% -> 80% of 1,000 each: z = 5.2, a real change of +10 points.
        let d = significant_change((700, 1000), (800, 1000), 0.95).unwrap_or_default();
        assert!(close(d, 10.0, 1e-9));
        assert_eq!(significant_change((0, 0), (5, 5), 0.95), None);
    }
}
