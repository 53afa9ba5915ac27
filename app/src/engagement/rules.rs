//! Pure rules of engagement surveys: reading HR's survey form and a respondent's answers,
//! coarsening a response's attributes before storage, scoring, and deciding which groups'
//! results may be shown (through the shared `reporting::confidentiality`).
use std::collections::{BTreeMap, BTreeSet};

use crate::engagement::types::{
    AudienceLevel, COMMENT_MAX, Driver, EASE_MAX, GENERAL, QUALITY_MAX, Reach, RoleGroup, Scale,
    Score, SurveyForm, SurveyKind, TITLE_MAX, TenureBand, ease_key, from_item_key, quality_key,
    rating_key,
};
use crate::reporting::confidentiality::{Group, Hidden, Threshold, suppress};
use crate::reporting::period::Day;
use crate::reporting::unit::Unit;

/// The longest a survey may stay open.
pub const MAX_OPEN_DAYS: i64 = 92;

/// A survey form, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyPlan {
    pub title: String,
    pub driver_comments: bool,
    pub free_comment: bool,
    pub kind: SurveyKind,
    pub opens_on: Day,
    pub closes_on: Day,
    /// Empty: everyone.
    pub audience: Vec<(AudienceLevel, i32)>,
    /// Item public ids, in the order given (none for an internal-service survey).
    pub items: Vec<String>,
    /// Whom an internal-service survey's respondents rate.
    pub reach: Option<Reach>,
}

/// Reads HR's form. `known_items` are the bank's current item ids; `known_units` the audience
/// keys that exist. Every problem is named, joined into one message.
pub fn read_survey(
    form: &SurveyForm,
    today: Day,
    known_items: &[String],
    known_units: &BTreeSet<String>,
    editing: bool,
) -> Result<SurveyPlan, String> {
    let mut problems = Vec::new();
    let title = form.title.trim().to_owned();
    if title.is_empty() {
        problems.push("Give the survey a title people will recognise.".to_owned());
    } else if title.chars().count() > TITLE_MAX {
        problems.push(format!("Keep the title to {TITLE_MAX} characters."));
    } else if title.chars().any(char::is_control) {
        problems.push("The title contains a control character; remove it.".to_owned());
    }
    let kind = SurveyKind::parse(&form.kind);
    if kind.is_none() {
        problems.push("Choose census, pulse or internal service.".to_owned());
    }
    let internal = kind == Some(SurveyKind::Internal);
    let reach = if internal {
        let r = Reach::parse(&form.reach);
        if r.is_none() {
            problems.push(
                "Choose whom people rate: the departments of their own site, or any department."
                    .to_owned(),
            );
        }
        r
    } else {
        None
    };
    let opens_on = Day::parse(form.opens_on.trim());
    let closes_on = Day::parse(form.closes_on.trim());
    if opens_on.is_none() {
        problems.push("The opening day must be a real date written like 2026-12-01.".to_owned());
    }
    if closes_on.is_none() {
        problems.push("The closing day must be a real date written like 2026-12-14.".to_owned());
    }
    if let (Some(a), Some(b)) = (opens_on, closes_on) {
        if b < a {
            problems.push("The survey must close on or after the day it opens.".to_owned());
        } else if b.ordinal() - a.ordinal() >= MAX_OPEN_DAYS {
            problems.push(format!(
                "Keep a survey open for at most {MAX_OPEN_DAYS} days."
            ));
        }
        if !editing && b < today {
            problems.push("The closing day has already passed.".to_owned());
        }
    }
    let mut audience = Vec::new();
    for key in form.audience.keys() {
        match AudienceLevel::parse_unit(key) {
            Some(u) if known_units.contains(key) => audience.push(u),
            _ => problems.push("Choose the audience from the list.".to_owned()),
        }
    }
    let chosen: BTreeSet<&str> = form.items.keys().filter_map(|k| from_item_key(k)).collect();
    let mut items = Vec::new();
    for pid in known_items {
        if chosen.contains(pid.as_str()) {
            items.push(pid.clone());
        }
    }
    if form
        .items
        .keys()
        .any(|k| from_item_key(k).is_none_or(|pid| !known_items.iter().any(|i| i == pid)))
    {
        problems.push(
            "One of the chosen items is no longer in the bank; reload the page and choose again."
                .to_owned(),
        );
    }
    if internal {
        // Internal-service surveys ask their own two questions about each department.
        items.clear();
    } else if items.is_empty() {
        problems.push("Choose at least one item to ask.".to_owned());
    }
    problems.dedup();
    match (kind, opens_on, closes_on) {
        (Some(kind), Some(opens_on), Some(closes_on)) if problems.is_empty() => Ok(SurveyPlan {
            title,
            driver_comments: form.driver_comments.trim() == "on",
            free_comment: form.free_comment.trim() == "on",
            kind,
            opens_on,
            closes_on,
            audience,
            items,
            reach,
        }),
        _ => Err(problems.join(" ")),
    }
}

