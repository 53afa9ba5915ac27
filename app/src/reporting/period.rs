//! Reporting periods: a month, a quarter, a year or a custom range of days, read from one query
//! value, with the comparable period before it. Days are the organisation's local days; turning
//! them into instants (in its time zone) is the service's job.
use serde::{Deserialize, Serialize};

/// A calendar month, the grain of every pillar's unit figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1-12.
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// Months from `self` to `other` (negative when `other` is earlier).
    pub fn months_until(self, other: Month) -> i32 {
        (other.year - self.year) * 12 + other.month as i32 - self.month as i32
    }

    pub fn plus(self, months: i32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 + months;
        Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u32,
        }
    }

    /// "2026-11".
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "Nov 2026".
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}", NAMES[(self.month - 1) as usize % 12], self.year)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// A day as year, month, day, checked. Kept free of any date library so the browser build stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        Month::new(year, month)?;
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(Day { year, month, day })
    }

    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }

    pub fn first_of(m: Month) -> Day {
        Day {
            year: m.year,
            month: m.month,
            day: 1,
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-days algorithm).
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_ordinal(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn plus_days(self, days: i64) -> Day {
        Day::from_ordinal(self.ordinal() + days)
    }

    /// "2026-11-03".
    pub fn parse(raw: &str) -> Option<Day> {
        let mut parts = raw.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Day::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

#[cfg(feature = "ssr")]
impl From<Day> for chrono::NaiveDate {
    fn from(d: Day) -> chrono::NaiveDate {
        // A Day is checked on construction, so this always succeeds.
        chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
impl From<chrono::NaiveDate> for Day {
    fn from(d: chrono::NaiveDate) -> Day {
        use chrono::Datelike;
        Day {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

impl Day {
    /// "3 Dec 2026".
    pub fn label(self) -> String {
        format!("{} {}", self.day, self.month().label())
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a report covers in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month(Month),
    /// Year and quarter 1-4.
    Quarter(i32, u32),
    Year(i32),
    /// From and to, both included.
    Days(Day, Day),
}

/// The longest custom range a report accepts.
pub const MAX_DAYS: i64 = 3 * 366;

impl Period {
    /// Reads `2026-11`, `2026-Q4`, `2026`, or `2026-10-01..2026-12-15`. The message says what
    /// was wrong in words a person understands.
    pub fn parse(raw: &str) -> Result<Period, String> {
        let raw = raw.trim();
        let bad = || {
            format!(
                "“{}” is not a period. Use a month (2026-11), a quarter (2026-Q4), a year (2026) \
                 or two dates (2026-10-01..2026-12-15).",
                raw.chars().take(40).collect::<String>()
            )
        };
        if let Some((from, to)) = raw.split_once("..") {
            let (Some(from), Some(to)) = (Day::parse(from), Day::parse(to)) else {
                return Err(bad());
            };
            if to < from {
                return Err(format!("The period ends ({to}) before it starts ({from})."));
            }
            if to.ordinal() - from.ordinal() + 1 > MAX_DAYS {
                return Err(format!(
                    "A custom period may cover at most {MAX_DAYS} days; use years instead."
                ));
            }
            return Ok(Period::Days(from, to));
        }
        if let Some((y, q)) = raw
            .split_once(['-', ' '])
            .filter(|(_, q)| q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')))
        {
            let year: i32 = y.parse().map_err(|_| bad())?;
            let quarter: u32 = q[1..].parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) || Month::new(year, 1).is_none() {
                return Err(bad());
            }
            return Ok(Period::Quarter(year, quarter));
        }
        if let Some((y, m)) = raw.split_once('-') {
            if y.len() == 4 && m.len() == 2 {
                let month =
                    Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
                return month.map(Period::Month).ok_or_else(bad);
            }
            return Err(bad());
        }
        if raw.len() == 4 {
            let year: i32 = raw.parse().map_err(|_| bad())?;
            if Month::new(year, 1).is_some() {
                return Ok(Period::Year(year));
            }
        }
        Err(bad())
    }

    /// The query value that reads back as this period.
    pub fn key(&self) -> String {
        match self {
            Period::Month(m) => m.key(),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Year(y) => format!("{y:04}"),
            Period::Days(a, b) => format!("{a}..{b}"),
        }
    }

    /// "Nov 2026", "Q4 2026", "2026", "2026-10-01 to 2026-12-15".
    pub fn label(&self) -> String {
        match self {
            Period::Month(m) => m.label(),
            Period::Quarter(y, q) => format!("Q{q} {y}"),
            Period::Year(y) => y.to_string(),
            Period::Days(a, b) => format!("{a} to {b}"),
        }
    }

    /// First and last day, both included.
    pub fn days(&self) -> (Day, Day) {
        match *self {
            Period::Month(m) => (Day::first_of(m), Day::first_of(m.next()).plus_days(-1)),
            Period::Quarter(y, q) => {
                let first = Month {
                    year: y,
                    month: (q - 1) * 3 + 1,
                };
                (
                    Day::first_of(first),
                    Day::first_of(first.plus(3)).plus_days(-1),
                )
            }
            Period::Year(y) => (
                Day {
                    year: y,
                    month: 1,
                    day: 1,
                },
                Day {
                    year: y,
                    month: 12,
                    day: 31,
                },
            ),
            Period::Days(a, b) => (a, b),
        }
    }

    /// The period of the same kind just before: the previous month, quarter or year, or for a
    /// custom range the same number of days ending the day before it starts.
    pub fn previous(&self) -> Period {
        match *self {
            Period::Month(m) => Period::Month(m.prev()),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Year(y) => Period::Year(y - 1),
            Period::Days(a, b) => {
                let len = b.ordinal() - a.ordinal() + 1;
                Period::Days(a.plus_days(-len), a.plus_days(-1))
            }
        }
    }

    /// The months the period touches, in order.
    pub fn months(&self) -> Vec<Month> {
        let (a, b) = self.days();
        let mut out = vec![a.month()];
        while let Some(&last) = out.last() {
            if last >= b.month() {
                break;
            }
            out.push(last.next());
        }
        out
    }

    /// The month that contains `today`.
    pub fn month_of(today: Day) -> Period {
        Period::Month(today.month())
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::new(y, m, d).unwrap_or(Day {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    #[test]
    fn every_kind_reads_and_writes_back() {
        for raw in ["2026-11", "2026-Q4", "2026", "2026-10-01..2026-12-15"] {
            let p = Period::parse(raw);
            assert_eq!(p.as_ref().map(Period::key), Ok(raw.to_owned()), "{raw}");
        }
        assert_eq!(Period::parse("2026 q1"), Ok(Period::Quarter(2026, 1)));
    }

    #[test]
    fn bad_values_get_a_message_that_says_why() {
        for raw in [
            "",
            "2026-13",
            "2026-Q5",
            "Nov",
            "2026-02-30..2026-03-01",
            "12345",
            "2026-1",
        ] {
            let e = Period::parse(raw).expect_err(raw);
            assert!(e.contains("not a period"), "{raw}: {e}");
        }
        let e = Period::parse("2026-03-01..2026-02-01").expect_err("backwards");
        assert!(e.contains("before it starts"), "{e}");
        let e = Period::parse("2020-01-01..2026-01-01").expect_err("long");
        assert!(e.contains("at most"), "{e}");
    }

    #[test]
    fn previous_periods_are_comparable() {
        assert_eq!(
            Period::parse("2026-01").map(|p| p.previous().key()),
            Ok("2025-12".into())
        );
        assert_eq!(
            Period::parse("2026-Q1").map(|p| p.previous().key()),
            Ok("2025-Q4".into())
        );
        assert_eq!(
            Period::parse("2026-03-01..2026-03-10").map(|p| p.previous().key()),
            Ok("2026-02-19..2026-02-28".into())
        );
    }

    #[test]
    fn ranges_cover_whole_months() {
        assert_eq!(
            Period::Quarter(2024, 1).days(),
            (day(2024, 1, 1), day(2024, 3, 31))
        );
        assert_eq!(
            Period::Month(Month {
                year: 2024,
                month: 2
            })
            .days()
            .1,
            day(2024, 2, 29)
        );
        assert_eq!(
            Period::Days(day(2026, 11, 20), day(2027, 1, 3))
                .months()
                .iter()
                .map(|m| m.key())
                .collect::<Vec<_>>(),
            ["2026-11", "2026-12", "2027-01"]
        );
        assert_eq!(
            Month {
                year: 2026,
                month: 11
            }
            .plus(-23)
            .key(),
            "2024-12"
        );
    }

    proptest! {
        #[test]
        fn ordinals_round_trip_and_count_days(z in -25_000i64..2_900_000) {
            let d = Day::from_ordinal(z);
            prop_assert!(Day::new(d.year, d.month, d.day).is_some());
            prop_assert_eq!(d.ordinal(), z);
            prop_assert_eq!(d.plus_days(1).ordinal(), z + 1);
        }

        #[test]
        fn a_custom_range_and_its_previous_have_the_same_length(a in 0i64..20_000, len in 1i64..400) {
            let from = Day::from_ordinal(a);
            let p = Period::Days(from, from.plus_days(len - 1));
            let (pa, pb) = p.previous().days();
            prop_assert_eq!(pb.ordinal() - pa.ordinal() + 1, len);
            prop_assert_eq!(pb.plus_days(1), from);
        }
    }
}
