//! Scenario training: the scenario model and its rules, modules, assignments, attempts and skill profiles.
pub mod model;
pub mod play;
pub mod types;
pub mod validate;

pub mod analytics;
pub mod api;
pub mod editor;
pub mod map;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod bundle;
#[cfg(feature = "ssr")]
pub mod format;
pub mod library;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod xapi;

#[cfg(test)]
mod properties;

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::training::model::*;

    fn choice(text: &str, next: &str, points: &str, mood: i32) -> Choice {
        Choice {
            text: text.into(),
            feedback: format!("Feedback on {text}"),
            next: next.into(),
            branches: vec![],
            when: None,
            mood,
            trust: 0,
            points: Points::try_from(points.to_owned()).unwrap_or_default(),
        }
    }

    fn ending(id: &str, e: Ending) -> Step {
        Step {
            id: id.into(),
            narration: format!("The {id} ending."),
            customer: String::new(),
            ending: Some(e),
            debrief: "What to learn.".into(),
            choices: vec![],
        }
    }

    /// The smallest sound scenario: one question, a good and a bad answer.
    pub fn tiny() -> Scenario {
        Scenario {
            id: "tiny".into(),
            title: "Tiny".into(),
            summary: "A one-question scenario.".into(),
            setting: Setting::FrontDesk,
            skills: vec![Skill::Listening],
            minutes: 1,
            mood: 20,
            trust: 30,
            start: "start".into(),
            persona: Persona {
                name: "Ada".into(),
                situation: "Waiting.".into(),
                wants: "Help.".into(),
            },
            steps: vec![
                Step {
                    id: "start".into(),
                    narration: "A guest arrives.".into(),
                    customer: "Hello?".into(),
                    ending: None,
                    debrief: String::new(),
                    choices: vec![
                        choice("Listen", "good", "listening +3", 30),
                        choice("Ignore", "bad", "listening -3", -20),
                    ],
                },
                ending("good", Ending::Magic),
                ending("bad", Ending::Misery),
            ],
        }
    }
}