/// Reads a respondent's answers: every question answered with a value on its scale.
/// `questions` are (public id, scale, position-independent label for messages).
pub fn read_answers(
    questions: &[(String, Scale)],
    answers: &BTreeMap<String, String>,
) -> Result<Vec<(String, i32)>, String> {
    let raw_len = answers.len();
    let answers: BTreeMap<&str, &str> = answers
        .iter()
        .filter_map(|(k, v)| from_item_key(k).map(|pid| (pid, v.as_str())))
        .collect();
    if answers.len() != raw_len
        || answers
            .keys()
            .any(|k| !questions.iter().any(|(q, _)| q == k))
    {
        return Err(
            "These answers do not match the survey's questions; reload the page and answer again."
                .to_owned(),
        );
    }
    let mut out = Vec::with_capacity(questions.len());
    let mut missing = Vec::new();
    for (i, (pid, scale)) in questions.iter().enumerate() {
        match answers.get(pid.as_str()).map(|v| v.trim()) {
            None | Some("") => missing.push(i + 1),
            Some(raw) => match raw.parse::<i32>() {
                Ok(v) if scale.range().contains(&v) => out.push((pid.clone(), v)),
                _ => {
                    return Err(format!(
                        "Question {} needs one of the choices on its scale.",
                        i + 1
                    ));
                }
            },
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
        return Err(if missing.len() == 1 {
            format!("Please answer question {}.", list[0])
        } else {
            format!("Please answer questions {}.", list.join(", "))
        });
    }
    Ok(out)
}

/// Reads the optional comments: keys are drivers the survey asks about (when it has driver
/// comments) or `GENERAL` (when it has a free comment); empty ones are dropped.
pub fn read_comments(
    comments: &BTreeMap<String, String>,
    drivers: &[Driver],
    driver_comments: bool,
    free_comment: bool,
) -> Result<Vec<(Option<Driver>, String)>, String> {
    let mut out = Vec::new();
    for (key, text) in comments {
        let about = if key == GENERAL && free_comment {
            None
        } else {
            match Driver::parse(key) {
                Some(d) if driver_comments && drivers.contains(&d) => Some(d),
                _ => {
                    return Err(
                        "These comments do not match the survey; reload the page and answer again."
                            .to_owned(),
                    );
                }
            }
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let what = about.map_or("Your comment".to_owned(), |d| {
            format!("Your comment on {}", d.label().to_lowercase())
        });
        if let Some(problem) = comment_problem(&what, text) {
            return Err(problem);
        }
        out.push((about, text.to_owned()));
    }
    Ok(out)
}

/// One department rated in an internal-service response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rating {
    pub department: i32,
    pub quality: i32,
    pub ease: i32,
    pub comment: Option<String>,
}

fn comment_problem(what: &str, text: &str) -> Option<String> {
    let n = text.chars().count();
    if n > COMMENT_MAX {
        return Some(format!(
            "{what} is {n} characters; keep it to {COMMENT_MAX}."
        ));
    }
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .then(|| format!("{what} contains a control character; remove it."))
}

/// Reads an internal-service response: for each department the respondent works with, quality
/// (1-5) and ease (1-7), and an optional comment; departments left blank are not rated.
/// `targets` are (department id, name) the respondent may rate. Every problem is named at once.
pub fn read_ratings(
    targets: &[(i32, String)],
    answers: &BTreeMap<String, String>,
    comments: &BTreeMap<String, String>,
) -> Result<Vec<Rating>, String> {
    let known: BTreeSet<String> = targets
        .iter()
        .flat_map(|(d, _)| [quality_key(*d), ease_key(*d)])
        .collect();
    let known_comments: BTreeSet<String> = targets.iter().map(|(d, _)| rating_key(*d)).collect();
    if answers.keys().any(|k| !known.contains(k))
        || comments.keys().any(|k| !known_comments.contains(k))
    {
        return Err(
            "These ratings do not match the departments you can rate; reload the page and answer again."
                .to_owned(),
        );
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let value = |key: &str, max: i32| -> Result<Option<i32>, ()> {
        match answers.get(key).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(raw) => match raw.parse::<i32>() {
                Ok(v) if (1..=max).contains(&v) => Ok(Some(v)),
                _ => Err(()),
            },
        }
    };
    for (d, name) in targets {
        let quality = value(&quality_key(*d), QUALITY_MAX);
        let ease = value(&ease_key(*d), EASE_MAX);
        let comment = comments
            .get(&rating_key(*d))
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        match (quality, ease) {
            (Err(()), _) => problems.push(format!(
                "Rate the service of {name} from 1 to {QUALITY_MAX}."
            )),
            (_, Err(())) => problems.push(format!(
                "Rate how easy {name} is to work with from 1 to {EASE_MAX}."
            )),
            (Ok(Some(q)), Ok(Some(e))) => {
                let what = format!("Your comment on {name}");
                match comment.as_deref().and_then(|c| comment_problem(&what, c)) {
                    Some(p) => problems.push(p),
                    None => out.push(Rating {
                        department: *d,
                        quality: q,
                        ease: e,
                        comment,
                    }),
                }
            }
            (Ok(None), Ok(None)) => {
                if comment.is_some() {
                    problems.push(format!(
                        "Rate {name} as well as commenting on it, or clear the comment."
                    ));
                }
            }
            (Ok(None), Ok(Some(_))) => problems.push(format!(
                "Rate the service of {name} as well as how easy it is to work with, or leave both blank."
            )),
            (Ok(Some(_)), Ok(None)) => problems.push(format!(
                "Rate how easy {name} is to work with as well as its service, or leave both blank."
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join(" "));
    }
    if out.is_empty() {
        return Err(
            "Rate at least one department you work with; leave the ones you do not work with blank."
                .to_owned(),
        );
    }
    Ok(out)
}

/// A person in a survey's audience, as coarsening counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    pub site: Option<i32>,
    pub department: Option<i32>,
    pub role: RoleGroup,
    pub tenure: TenureBand,
}

/// One step of a path through the classes coarsening builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Class(usize),
    Site(i32),
    Department(i32),
    Role(RoleGroup),
    Tenure(TenureBand),
}

/// For each path (a person's steps from the top), how many of its first steps are kept: the
/// deepest node that the shared suppression shows when every node's n is the number of paths
/// through it. A person's class is then the block of that node, which holds 0 or at least k
/// people, so every class anyone is put in holds at least k.
fn deepest_shown(paths: &[Vec<Step>], k: Threshold) -> Vec<usize> {
    let mut ids: BTreeMap<&[Step], usize> = BTreeMap::new();
    let mut n: Vec<u32> = Vec::new();
    let mut parent: Vec<Option<usize>> = Vec::new();
    for path in paths {
        let mut above = None;
        for depth in 1..=path.len() {
            let id = *ids.entry(&path[..depth]).or_insert_with(|| {
                n.push(0);
                parent.push(above);
                n.len() - 1
            });
            n[id] += 1;
            above = Some(id);
        }
    }
    let groups: Vec<Group<usize>> = (0..n.len())
        .map(|id| Group {
            id,
            parent: parent[id],
            n: n[id],
        })
        .collect();
    let decision = suppress(&groups, k);
    paths
        .iter()
        .map(|path| {
            (1..=path.len())
                .rev()
                .find(|depth| {
                    ids.get(&path[..*depth])
                        .is_some_and(|id| decision.get(id).is_some_and(|h| h.is_none()))
                })
                .unwrap_or(0)
        })
        .collect()
}

/// The attributes every member of an audience keeps, in the audience's order. Site and
/// department are decided together as a tree, then role group within each resulting class,
/// then tenure band within each class after that; at every stage a person keeps the deepest
/// group that the shared suppression would show, so each combination of kept attributes stands
/// for 0 or at least k people of the audience, counting the people whose smaller groups were
/// folded into it (a department too small on its own does not leave its people findable as
/// "the site's people with no department").
pub fn coarsen_all(audience: &[Member], k: Threshold) -> Vec<Kept> {
    let paths: Vec<Vec<Step>> = audience
        .iter()
        .map(|m| {
            let mut p = vec![Step::Class(0)];
            if let Some(s) = m.site {
                p.push(Step::Site(s));
                if let Some(d) = m.department {
                    p.push(Step::Department(d));
                }
            }
            p
        })
        .collect();
    let depth = deepest_shown(&paths, k);
    let mut kept: Vec<Kept> = audience
        .iter()
        .zip(&depth)
        .map(|(m, d)| Kept {
            site: m.site.filter(|_| *d >= 2),
            department: m.department.filter(|_| *d >= 3),
            ..Kept::default()
        })
        .collect();
    let roles = refine(audience, &kept, k, |m| Step::Role(m.role));
    for ((c, m), yes) in kept.iter_mut().zip(audience).zip(roles) {
        c.role = yes.then_some(m.role);
    }
    let tenures = refine(audience, &kept, k, |m| Step::Tenure(m.tenure));
    for ((c, m), yes) in kept.iter_mut().zip(audience).zip(tenures) {
        c.tenure = yes.then_some(m.tenure);
    }
    kept
}

/// One more stage of coarsening: whether each member keeps `step` within the class of what they
/// kept so far (numbered, each class the root of its own tree).
fn refine(
    audience: &[Member],
    kept: &[Kept],
    k: Threshold,
    step: impl Fn(&Member) -> Step,
) -> Vec<bool> {
    let mut numbers: BTreeMap<Kept, usize> = BTreeMap::new();
    let paths: Vec<Vec<Step>> = audience
        .iter()
        .zip(kept)
        .map(|(m, c)| {
            let next = numbers.len();
            vec![Step::Class(*numbers.entry(*c).or_insert(next)), step(m)]
        })
        .collect();
    deepest_shown(&paths, k)
        .into_iter()
        .map(|d| d >= 2)
        .collect()
}

/// The attributes one member of the audience keeps (see `coarsen_all`).
pub fn coarsen(me: Member, audience: &[Member], k: Threshold) -> Kept {
    let mut all = audience.to_vec();
    let at = match all.iter().position(|m| *m == me) {
        Some(i) => i,
        None => {
            all.push(me);
            all.len() - 1
        }
    };
    coarsen_all(&all, k).get(at).copied().unwrap_or_default()
}

/// A response's kept attributes (any may be dropped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Kept {
    pub site: Option<i32>,
    pub department: Option<i32>,
    pub role: Option<RoleGroup>,
    pub tenure: Option<TenureBand>,
}

