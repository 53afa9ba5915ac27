//! Recognition's pure rules: what a message and a number of points must be, and how a gift or a
//! withdrawal turns into ledger rows. The services load the sums these rules need, apply the rows
//! they return in one transaction, and never write a row these rules did not plan.
use crate::recognition::types::{Account, EntryKind};

/// A message is 10 to 1000 characters of plain text (shown as text wherever it appears).
pub const MESSAGE_MIN: usize = 10;
pub const MESSAGE_MAX: usize = 1000;
/// Each person's allowance per month unless an admin sets another.
pub const DEFAULT_ALLOWANCE: i32 = 100;
/// The most one giver may send one recipient in a month, unless an admin sets another.
pub const DEFAULT_RECIPIENT_CAP: i32 = 50;
/// How long a giver may take their recognition back.
pub const WITHDRAW_HOURS: i64 = 24;
/// Most recipients of one recognition.
pub const MAX_RECIPIENTS: usize = 50;

/// The message as stored (trimmed), or what is wrong with it.
pub fn check_message(text: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < MESSAGE_MIN {
        return Err(format!(
            "Write a message of at least {MESSAGE_MIN} characters: say what they did and why it mattered."
        ));
    }
    if n > MESSAGE_MAX {
        return Err(format!(
            "The message is {n} characters; keep it to {MESSAGE_MAX}."
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("The message contains a control character; remove it and try again.".into());
    }
    Ok(t.to_owned())
}

/// Points per recipient as typed: empty is 0 (thanks without points are welcome).
pub fn parse_points(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    match t.parse::<i32>() {
        Ok(n) if n >= 0 => Ok(n),
        Ok(_) => Err("Points cannot be negative.".into()),
        Err(_) => Err(format!(
            "“{}” is not a whole number of points.",
            t.chars().take(20).collect::<String>()
        )),
    }
}

/// One ledger row as planned: who, which account, which allowance month, what, how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub user: i32,
    pub account: Account,
    /// The allowance month ("2026-12"); empty for earned points.
    pub month: String,
    pub kind: EntryKind,
    pub amount: i32,
}

/// What the planner needs to know about the giver's month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GiverMonth {
    /// Whether this month's allowance has been granted yet.
    pub granted: bool,
    /// The allowance account's sum for the month (grant minus gifts plus withdrawals).
    pub left: i32,
    /// The month's allowance for the giver's role.
    pub allowance: i32,
    /// Most points per recipient per month.
    pub cap: i32,
}

/// The rows a gift of `points_each` to each of `recipients` writes, given what the giver has
/// already sent each of them this month (`sent`, same order). Refused with a message when the
/// allowance or a recipient's cap does not cover it; nothing is planned then.
pub fn plan_gift(
    giver: i32,
    month: &str,
    state: &GiverMonth,
    recipients: &[i32],
    sent: &[i32],
    points_each: i32,
) -> Result<Vec<Entry>, String> {
    let mut rows = Vec::new();
    let mut left = state.left;
    if !state.granted {
        rows.push(Entry {
            user: giver,
            account: Account::Allowance,
            month: month.to_owned(),
            kind: EntryKind::Grant,
            amount: state.allowance,
        });
        left += state.allowance;
    }
    if points_each == 0 {
        // Thanks without points write no points rows (a grant alone is not worth writing).
        return Ok(Vec::new());
    }
    if points_each > state.cap {
        return Err(format!(
            "At most {} points can go to one person in a month.",
            state.cap
        ));
    }
    let n = i32::try_from(recipients.len()).map_err(|_| "Too many recipients.".to_owned())?;
    let total = points_each
        .checked_mul(n)
        .ok_or_else(|| "That is more points than any allowance holds.".to_owned())?;
    if total > left {
        return Err(if n == 1 {
            format!(
                "You have {left} points left to give this month; {points_each} is more than that."
            )
        } else {
            format!(
                "{points_each} points each for {n} people is {total}; you have {left} left to give this month."
            )
        });
    }
    for (r, already) in recipients.iter().zip(sent) {
        if already + points_each > state.cap {
            return Err(format!(
                "You have already given this person {already} points this month; the most is {} a month.",
                state.cap
            ));
        }
        rows.push(Entry {
            user: giver,
            account: Account::Allowance,
            month: month.to_owned(),
            kind: EntryKind::Gift,
            amount: -points_each,
        });
        rows.push(Entry {
            user: *r,
            account: Account::Earned,
            month: String::new(),
            kind: EntryKind::Receipt,
            amount: points_each,
        });
    }
    Ok(rows)
}

/// The rows that take a recognition's points back: each recipient returns what they received
/// (refused if they no longer hold it), and the giver's allowance for the gift's month gets it back.
pub fn plan_withdrawal(
    giver: i32,
    gift_month: &str,
    points_each: i32,
    recipients: &[(i32, i32)],
) -> Result<Vec<Entry>, String> {
    if points_each == 0 {
        return Ok(Vec::new());
    }
    let mut rows = Vec::new();
    for (user, earned) in recipients {
        if *earned < points_each {
            return Err(
                "Its points have already been spent, so it can no longer be withdrawn.".into(),
            );
        }
        rows.push(Entry {
            user: *user,
            account: Account::Earned,
            month: String::new(),
            kind: EntryKind::Withdrawal,
            amount: -points_each,
        });
        rows.push(Entry {
            user: giver,
            account: Account::Allowance,
            month: gift_month.to_owned(),
            kind: EntryKind::Withdrawal,
            amount: points_each,
        });
    }
    Ok(rows)
}

