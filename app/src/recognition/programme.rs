//! The yearly achievement awards: what is stored and sent, and the pure rules (a programme's
//! settings, a category, a nomination's reason, where a programme stands on a given day).
use serde::{Deserialize, Serialize};

use crate::reporting::period::Day;

/// What a category honours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Subject {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "person"))]
    Person,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "site"))]
    Site,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "department"))]
    Department,
}

impl Subject {
    pub const ALL: [Subject; 3] = [Subject::Person, Subject::Site, Subject::Department];

    pub fn key(self) -> &'static str {
        match self {
            Subject::Person => "person",
            Subject::Site => "site",
            Subject::Department => "department",
        }
    }

    /// "For a person", as the category list says it.
    pub fn label(self) -> &'static str {
        match self {
            Subject::Person => "A person",
            Subject::Site => "A site",
            Subject::Department => "A department",
        }
    }

    pub fn parse(raw: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.key() == raw.trim())
    }
}

/// Who may nominate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Nominators {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "everyone"))]
    Everyone,
    /// Managers, HR and admins.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "leaders"))]
    Leaders,
}

impl Nominators {
    pub const ALL: [Nominators; 2] = [Nominators::Everyone, Nominators::Leaders];

    pub fn key(self) -> &'static str {
        match self {
            Nominators::Everyone => "everyone",
            Nominators::Leaders => "leaders",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Nominators::Everyone => "Everyone",
            Nominators::Leaders => "Managers, HR and admins",
        }
    }

    pub fn parse(raw: &str) -> Option<Nominators> {
        Nominators::ALL.into_iter().find(|s| s.key() == raw.trim())
    }

    pub fn admits(self, role: crate::auth::types::Role) -> bool {
        use crate::auth::types::Role;
        match self {
            Nominators::Everyone => true,
            Nominators::Leaders => matches!(role, Role::Manager | Role::Hr | Role::Admin),
        }
    }
}

/// Where a programme stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Before the nomination window.
    Upcoming,
    /// Nominations are open.
    Open,
    /// The window has closed; HR is picking the winners.
    Choosing,
    /// Winners announced (final).
    Announced,
}

impl Phase {
    pub fn of(opens_on: Day, closes_on: Day, announced: bool, today: Day) -> Phase {
        if announced {
            Phase::Announced
        } else if today < opens_on {
            Phase::Upcoming
        } else if today <= closes_on {
            Phase::Open
        } else {
            Phase::Choosing
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Upcoming => "Opens soon",
            Phase::Open => "Open for nominations",
            Phase::Choosing => "Choosing the winners",
            Phase::Announced => "Winners announced",
        }
    }
}

/// Most nominations one person may make per category, and most winners per category.
pub const MAX_PER_NOMINATOR: i32 = 10;
pub const MAX_WINNERS: i32 = 10;
/// A nomination's reason, in characters.
pub const REASON_MIN: usize = 20;
pub const REASON_MAX: usize = 1000;

/// The programme form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    pub name: String,
    pub year: String,
    pub opens_on: String,
    pub closes_on: String,
    pub nominators: String,
    pub per_nominator: String,
}

/// A programme form, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeFields {
    pub name: String,
    pub year: i32,
    pub opens_on: Day,
    pub closes_on: Day,
    pub nominators: Nominators,
    pub per_nominator: i32,
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn name_of(raw: &str, what: &str) -> Result<String, String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n < 3 {
        return Err(format!("Give the {what} a name of at least 3 characters."));
    }
    if n > 80 {
        return Err(format!(
            "The {what}'s name is {n} characters; keep it to 80."
        ));
    }
    if has_control(t) || t.contains(['\n', '\r', '\t']) {
        return Err(format!(
            "The {what}'s name contains a line break or control character; remove it."
        ));
    }
    Ok(t.to_owned())
}

/// Checks a programme form; every problem is named at once.
pub fn check_programme(f: &ProgrammeForm) -> Result<ProgrammeFields, String> {
    let mut problems = Vec::new();
    let name = name_of(&f.name, "programme")
        .map_err(|e| problems.push(e))
        .ok();
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            problems.push("Give the year the programme honours, for example 2026.".into());
            None
        }
    };
    let opens_on = Day::parse(&f.opens_on);
    if opens_on.is_none() {
        problems.push("Give the day nominations open as a date (YYYY-MM-DD).".into());
    }
    let closes_on = Day::parse(&f.closes_on);
    if closes_on.is_none() {
        problems.push("Give the day nominations close as a date (YYYY-MM-DD).".into());
    }
    if let (Some(o), Some(c)) = (opens_on, closes_on) {
        if c < o {
            problems.push("Nominations must close on or after the day they open.".into());
        } else if c.ordinal() - o.ordinal() > 366 {
            problems.push("Keep the nomination window to a year at most.".into());
        }
    }
    let nominators = Nominators::parse(&f.nominators);
    if nominators.is_none() {
        problems.push("Choose who may nominate.".into());
    }
    let per_nominator = match f.per_nominator.trim().parse::<i32>() {
        Ok(n) if (1..=MAX_PER_NOMINATOR).contains(&n) => Some(n),
        _ => {
            problems.push(format!(
                "Give how many nominations one person may make per category, from 1 to {MAX_PER_NOMINATOR}."
            ));
            None
        }
    };
    match (name, year, opens_on, closes_on, nominators, per_nominator) {
        (
            Some(name),
            Some(year),
            Some(opens_on),
            Some(closes_on),
            Some(nominators),
            Some(per_nominator),
        ) if problems.is_empty() => Ok(ProgrammeFields {
            name,
            year,
            opens_on,
            closes_on,
            nominators,
            per_nominator,
        }),
        _ => Err(problems.join(" ")),
    }
}