/// How many answered each value of an item (index = value; 0..=10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally(pub [u32; 11]);

impl Tally {
    pub fn add(&mut self, value: i32, count: u32) {
        if let Ok(i) = usize::try_from(value)
            && i < 11
        {
            self.0[i] += count;
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
    }

    pub fn n(&self) -> u32 {
        self.0.iter().sum()
    }

    /// Favorable % (4 and 5) and the mean on 0-100 (1 = 0 .. 5 = 100) of agreement answers.
    pub fn agreement(&self) -> Option<Score> {
        let n: u32 = self.0[1..=5].iter().sum();
        if n == 0 {
            return None;
        }
        let favorable = f64::from(self.0[4] + self.0[5]) * 100.0 / f64::from(n);
        let points: f64 = (1..=5)
            .map(|v| f64::from(self.0[v]) * (v as f64 - 1.0) * 25.0)
            .sum();
        Some(Score {
            favorable,
            mean: points / f64::from(n),
            n,
        })
    }

    /// eNPS: % promoters (9-10) minus % detractors (0-6), -100..100.
    pub fn nps(&self) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let promoters = f64::from(self.0[9] + self.0[10]);
        let detractors: f64 = self.0[0..=6].iter().map(|c| f64::from(*c)).sum();
        Some((promoters - detractors) * 100.0 / f64::from(n))
    }

