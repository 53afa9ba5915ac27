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

/// The longest comment on a recognition.
pub const COMMENT_MAX: usize = 300;

/// A comment as stored (trimmed), or what is wrong with it.
pub fn check_comment(text: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return Err("Write something before you post the comment.".into());
    }
    if n > COMMENT_MAX {
        return Err(format!(
            "The comment is {n} characters; keep it to {COMMENT_MAX}."
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("The comment contains a control character; remove it and try again.".into());
    }
    Ok(t.to_owned())
}

/// A form's one-time key as posted (a double submit sends the same one): a fresh key when the
/// form sent none, or why it cannot be used.
#[cfg(feature = "ssr")]
pub fn request_key(text: &str) -> Result<String, String> {
    match text.trim() {
        "" => Ok(uuid::Uuid::new_v4().to_string()),
        k if k.chars().count() > 64 || k.chars().any(char::is_control) => {
            Err("The form's key is malformed; reload the page and try again.".into())
        }
        k => Ok(k.to_owned()),
    }
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
/// (refused if they no longer hold it), and the giver's allowance for the gift's month gets it back
/// (`gift_month`; an award's points go back to its site's budget instead, which the caller writes).
pub fn plan_withdrawal(
    giver: i32,
    gift_month: Option<&str>,
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
        if let Some(m) = gift_month {
            rows.push(Entry {
                user: giver,
                account: Account::Allowance,
                month: m.to_owned(),
                kind: EntryKind::Withdrawal,
                amount: points_each,
            });
        }
    }
    Ok(rows)
}

/// The rows that take a hidden recognition's points back. Unlike a withdrawal, hiding always
/// happens: each recipient returns what they still hold of it (never going below zero), and the
/// giver's allowance for the gift's month gets back what was returned (`gift_month`; an award's
/// points go back to its site's budget instead, which the caller writes).
pub fn plan_reversal(
    giver: i32,
    gift_month: Option<&str>,
    points_each: i32,
    recipients: &[(i32, i32)],
) -> Vec<Entry> {
    let mut rows = Vec::new();
    for (user, earned) in recipients {
        let back = points_each.min((*earned).max(0));
        if back <= 0 {
            continue;
        }
        rows.push(Entry {
            user: *user,
            account: Account::Earned,
            month: String::new(),
            kind: EntryKind::Reversal,
            amount: -back,
        });
        if let Some(m) = gift_month {
            rows.push(Entry {
                user: giver,
                account: Account::Allowance,
                month: m.to_owned(),
                kind: EntryKind::Reversal,
                amount: back,
            });
        }
    }
    rows
}

/// The row that spends `cost` earned points on a reward, refused when `earned` does not cover it.
pub fn plan_redemption(user: i32, earned: i32, cost: i32) -> Result<Vec<Entry>, String> {
    if cost > earned {
        return Err(format!(
            "This reward costs {cost} points and you have {earned}; it needs {} more.",
            cost - earned
        ));
    }
    Ok(vec![Entry {
        user,
        account: Account::Earned,
        month: String::new(),
        kind: EntryKind::Redemption,
        amount: -cost,
    }])
}

/// The row that gives a declined redemption's points back.
pub fn plan_refund(user: i32, cost: i32) -> Vec<Entry> {
    vec![Entry {
        user,
        account: Account::Earned,
        month: String::new(),
        kind: EntryKind::Refund,
        amount: cost,
    }]
}

/// Most points a reward may cost, and most of one in stock.
pub const REWARD_MAX_COST: i32 = 1_000_000;
pub const REWARD_MAX_STOCK: i32 = 100_000;

/// A reward as checked: title, description, cost, stock (`None`: no limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardFields {
    pub title: String,
    pub description: String,
    pub cost: i32,
    pub stock: Option<i32>,
}