/// The category form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    pub name: String,
    pub description: String,
    pub subject: String,
    pub winners: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryFields {
    pub name: String,
    pub description: String,
    pub subject: Subject,
    pub winners: i32,
}

pub fn check_category(f: &CategoryForm) -> Result<CategoryFields, String> {
    let mut problems = Vec::new();
    let name = name_of(&f.name, "category")
        .map_err(|e| problems.push(e))
        .ok();
    let description = f.description.trim().to_owned();
    let d = description.chars().count();
    if d > 300 {
        problems.push(format!(
            "The description is {d} characters; keep it to 300."
        ));
    }
    if has_control(&description) {
        problems.push("The description contains a control character; remove it.".into());
    }
    let subject = Subject::parse(&f.subject);
    if subject.is_none() {
        problems
            .push("Choose whether the category honours a person, a site or a department.".into());
    }
    let winners = match f.winners.trim().parse::<i32>() {
        Ok(n) if (1..=MAX_WINNERS).contains(&n) => Some(n),
        _ => {
            problems.push(format!(
                "Give the number of winners, from 1 to {MAX_WINNERS}."
            ));
            None
        }
    };
    match (name, subject, winners) {
        (Some(name), Some(subject), Some(winners)) if problems.is_empty() => Ok(CategoryFields {
            name,
            description,
            subject,
            winners,
        }),
        _ => Err(problems.join(" ")),
    }
}

/// A nomination's reason as stored (trimmed), or what is wrong with it.
pub fn check_reason(text: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < REASON_MIN {
        return Err(format!(
            "Say why in at least {REASON_MIN} characters: what did they do, and for whom?"
        ));
    }
    if n > REASON_MAX {
        return Err(format!(
            "The reason is {n} characters; keep it to {REASON_MAX}."
        ));
    }
    if has_control(t) {
        return Err("The reason contains a control character; remove it and try again.".into());
    }
    Ok(t.to_owned())
}

/// A nomination as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NominationInput {
    pub category: String,
    pub nominee: String,
    pub reason: String,
    pub request_key: String,
}

/// A programme in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub pid: String,
    pub name: String,
    pub year: i32,
    pub opens_on: Day,
    pub closes_on: Day,
    pub phase: Phase,
    pub categories: usize,
    /// Nominations so far (shown to HR and admins).
    pub nominations: Option<usize>,
    /// The viewer's own nominations.
    pub mine: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammesView {
    pub may_run: bool,
    pub programmes: Vec<ProgrammeSummary>,
    /// What the new-programme form suggests.
    pub suggested: ProgrammeForm,
}

/// One option of a nominee select: a person's id, or a site's or department's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    pub key: String,
    pub name: String,
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyNomination {
    pub nominee: String,
    pub reason: String,
    pub when: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationView {
    pub by: String,
    pub reason: String,
    pub when: String,
}

/// Recognition received in the year, per value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueTally {
    pub value: String,
    pub count: u32,
}