    /// The counts on a scale, lowest first.
    pub fn spread(&self, scale: Scale) -> Vec<u32> {
        scale.range().map(|v| self.0[v as usize]).collect()
    }
}

/// Responses kept at (site, department): how many.
pub type RespondentCount = (Option<i32>, Option<i32>, u32);
/// Answers kept at (site, department) for (item, value): how many.
pub type AnswerCount = (Option<i32>, Option<i32>, i32, i32, u32);

/// A survey's answers counted per unit: respondents per unit and tallies per unit and item.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub respondents: BTreeMap<Unit, u32>,
    pub tallies: BTreeMap<(Unit, i32), Tally>,
    pub parent: BTreeMap<Unit, Unit>,
}

/// The units a response kept in (site, department) counts towards, top first.
pub fn units_of(
    site: Option<i32>,
    department: Option<i32>,
    region_of: &BTreeMap<i32, i32>,
) -> Vec<(Unit, Option<Unit>)> {
    let mut out = vec![(Unit::Company, None)];
    let mut above = Unit::Company;
    if let Some(s) = site {
        if let Some(r) = region_of.get(&s) {
            out.push((Unit::Region(*r), Some(above)));
            above = Unit::Region(*r);
        }
        out.push((Unit::Site(s), Some(above)));
        above = Unit::Site(s);
        if let Some(d) = department {
            out.push((Unit::Department(d), Some(above)));
        }
    }
    out
}