/// The sum of `rows` for one person's account (and allowance month).
pub fn sum(rows: &[Entry], user: i32, account: Account, month: &str) -> i32 {
    rows.iter()
        .filter(|e| e.user == user && e.account == account)
        .filter(|e| account == Account::Earned || e.month == month)
        .map(|e| e.amount)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn messages_are_checked() {
        assert!(check_message("  thanks  ").is_err());
        assert_eq!(
            check_message("  Thank you for staying late  ").as_deref(),
            Ok("Thank you for staying late")
        );
        assert!(check_message(&"x".repeat(1001)).is_err());
        assert!(check_message("nul \u{0} byte here").is_err());
        assert!(check_message("line one\nline two").is_ok());
    }

    #[test]
    fn points_parse() {
        assert_eq!(parse_points(""), Ok(0));
        assert_eq!(parse_points(" 25 "), Ok(25));
        assert!(parse_points("-5").is_err());
        assert!(parse_points("ten").is_err());
    }

    fn month(granted: bool, left: i32) -> GiverMonth {
        GiverMonth {
            granted,
            left,
            allowance: 100,
            cap: 50,
        }
    }

    #[test]
    fn a_first_gift_grants_the_month_then_spends_it() {
        let rows = plan_gift(1, "2026-12", &month(false, 0), &[2], &[0], 30).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(sum(&rows, 1, Account::Allowance, "2026-12"), 70);
        assert_eq!(sum(&rows, 2, Account::Earned, ""), 30);
    }

    #[test]
    fn over_the_allowance_or_the_cap_is_refused() {
        assert!(plan_gift(1, "m", &month(true, 20), &[2], &[0], 30).is_err());
        assert!(plan_gift(1, "m", &month(true, 100), &[2, 3, 4], &[0, 0, 0], 40).is_err());
        assert!(plan_gift(1, "m", &month(true, 100), &[2], &[40], 20).is_err());
        assert!(plan_gift(1, "m", &month(true, 100), &[2], &[0], 60).is_err());
        assert_eq!(
            plan_gift(1, "m", &month(true, 100), &[2], &[0], 0),
            Ok(vec![])
        );
    }

    #[test]
    fn spent_points_cannot_be_withdrawn() {
        assert!(plan_withdrawal(1, "m", 20, &[(2, 10)]).is_err());
        let rows = plan_withdrawal(1, "m", 20, &[(2, 20), (3, 45)]).unwrap();
        assert_eq!(sum(&rows, 1, Account::Allowance, "m"), 40);
        assert_eq!(sum(&rows, 3, Account::Earned, ""), -20);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Gift {
            giver: i32,
            to: Vec<i32>,
            points: i32,
        },
        Withdraw {
            which: usize,
        },
        NextMonth,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0..5i32, proptest::collection::vec(0..5i32, 1..4), 0..60i32)
                .prop_map(|(giver, to, points)| Op::Gift { giver, to, points }),
            2 => (0..50usize).prop_map(|which| Op::Withdraw { which }),
            1 => Just(Op::NextMonth),
        ]
    }

    proptest! {
        /// Random gifts, withdrawals and month roll-overs, planned by these rules and applied to
        /// an in-memory ledger: no account ever goes negative, and each planned gift leaves the
        /// giver's month and each recipient's earnings exactly as the rows say.
        #[test]
        fn the_ledger_never_goes_negative(ops in proptest::collection::vec(op(), 1..80)) {
            let mut ledger: Vec<Entry> = Vec::new();
            let mut m = 0;
            // Each gift made: (giver, month, points each, recipients).
            let mut gifts: Vec<(i32, String, i32, Vec<i32>)> = Vec::new();
            for o in ops {
                let month = format!("2026-{:02}", m % 12 + 1);
                match o {
                    Op::NextMonth => m += 1,
                    Op::Gift { giver, mut to, points } => {
                        to.sort_unstable();
                        to.dedup();
                        to.retain(|r| *r != giver);
                        if to.is_empty() { continue; }
                        let granted = ledger.iter().any(|e| e.user == giver && e.kind == EntryKind::Grant && e.month == month);
                        let state = GiverMonth {
                            granted,
                            left: sum(&ledger, giver, Account::Allowance, &month),
                            allowance: 100,
                            cap: 50,
                        };
                        let sent: Vec<i32> = to.iter().map(|r| {
                            gifts.iter()
                                .filter(|(g, gm, _, rs)| *g == giver && *gm == month && rs.contains(r))
                                .map(|(_, _, p, _)| *p)
                                .sum()
                        }).collect();
                        let before: Vec<i32> = to.iter().map(|r| sum(&ledger, *r, Account::Earned, "")).collect();
                        if let Ok(rows) = plan_gift(giver, &month, &state, &to, &sent, points) {
                            ledger.extend(rows);
                            for (r, b) in to.iter().zip(before) {
                                prop_assert_eq!(sum(&ledger, *r, Account::Earned, ""), b + points);
                            }
                            gifts.push((giver, month.clone(), points, to));
                        }
                    }
                    Op::Withdraw { which } => {
                        if gifts.is_empty() { continue; }
                        let (giver, gm, p, rs) = gifts.remove(which % gifts.len());
                        let held: Vec<(i32, i32)> = rs.iter().map(|r| (*r, sum(&ledger, *r, Account::Earned, ""))).collect();
                        let rows = plan_withdrawal(giver, &gm, p, &held).expect("nothing is spent yet");
                        ledger.extend(rows);
                    }
                }
                for user in 0..5 {
                    prop_assert!(sum(&ledger, user, Account::Earned, "") >= 0);
                    for k in 0..=m {
                        let mk = format!("2026-{:02}", k % 12 + 1);
                        prop_assert!(sum(&ledger, user, Account::Allowance, &mk) >= 0);
                    }
                }
            }
        }
    }
}