/// A nominee with the evidence HR weighs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub key: String,
    pub name: String,
    pub place: String,
    pub nominations: Vec<NominationView>,
    /// Recognition received in the programme's year (for a site or department: by its people).
    pub recognition: u32,
    pub by_value: Vec<ValueTally>,
    /// Training certificates earned in the year, and their average score.
    pub certificates: u32,
    pub certificate_score: Option<i32>,
    /// A person's training skill level (0-100, the average over the skills they practised).
    pub mastery: Option<i32>,
    /// A site's or department's people now.
    pub people: Option<u32>,
    pub winner: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinnerView {
    pub pid: String,
    pub label: String,
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryView {
    pub pid: String,
    pub name: String,
    pub description: String,
    pub subject: Subject,
    pub winners: i32,
    pub nominations: usize,
    /// Whom the viewer may nominate (empty unless they may nominate now).
    pub choices: Vec<Nominee>,
    pub mine: Vec<MyNomination>,
    pub left: i32,
    /// HR and admins: the nominees with their evidence, most nominated first.
    pub shortlist: Vec<Candidate>,
    pub chosen: Vec<WinnerView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeView {
    pub pid: String,
    pub name: String,
    pub year: i32,
    pub opens_on: Day,
    pub closes_on: Day,
    pub phase: Phase,
    pub nominators: Nominators,
    pub per_nominator: i32,
    pub may_run: bool,
    /// Why the viewer may not nominate now, when they may not.
    pub cannot_nominate: Option<String>,
    pub categories: Vec<CategoryView>,
    pub request_key: String,
    /// The settings as the edit form shows them.
    pub form: ProgrammeForm,
    pub announced_on: Option<Day>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallCategory {
    pub name: String,
    pub description: String,
    pub subject: Subject,
    pub winners: Vec<WinnerView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallProgramme {
    pub pid: String,
    pub name: String,
    pub year: i32,
    pub announced_on: Day,
    pub categories: Vec<HallCategory>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallOfFame {
    /// Every year with announced winners, newest first.
    pub years: Vec<i32>,
    pub year: Option<i32>,
    pub programmes: Vec<HallProgramme>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinnerCertificate {
    pub programme: String,
    pub year: i32,
    pub category: String,
    pub label: String,
    pub place: String,
    pub announced_on: Day,
}

/// A short announcement of a programme's winners, at the top of the feed for a while.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub programme: String,
    pub year: i32,
    pub when: String,
    pub winners: Vec<(String, WinnerView)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProgrammeForm {
        ProgrammeForm {
            name: "Service Stars 2026".into(),
            year: "2026".into(),
            opens_on: "2026-11-01".into(),
            closes_on: "2026-12-15".into(),
            nominators: "everyone".into(),
            per_nominator: "3".into(),
        }
    }

    #[test]
    fn a_programme_is_checked_whole() {
        let f = check_programme(&form()).unwrap();
        assert_eq!(f.year, 2026);
        assert_eq!(f.nominators, Nominators::Everyone);
        let bad = ProgrammeForm {
            name: " x ".into(),
            year: "26".into(),
            opens_on: "2026-12-16".into(),
            closes_on: "2026-12-15".into(),
            nominators: "anyone".into(),
            per_nominator: "0".into(),
        };
        let e = check_programme(&bad).unwrap_err();
        for part in [
            "name",
            "year",
            "close on or after",
            "who may nominate",
            "per category",
        ] {
            assert!(e.contains(part), "{e} lacks {part}");
        }
        let e = check_programme(&ProgrammeForm {
            opens_on: "2026-02-30".into(),
            ..form()
        })
        .unwrap_err();
        assert!(e.contains("nominations open as a date"), "{e}");
    }

    #[test]
    fn categories_and_reasons_are_checked() {
        let c = check_category(&CategoryForm {
            name: "Guest hero".into(),
            description: "".into(),
            subject: "person".into(),
            winners: "2".into(),
        })
        .unwrap();
        assert_eq!(c.subject, Subject::Person);
        let e = check_category(&CategoryForm {
            name: "Guest\nhero".into(),
            description: "x".repeat(301),
            subject: "team".into(),
            winners: "11".into(),
        })
        .unwrap_err();
        for part in ["line break", "300", "person, a site", "winners"] {
            assert!(e.contains(part), "{e} lacks {part}");
        }
        assert!(check_reason("Great").unwrap_err().contains("at least 20"));
        assert!(
            check_reason(&"x".repeat(1001))
                .unwrap_err()
                .contains("1000")
        );
        assert_eq!(
            check_reason("  She stayed two hours to find the lost passport.  ").unwrap(),
            "She stayed two hours to find the lost passport."
        );
    }

    #[test]
    fn the_phase_follows_the_calendar_until_announced() {
        let d = |s| Day::parse(s).unwrap();
        let (o, c) = (d("2026-11-01"), d("2026-11-30"));
        assert_eq!(Phase::of(o, c, false, d("2026-10-31")), Phase::Upcoming);
        assert_eq!(Phase::of(o, c, false, o), Phase::Open);
        assert_eq!(Phase::of(o, c, false, c), Phase::Open);
        assert_eq!(Phase::of(o, c, false, d("2026-12-01")), Phase::Choosing);
        assert_eq!(Phase::of(o, c, true, d("2026-11-05")), Phase::Announced);
    }

    #[test]
    fn leaders_only_programmes_admit_leaders() {
        use crate::auth::types::Role;
        assert!(Nominators::Everyone.admits(Role::Staff));
        assert!(!Nominators::Leaders.admits(Role::Staff));
        assert!(Nominators::Leaders.admits(Role::Manager));
    }
}