impl Counts {
    /// Builds the counts from the database's groupings: respondents per (site, department) and
    /// answers per (site, department, item, value).
    pub fn build(
        respondents: &[RespondentCount],
        answers: &[AnswerCount],
        region_of: &BTreeMap<i32, i32>,
    ) -> Counts {
        let mut c = Counts::default();
        for (site, dept, n) in respondents {
            for (unit, parent) in units_of(*site, *dept, region_of) {
                *c.respondents.entry(unit).or_default() += n;
                if let Some(p) = parent {
                    c.parent.insert(unit, p);
                }
            }
        }
        for (site, dept, item, value, n) in answers {
            for (unit, _) in units_of(*site, *dept, region_of) {
                c.tallies.entry((unit, *item)).or_default().add(*value, *n);
            }
        }
        c
    }

    /// Which units' results may be shown: the shared suppression over the tree of units, with
    /// each unit's respondents as its n.
    pub fn decide(&self, k: Threshold) -> BTreeMap<Unit, Option<Hidden>> {
        let groups: Vec<Group<Unit>> = self
            .respondents
            .iter()
            .map(|(unit, n)| Group {
                id: *unit,
                parent: self.parent.get(unit).copied(),
                n: *n,
            })
            .collect();
        suppress(&groups, k)
    }

    pub fn tally(&self, unit: Unit, item: i32) -> Tally {
        self.tallies.get(&(unit, item)).copied().unwrap_or_default()
    }

