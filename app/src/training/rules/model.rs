//! The scenario model: a branching conversation with an upset customer, as authors write it and learners play it.
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Mood and trust run from 0 (furious, none) to 100 (delighted, complete).
pub const STAT_MAX: i32 = 100;
/// One choice moves mood or trust by at most this much.
pub const MAX_SWING: i32 = 50;
/// Skill points one choice can award or cost.
pub const MAX_POINTS: i32 = 3;
pub const MAX_STEPS: usize = 120;
pub const MAX_CHOICES: usize = 6;
pub const MAX_TEXT: usize = 2000;

/// The service skills scenarios train, from the service principles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skill {
    Listening,
    Empathy,
    Honesty,
    Ownership,
    Speed,
    Favour,
    OneTouch,
    FollowUp,
}

impl Skill {
    pub const ALL: [Skill; 8] = [
        Skill::Listening,
        Skill::Empathy,
        Skill::Honesty,
        Skill::Ownership,
        Skill::Speed,
        Skill::Favour,
        Skill::OneTouch,
        Skill::FollowUp,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Skill::Listening => "listening",
            Skill::Empathy => "empathy",
            Skill::Honesty => "honesty",
            Skill::Ownership => "ownership",
            Skill::Speed => "speed",
            Skill::Favour => "favour",
            Skill::OneTouch => "one-touch",
            Skill::FollowUp => "follow-up",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Skill::Listening => "Listening",
            Skill::Empathy => "Empathy",
            Skill::Honesty => "Honesty and options",
            Skill::Ownership => "Ownership, no blame",
            Skill::Speed => "Speed of fix",
            Skill::Favour => "Fixing in the customer's favour",
            Skill::OneTouch => "One-touch resolution",
            Skill::FollowUp => "Graciousness and follow-up",
        }
    }

    pub fn parse(s: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    FrontDesk,
    Phone,
    Chat,
    Restaurant,
    Internal,
}

impl Setting {
    pub const ALL: [Setting; 5] = [
        Setting::FrontDesk,
        Setting::Phone,
        Setting::Chat,
        Setting::Restaurant,
        Setting::Internal,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Setting::FrontDesk => "front-desk",
            Setting::Phone => "phone",
            Setting::Chat => "chat",
            Setting::Restaurant => "restaurant",
            Setting::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|k| k.key() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Setting::FrontDesk => "Front desk",
            Setting::Phone => "Phone",
            Setting::Chat => "Chat",
            Setting::Restaurant => "Restaurant",
            Setting::Internal => "Internal customer",
        }
    }
}

/// How a conversation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Ending {
    /// A moment of magic: more than the customer hoped for.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "magic"))]
    Magic,
    /// A moment of misery turned around.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "recovered"))]
    Recovered,
    /// The customer leaves unhappy.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "misery"))]
    Misery,
}

impl Ending {
    pub fn label(self) -> &'static str {
        match self {
            Ending::Magic => "Moment of magic",
            Ending::Recovered => "Customer recovered",
            Ending::Misery => "Moment of misery",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Ending::Magic => "magic",
            Ending::Recovered => "recovered",
            Ending::Misery => "misery",
        }
    }

    pub fn parse(s: &str) -> Option<Ending> {
        [Ending::Magic, Ending::Recovered, Ending::Misery]
            .into_iter()
            .find(|e| e.key() == s)
    }

    /// What the outcome adds to the overall score (0-100).
    pub fn value(self) -> i32 {
        match self {
            Ending::Magic => 100,
            Ending::Recovered => 70,
            Ending::Misery => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stat {
    Mood,
    Trust,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compare {
    AtLeast,
    Below,
}

/// "trust >= 60" or "mood < 30": a choice shows, or a branch is taken, only while it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Condition {
    pub stat: Stat,
    pub compare: Compare,
    pub value: i32,
}

impl Condition {
    pub fn holds(&self, mood: i32, trust: i32) -> bool {
        let v = match self.stat {
            Stat::Mood => mood,
            Stat::Trust => trust,
        };
        match self.compare {
            Compare::AtLeast => v >= self.value,
            Compare::Below => v < self.value,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stat = match self.stat {
            Stat::Mood => "mood",
            Stat::Trust => "trust",
        };
        let op = match self.compare {
            Compare::AtLeast => ">=",
            Compare::Below => "<",
        };
        write!(f, "{stat} {op} {}", self.value)
    }
}

impl FromStr for Condition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad =
            || format!("`{s}` is not a condition; write it like \"trust >= 60\" or \"mood < 30\"");
        let parts: Vec<&str> = s.split_whitespace().collect();
        let [stat, op, value] = parts.as_slice() else {
            return Err(bad());
        };
        let stat = match *stat {
            "mood" => Stat::Mood,
            "trust" => Stat::Trust,
            _ => return Err(bad()),
        };
        let compare = match *op {
            ">=" => Compare::AtLeast,
            "<" => Compare::Below,
            _ => return Err(bad()),
        };
        let value: i32 = value.parse().map_err(|_| bad())?;
        if !(0..=STAT_MAX).contains(&value) {
            return Err(format!("`{s}`: the value must be between 0 and {STAT_MAX}"));
        }
        Ok(Condition {
            stat,
            compare,
            value,
        })
    }
}

impl TryFrom<String> for Condition {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Condition> for String {
    fn from(c: Condition) -> String {
        c.to_string()
    }
}

/// "trust >= 60 -> calmer": go to `next` instead of the choice's usual step while the condition holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Branch {
    pub when: Condition,
    pub next: String,
}

impl TryFrom<String> for Branch {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let (cond, next) = s.split_once("->").ok_or_else(|| {
            format!("`{s}` is not a branch; write it like \"trust >= 60 -> step-id\"")
        })?;
        let next = next.trim();
        if next.is_empty() {
            return Err(format!("`{s}`: name the step after `->`"));
        }
        Ok(Branch {
            when: cond.trim().parse()?,
            next: next.to_owned(),
        })
    }
}

