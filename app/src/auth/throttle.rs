//! Login throttling rules: growing lock-outs per account and a cap per client address. Pure; the service stores the state.
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures allowed before the first lock-out.
    pub free_failures: i32,
    /// First lock-out; each further failure doubles it, up to `max_lock`.
    pub base_lock: Duration,
    pub max_lock: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

/// Per account (by the email typed, whether or not it exists, so locks reveal nothing).
pub const ACCOUNT: Rule = Rule {
    free_failures: 5,
    base_lock: Duration::from_secs(30),
    max_lock: Duration::from_secs(15 * 60),
    window: Duration::from_secs(60 * 60),
};

/// Per client address: many failures across many accounts.
pub const ADDRESS: Rule = Rule {
    free_failures: 50,
    base_lock: Duration::from_secs(15 * 60),
    max_lock: Duration::from_secs(60 * 60),
    window: Duration::from_secs(15 * 60),
};

/// Failures counted so far, the window start and any lock, in seconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub failures: i32,
    pub window_started: i64,
    pub locked_until: Option<i64>,
}

/// Seconds left on a lock, if one is in force at `now`.
pub fn locked_for(state: Option<State>, now: i64) -> Option<i64> {
    state
        .and_then(|s| s.locked_until)
        .filter(|until| *until > now)
        .map(|until| until - now)
}

/// The state after one more failure at `now`.
pub fn after_failure(rule: Rule, prev: Option<State>, now: i64) -> State {
    let window = rule.window.as_secs() as i64;
    let (failures, window_started) = match prev {
        Some(s) if now - s.window_started < window => {
            (s.failures.saturating_add(1), s.window_started)
        }
        _ => (1, now),
    };
    let over = failures - rule.free_failures;
    let locked_until = if over >= 0 {
        let factor = 1u64 << over.clamp(0, 20);
        let secs = rule
            .base_lock
            .as_secs()
            .saturating_mul(factor)
            .min(rule.max_lock.as_secs());
        Some(now + secs as i64)
    } else {
        None
    };
    State {
        failures,
        window_started,
        locked_until,
    }
}

/// The wait that is told to people and clients alike: whole seconds up to 90, then whole minutes
/// (rounded up, so waiting what the message says is always enough).
pub fn stated_wait(secs: i64) -> i64 {
    if secs <= 90 {
        secs.max(1)
    } else {
        (secs + 59) / 60 * 60
    }
}

/// "30 seconds", "2 minutes": [`stated_wait`] for people.
pub fn describe_wait(secs: i64) -> String {
    let s = stated_wait(secs);
    if s <= 90 {
        format!("{s} second{}", if s == 1 { "" } else { "s" })
    } else {
        format!("{} minutes", s / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_locks_grow_and_cap() {
        let mut s = None;
        for _ in 0..4 {
            let next = after_failure(ACCOUNT, s, 1000);
            assert_eq!(next.locked_until, None);
            s = Some(next);
        }
        let fifth = after_failure(ACCOUNT, s, 1000);
        assert_eq!(fifth.locked_until, Some(1030));
        let sixth = after_failure(ACCOUNT, Some(fifth), 1000);
        assert_eq!(sixth.locked_until, Some(1060));
        let mut st = sixth;
        for _ in 0..30 {
            st = after_failure(ACCOUNT, Some(st), 1000);
        }
        assert_eq!(st.locked_until, Some(1000 + 15 * 60));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let s = State {
            failures: 4,
            window_started: 0,
            locked_until: None,
        };
        let next = after_failure(ACCOUNT, Some(s), 3601);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }

    #[test]
    fn lock_expires() {
        let s = State {
            failures: 5,
            window_started: 0,
            locked_until: Some(100),
        };
        assert_eq!(locked_for(Some(s), 40), Some(60));
        assert_eq!(locked_for(Some(s), 100), None);
        assert_eq!(locked_for(None, 100), None);
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(describe_wait(1), "1 second");
        assert_eq!(describe_wait(30), "30 seconds");
        assert_eq!(describe_wait(900), "15 minutes");
        assert_eq!(describe_wait(91), "2 minutes");
        assert_eq!(stated_wait(91), 120);
        assert_eq!(stated_wait(30), 30);
    }
}