    /// The pooled tally of several items (a driver, or the engagement index's outcome items).
    pub fn pooled(&self, unit: Unit, items: &[i32]) -> Tally {
        let mut t = Tally::default();
        for i in items {
            t.merge(&self.tally(unit, *i));
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::types::item_key;
    use proptest::prelude::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap_or(Day {
            year: 2000,
            month: 1,
            day: 1,
        })
    }

    fn form(items: &[&str]) -> SurveyForm {
        SurveyForm {
            title: "Winter census".into(),
            kind: "census".into(),
            opens_on: "2026-12-01".into(),
            closes_on: "2026-12-14".into(),
            audience: BTreeMap::new(),
            items: items.iter().map(|i| (item_key(i), "on".into())).collect(),
            ..SurveyForm::default()
        }
    }

    #[test]
    fn a_survey_form_names_every_problem() {
        let known = vec!["a".to_owned(), "b".to_owned()];
        let units = BTreeSet::from(["site:1".to_owned()]);
        let ok = read_survey(&form(&["b", "a"]), day("2026-11-30"), &known, &units, false);
        assert_eq!(
            ok.map(|p| p.items),
            Ok(vec!["a".to_owned(), "b".to_owned()])
        );
        let mut bad = form(&[]);
        bad.title = " ".into();
        bad.kind = "poll".into();
        bad.closes_on = "2026-11-01".into();
        bad.audience.insert("site:9".into(), "on".into());
        let e = read_survey(&bad, day("2026-11-30"), &known, &units, false).unwrap_err();
        for part in [
            "title",
            "pulse or internal service",
            "close on or after",
            "audience",
            "at least one item",
        ] {
            assert!(e.contains(part), "{e} lacks {part}");
        }
        let mut long = form(&["a"]);
        long.closes_on = "2027-06-01".into();
        assert!(read_survey(&long, day("2026-11-30"), &known, &units, false).is_err());
    }

    #[test]
    fn an_internal_service_survey_asks_no_items_but_needs_a_reach() {
        let known = vec!["a".to_owned()];
        let units = BTreeSet::new();
        let mut f = form(&["a"]);
        f.kind = "internal".into();
        let e = read_survey(&f, day("2026-11-30"), &known, &units, false).unwrap_err();
        assert!(e.contains("whom people rate"), "{e}");
        f.reach = "company".into();
        let plan = read_survey(&f, day("2026-11-30"), &known, &units, false).unwrap();
        assert!(plan.items.is_empty());
        assert_eq!(plan.reach, Some(Reach::Company));
        // Other kinds ignore the reach.
        let mut census = form(&["a"]);
        census.reach = "site".into();
        let plan = read_survey(&census, day("2026-11-30"), &known, &units, false).unwrap();
        assert_eq!(plan.reach, None);
    }

    #[test]
    fn ratings_name_every_problem_and_skip_departments_left_blank() {
        let targets = vec![(3, "Finance".to_owned()), (4, "Housekeeping".to_owned())];
        let a = |pairs: &[(String, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), (*v).to_owned()))
                .collect()
        };
        let ok = read_ratings(
            &targets,
            &a(&[
                (quality_key(3), "2"),
                (ease_key(3), "3"),
                (quality_key(4), ""),
                (ease_key(4), ""),
            ]),
            &BTreeMap::from([(rating_key(3), "  Slow refunds ".to_owned())]),
        )
        .unwrap();
        assert_eq!(
            ok,
            vec![Rating {
                department: 3,
                quality: 2,
                ease: 3,
                comment: Some("Slow refunds".into()),
            }]
        );
        let e = read_ratings(
            &targets,
            &a(&[(quality_key(3), "6"), (ease_key(4), "7")]),
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert!(e.contains("service of Finance from 1 to 5"), "{e}");
        assert!(
            e.contains("Rate the service of Housekeeping as well"),
            "{e}"
        );
        let e = read_ratings(&targets, &a(&[(quality_key(9), "2")]), &BTreeMap::new()).unwrap_err();
        assert!(e.contains("do not match"), "{e}");
        let e = read_ratings(&targets, &BTreeMap::new(), &BTreeMap::new()).unwrap_err();
        assert!(e.contains("at least one department"), "{e}");
        let e = read_ratings(
            &targets,
            &a(&[(quality_key(3), "4"), (ease_key(3), "4")]),
            &BTreeMap::from([(rating_key(3), "x".repeat(COMMENT_MAX + 1))]),
        )
        .unwrap_err();
        assert!(e.contains("Your comment on Finance is"), "{e}");
    }

