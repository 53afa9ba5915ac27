//! Monthly unit figures: the one shape every pillar reports in, so that training, recognition,
//! engagement and customer satisfaction can be read side by side and joined on unit and month.
//!
//! A figure is (unit, month, measure, value, n). Units are sites and departments; every measure
//! is a mean over people (or responses) and `n` counts them, so a region or the whole company is
//! the n-weighted sum of its sites, never an average of the sites' averages. A site's figure counts
//! everyone at the site, including people in no department.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reporting::confidentiality::{Group, Hidden, Threshold, suppress};
use crate::reporting::period::Month;
use crate::reporting::unit::{Placement, Unit};
use crate::training::rules::model::Skill;

/// The pillar a measure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Pillar {
    Training,
    Recognition,
    Engagement,
    Customer,
}

/// What a figure measures. Each pillar adds its own measures here, with their definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Measure {
    /// Per person, the share (0-100) of the modules assigned to them by the end of the month that
    /// they had completed by then; n: people with at least one module assigned.
    TrainingCompletion,
    /// Per person, the mean score (0-100) of the scenarios they finished in the month; n: people
    /// who finished at least one.
    TrainingScore,
    /// Per person, their mean score (0-100) in one skill over the scenarios they finished in the
    /// month; n: people with a score in that skill.
    TrainingMastery(Skill),
    /// Per person, the share (0-100) of their assigned modules for which they held a certificate
    /// valid at the end of the month; n: people with at least one module assigned.
    CertificatesCurrent,
    /// Per person, the recognitions they received in the month (standing: not withdrawn, hidden,
    /// waiting or declined); n: everyone at the unit, so value × n is the unit's count.
    RecognitionReceived,
    /// Per person, 100 if they received any recognition in the month, else 0: the share of people
    /// recognised; n: everyone at the unit.
    PeopleRecognised,
    /// Per person, the points they received with recognition in the month; n: everyone.
    RecognitionPoints,
    /// Per person, the recognitions they gave in the month; n: everyone at the unit.
    RecognitionGiven,
    /// Per person, the recognitions they received in the month naming one value (by id): the
    /// values mix; n: everyone at the unit.
    RecognitionValue(i32),
    /// Per respondent to a survey closing in the month, the share (0-100) of their answers to the
    /// engagement items that are favorable: the engagement index; n: respondents (where their
    /// answers were kept, which may be only the site).
    EngagementIndex,
    /// Per respondent, 100 for a promoter (9-10), -100 for a detractor (0-6), 0 otherwise: the
    /// mean is eNPS; n: respondents.
    Enps,
    /// Per person asked by a survey closing in the month, where they are now, 100 if they
    /// answered, else 0; n: people asked.
    SurveyParticipation,
    /// Per respondent, the favorable share (0-100) of their answers on one driver's items; n:
    /// respondents.
    DriverScore(crate::engagement::types::Driver),
    /// Per rating a department received in an internal-service survey closing in the month, 100
    /// if its service quality was rated 4 or 5, else 0: the favorable share; n: raters (each
    /// rates a department once). A department's figure only: ratings of a site's departments do
    /// not add up to people, so there are no site, region or company figures.
    InternalServiceReceived,
    /// Per customer response with a CSAT rating in the month, 100 if it was 4 or 5, else 0: CSAT %;
    /// n: responses with CSAT.
    CustomerCsat,
    /// Per customer response with an NPS rating, 100 for a promoter (9-10), -100 for a detractor
    /// (0-6), 0 otherwise: the mean is NPS; n: responses with NPS.
    CustomerNps,
    /// Per customer response with a CES rating, the rating (1-7): the mean is CES; n: responses
    /// with CES.
    CustomerEffort,
}

impl Measure {
    pub fn pillar(self) -> Pillar {
        match self {
            Measure::TrainingCompletion
            | Measure::TrainingScore
            | Measure::TrainingMastery(_)
            | Measure::CertificatesCurrent => Pillar::Training,
            Measure::RecognitionReceived
            | Measure::PeopleRecognised
            | Measure::RecognitionPoints
            | Measure::RecognitionGiven
            | Measure::RecognitionValue(_) => Pillar::Recognition,
            Measure::EngagementIndex
            | Measure::Enps
            | Measure::SurveyParticipation
            | Measure::DriverScore(_)
            | Measure::InternalServiceReceived => Pillar::Engagement,
            Measure::CustomerCsat | Measure::CustomerNps | Measure::CustomerEffort => {
                Pillar::Customer
            }
        }
    }