/// Checks a reward form: a title of 2 to 80 characters, a description up to 500, a cost of 1 to a
/// million points, and a stock that is empty (no limit) or a whole number from 0.
pub fn check_reward(
    title: &str,
    description: &str,
    cost: &str,
    stock: &str,
) -> Result<RewardFields, String> {
    let title = title.trim();
    let n = title.chars().count();
    if n < 2 {
        return Err("Give the reward a title.".into());
    }
    if n > 80 {
        return Err(format!("The title is {n} characters; keep it to 80."));
    }
    let description = description.trim();
    let d = description.chars().count();
    if d > 500 {
        return Err(format!(
            "The description is {d} characters; keep it to 500."
        ));
    }
    if title
        .chars()
        .chain(description.chars())
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("The reward contains a control character; remove it and try again.".into());
    }
    let cost = match cost.trim().parse::<i32>() {
        Ok(c) if (1..=REWARD_MAX_COST).contains(&c) => c,
        Ok(_) => {
            return Err(format!(
                "A reward costs from 1 to {REWARD_MAX_COST} points."
            ));
        }
        Err(_) => return Err("Give the cost as a whole number of points.".into()),
    };
    let stock = match stock.trim() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(s) if (0..=REWARD_MAX_STOCK).contains(&s) => Some(s),
            _ => {
                return Err(format!(
                    "Give the stock as a whole number from 0 to {REWARD_MAX_STOCK}, or leave it empty for no limit."
                ));
            }
        },
    };
    Ok(RewardFields {
        title: title.to_owned(),
        description: description.to_owned(),
        cost,
        stock,
    })
}

/// A reason for hiding a recognition or declining a redemption: 5 to 500 characters.
pub fn check_reason(text: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < 5 {
        return Err(format!("Say why {what}: the person will read it."));
    }
    if n > 500 {
        return Err(format!("The reason is {n} characters; keep it to 500."));
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("The reason contains a control character; remove it and try again.".into());
    }
    Ok(t.to_owned())
}

/// The largest monthly allowance or per-recipient cap an admin may set.
pub const SETTING_MAX: i32 = 100_000;

/// Checks the points settings: four allowances (staff, manager, HR, admin) of 0 to
/// `SETTING_MAX`, and a per-recipient cap of 1 to `SETTING_MAX`. Every problem is listed.
pub fn check_point_settings(
    allowances: [(&str, &str); 4],
    cap: &str,
) -> Result<([i32; 4], i32), String> {
    let mut problems = Vec::new();
    let mut out = [0; 4];
    for (i, (label, text)) in allowances.iter().enumerate() {
        match text.trim().parse::<i32>() {
            Ok(n) if (0..=SETTING_MAX).contains(&n) => out[i] = n,
            _ => problems.push(format!(
                "The allowance for {label} must be a whole number from 0 to {SETTING_MAX}."
            )),
        }
    }
    let cap = match cap.trim().parse::<i32>() {
        Ok(n) if (1..=SETTING_MAX).contains(&n) => n,
        _ => {
            problems.push(format!(
                "The most per person per month must be a whole number from 1 to {SETTING_MAX}."
            ));
            0
        }
    };
    if problems.is_empty() {
        Ok((out, cap))
    } else {
        Err(problems.join(" "))
    }
}

/// The money value of points as typed: how many points make one unit, and the currency's
/// three-letter code.
pub fn check_money(points_per_unit: &str, currency: &str) -> Result<(i32, String), String> {
    let mut problems = Vec::new();
    let per = match points_per_unit.trim().parse::<i32>() {
        Ok(n) if (1..=10_000).contains(&n) => n,
        _ => {
            problems.push(
                "Points per unit of money must be a whole number from 1 to 10000.".to_owned(),
            );
            0
        }
    };
    let code = currency.trim().to_uppercase();
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        problems
            .push("Give the currency as its three-letter code, such as EUR, GBP or USD.".into());
    }
    if problems.is_empty() {
        Ok((per, code))
    } else {
        Err(problems.join(" "))
    }
}

/// What recipients returned in `rows` (the points an award's budget gets back).
pub fn returned(rows: &[Entry]) -> i32 {
    rows.iter()
        .filter(|e| e.account == Account::Earned && e.amount < 0)
        .map(|e| -e.amount)
        .sum()
}

/// The rows that land an award: each recipient earns `points_each`.
pub fn plan_receipts(recipients: &[i32], points_each: i32) -> Vec<Entry> {
    recipients
        .iter()
        .filter(|_| points_each > 0)
        .map(|r| Entry {
            user: *r,
            account: Account::Earned,
            month: String::new(),
            kind: EntryKind::Receipt,
            amount: points_each,
        })
        .collect()
}

/// An award's total against what its site's budget has left: the total, or why it cannot be paid.
pub fn plan_award(
    points_each: i32,
    recipients: usize,
    left: i32,
    budget: &str,
) -> Result<i32, String> {
    let n = i32::try_from(recipients).map_err(|_| "Too many recipients.".to_owned())?;
    let total = points_each
        .checked_mul(n)
        .ok_or_else(|| "That is more points than any budget holds.".to_owned())?;
    if total > left {
        return Err(format!(
            "{budget} has {left} points left; this award needs {total}."
        ));
    }
    Ok(total)
}