    #[test]
    fn answers_must_cover_every_question_on_its_scale() {
        let qs = vec![
            ("x".to_owned(), Scale::Agreement),
            ("y".to_owned(), Scale::Likelihood),
        ];
        // Keys without the item prefix are not answers to these questions.
        let bare = BTreeMap::from([("x".to_owned(), "4".to_owned())]);
        assert!(
            read_answers(&qs, &bare)
                .unwrap_err()
                .contains("do not match")
        );
        let mut a = BTreeMap::from([
            (item_key("x"), "4".to_owned()),
            (item_key("y"), "10".to_owned()),
        ]);
        assert_eq!(
            read_answers(&qs, &a),
            Ok(vec![("x".into(), 4), ("y".into(), 10)])
        );
        a.insert(item_key("y"), "11".into());
        assert!(read_answers(&qs, &a).unwrap_err().contains("Question 2"));
        a.insert(item_key("x"), "0".into());
        assert!(read_answers(&qs, &a).unwrap_err().contains("Question 1"));
        a.remove(&item_key("x"));
        a.insert(item_key("y"), "7".into());
        assert_eq!(
            read_answers(&qs, &a),
            Err("Please answer question 1.".into())
        );
        a.insert(item_key("z"), "3".into());
        assert!(read_answers(&qs, &a).unwrap_err().contains("do not match"));
    }

    #[test]
    fn comments_go_only_where_the_survey_asks_for_them() {
        let drivers = [Driver::Growth];
        let c = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
        assert_eq!(
            read_comments(
                &c("growth", "  More courses please. "),
                &drivers,
                true,
                false
            ),
            Ok(vec![(
                Some(Driver::Growth),
                "More courses please.".to_owned()
            )])
        );
        assert_eq!(
            read_comments(&c("growth", "   "), &drivers, true, false),
            Ok(vec![])
        );
        assert!(read_comments(&c("growth", "x"), &drivers, false, true).is_err());
        assert!(read_comments(&c("wellbeing", "x"), &drivers, true, true).is_err());
        assert!(read_comments(&c(GENERAL, "x"), &drivers, true, false).is_err());
        assert_eq!(
            read_comments(&c(GENERAL, "Thanks"), &drivers, false, true),
            Ok(vec![(None, "Thanks".to_owned())])
        );
        let long = "a".repeat(COMMENT_MAX + 1);
        assert!(
            read_comments(&c(GENERAL, &long), &drivers, false, true)
                .unwrap_err()
                .contains("keep it to")
        );
        assert!(
            read_comments(&c(GENERAL, "nul\u{0}"), &drivers, false, true)
                .unwrap_err()
                .contains("control")
        );
    }

    #[test]
    fn scores_follow_the_definitions() {
        let mut t = Tally::default();
        for (v, n) in [(1, 1), (3, 1), (4, 1), (5, 1)] {
            t.add(v, n);
        }
        let s = t.agreement().unwrap_or(Score {
            favorable: -1.0,
            mean: -1.0,
            n: 0,
        });
        assert_eq!(s.favorable, 50.0);
        assert_eq!(s.mean, (0.0 + 50.0 + 75.0 + 100.0) / 4.0);
        let mut e = Tally::default();
        for (v, n) in [(10, 3), (9, 1), (8, 2), (6, 1), (0, 1)] {
            e.add(v, n);
        }
        // 4 promoters, 2 detractors of 8: 50 - 25.
        assert_eq!(e.nps(), Some(25.0));
        assert_eq!(Tally::default().agreement(), None);
    }

    fn m(
        site: Option<i32>,
        department: Option<i32>,
        role: RoleGroup,
        tenure: TenureBand,
    ) -> Member {
        Member {
            site,
            department,
            role,
            tenure,
        }
    }