    /// A stable name for CSV and query strings: "training.completion", "training.mastery.listening".
    pub fn key(self) -> String {
        match self {
            Measure::TrainingCompletion => "training.completion".into(),
            Measure::TrainingScore => "training.score".into(),
            Measure::TrainingMastery(s) => format!("training.mastery.{}", s.key()),
            Measure::CertificatesCurrent => "training.certificates_current".into(),
            Measure::RecognitionReceived => "recognition.received".into(),
            Measure::PeopleRecognised => "recognition.people_recognised".into(),
            Measure::RecognitionPoints => "recognition.points".into(),
            Measure::RecognitionGiven => "recognition.given".into(),
            Measure::RecognitionValue(v) => format!("recognition.value.{v}"),
            Measure::EngagementIndex => "engagement.index".into(),
            Measure::Enps => "engagement.enps".into(),
            Measure::SurveyParticipation => "engagement.participation".into(),
            Measure::DriverScore(d) => format!("engagement.driver.{}", d.key()),
            Measure::InternalServiceReceived => "engagement.internal_service_received".into(),
            Measure::CustomerCsat => "customer.csat".into(),
            Measure::CustomerNps => "customer.nps".into(),
            Measure::CustomerEffort => "customer.ces".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Measure> {
        let key = key.trim();
        if let Some(v) = key.strip_prefix("recognition.value.") {
            return v.parse().ok().map(Measure::RecognitionValue);
        }
        if let Some(d) = key.strip_prefix("engagement.driver.") {
            return crate::engagement::types::Driver::parse(d)
                .filter(|d| d.is_driver())
                .map(Measure::DriverScore);
        }
        let mut all = vec![
            Measure::TrainingCompletion,
            Measure::TrainingScore,
            Measure::CertificatesCurrent,
            Measure::RecognitionReceived,
            Measure::PeopleRecognised,
            Measure::RecognitionPoints,
            Measure::RecognitionGiven,
            Measure::EngagementIndex,
            Measure::Enps,
            Measure::SurveyParticipation,
            Measure::InternalServiceReceived,
            Measure::CustomerCsat,
            Measure::CustomerNps,
            Measure::CustomerEffort,
        ];
        all.extend(Skill::ALL.iter().map(|s| Measure::TrainingMastery(*s)));
        all.into_iter().find(|m| m.key() == key)
    }

    pub fn label(self) -> String {
        match self {
            Measure::TrainingCompletion => "Assigned training completed (%)".into(),
            Measure::TrainingScore => "Average scenario score".into(),
            Measure::TrainingMastery(s) => format!("Skill: {}", s.label()),
            Measure::CertificatesCurrent => "Certificates current (%)".into(),
            Measure::RecognitionReceived => "Recognitions received per person".into(),
            Measure::PeopleRecognised => "People recognised (%)".into(),
            Measure::RecognitionPoints => "Points received per person".into(),
            Measure::RecognitionGiven => "Recognitions given per person".into(),
            Measure::RecognitionValue(_) => "Recognitions per person for a value".into(),
            Measure::EngagementIndex => "Engagement index (favorable %)".into(),
            Measure::Enps => "eNPS".into(),
            Measure::SurveyParticipation => "Survey participation (%)".into(),
            Measure::DriverScore(d) => format!("Driver: {} (favorable %)", d.label()),
            Measure::InternalServiceReceived => "Internal service received (favorable %)".into(),
            Measure::CustomerCsat => "Customer satisfaction (CSAT %)".into(),
            Measure::CustomerNps => "Customer NPS".into(),
            Measure::CustomerEffort => "Customer effort (CES, 1-7)".into(),
        }
    }
}

/// One unit's figure for one month.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitFigure {
    pub unit: Unit,
    pub month: Month,
    pub measure: Measure,
    pub value: f64,
    /// The people (or responses) behind the value.
    pub n: u32,
}

/// One person's value for one measure in one month, where they are now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PersonValue {
    pub person: i32,
    pub place: Placement,
    pub month: Month,
    pub measure: Measure,
    pub value: f64,
}

