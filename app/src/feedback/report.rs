//! Guest tracking: one unit's customer satisfaction over the last 90 days against the 90 before,
//! its twelve months (from the shared monthly unit figures), the unit beside its region and the
//! company, league tables fair to sample size, movers beyond noise, departments against the same
//! department elsewhere in the region, and comments.
//!
//! Who sees what: HR and admins everything; managers the sites they lead and their own, with their
//! departments; staff their own site's figures and the comments that name them.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{feedback_response, user};
use crate::error::AppError;
use crate::feedback::followup_types::{RecogniseOffer, RecogniseValues};
use crate::feedback::service::{Within, breakdowns, monthly, tallies};
use crate::feedback::stats::{Tally, significant_change, wilson};
use crate::feedback::types::{
    BreakdownRow, CommentView, CompareRow, CustomerFigures, CustomerReport, DepartmentRow, League,
    LeagueRow, MonthFigures, Mover, Ratings, SMALL_SAMPLE,
};
use crate::org::index::OrgIndex;
use crate::reporting::figures::Measure;
use crate::reporting::period::{Day, Month};
use crate::reporting::unit::Unit;

/// Days in each window compared.
const WINDOW: i64 = 90;
/// Comments listed.
const COMMENTS: u64 = 20;
const CONFIDENCE: f64 = 0.95;

fn figures(t: &Tally) -> CustomerFigures {
    CustomerFigures {
        responses: t.responses,
        csat: t.csat_pct(),
        csat_n: t.csat_n,
        nps: t.nps(),
        nps_n: t.nps_n,
        ces: t.ces_mean(),
        ces_n: t.ces_n,
    }
}

/// The units a viewer may see, in picker order: the company and regions (HR and admins), then
/// sites each followed by their departments (staff: their own site only).
fn viewable(org: &OrgIndex, me: &CurrentUser) -> Vec<Unit> {
    let everything = matches!(me.role, Role::Hr | Role::Admin);
    let sites: BTreeSet<i32> = org
        .sites
        .values()
        .filter(|s| {
            everything
                || me.site_id == Some(s.id)
                || (me.role == Role::Manager && s.manager_id == Some(me.id))
        })
        .map(|s| s.id)
        .collect();
    let mut out = Vec::new();
    if everything {
        out.push(Unit::Company);
        out.extend(org.regions.keys().map(|r| Unit::Region(*r)));
    }
    for s in &sites {
        out.push(Unit::Site(*s));
        if me.role != Role::Staff {
            out.extend(
                org.departments
                    .values()
                    .filter(|d| d.site_id == *s)
                    .map(|d| Unit::Department(d.id)),
            );
        }
    }
    out
}

/// What the whole company is called on the guest pages.
const ALL: &str = "All sites";

fn label(org: &OrgIndex, u: Unit) -> String {
    org.unit_name(u, ALL)
}

/// Whether a response at (site, department) counts for a unit.
fn within(org: &OrgIndex, u: Unit, site: i32, dept: Option<i32>) -> bool {
    match u {
        Unit::Company => true,
        Unit::Region(r) => org.sites.get(&site).is_some_and(|s| s.region_id == r),
        Unit::Site(s) => site == s,
        Unit::Department(d) => dept == Some(d),
    }
}

fn window_label(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
}