    #[test]
    fn attributes_that_would_name_a_small_group_are_dropped() {
        use RoleGroup::*;
        use TenureBand::*;
        let mut audience: Vec<Member> = (0..6)
            .map(|_| m(Some(1), Some(10), Staff, OneToThreeYears))
            .collect();
        audience.push(m(Some(1), Some(10), Staff, UnderOneYear));
        audience.push(m(Some(1), Some(10), Leader, OverThreeYears));
        audience.extend((0..3).map(|_| m(Some(1), Some(11), Staff, OneToThreeYears)));
        audience.extend((0..2).map(|_| m(Some(2), None, Staff, OneToThreeYears)));
        let k = Threshold::DEFAULT;
        // Department 10 (8 people) keeps site and department; its one leader and one new joiner
        // would stand out, so role and tenure go for the whole department.
        for i in [0, 6, 7] {
            let c = coarsen(audience[i], &audience, k);
            assert_eq!(
                (c.site, c.department, c.role, c.tenure),
                (Some(1), Some(10), None, None)
            );
        }
        // Department 11 (3) and site 2 (2) are too small; "site 1 without a department" would
        // have been those 3 alone, so they keep no site either and join site 2's people: 5 staff
        // of one to three years, who keep role and tenure.
        for i in [8, 11] {
            let c = coarsen(audience[i], &audience, k);
            assert_eq!(
                (c.site, c.department, c.role, c.tenure),
                (None, None, Some(Staff), Some(OneToThreeYears))
            );
        }
    }

    #[test]
    fn a_large_department_keeps_every_attribute() {
        use RoleGroup::*;
        use TenureBand::*;
        let mut audience: Vec<Member> = (0..6)
            .map(|_| m(Some(1), Some(10), Staff, OneToThreeYears))
            .collect();
        audience.extend((0..5).map(|_| m(Some(1), Some(10), Staff, UnderOneYear)));
        audience.extend((0..5).map(|_| m(Some(1), Some(11), Leader, OverThreeYears)));
        let c = coarsen(audience[6], &audience, Threshold::DEFAULT);
        assert_eq!(
            (c.site, c.department, c.role, c.tenure),
            (Some(1), Some(10), Some(Staff), Some(UnderOneYear))
        );
    }

    proptest! {
        #[test]
        fn every_stored_combination_stands_for_at_least_k_of_the_audience(
            people in proptest::collection::vec((0i32..4, 0i32..4, any::<bool>(), 0u8..3), 1..70),
            kv in 3u32..7,
        ) {
            let k = Threshold::try_from(kv).unwrap_or_default();
            let audience: Vec<Member> = people.iter().map(|(s, d, leader, t)| Member {
                site: (*s > 0).then_some(*s),
                department: (*s > 0 && *d > 0).then_some(s * 10 + d),
                role: if *leader { RoleGroup::Leader } else { RoleGroup::Staff },
                tenure: [TenureBand::UnderOneYear, TenureBand::OneToThreeYears, TenureBand::OverThreeYears][*t as usize],
            }).collect();
            let kept = coarsen_all(&audience, k);
            let mut classes: BTreeMap<Kept, usize> = BTreeMap::new();
            for (m, c) in audience.iter().zip(&kept) {
                *classes.entry(*c).or_default() += 1;
                // Whatever is kept is true of the person, and a department comes with its site.
                prop_assert!(c.site.is_none_or(|s| m.site == Some(s)));
                prop_assert!(c.department.is_none_or(|d| m.department == Some(d) && c.site.is_some()));
                prop_assert!(c.role.is_none_or(|r| m.role == r));
                prop_assert!(c.tenure.is_none_or(|t| m.tenure == t));
            }
            if audience.len() >= kv as usize {
                for (c, n) in &classes {
                    prop_assert!(*n >= kv as usize, "{c:?} stands for {n} people");
                }
            }
            // One member alone gets the same answer as the whole audience at once.
            prop_assert_eq!(coarsen(audience[0], &audience, k), kept[0]);
        }
    }
}
