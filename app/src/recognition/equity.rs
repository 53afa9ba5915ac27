//! The equity report's arithmetic, pure: who received recognition in the last 30 and 90 days, who
//! has had none for 60 ("not yet recognised", never called out as a failing), which managers have
//! not recognised any of their direct reports in 30 days, how concentrated recognition is, and the
//! same figures by site, department and role. The service loads the rows; this decides.
#[cfg(feature = "ssr")]
use std::collections::{BTreeMap, HashMap, HashSet};

#[cfg(feature = "ssr")]
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::auth::types::Role;

#[cfg(feature = "ssr")]
/// Someone in the report: a person the viewer may see, where they are now.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: i32,
    pub pid: String,
    pub name: String,
    pub role: Role,
    pub site: Option<String>,
    pub department: Option<String>,
    pub manager: Option<i32>,
    /// When their account was created: people who joined in the last 60 days are new, not overlooked.
    pub joined: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
/// The rows the report needs, all standing recognition (live, not withdrawn, not hidden).
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub now: DateTime<Utc>,
    pub people: Vec<Person>,
    /// (recipient, when) for recognition received in the last 90 days.
    pub received: Vec<(i32, DateTime<Utc>)>,
    /// (giver, recipient, when) for recognition given in the last 30 days.
    pub given: Vec<(i32, i32, DateTime<Utc>)>,
    /// Each person's most recent recognition received, ever.
    pub last_received: HashMap<i32, DateTime<Utc>>,
    /// Each manager's most recent recognition of one of their direct reports, ever.
    pub last_recognised_team: HashMap<i32, DateTime<Utc>>,
    /// The managers to check (people the viewer may see, and a manager viewer themselves), each
    /// with their active direct reports.
    pub managers: Vec<(Person, Vec<i32>)>,
}