/// Site and department figures from people's values: per unit, month and measure, the mean over
/// the people with a value (a person with two values in the same cell counts once, by their mean).
pub fn per_unit(values: &[PersonValue]) -> Vec<UnitFigure> {
    // (unit, month, measure) -> person -> (sum, count)
    type Cell = BTreeMap<i32, (f64, u32)>;
    let mut cells: BTreeMap<(Unit, Month, Measure), Cell> = BTreeMap::new();
    for v in values {
        let units = [
            v.place.site.map(Unit::Site),
            v.place.department.map(Unit::Department),
        ];
        for unit in units.into_iter().flatten() {
            let e = cells
                .entry((unit, v.month, v.measure))
                .or_default()
                .entry(v.person)
                .or_insert((0.0, 0));
            e.0 += v.value;
            e.1 += 1;
        }
    }
    cells
        .into_iter()
        .map(|((unit, month, measure), people)| {
            let n = people.len();
            let sum: f64 = people.values().map(|(s, c)| s / f64::from(*c)).sum();
            UnitFigure {
                unit,
                month,
                measure,
                value: sum / n as f64,
                n: u32::try_from(n).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// Region and company figures from site figures: n-weighted, so each is the mean over all the
/// people of its sites. `region_of` maps a site to its region.
pub fn roll_up(figures: &[UnitFigure], region_of: &BTreeMap<i32, i32>) -> Vec<UnitFigure> {
    let mut sums: BTreeMap<(Unit, Month, Measure), (f64, u32)> = BTreeMap::new();
    for f in figures {
        let Unit::Site(site) = f.unit else { continue };
        let mut targets = vec![Unit::Company];
        if let Some(r) = region_of.get(&site) {
            targets.push(Unit::Region(*r));
        }
        for unit in targets {
            let e = sums.entry((unit, f.month, f.measure)).or_insert((0.0, 0));
            e.0 += f.value * f64::from(f.n);
            e.1 += f.n;
        }
    }
    sums.into_iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|((unit, month, measure), (sum, n))| UnitFigure {
            unit,
            month,
            measure,
            value: sum / f64::from(n),
            n,
        })
        .collect()
}

/// Where units sit in the tree: each department's site and each site's region.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub site_of: BTreeMap<i32, i32>,
    pub region_of: BTreeMap<i32, i32>,
}

impl Tree {
    fn parent(&self, unit: Unit) -> Option<Unit> {
        match unit {
            Unit::Company => None,
            Unit::Region(_) => Some(Unit::Company),
            Unit::Site(s) => Some(
                self.region_of
                    .get(&s)
                    .map_or(Unit::Company, |r| Unit::Region(*r)),
            ),
            Unit::Department(d) => self.site_of.get(&d).map(|s| Unit::Site(*s)),
        }
    }
}

/// Which figures may be shown: for each month and measure, the units' people counts are one
/// tree (company, regions, sites, departments), decided by `confidentiality::suppress`, so no
/// figure about fewer than k people shows, directly or by subtraction.
pub fn visibility(
    figures: &[UnitFigure],
    tree: &Tree,
    k: Threshold,
) -> Vec<(UnitFigure, Option<Hidden>)> {
    let mut tables: BTreeMap<(Month, Measure), Vec<&UnitFigure>> = BTreeMap::new();
    for f in figures {
        tables.entry((f.month, f.measure)).or_default().push(f);
    }
    let mut out = Vec::with_capacity(figures.len());
    for table in tables.into_values() {
        let groups: Vec<Group<Unit>> = table
            .iter()
            .map(|f| Group {
                id: f.unit,
                parent: tree.parent(f.unit),
                n: f.n,
            })
            .collect();
        let decision = suppress(&groups, k);
        for f in table {
            out.push((*f, decision.get(&f.unit).copied().flatten()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOV: Month = Month {
        year: 2026,
        month: 11,
    };

    fn at(region: i32, site: i32, department: Option<i32>) -> Placement {
        Placement {
            region: Some(region),
            site: Some(site),
            department,
        }
    }

    fn v(person: i32, place: Placement, value: f64) -> PersonValue {
        PersonValue {
            person,
            place,
            month: NOV,
            measure: Measure::TrainingScore,
            value,
        }
    }

    #[test]
    fn keys_read_back() {
        for m in [
            Measure::TrainingCompletion,
            Measure::TrainingScore,
            Measure::CertificatesCurrent,
            Measure::TrainingMastery(Skill::OneTouch),
            Measure::EngagementIndex,
            Measure::Enps,
            Measure::SurveyParticipation,
            Measure::DriverScore(crate::engagement::types::Driver::ManagerSupport),
            Measure::InternalServiceReceived,
            Measure::CustomerCsat,
            Measure::CustomerNps,
            Measure::CustomerEffort,
        ] {
            assert_eq!(Measure::parse(&m.key()), Some(m));
        }
        assert_eq!(Measure::parse("training.nonsense"), None);
        assert_eq!(Measure::parse("engagement.driver.enps"), None);
    }

    #[test]
    fn units_are_means_over_people_and_regions_are_not_averages_of_averages() {
        // Site 1: person 1 played twice (60, 80 -> 70), person 2 scored 40, person 3 (no
        // department) 100. Site 2: one person, 10.
        let values = [
            v(1, at(7, 1, Some(10)), 60.0),
            v(1, at(7, 1, Some(10)), 80.0),
            v(2, at(7, 1, Some(10)), 40.0),
            v(3, at(7, 1, None), 100.0),
            v(4, at(7, 2, Some(20)), 10.0),
        ];
        let units = per_unit(&values);
        let get =
            |u: Unit, f: &[UnitFigure]| f.iter().find(|x| x.unit == u).map(|x| (x.value, x.n));
        assert_eq!(get(Unit::Department(10), &units), Some((55.0, 2)));
        assert_eq!(get(Unit::Site(1), &units), Some((70.0, 3)));
        let up = roll_up(&units, &BTreeMap::from([(1, 7), (2, 7)]));
        // Mean over the four people: (70 + 40 + 100 + 10) / 4 = 55, not (70 + 10) / 2 = 40.
        assert_eq!(get(Unit::Region(7), &up), Some((55.0, 4)));
        assert_eq!(get(Unit::Company, &up), Some((55.0, 4)));
    }

    #[test]
    fn a_small_department_is_hidden_and_its_sibling_protects_it() {
        // Site 1 of region 7: department 10 has six people, department 11 three.
        let mut values: Vec<PersonValue> = (0..6).map(|p| v(p, at(7, 1, Some(10)), 80.0)).collect();
        values.extend((6..9).map(|p| v(p, at(7, 1, Some(11)), 20.0)));
        values.extend((9..20).map(|p| v(p, at(7, 2, None), 50.0)));
        let mut all = per_unit(&values);
        let tree = Tree {
            site_of: BTreeMap::from([(10, 1), (11, 1)]),
            region_of: BTreeMap::from([(1, 7), (2, 7)]),
        };
        let up = roll_up(&all, &tree.region_of);
        all.extend(up);
        let shown = visibility(&all, &tree, Threshold::DEFAULT);
        let of = |u: Unit| shown.iter().find(|(f, _)| f.unit == u).map(|(_, h)| *h);
        assert_eq!(of(Unit::Department(11)), Some(Some(Hidden::TooFew)));
        assert_eq!(of(Unit::Department(10)), Some(Some(Hidden::Protects)));
        assert_eq!(of(Unit::Site(1)), Some(None));
        assert_eq!(of(Unit::Company), Some(None));
    }

    proptest! {
        #[test]
        fn a_roll_up_equals_the_mean_over_everyone(
            people in proptest::collection::vec((0i32..4, 0u32..=100), 1..40)
        ) {
            let values: Vec<PersonValue> = people
                .iter()
                .enumerate()
                .map(|(i, (site, score))| v(i as i32, at(1, *site, None), f64::from(*score)))
                .collect();
            let region_of: BTreeMap<i32, i32> = (0..4).map(|s| (s, 1)).collect();
            let up = roll_up(&per_unit(&values), &region_of);
            let company = up.iter().find(|f| f.unit == Unit::Company).expect("company");
            let mean = people.iter().map(|(_, s)| f64::from(*s)).sum::<f64>() / people.len() as f64;
            prop_assert!((company.value - mean).abs() < 1e-9);
            prop_assert_eq!(company.n as usize, people.len());
        }
    }
}
