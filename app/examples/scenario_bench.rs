//! Benchmark: how long validation and replay take, for the starter-sized scenarios and for the
//! worst a file may hold (120 steps, 6 choices each, small mood and trust steps that multiply
//! the states validation must explore). Run: `cargo run -p app --release --example scenario_bench`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

use app::training::rules::model::*;
use app::training::rules::play::{Move, replay};
use app::training::rules::validate::validate;

fn choice(next: String, mood: i32, trust: i32, when: Option<&str>) -> Choice {
    Choice {
        text: "Say something".into(),
        feedback: "Because.".into(),
        next,
        branches: vec![],
        when: when.map(|w| w.parse().unwrap()),
        mood,
        trust,
        points: Points::try_from("listening +1".to_owned()).unwrap(),
        pin: None,
    }
}

/// `steps` steps in a line; each has six choices to the next step with different small effects,
/// so (mood, trust) pairs fan out across nearly the whole 101 x 101 grid.
fn wide(steps: usize) -> Scenario {
    let id = |i: usize| format!("s{i}");
    let mut all: Vec<Step> = (0..steps - 1)
        .map(|i| Step {
            id: id(i),
            narration: "Something happens.".into(),
            customer: String::new(),
            ending: None,
            debrief: String::new(),
            choices: [(1, 0), (-1, 0), (0, 1), (0, -1), (3, -2), (-2, 3)]
                .into_iter()
                .map(|(m, t)| choice(id(i + 1), m, t, None))
                .collect(),
        })
        .collect();
    all.push(Step {
        id: id(steps - 1),
        narration: "The end.".into(),
        customer: String::new(),
        ending: Some(Ending::Recovered),
        debrief: "Learn.".into(),
        choices: vec![],
    });
    Scenario {
        id: "wide".into(),
        title: "Wide".into(),
        summary: "Generated.".into(),
        setting: Setting::Phone,
        skills: vec![Skill::Listening],
        minutes: 5,
        mood: 50,
        trust: 50,
        start: id(0),
        persona: Persona {
            name: "P".into(),
            situation: "S".into(),
            wants: "W".into(),
        },
        steps: all,
    }
}

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) {
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    let per = t.elapsed() / runs;
    println!("{label:<58} {:>12.1} µs", per.as_secs_f64() * 1e6);
}

fn main() {
    let starter: Vec<&str> = app::training::files::library::FILES
        .iter()
        .map(|(_, text)| *text)
        .collect();
    let parsed: Vec<Scenario> = starter
        .iter()
        .map(|text| toml::from_str(text).expect("starter parses"))
        .collect();
    time("parse + validate all 12 starter scenarios", 20, || {
        starter
            .iter()
            .map(|t| {
                toml::from_str::<Scenario>(t)
                    .map(|s| validate(&s).is_empty())
                    .unwrap_or(false)
            })
            .filter(|ok| *ok)
            .count()
    });
    time("validate one starter scenario (double-charge)", 200, || {
        validate(&parsed[0]).len()
    });
    let moves: Vec<Move> = {
        let s = &parsed[0];
        let mut state = app::training::rules::play::start(s);
        let mut out = Vec::new();
        while s.step(&state.step).is_some_and(|st| st.ending.is_none()) {
            out.push(Move {
                step: state.step.clone(),
                choice: 0,
            });
            state = app::training::rules::play::choose(s, &state, 0).unwrap();
        }
        out
    };
    time("replay a finished attempt (5 moves)", 10_000, || {
        replay(&parsed[0], &moves).is_ok()
    });
    for steps in [20, 60, 120] {
        let s = wide(steps);
        time(
            &format!("validate worst case: {steps} steps x 6 choices"),
            3,
            || validate(&s).len(),
        );
    }
}
