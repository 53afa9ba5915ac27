//! What a report covers: a unit of the organisation (region, site, department, or everyone) and
//! the days, parsed once where a request comes in. Services take a `ReportScope`, never the
//! query strings; each bad value gets its own message.
use serde::{Deserialize, Serialize};

use crate::reporting::period::{Day, Period};
use crate::reporting::unit::{Placement, Unit};

/// A report's unit and days; `None` means "all" (the whole organisation, any day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub region: Option<i32>,
    pub site: Option<i32>,
    pub department: Option<i32>,
    /// First day included.
    pub from: Option<Day>,
    /// Last day included.
    pub to: Option<Day>,
}

/// The raw values of a scope as a form or link sends them (empty means "all").
#[derive(Clone, Copy, Debug, Default)]
pub struct ScopeText<'a> {
    pub region: &'a str,
    pub site: &'a str,
    pub department: &'a str,
    /// A period key (`2026-11`, `2026-Q4`, `2026`); custom `from` and `to` win over it.
    pub period: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

fn id(raw: &str, what: &str, problems: &mut Vec<String>) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i32>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            problems.push(format!("Choose a {what} from the list."));
            None
        }
    }
}

fn day(raw: &str, what: &str, problems: &mut Vec<String>) -> Option<Day> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = Day::parse(raw);
    if parsed.is_none() {
        problems.push(format!(
            "The {what} date must be a real date written like 2026-11-24."
        ));
    }
    parsed
}

impl ReportScope {
    /// Reads a scope, naming every problem at once (joined into one message).
    pub fn parse(t: ScopeText<'_>) -> Result<ReportScope, String> {
        let mut problems = Vec::new();
        let mut scope = ReportScope {
            region: id(t.region, "region", &mut problems),
            site: id(t.site, "site", &mut problems),
            department: id(t.department, "department", &mut problems),
            from: day(t.from, "from", &mut problems),
            to: day(t.to, "to", &mut problems),
        };
        if scope.from.is_none() && scope.to.is_none() && !t.period.trim().is_empty() {
            match Period::parse(t.period) {
                Ok(p) => {
                    let (a, b) = p.days();
                    scope.from = Some(a);
                    scope.to = Some(b);
                }
                Err(e) => problems.push(e),
            }
        }
        if let (Some(a), Some(b)) = (scope.from, scope.to)
            && a > b
        {
            problems.push(format!("The period starts ({a}) after it ends ({b})."));
        }
        if problems.is_empty() {
            Ok(scope)
        } else {
            Err(problems.join(" "))
        }
    }

    /// The unit the scope names: its department, else its site, region, or the whole company.
    pub fn unit(&self) -> Unit {
        match (self.department, self.site, self.region) {
            (Some(d), _, _) => Unit::Department(d),
            (None, Some(s), _) => Unit::Site(s),
            (None, None, Some(r)) => Unit::Region(r),
            _ => Unit::Company,
        }
    }

    /// Whether someone placed so is in the scope's unit.
    pub fn places(&self, p: &Placement) -> bool {
        self.region.is_none_or(|r| p.region == Some(r))
            && self.site.is_none_or(|s| p.site == Some(s))
            && self.department.is_none_or(|d| p.department == Some(d))
    }

    /// Whether a day is inside the scope's days.
    pub fn covers(&self, d: Day) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    /// The days, with a default for either open end: the last `days` days up to `today`.
    pub fn days_or_last(&self, days: i64, today: Day) -> (Day, Day) {
        let to = self.to.unwrap_or(today);
        let from = self.from.unwrap_or(to.plus_days(1 - days));
        (from, to)
    }
}

/// Periods to offer in a picker: the last 12 months, 8 quarters and 3 years up to `today`, newest
/// first, each as (key, label).
pub fn recent_periods(today: Day) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut m = today.month();
    for _ in 0..12 {
        let p = Period::Month(m);
        out.push((p.key(), p.label()));
        m = m.prev();
    }
    let (mut y, mut q) = (today.year, (today.month - 1) / 3 + 1);
    for _ in 0..8 {
        let p = Period::Quarter(y, q);
        out.push((p.key(), p.label()));
        (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
    }
    for back in 0..3 {
        let p = Period::Year(today.year - back);
        out.push((p.key(), p.label()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(
        region: &'a str,
        site: &'a str,
        period: &'a str,
        from: &'a str,
        to: &'a str,
    ) -> ScopeText<'a> {
        ScopeText {
            region,
            site,
            department: "",
            period,
            from,
            to,
        }
    }

    #[test]
    fn a_scope_is_parsed_once_with_each_problem_named() {
        let s = ReportScope::parse(text("2", "", "2026-Q4", "", "")).unwrap_or_default();
        assert_eq!(s.region, Some(2));
        assert_eq!(s.unit(), Unit::Region(2));
        assert_eq!(s.from.map(|d| d.to_string()).as_deref(), Some("2026-10-01"));
        assert_eq!(s.to.map(|d| d.to_string()).as_deref(), Some("2026-12-31"));
        // Custom days win over the period.
        let c = ReportScope::parse(text("", "", "2026", "2026-03-01", "")).unwrap_or_default();
        assert_eq!(c.from.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));
        assert_eq!(c.to, None);
        let err = ReportScope::parse(text("north", "0", "", "2026-02-30", "2026-01-01"))
            .expect_err("bad");
        assert!(err.contains("Choose a region"), "{err}");
        assert!(err.contains("Choose a site"), "{err}");
        assert!(err.contains("The from date must be a real date"), "{err}");
        let backwards = ReportScope::parse(text("", "", "", "2026-05-01", "2026-04-01"))
            .expect_err("backwards");
        assert!(
            backwards.contains("starts (2026-05-01) after it ends"),
            "{backwards}"
        );
        assert!(ReportScope::parse(text("", "", "last week", "", "")).is_err());
    }

    #[test]
    fn placement_and_days() {
        let s = ReportScope {
            site: Some(3),
            from: Day::new(2026, 1, 1),
            to: Day::new(2026, 1, 31),
            ..Default::default()
        };
        let here = Placement {
            region: Some(1),
            site: Some(3),
            department: None,
        };
        assert!(s.places(&here));
        assert!(!s.places(&Placement {
            site: Some(4),
            ..here
        }));
        assert!(s.covers(Day::new(2026, 1, 31).unwrap()));
        assert!(!s.covers(Day::new(2026, 2, 1).unwrap()));
        let today = Day::new(2026, 12, 3).unwrap();
        let (a, b) = ReportScope::default().days_or_last(90, today);
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2026-09-05".into(), "2026-12-03".into())
        );
    }

    #[test]
    fn the_picker_offers_recent_periods() {
        let p = recent_periods(Day::new(2026, 2, 10).unwrap());
        assert_eq!(p.len(), 23);
        assert_eq!(p[0], ("2026-02".into(), "Feb 2026".into()));
        assert_eq!(p[12], ("2026-Q1".into(), "Q1 2026".into()));
        assert_eq!(p[13].0, "2025-Q4");
        assert_eq!(p[22], ("2024".into(), "2024".into()));
    }
}