/// Days in the report's windows.
pub const RECENT: i64 = 30;
pub const QUARTER: i64 = 90;
pub const OVERLOOKED: i64 = 60;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EquityPerson {
    pub pid: String,
    pub name: String,
    pub role: String,
    pub site: String,
    pub department: String,
    pub manager: String,
    pub received_30: u32,
    pub received_90: u32,
    pub given_30: u32,
    /// The day they were last recognised (YYYY-MM-DD), and how many days ago.
    pub last_received: Option<String>,
    pub days_since: Option<i64>,
    /// None in 60 days, and here for at least 60.
    pub overlooked: bool,
    /// Joined in the last 60 days.
    pub new_starter: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuietManager {
    pub pid: String,
    pub name: String,
    pub site: String,
    /// Active direct reports.
    pub team: u32,
    pub last_recognised_team: Option<String>,
    pub days_since: Option<i64>,
}

/// One site, department or role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EquityGroup {
    pub label: String,
    pub people: u32,
    /// Share of its people recognised in the last 90 days (0-100).
    pub recognised_90: f64,
    /// Recognitions received per person in the last 90 days.
    pub per_person_90: f64,
    pub overlooked: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Equity {
    pub people: u32,
    pub recognised_30: Option<f64>,
    pub recognised_90: Option<f64>,
    /// Recognitions received in the last 90 days, counted once per recipient.
    pub received_90: u32,
    /// The share of those received by the most recognised tenth of people (at least one person),
    /// and how many people that tenth is.
    pub top_share: Option<f64>,
    pub top_people: u32,
    /// Most overlooked first: not yet recognised, then longest ago; then by name.
    pub rows: Vec<EquityPerson>,
    pub quiet: Vec<QuietManager>,
    pub by_site: Vec<EquityGroup>,
    pub by_department: Vec<EquityGroup>,
    pub by_role: Vec<EquityGroup>,
}

#[cfg(feature = "ssr")]
fn pct(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

#[cfg(feature = "ssr")]
/// The share (0-100) of `total` held by the largest tenth of `counts` (rounded up, at least one).
pub fn top_tenth_share(counts: &[u32]) -> (Option<f64>, u32) {
    let total: u32 = counts.iter().sum();
    if counts.is_empty() || total == 0 {
        return (None, 0);
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top = counts.len().div_ceil(10);
    let held: u32 = sorted.iter().take(top).sum();
    (pct(held, total), top as u32)
}

#[cfg(feature = "ssr")]
fn day(at: DateTime<Utc>) -> String {
    at.date_naive().format("%Y-%m-%d").to_string()
}

#[cfg(feature = "ssr")]
fn days_between(earlier: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - earlier).num_days().max(0)
}

#[cfg(feature = "ssr")]
/// Groups rows by a label, in label order ("—" for none).
fn groups(rows: &[EquityPerson], label: impl Fn(&EquityPerson) -> &str) -> Vec<EquityGroup> {
    let mut by: BTreeMap<String, Vec<&EquityPerson>> = BTreeMap::new();
    for r in rows {
        let l = label(r);
        let l = if l.is_empty() { "—" } else { l };
        by.entry(l.to_owned()).or_default().push(r);
    }
    by.into_iter()
        .map(|(label, rs)| {
            let people = rs.len() as u32;
            let recognised = rs.iter().filter(|r| r.received_90 > 0).count() as u32;
            let received: u32 = rs.iter().map(|r| r.received_90).sum();
            EquityGroup {
                label,
                people,
                recognised_90: pct(recognised, people).unwrap_or(0.0),
                per_person_90: f64::from(received) / f64::from(people.max(1)),
                overlooked: rs.iter().filter(|r| r.overlooked).count() as u32,
            }
        })
        .collect()
}

#[cfg(feature = "ssr")]
/// The report for the people and rows given.
pub fn compute(input: &Inputs) -> Equity {
    let now = input.now;
    let since = |days: i64| now - Duration::days(days);
    let names: HashMap<i32, &str> = input
        .people
        .iter()
        .chain(input.managers.iter().map(|(m, _)| m))
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let mut r30: HashMap<i32, u32> = HashMap::new();
    let mut r60: HashSet<i32> = HashSet::new();
    let mut r90: HashMap<i32, u32> = HashMap::new();
    for (who, at) in &input.received {
        if *at >= since(QUARTER) && *at <= now {
            *r90.entry(*who).or_default() += 1;
            if *at >= since(OVERLOOKED) {
                r60.insert(*who);
            }
            if *at >= since(RECENT) {
                *r30.entry(*who).or_default() += 1;
            }
        }
    }
    let mut g30: HashMap<i32, u32> = HashMap::new();
    for (giver, _, at) in &input.given {
        if *at >= since(RECENT) && *at <= now {
            *g30.entry(*giver).or_default() += 1;
        }
    }
    let mut rows: Vec<EquityPerson> = input
        .people
        .iter()
        .map(|p| {
            let last = input.last_received.get(&p.id).copied();
            let new_starter = p.joined > since(OVERLOOKED);
            EquityPerson {
                pid: p.pid.clone(),
                name: p.name.clone(),
                role: p.role.label().to_owned(),
                site: p.site.clone().unwrap_or_default(),
                department: p.department.clone().unwrap_or_default(),
                manager: p
                    .manager
                    .and_then(|m| names.get(&m).map(|n| (*n).to_owned()))
                    .unwrap_or_default(),
                received_30: r30.get(&p.id).copied().unwrap_or(0),
                received_90: r90.get(&p.id).copied().unwrap_or(0),
                given_30: g30.get(&p.id).copied().unwrap_or(0),
                last_received: last.map(day),
                days_since: last.map(|l| days_between(l, now)),
                overlooked: !new_starter && !r60.contains(&p.id),
                new_starter,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.overlooked
            .cmp(&a.overlooked)
            .then_with(|| {
                // Never recognised first, then longest ago.
                let key = |r: &EquityPerson| r.days_since.unwrap_or(i64::MAX);
                key(b).cmp(&key(a))
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    let people = rows.len() as u32;
    let counts: Vec<u32> = rows.iter().map(|r| r.received_90).collect();
    let (top_share, top_people) = top_tenth_share(&counts);

    let mut quiet: Vec<QuietManager> = input
        .managers
        .iter()
        .filter(|(_, team)| !team.is_empty())
        .filter(|(m, team)| {
            !input.given.iter().any(|(giver, to, at)| {
                giver == &m.id && team.contains(to) && *at >= since(RECENT) && *at <= now
            })
        })
        .map(|(m, team)| {
            let last = input.last_recognised_team.get(&m.id).copied();
            QuietManager {
                pid: m.pid.clone(),
                name: m.name.clone(),
                site: m.site.clone().unwrap_or_default(),
                team: team.len() as u32,
                last_recognised_team: last.map(day),
                days_since: last.map(|l| days_between(l, now)),
            }
        })
        .collect();
    quiet.sort_by(|a, b| {
        b.days_since
            .unwrap_or(i64::MAX)
            .cmp(&a.days_since.unwrap_or(i64::MAX))
            .then_with(|| a.name.cmp(&b.name))
    });

    Equity {
        people,
        recognised_30: pct(
            rows.iter().filter(|r| r.received_30 > 0).count() as u32,
            people,
        ),
        recognised_90: pct(
            rows.iter().filter(|r| r.received_90 > 0).count() as u32,
            people,
        ),
        received_90: counts.iter().sum(),
        top_share,
        top_people,
        by_site: groups(&rows, |r| &r.site),
        by_department: {
            let labelled: Vec<EquityPerson> = rows
                .iter()
                .map(|r| EquityPerson {
                    department: match (r.site.as_str(), r.department.as_str()) {
                        (_, "") => String::new(),
                        ("", d) => d.to_owned(),
                        (s, d) => format!("{s} · {d}"),
                    },
                    ..r.clone()
                })
                .collect();
            groups(&labelled, |r| &r.department)
        },
        by_role: groups(&rows, |r| &r.role),
        rows,
        quiet,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn at(days_ago: i64, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(days_ago)
    }

    fn person(
        id: i32,
        name: &str,
        role: Role,
        site: &str,
        manager: Option<i32>,
        joined: DateTime<Utc>,
    ) -> Person {
        Person {
            id,
            pid: format!("p{id}"),
            name: name.into(),
            role,
            site: Some(site.into()),
            department: Some("Front desk".into()),
            manager,
            joined,
        }
    }

    #[test]
    fn the_top_tenth_holds_its_share() {
        assert_eq!(top_tenth_share(&[]), (None, 0));
        assert_eq!(top_tenth_share(&[0, 0, 0]), (None, 0));
        // Eleven people: the top tenth is two.
        let (share, top) = top_tenth_share(&[10, 5, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
        assert_eq!(top, 2);
        assert!((share.unwrap_or(0.0) - 75.0).abs() < 1e-9);
        // Evenly spread: the tenth holds a tenth.
        let (share, _) = top_tenth_share(&[3; 10]);
        assert!((share.unwrap_or(0.0) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn overlooked_new_and_quiet_are_told_apart() {
        let now = Utc::now();
        let long_ago = at(400, now);
        let ana = person(1, "Ana", Role::Manager, "Harbour", None, long_ago);
        let ben = person(2, "Ben", Role::Staff, "Harbour", Some(1), long_ago);
        let cy = person(3, "Cy", Role::Staff, "Harbour", Some(1), long_ago);
        let dee = person(4, "Dee", Role::Staff, "Quay", Some(5), at(10, now));
        let eve = person(5, "Eve", Role::Manager, "Quay", None, long_ago);
        let input = Inputs {
            now,
            people: vec![
                ana.clone(),
                ben.clone(),
                cy.clone(),
                dee.clone(),
                eve.clone(),
            ],
            // Ben: twice recently; Cy: 70 days ago only (overlooked); Ana: 45 days ago.
            received: vec![
                (2, at(3, now)),
                (2, at(40, now)),
                (3, at(70, now)),
                (1, at(45, now)),
            ],
            given: vec![(5, 4, at(2, now)), (1, 2, at(3, now))],
            last_received: HashMap::from([(2, at(3, now)), (3, at(70, now)), (1, at(45, now))]),
            last_recognised_team: HashMap::from([(1, at(3, now)), (5, at(2, now))]),
            managers: vec![(ana, vec![2, 3]), (eve, vec![4])],
        };
        let e = compute(&input);
        assert_eq!(e.people, 5);
        assert_eq!(e.received_90, 4);
        let row = |name: &str| {
            e.rows
                .iter()
                .find(|r| r.name == name)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!((row("Ben").received_30, row("Ben").received_90), (1, 2));
        assert!(row("Cy").overlooked);
        assert_eq!(row("Cy").days_since, Some(70));
        assert!(!row("Ana").overlooked, "45 days ago is inside 60");
        assert!(row("Dee").new_starter && !row("Dee").overlooked);
        assert!(
            row("Eve").overlooked,
            "never recognised and here long enough"
        );
        // Never recognised comes first, then the longest ago.
        assert_eq!(e.rows[0].name, "Eve");
        assert_eq!(e.rows[1].name, "Cy");
        assert_eq!(row("Ben").manager, "Ana");
        // Both managers recognised one of their team in 30 days: nobody is quiet.
        assert!(e.quiet.is_empty());
        // 2 of 5 recognised in 30 days; 3 of 5 in 90.
        assert_eq!(e.recognised_30.map(|v| v.round()), Some(20.0));
        assert_eq!(e.recognised_90.map(|v| v.round()), Some(60.0));
        assert_eq!(e.top_people, 1);
        assert_eq!(e.top_share.map(|v| v.round()), Some(50.0));
        let harbour = e
            .by_site
            .iter()
            .find(|g| g.label == "Harbour")
            .cloned()
            .unwrap_or_default();
        assert_eq!((harbour.people, harbour.overlooked), (3, 1));
        assert_eq!(e.by_department[0].label, "Harbour · Front desk");
        assert_eq!(
            e.by_role
                .iter()
                .map(|g| g.label.as_str())
                .collect::<Vec<_>>(),
            ["Manager", "Staff"]
        );

        // Ana's only gift to her team leaves the window: she becomes quiet, with the day she last did.
        let later = Inputs {
            given: vec![(5, 4, at(2, now)), (1, 2, at(31, now))],
            last_recognised_team: HashMap::from([(1, at(31, now)), (5, at(2, now))]),
            ..input
        };
        let e = compute(&later);
        assert_eq!(e.quiet.len(), 1);
        assert_eq!(
            (
                e.quiet[0].name.as_str(),
                e.quiet[0].team,
                e.quiet[0].days_since
            ),
            ("Ana", 2, Some(31))
        );
    }

    #[test]
    fn gifts_to_people_outside_the_team_do_not_count_and_empty_teams_are_skipped() {
        let now = Utc::now();
        let ana = person(1, "Ana", Role::Manager, "Harbour", None, at(400, now));
        let lone = person(9, "Lone", Role::Manager, "Harbour", None, at(400, now));
        let e = compute(&Inputs {
            now,
            people: vec![ana.clone()],
            given: vec![(1, 7, at(1, now))],
            managers: vec![(ana, vec![2]), (lone, vec![])],
            ..Default::default()
        });
        assert_eq!(e.quiet.len(), 1);
        assert_eq!(e.quiet[0].days_since, None);
        assert_eq!(e.top_share, None);
    }
}
