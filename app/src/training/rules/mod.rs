//! Training's pure rules: the scenario model and how it plays, validation, the editor's form,
//! the scenario map, choice analytics and progress. No database, no I/O; shared by the server
//! and the browser, and tested on their own.
pub mod analytics;
pub mod assess;
pub mod editor;
pub mod map;
pub mod model;
pub mod play;
pub mod progress;
pub mod validate;

#[cfg(test)]
mod properties;

#[cfg(test)]
pub(crate) mod tests_support {

    use crate::training::rules::model::*;

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
            pin: None,
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
