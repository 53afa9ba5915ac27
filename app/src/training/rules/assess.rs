//! Does a scenario assess anyone? The score of the best path, and what naive strategies average
//! over many attempts: always the first choice shown, always the last, and a random one. A
//! scenario that a naive strategy passes measures luck or button position, not skill.
use serde::{Deserialize, Serialize};

use crate::training::rules::model::{Ending, Scenario};
use crate::training::rules::play::{self, PlayState, Score};

/// The pass mark modules use unless HR sets another.
pub const USUAL_PASS_MARK: i32 = 70;
/// Attempts simulated per strategy: enough for the average to settle within about a point.
pub const RUNS: usize = 400;
/// A conversation longer than this is cut off (the validator refuses endless loops anyway).
const MAX_MOVES: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// Always the top button.
    First,
    /// Always the bottom button.
    Last,
    /// Any open choice, with equal chances.
    Random,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::First, Strategy::Last, Strategy::Random];

    pub fn label(self) -> &'static str {
        match self {
            Strategy::First => "always the first choice shown",
            Strategy::Last => "always the last choice shown",
            Strategy::Random => "a random choice",
        }
    }
}

/// What the simulations found, for the validator's report and the test suite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The score of taking the best choice at every step, and where that ends.
    pub best: i32,
    pub best_ending: Ending,
    /// Per strategy: the mean score over the simulated attempts, and how many of them passed.
    pub naive: Vec<(Strategy, f64, f64)>,
    pub pass_mark: i32,
}

impl Assessment {
    /// Warnings for the author: nothing here stops publishing, but each means the score misleads.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.best < 100 {
            out.push(format!(
                "Taking the best choice at every step scores {} and ends in “{}”. Make the best choices lead to a moment of magic, so a perfect conversation scores 100.",
                self.best,
                self.best_ending.label()
            ));
        }
        for (strategy, mean, _) in &self.naive {
            if *mean >= self.pass_mark as f64 {
                out.push(format!(
                    "Choosing {} averages {:.0}, at or above the pass mark of {}: a learner can pass without thinking. Add tempting mistakes, or make the wrong choices cost more.",
                    strategy.label(),
                    mean,
                    self.pass_mark
                ));
            }
        }
        out
    }

    /// One line for the report: the best path and the naive averages.
    pub fn summary(&self) -> String {
        let naive = self
            .naive
            .iter()
            .map(|(s, mean, _)| format!("{} {:.0}", s.label(), mean))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "The best path scores {}. Over {RUNS} simulated attempts each, naive play averages: {naive} (pass mark {}).",
            self.best, self.pass_mark
        )
    }
}

/// SplitMix64: a small seeded generator, so the figures are the same on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % n.max(1) as u64) as usize
    }
}

/// Plays one conversation, picking with `pick(state, open choices)`; `None` if it never ends.
fn play_out(s: &Scenario, mut pick: impl FnMut(&PlayState, &[usize]) -> usize) -> Option<Score> {
    let mut state = play::start(s);
    for _ in 0..MAX_MOVES {
        let step = s.step(&state.step)?;
        if step.ending.is_some() {
            return play::score(s, &state);
        }
        let open = play::open_choices(&step.choices, state.mood, state.trust);
        if open.is_empty() {
            return None;
        }
        let choice = pick(&state, &open);
        state = play::choose(s, &state, choice).ok()?;
    }
    None
}

/// The best choice at a step: the most skill points; on a tie, the one that leaves the customer
/// happiest.
fn best_choice(s: &Scenario, state: &PlayState, open: &[usize]) -> usize {
    let Some(step) = s.step(&state.step) else {
        return open[0];
    };
    open.iter()
        .copied()
        .max_by_key(|&i| {
            let c = &step.choices[i];
            let (_, mood, trust) = play::consequence(c, state.mood, state.trust);
            (play::worth(c), mood + trust, std::cmp::Reverse(i))
        })
        .unwrap_or(open[0])
}

/// The score of the best path: the best choice at every step.
pub fn best_path(s: &Scenario) -> Option<Score> {
    play_out(s, |state, open| best_choice(s, state, open))
}

/// Mean score and pass rate of `strategy` over `runs` attempts, each with its own shuffled order.
pub fn naive(s: &Scenario, strategy: Strategy, runs: usize, pass_mark: i32) -> (f64, f64) {
    let mut dice = Dice(0x5eed ^ s.steps.len() as u64);
    let mut total = 0.0;
    let mut passed = 0usize;
    for run in 0..runs {
        let seed = format!("simulated-{run}");
        let step_choices = |step: &str| s.step(step).map(|st| st.choices.as_slice());
        let score = play_out(s, |state, open| {
            let step = state.step.as_str();
            let shown = play::shown_order(step_choices(step).unwrap_or(&[]), open, &seed, step);
            match strategy {
                Strategy::First => shown[0],
                Strategy::Last => shown[shown.len() - 1],
                Strategy::Random => shown[dice.next(shown.len())],
            }
        })
        .map_or(0, |sc| sc.overall);
        total += score as f64;
        if score >= pass_mark {
            passed += 1;
        }
    }
    let runs = runs.max(1) as f64;
    (total / runs, passed as f64 / runs)
}

/// The whole check; `None` when the best path does not reach an ending (the validator says why).
pub fn assess(s: &Scenario, pass_mark: i32) -> Option<Assessment> {
    let best = best_path(s)?;
    Some(Assessment {
        best: best.overall,
        best_ending: best.ending,
        naive: Strategy::ALL
            .into_iter()
            .map(|k| {
                let (mean, rate) = naive(s, k, RUNS, pass_mark);
                (k, mean, rate)
            })
            .collect(),
        pass_mark,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::model::{Pin, Points};
    use crate::training::rules::tests_support::tiny;

    #[test]
    fn the_best_path_scores_100_and_naive_play_is_measured() {
        let s = tiny();
        let a = assess(&s, USUAL_PASS_MARK).expect("assessed");
        assert_eq!(a.best, 100);
        assert_eq!(a.best_ending, Ending::Magic);
        // Two choices, one right: a coin toss, about half the attempts pass.
        for (k, mean, rate) in &a.naive {
            assert!((35.0..65.0).contains(mean), "{k:?} {mean}");
            assert!((0.35..0.65).contains(rate), "{k:?} {rate}");
        }
        // With the right answer always shown first, the first-button strategy passes: warned.
        let mut pinned = tiny();
        pinned.steps[0].choices[0].pin = Some(Pin::First);
        let a = assess(&pinned, USUAL_PASS_MARK).expect("assessed");
        let w = a.warnings();
        assert!(
            w.iter()
                .any(|m| m.contains("always the first choice shown averages 100")),
            "{w:?}"
        );
        assert!(
            a.summary().contains("The best path scores 100."),
            "{}",
            a.summary()
        );
    }

    #[test]
    fn a_best_path_that_misses_magic_is_warned() {
        let mut s = tiny();
        // The bad answer now earns the most points, and it ends in misery.
        s.steps[0].choices[1].points = Points::try_from("listening +3".to_owned()).expect("points");
        s.steps[0].choices[0].points = Points::try_from("listening +1".to_owned()).expect("points");
        let a = assess(&s, USUAL_PASS_MARK).expect("assessed");
        assert_eq!(a.best_ending, Ending::Misery);
        assert!(
            a.warnings()[0].contains("scores 70 and ends in “Moment of misery”"),
            "{:?}",
            a.warnings()
        );
    }
}