/// Whether an award of `total` points waits for HR: above the threshold, unless HR gives it.
pub fn needs_approval(total: i32, threshold: i32, given_by_hr: bool) -> bool {
    !given_by_hr && total > threshold
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
    fn point_settings_are_checked() {
        let ok = check_point_settings(
            [
                ("staff", "100"),
                ("managers", "200"),
                ("HR", "0"),
                ("admins", " 50 "),
            ],
            "40",
        );
        assert_eq!(ok, Ok(([100, 200, 0, 50], 40)));
        let bad = check_point_settings(
            [
                ("staff", "-1"),
                ("managers", "x"),
                ("HR", "0"),
                ("admins", "0"),
            ],
            "0",
        )
        .unwrap_err();
        assert!(bad.contains("staff") && bad.contains("managers") && bad.contains("per person"));
    }

    #[test]
    fn hiding_reverses_what_is_still_held() {
        let rows = plan_reversal(1, Some("m"), 20, &[(2, 5), (3, 45), (4, 0)]);
        assert_eq!(sum(&rows, 2, Account::Earned, ""), -5);
        assert_eq!(sum(&rows, 3, Account::Earned, ""), -20);
        assert_eq!(sum(&rows, 4, Account::Earned, ""), 0);
        assert_eq!(sum(&rows, 1, Account::Allowance, "m"), 25);
    }

    #[test]
    fn awards_are_paid_from_the_budget() {
        assert_eq!(plan_award(25, 2, 50, "Harbour"), Ok(50));
        assert!(
            plan_award(25, 3, 50, "Harbour")
                .unwrap_err()
                .contains("needs 75")
        );
        assert!(needs_approval(150, 100, false));
        assert!(!needs_approval(100, 100, false));
        assert!(!needs_approval(500, 100, true));
        let rows = plan_receipts(&[2, 3], 25);
        assert_eq!(sum(&rows, 3, Account::Earned, ""), 25);
        let back = plan_reversal(1, None, 25, &[(2, 10), (3, 40)]);
        assert_eq!(returned(&back), 35);
        assert_eq!(sum(&back, 1, Account::Allowance, "m"), 0);
    }

    #[test]
    fn redeeming_needs_the_points() {
        assert!(plan_redemption(2, 40, 50).is_err());
        let rows = plan_redemption(2, 50, 50).unwrap();
        assert_eq!(sum(&rows, 2, Account::Earned, ""), -50);
        assert_eq!(sum(&plan_refund(2, 50), 2, Account::Earned, ""), 50);
    }

    #[test]
    fn rewards_are_checked() {
        let ok = check_reward(" Coffee voucher ", "", "50", "").unwrap();
        assert_eq!(
            (ok.title.as_str(), ok.cost, ok.stock),
            ("Coffee voucher", 50, None)
        );
        assert_eq!(
            check_reward("Day off", "x", "500", " 3 ").unwrap().stock,
            Some(3)
        );
        assert!(check_reward("", "", "50", "").is_err());
        assert!(check_reward("Mug", "", "0", "").is_err());
        assert!(check_reward("Mug", "", "fifty", "").is_err());
        assert!(check_reward("Mug", "", "50", "-1").is_err());
        assert!(check_reward("Mug", &"d".repeat(501), "50", "").is_err());
        assert!(check_reason("no", "you hide it").is_err());
        assert!(check_reason("Names a guest in full", "you hide it").is_ok());
    }

    #[test]
    fn spent_points_cannot_be_withdrawn() {
        assert!(plan_withdrawal(1, Some("m"), 20, &[(2, 10)]).is_err());
        let rows = plan_withdrawal(1, Some("m"), 20, &[(2, 20), (3, 45)]).unwrap();
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
        Hide {
            which: usize,
        },
        Redeem {
            user: i32,
            cost: i32,
        },
        Decline {
            which: usize,
        },
        /// A manager's award from a site budget of 300 points.
        Award {
            to: Vec<i32>,
            points: i32,
        },
        /// An award hidden: recipients return what they hold, the budget gets it back.
        HideAward {
            which: usize,
        },
        NextMonth,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0..5i32, proptest::collection::vec(0..5i32, 1..4), 0..60i32)
                .prop_map(|(giver, to, points)| Op::Gift { giver, to, points }),
            2 => (0..50usize).prop_map(|which| Op::Withdraw { which }),
            1 => (0..50usize).prop_map(|which| Op::Hide { which }),
            3 => (0..5i32, 1..80i32).prop_map(|(user, cost)| Op::Redeem { user, cost }),
            1 => (0..50usize).prop_map(|which| Op::Decline { which }),
            2 => (proptest::collection::vec(0..5i32, 1..3), 1..120i32)
                .prop_map(|(to, points)| Op::Award { to, points }),
            1 => (0..50usize).prop_map(|which| Op::HideAward { which }),
            1 => Just(Op::NextMonth),
        ]
    }

    proptest! {
        /// Random gifts, awards, withdrawals, hides, redemptions, refunds and month roll-overs, planned by
        /// these rules and applied to
        /// an in-memory ledger: no account ever goes negative, and each planned gift leaves the
        /// giver's month and each recipient's earnings exactly as the rows say.
        #[test]
        fn the_ledger_never_goes_negative(ops in proptest::collection::vec(op(), 1..80)) {
            let mut ledger: Vec<Entry> = Vec::new();
            let mut m = 0;
            // Each gift made: (giver, month, points each, recipients).
            let mut gifts: Vec<(i32, String, i32, Vec<i32>)> = Vec::new();
            // Each redemption waiting: (user, cost).
            let mut redeemed: Vec<(i32, i32)> = Vec::new();
            // The site's budget and each award paid from it: (points each, recipients).
            const BUDGET: i32 = 300;
            let mut budget_left = BUDGET;
            let mut awards: Vec<(i32, Vec<i32>)> = Vec::new();
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
                        // Refused when a recipient has spent the points; then nothing is written.
                        if let Ok(rows) = plan_withdrawal(giver, Some(&gm), p, &held) {
                            ledger.extend(rows);
                        } else {
                            prop_assert!(held.iter().any(|(_, h)| *h < p));
                            gifts.push((giver, gm, p, rs));
                        }
                    }
                    Op::Hide { which } => {
                        if gifts.is_empty() { continue; }
                        let (giver, gm, p, rs) = gifts.remove(which % gifts.len());
                        let held: Vec<(i32, i32)> = rs.iter().map(|r| (*r, sum(&ledger, *r, Account::Earned, ""))).collect();
                        let before = sum(&ledger, giver, Account::Allowance, &gm);
                        let rows = plan_reversal(giver, Some(&gm), p, &held);
                        let back: i32 = held.iter().map(|(_, h)| p.min(*h)).sum();
                        ledger.extend(rows);
                        prop_assert_eq!(sum(&ledger, giver, Account::Allowance, &gm), before + back);
                    }
                    Op::Redeem { user, cost } => {
                        let earned = sum(&ledger, user, Account::Earned, "");
                        match plan_redemption(user, earned, cost) {
                            Ok(rows) => {
                                ledger.extend(rows);
                                prop_assert_eq!(sum(&ledger, user, Account::Earned, ""), earned - cost);
                                redeemed.push((user, cost));
                            }
                            Err(_) => prop_assert!(cost > earned),
                        }
                    }
                    Op::Decline { which } => {
                        if redeemed.is_empty() { continue; }
                        let (user, cost) = redeemed.remove(which % redeemed.len());
                        ledger.extend(plan_refund(user, cost));
                    }
                    Op::Award { mut to, points } => {
                        to.sort_unstable();
                        to.dedup();
                        match plan_award(points, to.len(), budget_left, "The budget") {
                            Ok(total) => {
                                prop_assert_eq!(total, points * to.len() as i32);
                                budget_left -= total;
                                ledger.extend(plan_receipts(&to, points));
                                awards.push((points, to));
                            }
                            Err(_) => prop_assert!(points * to.len() as i32 > budget_left),
                        }
                    }
                    Op::HideAward { which } => {
                        if awards.is_empty() { continue; }
                        let (p, rs) = awards.remove(which % awards.len());
                        let held: Vec<(i32, i32)> = rs.iter().map(|r| (*r, sum(&ledger, *r, Account::Earned, ""))).collect();
                        let rows = plan_reversal(-1, None, p, &held);
                        prop_assert!(rows.iter().all(|e| e.account == Account::Earned));
                        budget_left += returned(&rows);
                        ledger.extend(rows);
                    }
                }
                prop_assert!((0..=BUDGET).contains(&budget_left), "budget {}", budget_left);
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