/// One unit's guest satisfaction for the viewer, as of `today` (the organisation's day).
pub async fn report(
    db: &DatabaseConnection,
    me: &CurrentUser,
    unit: &str,
    today: NaiveDate,
) -> Result<CustomerReport, AppError> {
    let org = OrgIndex::load(db).await?;
    let allowed = viewable(&org, me);
    let unit = if unit.trim().is_empty() {
        match allowed.first() {
            Some(u) => *u,
            None => {
                return Err(AppError::invalid(
                    "You are not placed at a site yet, so there are no guest figures to show you.",
                ));
            }
        }
    } else {
        org.find_unit(unit, "Choose a site, region or department from the list.")?
    };
    if !allowed.contains(&unit) {
        return Err(AppError::Forbidden);
    }
    let everything = matches!(me.role, Role::Hr | Role::Admin);
    let start = today - Duration::days(WINDOW - 1);
    let before = start - Duration::days(WINDOW);
    let rows = tallies(db, before, today + Duration::days(1)).await?;
    // (window: 0 previous, 1 current) -> per (site, dept).
    let mut cells: [BTreeMap<(i32, Option<i32>), Tally>; 2] = Default::default();
    for (site, dept, day, t) in &rows {
        let w = usize::from(*day >= start);
        cells[w].entry((*site, *dept)).or_default().merge(t);
    }
    let sum = |w: usize, pick: &dyn Fn(i32, Option<i32>) -> bool| {
        let mut t = Tally::default();
        for ((s, d), x) in &cells[w] {
            if pick(*s, *d) {
                t.merge(x);
            }
        }
        t
    };
    let of = |w: usize, u: Unit| sum(w, &|s, d| within(&org, u, s, d));
    let region_of_site = |s: i32| org.sites.get(&s).map(|x| x.region_id);
    let region = match unit {
        Unit::Company => None,
        Unit::Region(r) => Some(r),
        Unit::Site(s) => region_of_site(s),
        Unit::Department(d) => org
            .departments
            .get(&d)
            .and_then(|d| region_of_site(d.site_id)),
    };

    // Twelve months from the shared monthly figures.
    let this = Day::from(today).month();
    let first = this.plus(-11);
    let monthly_figures = monthly(db, first, this).await?;
    let months: Vec<MonthFigures> = (0..12)
        .map(|i| {
            let m: Month = first.plus(i);
            let get = |measure: Measure| {
                monthly_figures
                    .iter()
                    .find(|f| f.unit == unit && f.month == m && f.measure == measure)
                    .map(|f| (f.value, f.n))
            };
            let (csat, csat_n) =
                get(Measure::CustomerCsat).map_or((None, 0), |(v, n)| (Some(v), n));
            let (nps, nps_n) = get(Measure::CustomerNps).map_or((None, 0), |(v, n)| (Some(v), n));
            let (ces, ces_n) =
                get(Measure::CustomerEffort).map_or((None, 0), |(v, n)| (Some(v), n));
            MonthFigures {
                month: m.label(),
                figures: CustomerFigures {
                    responses: csat_n.max(nps_n).max(ces_n),
                    csat,
                    csat_n,
                    nps,
                    nps_n,
                    ces,
                    ces_n,
                },
            }
        })
        .collect();

    // The unit beside the units around it.
    let mut around: Vec<(String, Tally)> = vec![(label(&org, unit), of(1, unit))];
    match unit {
        Unit::Company => {
            for r in org.regions.keys() {
                around.push((label(&org, Unit::Region(*r)), of(1, Unit::Region(*r))));
            }
        }
        Unit::Region(_) => around.push(("All sites".into(), of(1, Unit::Company))),
        Unit::Site(_) => {
            if let Some(r) = region {
                around.push((
                    format!("{} (region)", label(&org, Unit::Region(r))),
                    of(1, Unit::Region(r)),
                ));
            }
            around.push(("All sites".into(), of(1, Unit::Company)));
        }
        Unit::Department(d) => {
            if let Some(dep) = org.departments.get(&d) {
                let name = dep.name.to_lowercase();
                let peers = sum(1, &|s, dd| {
                    dd != Some(d)
                        && region.is_some_and(|r| region_of_site(s) == Some(r))
                        && dd
                            .and_then(|x| org.departments.get(&x))
                            .is_some_and(|x| x.name.to_lowercase() == name)
                });
                around.push((format!("{} elsewhere in the region", dep.name), peers));
                around.push((
                    label(&org, Unit::Site(dep.site_id)),
                    of(1, Unit::Site(dep.site_id)),
                ));
            }
        }
    }
    let compare = around
        .into_iter()
        .map(|(label, t)| CompareRow {
            label,
            figures: figures(&t),
        })
        .collect();

    // League tables and movers: HR and admins, for the unit's region or every region.
    let mut leagues = Vec::new();
    let (mut improved, mut declined) = (Vec::new(), Vec::new());
    if everything {
        let regions: Vec<i32> = match region {
            Some(r) => vec![r],
            None => org.regions.keys().copied().collect(),
        };
        for r in regions {
            let mut rows: Vec<LeagueRow> = org
                .sites
                .values()
                .filter(|s| s.region_id == r)
                .filter_map(|s| {
                    let t = of(1, Unit::Site(s.id));
                    let (low, high) = wilson(t.csat_satisfied, t.csat_n, CONFIDENCE)?;
                    Some(LeagueRow {
                        rank: 0,
                        site: s.name.clone(),
                        key: Unit::Site(s.id).key(),
                        csat: t.csat_pct().unwrap_or_default(),
                        n: t.csat_n,
                        low,
                        high,
                        small: t.csat_n < SMALL_SAMPLE,
                        nps: t.nps(),
                    })
                })
                .collect();
            rows.sort_by(|a, b| b.low.total_cmp(&a.low).then(a.site.cmp(&b.site)));
            for (i, row) in rows.iter_mut().enumerate() {
                row.rank = i as u32 + 1;
            }
            if !rows.is_empty() {
                leagues.push(League {
                    region: label(&org, Unit::Region(r)),
                    rows,
                });
            }
            for s in org.sites.values().filter(|s| s.region_id == r) {
                let (a, b) = (of(0, Unit::Site(s.id)), of(1, Unit::Site(s.id)));
                if let Some(change) = significant_change(
                    (a.csat_satisfied, a.csat_n),
                    (b.csat_satisfied, b.csat_n),
                    CONFIDENCE,
                ) {
                    let m = Mover {
                        site: s.name.clone(),
                        before: a.csat_pct().unwrap_or_default(),
                        before_n: a.csat_n,
                        after: b.csat_pct().unwrap_or_default(),
                        after_n: b.csat_n,
                        change,
                    };
                    if change > 0.0 {
                        improved.push(m);
                    } else {
                        declined.push(m);
                    }
                }
            }
        }
        improved.sort_by(|a, b| b.change.total_cmp(&a.change));
        declined.sort_by(|a, b| a.change.total_cmp(&b.change));
    }

    // A site's departments beside the same department in the region's other sites.
    let mut departments = Vec::new();
    if let (Unit::Site(site), false) = (unit, me.role == Role::Staff) {
        for d in org.departments.values().filter(|d| d.site_id == site) {
            let mine = of(1, Unit::Department(d.id));
            if mine.responses == 0 {
                continue;
            }
            let name = d.name.to_lowercase();
            let peers = sum(1, &|s, dd| {
                s != site
                    && region.is_some_and(|r| region_of_site(s) == Some(r))
                    && dd
                        .and_then(|x| org.departments.get(&x))
                        .is_some_and(|x| x.name.to_lowercase() == name)
            });
            let behind = significant_change(
                (peers.csat_satisfied, peers.csat_n),
                (mine.csat_satisfied, mine.csat_n),
                CONFIDENCE,
            )
            .is_some_and(|c| c < 0.0);
            departments.push(DepartmentRow {
                department: d.name.clone(),
                key: Unit::Department(d.id).key(),
                figures: figures(&mine),
                peers: figures(&peers),
                behind,
            });
        }
    }

    // Comments: the unit's latest; for staff, the ones that name them. Bounded by the time they
    // happened (not the day), so the (site, occurred_at), (person, occurred_at) and (occurred_at)
    // indexes give them newest first without sorting a quarter's responses.
    let since = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut q = feedback_response::Entity::find()
        .filter(feedback_response::Column::Comment.is_not_null())
        .order_by_desc(feedback_response::Column::OccurredAt)
        .order_by_desc(feedback_response::Column::Id)
        .limit(COMMENTS);
    let comments_title = if me.role == Role::Staff {
        q = q
            .filter(feedback_response::Column::PersonId.eq(me.id))
            .filter(feedback_response::Column::OccurredAt.gte(since(today - Duration::days(365))));
        "Guests' comments that name you, last 12 months".to_owned()
    } else {
        q = q.filter(feedback_response::Column::OccurredAt.gte(since(start)));
        q = match unit {
            Unit::Company => q,
            Unit::Region(r) => q.filter(
                feedback_response::Column::SiteId.is_in(
                    org.sites
                        .values()
                        .filter(|s| s.region_id == r)
                        .map(|s| s.id)
                        .collect::<Vec<_>>(),
                ),
            ),
            Unit::Site(s) => q.filter(feedback_response::Column::SiteId.eq(s)),
            // Its site too, so the site's index serves it.
            Unit::Department(d) => q
                .filter(feedback_response::Column::DepartmentId.eq(d))
                .filter(
                    feedback_response::Column::SiteId
                        .eq(org.departments.get(&d).map_or(0, |x| x.site_id)),
                ),
        };
        format!("Latest comments, {}", label(&org, unit))
    };
    let found = q.all(db).await?;
    let offers: BTreeSet<i64> = crate::feedback::service::recognisable(db, me, &found)
        .await?
        .into_iter()
        .collect();
    let recognise_values = if offers.is_empty() {
        RecogniseValues::default()
    } else {
        recognise_values(db).await?
    };
    let ids: Vec<i32> = found.iter().filter_map(|r| r.person_id).collect();
    let names: BTreeMap<i32, (String, String)> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, (u.name, u.pid)))
            .collect()
    };
    let comments = found
        .into_iter()
        .map(|r| {
            let ratings = Ratings {
                csat: r.csat.and_then(|v| u8::try_from(v).ok()),
                nps: r.nps.and_then(|v| u8::try_from(v).ok()),
                ces: r.ces.and_then(|v| u8::try_from(v).ok()),
            };
            let shown: Vec<String> = [
                ("CSAT", ratings.csat),
                ("NPS", ratings.nps),
                ("CES", ratings.ces),
            ]
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
            CommentView {
                day: r.day.format("%-d %b %Y").to_string(),
                unit: r.department_id.map_or_else(
                    || label(&org, Unit::Site(r.site_id)),
                    |d| label(&org, Unit::Department(d)),
                ),
                channel: r.channel.label().to_owned(),
                ratings: shown.join(" · "),
                served_by: r.person_id.and_then(|p| names.get(&p).map(|n| n.0.clone())),
                recognise: r
                    .person_id
                    .and_then(|p| names.get(&p))
                    .filter(|_| offers.contains(&r.id))
                    .map(|(name, pid)| RecogniseOffer {
                        response: r.id.to_string(),
                        person_pid: pid.clone(),
                        person: name.clone(),
                        message: quote(r.comment.as_deref().unwrap_or_default()),
                        request_key: uuid::Uuid::new_v4().to_string(),
                    }),
                text: r.comment.unwrap_or_default(),
                unhappy: ratings.unhappy(),
            }
        })
        .collect();

    // Week by week: 13 weeks ending today.
    let weeks = (0..13i64)
        .rev()
        .map(|ago| {
            let last = today - Duration::days(7 * ago);
            let first = last - Duration::days(6);
            let mut t = Tally::default();
            for (s, d, day, x) in &rows {
                if (first..=last).contains(day) && within(&org, unit, *s, *d) {
                    t.merge(x);
                }
            }
            MonthFigures {
                month: format!("{} – {}", first.format("%-d %b"), last.format("%-d %b")),
                figures: figures(&t),
            }
        })
        .collect();

    // By channel and by person, the last 90 days.
    let sites: Vec<i32> = org
        .sites
        .values()
        .filter(|s| within(&org, unit, s.id, None))
        .map(|s| s.id)
        .collect();
    let scope = match unit {
        Unit::Department(d) => Within::Department(d),
        _ => Within::Sites(&sites),
    };
    let (by_channel, by_person) = breakdowns(db, scope, start, today + Duration::days(1)).await?;
    let mut channels: Vec<BreakdownRow> = by_channel
        .into_iter()
        .map(|(c, t)| BreakdownRow {
            label: c.label().to_owned(),
            figures: figures(&t),
        })
        .collect();
    channels.sort_by_key(|c| std::cmp::Reverse(c.figures.responses));
    let people = if me.role == Role::Staff || by_person.is_empty() {
        Vec::new()
    } else {
        let names: BTreeMap<i32, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(by_person.iter().map(|(p, _)| *p)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let mut rows: Vec<BreakdownRow> = by_person
            .into_iter()
            .filter_map(|(p, t)| {
                names.get(&p).map(|n| BreakdownRow {
                    label: n.clone(),
                    figures: figures(&t),
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            b.figures
                .csat_n
                .cmp(&a.figures.csat_n)
                .then_with(|| a.label.cmp(&b.label))
        });
        rows
    };

    Ok(CustomerReport {
        weeks,
        channels,
        people,
        unit: unit.key(),
        unit_label: label(&org, unit),
        units: allowed.iter().map(|u| (u.key(), label(&org, *u))).collect(),
        window: window_label(start, today),
        headline: figures(&of(1, unit)),
        previous: figures(&of(0, unit)),
        months,
        compare,
        leagues,
        improved,
        declined,
        departments,
        comments,
        comments_title,
        can_download: everything,
        recognise_values,
        followups: if me.role == Role::Staff {
            None
        } else {
            Some(crate::feedback::followup_service::counts(db, me, chrono::Utc::now()).await?)
        },
    })
}

/// The recognition message "Recognise" starts with: the customer's words, quoted (shortened to
/// fit a recognition message).
pub fn quote(comment: &str) -> String {
    const ROOM: usize = 900;
    let c = comment.trim();
    let shown: String = if c.chars().count() > ROOM {
        format!("{}…", c.chars().take(ROOM).collect::<String>().trim_end())
    } else {
        c.to_owned()
    };
    format!("A guest wrote: “{shown}” Thank you!")
}

/// The value "Recognise" preselects: one about moments of magic, else one that speaks of
/// customers or guests, else the first.
pub fn preselect(values: &[(String, String, String)]) -> String {
    let has = |words: &[&str]| {
        values.iter().find(|(_, name, meaning)| {
            let text = format!("{name} {meaning}").to_lowercase();
            words.iter().any(|w| text.contains(w))
        })
    };
    has(&["magic"])
        .or_else(|| has(&["customer", "guest"]))
        .or(values.first())
        .map(|v| v.0.clone())
        .unwrap_or_default()
}

async fn recognise_values<C: sea_orm::ConnectionTrait>(
    db: &C,
) -> Result<RecogniseValues, AppError> {
    use crate::entities::recognition_value;
    let rows: Vec<(String, String, String)> = recognition_value::Entity::find()
        .filter(recognition_value::Column::Archived.eq(false))
        .order_by_asc(recognition_value::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.pid, v.name, v.meaning))
        .collect();
    Ok(RecogniseValues {
        preselected: preselect(&rows),
        values: rows
            .into_iter()
            .map(|(id, name, _)| crate::training::types::Named { id, name })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(pid: &str, name: &str, meaning: &str) -> (String, String, String) {
        (pid.into(), name.into(), meaning.into())
    }

    #[test]
    fn recognise_preselects_magic_then_customers_then_the_first() {
        let values = [
            v("a", "Own the fix", "Take the problem as yours."),
            v("b", "Guests first", "Every guest is a person."),
            v("c", "Moments of magic", "Turn a moment of truth around."),
        ];
        assert_eq!(preselect(&values), "c");
        assert_eq!(preselect(&values[..2]), "b");
        assert_eq!(preselect(&values[..1]), "a");
        assert_eq!(preselect(&[]), "");
    }

    #[test]
    fn the_customers_words_are_quoted_and_fit_a_message() {
        assert_eq!(quote(" Lovely. "), "A guest wrote: “Lovely.” Thank you!");
        let long = quote(&"y".repeat(5000));
        assert!(long.chars().count() <= crate::recognition::rules::MESSAGE_MAX);
        assert!(long.contains("…”"));
    }
}
