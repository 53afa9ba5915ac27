//! Property tests: every path through every valid scenario ends, and scores stay in range.
use proptest::prelude::*;

use crate::training::rules::model::*;
use crate::training::rules::play::{choose, open_choices, score, start};
use crate::training::rules::validate::validate;

const SKILLS: [Skill; 3] = [Skill::Listening, Skill::Empathy, Skill::Ownership];

#[derive(Clone, Debug)]
struct RawChoice {
    next: usize,
    mood: i32,
    trust: i32,
    points: i32,
    skill: usize,
    when: Option<(bool, bool, i32)>,
    branch: Option<(bool, bool, i32, usize)>,
}

fn condition(mood: bool, at_least: bool, value: i32) -> Condition {
    Condition {
        stat: if mood { Stat::Mood } else { Stat::Trust },
        compare: if at_least {
            Compare::AtLeast
        } else {
            Compare::Below
        },
        value,
    }
}

fn raw_choice(steps: usize) -> impl Strategy<Value = RawChoice> {
    (
        0..steps,
        -30..=30i32,
        -30..=30i32,
        prop_oneof![-3..=-1i32, 1..=3i32],
        0..SKILLS.len(),
        proptest::option::weighted(0.3, (any::<bool>(), any::<bool>(), 0..=100i32)),
        proptest::option::weighted(0.3, (any::<bool>(), any::<bool>(), 0..=100i32, 0..steps)),
    )
        .prop_map(
            |(next, mood, trust, points, skill, when, branch)| RawChoice {
                next,
                mood,
                trust,
                points,
                skill,
                when,
                branch,
            },
        )
}

/// Random scenarios: some steps endings, the rest with one to three choices pointing anywhere.
fn scenario() -> impl Strategy<Value = Scenario> {
    (3usize..9)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(proptest::collection::vec(raw_choice(n), 1..4), n),
                proptest::collection::vec(proptest::bool::weighted(0.3), n),
                0..=100i32,
                0..=100i32,
            )
        })
        .prop_map(|(n, choices, endings, mood, trust)| {
            let id = |i: usize| format!("s{i}");
            let steps = (0..n)
                .map(|i| {
                    // The last step is always an ending, the first never.
                    let is_end = i == n - 1 || (i > 0 && endings[i]);
                    Step {
                        id: id(i),
                        narration: "Something happens.".into(),
                        customer: String::new(),
                        ending: is_end.then_some(if i % 2 == 0 {
                            Ending::Magic
                        } else {
                            Ending::Misery
                        }),
                        debrief: if is_end {
                            "Learn.".into()
                        } else {
                            String::new()
                        },
                        choices: if is_end {
                            vec![]
                        } else {
                            choices[i]
                                .iter()
                                .enumerate()
                                .map(|(k, c)| Choice {
                                    text: "Say something".into(),
                                    feedback: "Because.".into(),
                                    // The first choice moves on, so most steps are reachable.
                                    next: if k == 0 { id(i + 1) } else { id(c.next) },
                                    branches: c
                                        .branch
                                        .map(|(m, a, v, to)| Branch {
                                            when: condition(m, a, v),
                                            next: id(to),
                                        })
                                        .into_iter()
                                        .collect(),
                                    when: if k == 0 {
                                        None
                                    } else {
                                        c.when.map(|(m, a, v)| condition(m, a, v))
                                    },
                                    mood: c.mood,
                                    trust: c.trust,
                                    points: Points(
                                        [(SKILLS[c.skill], c.points)].into_iter().collect(),
                                    ),
                                    pin: None,
                                })
                                .collect()
                        },
                    }
                })
                .collect::<Vec<Step>>();
            let mut skills: Vec<Skill> = steps
                .iter()
                .flat_map(|s| s.choices.iter().flat_map(|c| c.points.0.keys().copied()))
                .collect();
            skills.sort();
            skills.dedup();
            Scenario {
                id: "random".into(),
                title: "Random".into(),
                summary: "Generated.".into(),
                setting: Setting::Phone,
                skills,
                minutes: 3,
                mood,
                trust,
                start: id(0),
                persona: Persona {
                    name: "P".into(),
                    situation: "S".into(),
                    wants: "W".into(),
                },
                steps,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_global_rejects: 200_000, ..ProptestConfig::default() })]

    /// Validation never panics, and a scenario it passes always ends, whatever the learner picks.
    #[test]
    fn every_path_through_a_valid_scenario_ends(s in scenario(), picks in proptest::collection::vec(any::<u16>(), 64)) {
        let problems = validate(&s);
        prop_assume!(problems.is_empty());
        // No path is longer than the number of distinct states: steps × 101 × 101.
        let limit = s.steps.len() * 101 * 101;
        let mut state = start(&s);
        let mut moves = 0usize;
        let mut pick = picks.iter().cycle();
        loop {
            let step = s.step(&state.step).expect("valid scenarios only point at steps");
            if step.ending.is_some() {
                break;
            }
            let open = open_choices(&step.choices, state.mood, state.trust);
            prop_assert!(!open.is_empty(), "stuck at {}", state.step);
            let i = open[*pick.next().unwrap_or(&0) as usize % open.len()];
            state = choose(&s, &state, i).expect("open choice");
            moves += 1;
            prop_assert!(moves <= limit, "path did not end");
        }
        let sc = score(&s, &state).expect("ended");
        prop_assert!((0..=100).contains(&sc.overall));
        for (_, v) in sc.skills {
            prop_assert!((0..=100).contains(&v));
        }
        prop_assert!((0..=100).contains(&state.mood) && (0..=100).contains(&state.trust));
    }
}

/// The generator is not vacuous: a good share of random scenarios are valid.
#[test]
fn the_generator_produces_valid_scenarios() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let valid = (0..300)
        .filter(|_| {
            strategy
                .new_tree(&mut runner)
                .map(|t| validate(&t.current()).is_empty())
                .unwrap_or(false)
        })
        .count();
    assert!(
        valid >= 10,
        "only {valid} of 300 generated scenarios were valid"
    );
}