impl From<Branch> for String {
    fn from(b: Branch) -> String {
        format!("{} -> {}", b.when, b.next)
    }
}

/// Skill points a choice awards or costs: "listening +2, ownership -1".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Points(pub BTreeMap<Skill, i32>);

impl TryFrom<String> for Points {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.rsplit_once(' ').ok_or_else(|| {
                format!("`{part}` is not a skill award; write it like \"listening +2\"")
            })?;
            let skill = Skill::parse(name.trim()).ok_or_else(|| {
                format!(
                    "`{}` is not a skill; use one of: {}",
                    name.trim(),
                    Skill::ALL.map(Skill::key).join(", ")
                )
            })?;
            let value: i32 = value.trim_start_matches('+').parse().map_err(|_| {
                format!("`{part}`: the points must be a whole number like +2 or -1")
            })?;
            if value == 0 || value.abs() > MAX_POINTS {
                return Err(format!(
                    "`{part}`: points must be between -{MAX_POINTS} and +{MAX_POINTS}, and not 0"
                ));
            }
            if map.insert(skill, value).is_some() {
                return Err(format!("`{}` is awarded twice in `{s}`", skill.key()));
            }
        }
        Ok(Points(map))
    }
}

impl From<Points> for String {
    fn from(p: Points) -> String {
        p.0.iter()
            .map(|(k, v)| format!("{} {v:+}", k.key()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Points {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where a choice is shown when its position matters; unpinned choices are shuffled per attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pin {
    First,
    Last,
}

impl Pin {
    pub fn key(self) -> &'static str {
        match self {
            Pin::First => "first",
            Pin::Last => "last",
        }
    }

    pub fn parse(s: &str) -> Option<Pin> {
        [Pin::First, Pin::Last].into_iter().find(|p| p.key() == s)
    }
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    /// Shown after the choice: why it helps or hurts.
    pub feedback: String,
    pub next: String,
    /// Taken instead of `next`, the first whose condition holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
    /// The choice is offered only while this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mood: i32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub trust: i32,
    #[serde(default, skip_serializing_if = "Points::is_empty")]
    pub points: Points,
    /// Shown first or last instead of in the attempt's shuffled order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Pin>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    /// What happens, told to the learner.
    pub narration: String,
    /// What the customer says, if anything.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer: String,
    /// Set on endings only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
    /// What the learner should take away (endings only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub debrief: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: String,
    pub situation: String,
    pub wants: String,
}

/// One scenario, exactly as its text file says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, kept across versions: lower-case letters, digits and dashes.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub setting: Setting,
    pub skills: Vec<Skill>,
    pub minutes: i32,
    /// The customer's mood and trust when the conversation starts.
    pub mood: i32,
    pub trust: i32,
    pub start: String,
    pub persona: Persona,
    pub steps: Vec<Step>,
}

impl Scenario {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// The customer's mood, in words, for a 0-100 value.
pub fn mood_label(mood: i32) -> &'static str {
    match mood {
        i32::MIN..=14 => "Furious",
        15..=34 => "Upset",
        35..=54 => "Uneasy",
        55..=74 => "Calm",
        75..=89 => "Pleased",
        _ => "Delighted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_and_print_the_same() {
        for s in ["trust >= 60", "mood < 30", "mood >= 0", "trust < 100"] {
            let c: Condition = s.parse().expect("parses");
            assert_eq!(c.to_string(), s);
        }
        assert!("trust > 60".parse::<Condition>().is_err());
        assert!("patience >= 1".parse::<Condition>().is_err());
        let e = "mood >= 140"
            .parse::<Condition>()
            .expect_err("out of range");
        assert!(e.contains("between 0 and 100"), "{e}");
        let c: Condition = "trust >= 60".parse().expect("parses");
        assert!(c.holds(0, 60) && !c.holds(100, 59));
    }

    #[test]
    fn points_parse_and_print_the_same() {
        let p = Points::try_from("listening +2, one-touch -1".to_owned()).expect("parses");
        assert_eq!(p.0.get(&Skill::OneTouch), Some(&-1));
        assert_eq!(String::from(p), "listening +2, one-touch -1");
        assert!(Points::try_from("listening +4".to_owned()).is_err());
        assert!(Points::try_from("charm +1".to_owned()).is_err());
        assert!(Points::try_from("empathy +1, empathy +2".to_owned()).is_err());
        assert!(Points::try_from("empathy 0".to_owned()).is_err());
    }

    #[test]
    fn branches_parse() {
        let b = Branch::try_from("trust >= 60 -> calmer".to_owned()).expect("parses");
        assert_eq!(b.next, "calmer");
        assert_eq!(String::from(b), "trust >= 60 -> calmer");
        assert!(Branch::try_from("trust >= 60".to_owned()).is_err());
        assert!(Branch::try_from("trust >= 60 -> ".to_owned()).is_err());
    }

    #[test]
    fn mood_words_cover_the_range() {
        assert_eq!(mood_label(0), "Furious");
        assert_eq!(mood_label(50), "Uneasy");
        assert_eq!(mood_label(100), "Delighted");
    }
}
