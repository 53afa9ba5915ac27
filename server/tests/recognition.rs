//! Recognition on SQLite and PostgreSQL: the values admins keep, thanks with points from a
//! monthly allowance, the append-only ledger behind every balance, withdrawal, who sees what,
//! gifts racing for the last points of an allowance, rewards and their redemptions, hiding with a
//! reason, the points settings and each person's counts by value.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use std::sync::Arc;

use app::auth::service::CurrentUser;
use app::entities::{point_entry, recognition, recognition_value, redemption, reward_item, user};
use app::error::AppError;
use app::recognition::service::thanks::{self, ThanksInput, give, visible, withdraw};
use app::recognition::service::{awards, ledger, rewards, values};
use app::recognition::types::{
    Account, AwardInput, PointSettingsForm, RecognitionStatus, RedemptionStatus, RewardForm,
    ValueForm,
};
use common::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

async fn value_pid(app: &TestApp, name: &str) -> String {
    recognition_value::Entity::find()
        .filter(recognition_value::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .expect("value")
        .pid
}

fn thanks(to: &[&str], value: &str, message: &str, points: &str) -> ThanksInput {
    ThanksInput {
        recipients: to.iter().map(|s| (*s).to_owned()).collect(),
        value: value.to_owned(),
        message: message.to_owned(),
        points: points.to_owned(),
        visibility: "public".into(),
        request_key: uuid::Uuid::new_v4().to_string(),
        department: String::new(),
        feedback: String::new(),
    }
}

async fn entries(app: &TestApp) -> u64 {
    point_entry::Entity::find().count(&app.db).await.unwrap()
}

async fn recognitions(app: &TestApp) -> u64 {
    recognition::Entity::find().count(&app.db).await.unwrap()
}

fn invalid(r: Result<impl std::fmt::Debug, AppError>, contains: &str) {
    match r {
        Err(AppError::Invalid(m)) | Err(AppError::Conflict(m)) => {
            assert!(m.contains(contains), "{m:?} should mention {contains:?}")
        }
        other => panic!("expected a refusal mentioning {contains:?}, got {other:?}"),
    }
}

async fn values_are_kept_by_admins(app: TestApp) {
    let listed = values::list(&app.db, false).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Lower the shields",
            "One touch",
            "Own the fix",
            "Moments of magic",
            "Everyone is in customer service"
        ]
    );
    let form = |n: &str, m: &str| ValueForm {
        name: n.into(),
        meaning: m.into(),
    };
    values::create(
        &app.db,
        form("Warm welcome", "Greet every guest as a guest."),
    )
    .await
    .unwrap();
    invalid(
        values::create(&app.db, form("one touch", "again")).await,
        "already a value",
    );
    invalid(
        values::create(&app.db, form("", "")).await,
        "Give the value a name",
    );
    invalid(
        values::create(&app.db, form(&"n".repeat(61), "x")).await,
        "keep it to 60",
    );
    let pid = value_pid(&app, "Warm welcome").await;
    values::shift(&app.db, &pid, true).await.unwrap();
    let listed = values::list(&app.db, false).await.unwrap();
    assert_eq!(listed[4].name, "Warm welcome");
    assert_eq!(
        listed.iter().map(|v| v.position).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    values::update(
        &app.db,
        &pid,
        form("Warm welcomes", "Greet every guest as a guest."),
    )
    .await
    .unwrap();
    values::set_archived(&app.db, &pid, true).await.unwrap();
    assert_eq!(values::list(&app.db, false).await.unwrap().len(), 5);
    assert_eq!(values::list(&app.db, true).await.unwrap().len(), 6);
    // An archived value cannot be chosen for new recognition.
    let me = acting(&app, MANAGER).await;
    let staff = app.pid_of(STAFF).await;
    invalid(
        give(
            &app.db,
            &me,
            thanks(&[&staff], &pid, "Thank you for the welcome", ""),
        )
        .await,
        "current values",
    );
    app.cleanup().await;
}
both_backends!(values_are_kept_by_admins, values_are_kept_by_admins);

async fn thanks_move_points_through_the_ledger(app: TestApp) {
    let giver = acting(&app, MANAGER).await;
    let staff = app.pid_of(STAFF).await;
    let other = app.pid_of(OTHER_STAFF).await;
    let value = value_pid(&app, "Own the fix").await;
    let msg = "You stayed with the double-charge until the bank confirmed it.";

    // Bad input: a specific message, and nothing written.
    let (n0, e0) = (recognitions(&app).await, entries(&app).await);
    invalid(
        give(&app.db, &giver, thanks(&[], &value, msg, "10")).await,
        "who you are recognising",
    );
    invalid(
        give(&app.db, &giver, thanks(&[&staff], "", msg, "10")).await,
        "value",
    );
    invalid(
        give(&app.db, &giver, thanks(&[&staff], &value, "thanks", "10")).await,
        "at least 10",
    );
    invalid(
        give(
            &app.db,
            &giver,
            thanks(&[&staff], &value, &"x".repeat(1001), "10"),
        )
        .await,
        "keep it to 1000",
    );
    invalid(
        give(&app.db, &giver, thanks(&[&giver.pid], &value, msg, "10")).await,
        "yourself",
    );
    invalid(
        give(
            &app.db,
            &giver,
            thanks(&["no-such-person"], &value, msg, "10"),
        )
        .await,
        "does not exist",
    );
    invalid(
        give(&app.db, &giver, thanks(&[&staff], &value, msg, "-3")).await,
        "negative",
    );
    invalid(
        give(&app.db, &giver, thanks(&[&staff], &value, msg, "101")).await,
        "one person",
    );
    let mut wrong = thanks(&[&staff], &value, msg, "");
    wrong.visibility = "everyone".into();
    invalid(give(&app.db, &giver, wrong).await, "who may see it");
    assert_eq!((recognitions(&app).await, entries(&app).await), (n0, e0));

    // A gift: the month's allowance is granted, then spent; the recipient earns it.
    let b = ledger::balance(&app.db, giver.id, giver.role)
        .await
        .unwrap();
    assert_eq!((b.allowance, b.allowance_left), (100, 100));
    let first = thanks(&[&staff], &value, msg, "30");
    let g = give(&app.db, &giver, first.clone()).await.unwrap();
    assert!(
        g.created && g.message.contains("30 points"),
        "{}",
        g.message
    );
    // The same form posted again is the same recognition.
    let again = give(&app.db, &giver, first).await.unwrap();
    assert_eq!((again.pid.as_str(), again.created), (g.pid.as_str(), false));
    assert_eq!(
        ledger::balance(&app.db, giver.id, giver.role)
            .await
            .unwrap()
            .allowance_left,
        70
    );
    let staff_id = acting(&app, STAFF).await.id;
    assert_eq!(
        ledger::sum(&app.db, staff_id, Account::Earned, "")
            .await
            .unwrap(),
        30
    );

    // The per-recipient cap (50 a month) and the allowance.
    invalid(
        give(&app.db, &giver, thanks(&[&staff], &value, msg, "25")).await,
        "already given this person 30",
    );
    invalid(
        give(
            &app.db,
            &giver,
            thanks(&[&staff, &other], &value, msg, "40"),
        )
        .await,
        "70 left",
    );
    give(&app.db, &giver, thanks(&[&other], &value, msg, "0"))
        .await
        .unwrap();

    // A deactivated recipient is refused.
    let mut u = user::Entity::find_by_id(acting(&app, OTHER_STAFF).await.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    u.active = Set(false);
    u.update(&app.db).await.unwrap();
    invalid(
        give(&app.db, &giver, thanks(&[&other], &value, msg, "5")).await,
        "no longer has an active account",
    );

    // Withdrawal: only the giver, within a day, once; points go back.
    let staff_user = acting(&app, STAFF).await;
    assert!(matches!(
        withdraw(&app.db, &staff_user, &g.pid).await,
        Err(AppError::Forbidden)
    ));
    withdraw(&app.db, &giver, &g.pid).await.unwrap();
    invalid(withdraw(&app.db, &giver, &g.pid).await, "already withdrawn");
    assert_eq!(
        ledger::balance(&app.db, giver.id, giver.role)
            .await
            .unwrap()
            .allowance_left,
        100
    );
    assert_eq!(
        ledger::sum(&app.db, staff_id, Account::Earned, "")
            .await
            .unwrap(),
        0
    );
    let old = give(&app.db, &giver, thanks(&[&staff], &value, msg, "10"))
        .await
        .unwrap();
    let mut r = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(old.pid.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    r.created_at = Set(chrono::Utc::now() - chrono::Duration::hours(25));
    r.update(&app.db).await.unwrap();
    invalid(withdraw(&app.db, &giver, &old.pid).await, "within 24 hours");

    // Every balance equals its ledger sum, and none is negative.
    for row in point_entry::Entity::find().all(&app.db).await.unwrap() {
        let s = ledger::sum(&app.db, row.user_id, row.account, &row.month)
            .await
            .unwrap();
        assert!(s >= 0, "{row:?} leaves {s}");
    }
    app.cleanup().await;
}
both_backends!(
    thanks_move_points_through_the_ledger,
    thanks_move_points_through_the_ledger
);

async fn private_recognition_is_seen_only_by_those_involved(app: TestApp) {
    let giver = acting(&app, OTHER_STAFF).await;
    let staff = app.pid_of(STAFF).await;
    let value = value_pid(&app, "One touch").await;
    let mut t = thanks(
        &[&staff],
        &value,
        "You sorted the room change in one call.",
        "",
    );
    t.visibility = "private".into();
    let g = give(&app.db, &giver, t).await.unwrap();
    give(
        &app.db,
        &giver,
        thanks(
            &[&staff],
            &value,
            "And the late checkout, all in one go.",
            "",
        ),
    )
    .await
    .unwrap();
    let sees = |who: CurrentUser| {
        let db = app.db.clone();
        let pid = g.pid.clone();
        async move {
            visible(&db, &who, 20, None)
                .await
                .unwrap()
                .iter()
                .any(|s| s.pid == pid)
        }
    };
    // The giver, the recipient, the recipient's manager and HR see it.
    assert!(sees(giver.clone()).await);
    assert!(sees(acting(&app, STAFF).await).await);
    assert!(sees(acting(&app, MANAGER).await).await);
    assert!(sees(acting(&app, HR).await).await);
    // A colleague does not; the public one they do.
    let colleague = user::Entity::find()
        .filter(user::Column::Role.eq(app::auth::types::Role::Staff))
        .filter(user::Column::Email.is_not_in([STAFF, OTHER_STAFF]))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let colleague: CurrentUser = colleague.into();
    let seen = visible(&app.db, &colleague, 20, None).await.unwrap();
    assert!(!seen.iter().any(|s| s.pid == g.pid));
    assert_eq!(seen.len(), 1);
    app.cleanup().await;
}
both_backends!(
    private_recognition_is_seen_only_by_those_involved,
    private_recognition_is_seen_only_by_those_involved
);

async fn twenty_gifts_race_for_one_allowance(app: TestApp) {
    let giver = acting(&app, MANAGER).await;
    let value = value_pid(&app, "Moments of magic").await;
    let people: Vec<String> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(giver.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .take(20)
        .map(|u| u.pid)
        .collect();
    assert_eq!(people.len(), 20);
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for p in people {
        let (app, giver, value) = (app.clone(), giver.clone(), value.clone());
        tasks.push(tokio::spawn(async move {
            give(
                &app.db,
                &giver,
                thanks(&[&p], &value, "Thank you for the evening rush.", "10"),
            )
            .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::Invalid(m)) => assert!(m.contains("left to give"), "{m}"),
            Err(e) => panic!("a racing gift failed with {e:?}"),
        }
    }
    // 100 points cover exactly ten gifts of 10.
    assert_eq!(ok, 10);
    let b = ledger::balance(&app.db, giver.id, giver.role)
        .await
        .unwrap();
    assert_eq!(b.allowance_left, 0);
    assert_eq!(recognitions(&app).await, 10);
    Arc::into_inner(app)
        .expect("every task is done")
        .cleanup()
        .await;
}
both_backends!(
    twenty_gifts_race_for_one_allowance,
    twenty_gifts_race_for_one_allowance
);

/// The sum of every ledger row of one person's earned account, straight from the table.
async fn ledger_earned(app: &TestApp, user_id: i32) -> i32 {
    point_entry::Entity::find()
        .filter(point_entry::Column::UserId.eq(user_id))
        .filter(point_entry::Column::Account.eq(Account::Earned))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|e| e.amount)
        .sum()
}

async fn reward_pid(app: &TestApp, title: &str) -> String {
    reward_item::Entity::find()
        .filter(reward_item::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .expect("reward")
        .pid
}

fn reward(title: &str, cost: &str, stock: &str) -> RewardForm {
    RewardForm {
        title: title.into(),
        description: "Collected from HR.".into(),
        cost: cost.into(),
        stock: stock.into(),
    }
}

async fn rewards_are_redeemed_fulfilled_and_declined(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "Own the fix").await;

    // The catalogue: bad input changes nothing.
    let before = rewards::catalogue(&app.db, true).await.unwrap().len();
    invalid(
        rewards::create(&app.db, reward("", "40", "")).await,
        "title",
    );
    invalid(
        rewards::create(&app.db, reward("Mug", "0", "")).await,
        "from 1",
    );
    invalid(
        rewards::create(&app.db, reward("Mug", "40", "-2")).await,
        "stock",
    );
    invalid(
        rewards::create(&app.db, reward("coffee FOR two", "40", "")).await,
        "already a reward",
    );
    assert_eq!(
        rewards::catalogue(&app.db, true).await.unwrap().len(),
        before
    );
    rewards::create(&app.db, reward("Team mug", "40", "1"))
        .await
        .unwrap();
    rewards::create(&app.db, reward("Hoodie", "60", ""))
        .await
        .unwrap();
    let mug = reward_pid(&app, "Team mug").await;
    let hoodie = reward_pid(&app, "Hoodie").await;

    // Staff earn 50 points.
    let g = give(
        &app.db,
        &manager,
        thanks(
            &[&staff.pid],
            &value,
            "You chased the refund to the end.",
            "50",
        ),
    )
    .await
    .unwrap();
    assert_eq!(ledger_earned(&app, staff.id).await, 50);

    // Not enough points: refused, nothing moves.
    let (n0, e0) = (
        redemption::Entity::find().count(&app.db).await.unwrap(),
        entries(&app).await,
    );
    invalid(
        rewards::redeem(&app.db, &staff, &hoodie, "k-hoodie").await,
        "10 more",
    );
    invalid(
        rewards::redeem(&app.db, &staff, "", "k-none").await,
        "Choose a reward",
    );
    assert_eq!(
        (
            redemption::Entity::find().count(&app.db).await.unwrap(),
            entries(&app).await
        ),
        (n0, e0)
    );

    // Redeemed: points leave at once, the stock goes down, a double submit is one redemption.
    let r = rewards::redeem(&app.db, &staff, &mug, "k-mug")
        .await
        .unwrap();
    assert!(
        r.created && r.message.contains("40 points"),
        "{}",
        r.message
    );
    let again = rewards::redeem(&app.db, &staff, &mug, "k-mug")
        .await
        .unwrap();
    assert_eq!((again.pid.as_str(), again.created), (r.pid.as_str(), false));
    let b = ledger::balance(&app.db, staff.id, staff.role)
        .await
        .unwrap();
    assert_eq!(b.earned, 10);
    assert_eq!(b.earned, ledger_earned(&app, staff.id).await);
    invalid(
        rewards::redeem(&app.db, &staff, &mug, "k-mug-2").await,
        "out of stock",
    );
    // Spent points cannot be withdrawn with the recognition.
    invalid(
        withdraw(&app.db, &manager, &g.pid).await,
        "already been spent",
    );

    // HR declines without a reason: refused. With one: the points and the stock come back.
    invalid(
        rewards::decide(&app.db, &hr, &r.pid, false, "").await,
        "Say why",
    );
    let m = rewards::decide(
        &app.db,
        &hr,
        &r.pid,
        false,
        "The mugs are sold out for the year.",
    )
    .await
    .unwrap();
    assert!(m.contains("40 points refunded"), "{m}");
    assert_eq!(ledger_earned(&app, staff.id).await, 50);
    // A stale decision is refused and moves nothing.
    let e1 = entries(&app).await;
    invalid(
        rewards::decide(&app.db, &hr, &r.pid, true, "").await,
        "already declined",
    );
    invalid(
        rewards::decide(&app.db, &hr, &r.pid, false, "Again, twice over").await,
        "already declined",
    );
    assert_eq!(entries(&app).await, e1);

    // Redeem again and fulfil.
    let r2 = rewards::redeem(&app.db, &staff, &mug, "k-mug-3")
        .await
        .unwrap();
    assert!(
        rewards::decide(&app.db, &hr, &r2.pid, true, "")
            .await
            .unwrap()
            .contains("fulfilled")
    );
    let stored = redemption::Entity::find()
        .filter(redemption::Column::Pid.eq(r2.pid.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, RedemptionStatus::Fulfilled);
    assert_eq!(stored.decided_by, Some(hr.id));

    // The history tells the story, newest first, and matches the ledger.
    let tz = app::org::settings::time_zone("Europe/London").unwrap();
    let (history, older) = rewards::history(&app.db, tz, staff.id, None).await.unwrap();
    assert_eq!(older, None);
    let what: Vec<&str> = history.iter().map(|h| h.what.as_str()).collect();
    assert!(what[0].starts_with("Redeemed: Team mug"), "{what:?}");
    assert!(what[1].starts_with("Refunded: Team mug"), "{what:?}");
    assert!(
        what.iter()
            .any(|w| w.contains("From Ben Silva: Own the fix")),
        "{what:?}"
    );
    assert_eq!(
        history.iter().map(|h| h.amount).sum::<i32>(),
        ledger_earned(&app, staff.id).await
    );

    // A reward off the catalogue cannot be redeemed.
    rewards::set_active(&app.db, &hoodie, false).await.unwrap();
    invalid(
        rewards::redeem(&app.db, &staff, &hoodie, "k-h2").await,
        "no longer",
    );
    app.cleanup().await;
}
both_backends!(
    rewards_are_redeemed_fulfilled_and_declined,
    rewards_are_redeemed_fulfilled_and_declined
);

async fn hiding_reverses_what_is_still_held(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "Moments of magic").await;
    rewards::create(&app.db, reward("Badge", "20", ""))
        .await
        .unwrap();
    let badge = reward_pid(&app, "Badge").await;
    let g = give(
        &app.db,
        &manager,
        thanks(
            &[&staff.pid],
            &value,
            "The birthday cake for room 12 was magic.",
            "30",
        ),
    )
    .await
    .unwrap();
    rewards::redeem(&app.db, &staff, &badge, "").await.unwrap();
    assert_eq!(ledger_earned(&app, staff.id).await, 10);

    let e0 = entries(&app).await;
    invalid(thanks::hide(&app.db, &hr, &g.pid, "no").await, "Say why");
    assert_eq!(entries(&app).await, e0);
    let m = thanks::hide(
        &app.db,
        &hr,
        &g.pid,
        "Names a guest's room and health details.",
    )
    .await
    .unwrap();
    assert!(m.contains("10 of its 30 points"), "{m}");
    // Nobody goes negative; the giver gets back what was reversed.
    assert_eq!(ledger_earned(&app, staff.id).await, 0);
    let b = ledger::balance(&app.db, manager.id, manager.role)
        .await
        .unwrap();
    assert_eq!(b.allowance_left, 80);
    // Recorded who and why; gone from every feed, even HR's.
    let stored = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(g.pid.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.hidden_by, Some(hr.id));
    assert!(stored.hidden_reason.unwrap().contains("health"));
    for who in [&hr, &staff, &manager] {
        assert!(
            !visible(&app.db, who, 20, None)
                .await
                .unwrap()
                .iter()
                .any(|s| s.pid == g.pid)
        );
    }
    assert!(
        thanks::latest_received(&app.db, staff.id)
            .await
            .unwrap()
            .is_none()
    );
    // Neither hidden twice nor withdrawn afterwards.
    invalid(
        thanks::hide(&app.db, &hr, &g.pid, "Second time around").await,
        "already hidden",
    );
    invalid(withdraw(&app.db, &manager, &g.pid).await, "hidden");
    app.cleanup().await;
}
both_backends!(
    hiding_reverses_what_is_still_held,
    hiding_reverses_what_is_still_held
);

async fn redemptions_race_for_the_same_points(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let value = value_pid(&app, "One touch").await;
    give(
        &app.db,
        &manager,
        thanks(
            &[&staff.pid],
            &value,
            "Every call solved on the first try.",
            "50",
        ),
    )
    .await
    .unwrap();
    rewards::create(&app.db, reward("Sticker", "15", ""))
        .await
        .unwrap();
    let sticker = reward_pid(&app, "Sticker").await;
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (app, staff, sticker) = (app.clone(), staff.clone(), sticker.clone());
        tasks.push(tokio::spawn(async move {
            rewards::redeem(&app.db, &staff, &sticker, "").await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::Invalid(m)) => assert!(m.contains("more"), "{m}"),
            Err(e) => panic!("a racing redemption failed with {e:?}"),
        }
    }
    // 50 points cover exactly three stickers of 15.
    assert_eq!(ok, 3);
    assert_eq!(ledger_earned(&app, staff.id).await, 5);
    Arc::into_inner(app)
        .expect("every task is done")
        .cleanup()
        .await;
}
both_backends!(
    redemptions_race_for_the_same_points,
    redemptions_race_for_the_same_points
);

async fn point_settings_and_counts_by_value(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let form = |staff: &str, cap: &str| PointSettingsForm {
        staff: staff.into(),
        manager: "200".into(),
        hr: "100".into(),
        admin: "0".into(),
        cap: cap.into(),
        points_per_unit: "20".into(),
        currency: "gbp".into(),
    };
    let before = ledger::settings(&app.db).await.unwrap();
    assert_eq!(
        before.money.format(25),
        "EUR 2.50",
        "10 points = 1 EUR by default"
    );
    invalid(
        ledger::save_settings(&app.db, &form("lots", "0")).await,
        "per person",
    );
    // Every problem at once, the money's too; nothing saved.
    let mut bad = form("lots", "150");
    bad.points_per_unit = "0".into();
    bad.currency = "pounds".into();
    invalid(
        ledger::save_settings(&app.db, &bad).await,
        "three-letter code",
    );
    invalid(
        ledger::save_settings(&app.db, &bad).await,
        "allowance for staff",
    );
    invalid(
        ledger::save_settings(&app.db, &bad).await,
        "Points per unit",
    );
    assert_eq!(ledger::settings(&app.db).await.unwrap(), before);
    ledger::save_settings(&app.db, &form("40", "150"))
        .await
        .unwrap();
    let after = ledger::settings(&app.db).await.unwrap();
    assert_eq!(after.cap, 150);
    assert_eq!(after.money.format(25), "GBP 1.25");
    assert_eq!(
        ledger::balance(&app.db, staff.id, staff.role)
            .await
            .unwrap()
            .allowance,
        40
    );
    // The manager's new allowance and cap apply: 150 to one person is now allowed.
    let value = value_pid(&app, "Own the fix").await;
    give(
        &app.db,
        &manager,
        thanks(
            &[&staff.pid],
            &value,
            "The whole tour group rebooked by noon.",
            "150",
        ),
    )
    .await
    .unwrap();
    let other = value_pid(&app, "One touch").await;
    give(
        &app.db,
        &staff,
        thanks(
            &[&manager.pid],
            &other,
            "Thanks for backing me with the group.",
            "",
        ),
    )
    .await
    .unwrap();
    let counts = thanks::by_value(&app.db, staff.id, true).await.unwrap();
    let row = |v: &str| {
        counts
            .iter()
            .find(|c| c.value == v)
            .map(|c| (c.received, c.given))
    };
    assert_eq!(row("Own the fix"), Some((1, 0)));
    assert_eq!(row("One touch"), Some((0, 1)));
    assert_eq!(counts.len(), 2);
    app.cleanup().await;
}
both_backends!(
    point_settings_and_counts_by_value,
    point_settings_and_counts_by_value
);

fn award(to: &[&str], value: &str, level: i32) -> AwardInput {
    AwardInput {
        recognition: thanks(
            to,
            value,
            "You turned a complaint into a regular guest.",
            "",
        ),
        level: level.to_string(),
    }
}

async fn level_id(app: &TestApp, name: &str) -> i32 {
    awards::levels(&app.db, true)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.name == name)
        .expect("level")
        .id
}

async fn awards_are_paid_from_budgets_and_approved_by_hr(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let other = acting(&app, OTHER_STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "Own the fix").await;
    let site = staff.site_id.expect("staff have a site");
    let (quarter, _) = awards::quarter_of(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    let left = |app: &TestApp| {
        let db = app.db.clone();
        let q = quarter.clone();
        async move { awards::left(&db, site, &q).await.unwrap() }
    };
    let great = level_id(&app, "Great job").await;
    let impressive = level_id(&app, "Impressive").await;
    let exceptional = level_id(&app, "Exceptional").await;

    // No budget: refused, nothing written.
    awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "0")
        .await
        .unwrap();
    let (n0, e0) = (recognitions(&app).await, entries(&app).await);
    invalid(
        awards::give(&app.db, &manager, award(&[&staff.pid], &value, great)).await,
        "0 points left",
    );
    invalid(
        awards::give(&app.db, &manager, award(&[&staff.pid], &value, 0)).await,
        "current award levels",
    );
    invalid(
        awards::give(
            &app.db,
            &manager,
            AwardInput {
                level: "".into(),
                ..award(&[&staff.pid], &value, great)
            },
        )
        .await,
        "level",
    );
    assert_eq!((recognitions(&app).await, entries(&app).await), (n0, e0));

    // HR sets the budget; bad amounts and quarters change nothing.
    invalid(
        awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "-5").await,
        "whole number",
    );
    invalid(
        awards::set_budget(&app.db, &hr, &site.to_string(), "2026-13", "500").await,
        "quarter",
    );
    assert_eq!(left(&app).await, 0);
    awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "500")
        .await
        .unwrap();
    assert_eq!(left(&app).await, 500);

    // A manager awards only their own people.
    invalid(
        awards::give(&app.db, &manager, award(&[&other.pid], &value, great)).await,
        "not one of your people",
    );

    // Below the threshold it lands at once.
    let g = awards::give(&app.db, &manager, award(&[&staff.pid], &value, great))
        .await
        .unwrap();
    assert!(g.message.contains("25 points each"), "{}", g.message);
    assert_eq!(ledger_earned(&app, staff.id).await, 25);
    assert_eq!(left(&app).await, 475);
    let feed = visible(&app.db, &staff, 20, None).await.unwrap();
    assert_eq!(feed[0].level.as_deref(), Some("Great job"));

    // Above it, it waits: points set aside, not landed, not in any feed.
    awards::set_threshold(&app.db, "30").await.unwrap();
    invalid(awards::set_threshold(&app.db, "lots").await, "whole number");
    let w = awards::give(&app.db, &manager, award(&[&staff.pid], &value, impressive))
        .await
        .unwrap();
    assert!(w.message.contains("waits for HR"), "{}", w.message);
    assert_eq!(ledger_earned(&app, staff.id).await, 25);
    assert_eq!(left(&app).await, 425);
    assert!(
        !visible(&app.db, &hr, 20, None)
            .await
            .unwrap()
            .iter()
            .any(|s| s.pid == w.pid)
    );
    let tz = app::org::settings::time_zone("Europe/London").unwrap();
    let waiting = awards::list(&app.db, tz, None).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].total, waiting[0].level.as_str()),
        (50, "Impressive")
    );
    let b = awards::budgets(&app.db, Some(&[site]), &quarter)
        .await
        .unwrap();
    assert_eq!(
        (b[0].allocated, b[0].spent, b[0].waiting, b[0].left),
        (500, 25, 50, 425)
    );

    // Declined: a reason is required; the points go back; the giver reads why.
    invalid(
        awards::decide(&app.db, &hr, &w.pid, false, "").await,
        "Say why",
    );
    awards::decide(
        &app.db,
        &hr,
        &w.pid,
        false,
        "Two awards in one week for one task is too many.",
    )
    .await
    .unwrap();
    assert_eq!(left(&app).await, 475);
    let mine = awards::list(&app.db, tz, Some(manager.id)).await.unwrap();
    assert_eq!(mine[0].status, RecognitionStatus::Declined);
    assert!(mine[0].note.as_deref().unwrap().contains("too many"));
    let e1 = entries(&app).await;
    invalid(
        awards::decide(&app.db, &hr, &w.pid, true, "").await,
        "already decided",
    );
    assert_eq!(entries(&app).await, e1);

    // Approved: the points land and it appears in the feed.
    let x = awards::give(&app.db, &manager, award(&[&staff.pid], &value, exceptional))
        .await
        .unwrap();
    assert_eq!(left(&app).await, 375);
    awards::decide(&app.db, &hr, &x.pid, true, "")
        .await
        .unwrap();
    assert_eq!(ledger_earned(&app, staff.id).await, 125);
    assert!(
        visible(&app.db, &staff, 20, None)
            .await
            .unwrap()
            .iter()
            .any(|s| s.pid == x.pid)
    );

    // The budget cannot go below what is used; the giver may withdraw, and the budget gets it back.
    invalid(
        awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "100").await,
        "cannot be lower",
    );
    withdraw(&app.db, &manager, &x.pid).await.unwrap();
    assert_eq!(ledger_earned(&app, staff.id).await, 25);
    assert_eq!(left(&app).await, 475);

    // HR's own awards land whatever their size; an archived level is refused.
    let h = awards::give(&app.db, &hr, award(&[&other.pid], &value, exceptional))
        .await
        .unwrap();
    assert!(h.message.contains("posted"), "{}", h.message);
    awards::set_level_archived(&app.db, &great.to_string(), true)
        .await
        .unwrap();
    invalid(
        awards::give(&app.db, &manager, award(&[&staff.pid], &value, great)).await,
        "current award levels",
    );
    invalid(awards::save_level(&app.db, "", "", "0").await, "name");
    invalid(
        awards::save_level(&app.db, "", "impressive", "5").await,
        "already a level",
    );
    awards::save_level(&app.db, "", "Legendary", "250")
        .await
        .unwrap();
    assert!(
        awards::levels(&app.db, false)
            .await
            .unwrap()
            .iter()
            .any(|l| l.name == "Legendary")
    );
    app.cleanup().await;
}
both_backends!(
    awards_are_paid_from_budgets_and_approved_by_hr,
    awards_are_paid_from_budgets_and_approved_by_hr
);

async fn awards_race_for_the_last_of_a_budget(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let hr = acting(&app, HR).await;
    let staff = acting(&app, STAFF).await;
    let value = value_pid(&app, "One touch").await;
    let site = staff.site_id.expect("a site");
    let (quarter, _) = awards::quarter_of(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "50")
        .await
        .unwrap();
    let great = level_id(&app, "Great job").await;
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (app, manager, value, to) = (
            app.clone(),
            manager.clone(),
            value.clone(),
            staff.pid.clone(),
        );
        tasks.push(tokio::spawn(async move {
            awards::give(&app.db, &manager, award(&[&to], &value, great)).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::Invalid(m)) => assert!(m.contains("points left"), "{m}"),
            Err(e) => panic!("a racing award failed with {e:?}"),
        }
    }
    // 50 points pay for exactly two awards of 25.
    assert_eq!(ok, 2);
    assert_eq!(awards::left(&app.db, site, &quarter).await.unwrap(), 0);
    assert_eq!(ledger_earned(&app, staff.id).await, 50);
    Arc::into_inner(app)
        .expect("every task is done")
        .cleanup()
        .await;
}
both_backends!(
    awards_race_for_the_last_of_a_budget,
    awards_race_for_the_last_of_a_budget
);

async fn monthly_unit_figures_count_standing_recognition(app: TestApp) {
    use app::reporting::figures::Measure;
    use app::reporting::period::Month;
    use app::reporting::unit::Unit;
    let manager = acting(&app, MANAGER).await;
    let other = acting(&app, OTHER_STAFF).await;
    let staff = acting(&app, STAFF).await;
    let value = value_pid(&app, "Own the fix").await;
    let msg = "You stayed until the last guest had a room.";
    give(&app.db, &manager, thanks(&[&staff.pid], &value, msg, "20"))
        .await
        .unwrap();
    give(&app.db, &other, thanks(&[&staff.pid], &value, msg, ""))
        .await
        .unwrap();
    let gone = give(&app.db, &manager, thanks(&[&staff.pid], &value, msg, "5"))
        .await
        .unwrap();
    withdraw(&app.db, &manager, &gone.pid).await.unwrap();

    let key = ledger::month_of(&app.db, chrono::Utc::now()).await.unwrap();
    let (y, m) = key.split_once('-').unwrap();
    let month = Month::new(y.parse().unwrap(), m.parse().unwrap()).unwrap();
    let figures = app::recognition::service::figures::monthly(&app.db, month, month)
        .await
        .unwrap();
    let get = |unit: Unit, measure: Measure| {
        figures
            .iter()
            .find(|f| f.unit == unit && f.measure == measure && f.month == month)
            .map(|f| (f.value * f64::from(f.n), f.n))
            .unwrap()
    };
    // Counts come back as value × n: two standing recognitions, one person recognised, 20 points.
    let total = |(v, _): (f64, u32)| v.round() as i64;
    let site = Unit::Site(staff.site_id.unwrap());
    assert_eq!(total(get(site, Measure::RecognitionReceived)), 2);
    assert_eq!(total(get(site, Measure::PeopleRecognised)), 100);
    assert_eq!(total(get(site, Measure::RecognitionPoints)), 20);
    assert_eq!(total(get(Unit::Company, Measure::RecognitionReceived)), 2);
    assert_eq!(total(get(Unit::Company, Measure::RecognitionGiven)), 2);
    let own_the_fix = recognition_value::Entity::find()
        .filter(recognition_value::Column::Pid.eq(value.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        total(get(Unit::Company, Measure::RecognitionValue(own_the_fix))),
        2
    );
    // n is everyone at the unit, recognised or not.
    let placed = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::SiteId.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(
        u64::from(get(Unit::Company, Measure::RecognitionReceived).1),
        placed
    );

    // The download: HR and admins; staff are refused.
    let url = format!("/reports/recognition-figures.csv?period={key}");
    let staff_cookie = app.login(STAFF).await;
    assert_eq!(
        app.get(&url, Some(&staff_cookie)).await.status,
        http::StatusCode::FORBIDDEN
    );
    let hr = app.login(HR).await;
    let res = app.get(&url, Some(&hr)).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    assert!(
        res.body
            .starts_with("month,measure,level,unit,value,n,hidden\n")
    );
    assert!(
        res.body
            .contains(",recognition.received,company,All sites,"),
        "{}",
        &res.body[..res.body.len().min(1500)]
    );
    app.cleanup().await;
}
both_backends!(
    monthly_unit_figures_count_standing_recognition,
    monthly_unit_figures_count_standing_recognition
);

async fn the_demo_year_of_recognition_keeps_every_balance(app: TestApp) {
    use std::collections::{BTreeMap, BTreeSet};
    server::demo_recognition::seed(&app.db).await.unwrap();
    let all = recognition::Entity::find().all(&app.db).await.unwrap();
    assert!(all.len() > 300, "a year of recognition: {}", all.len());
    assert!(
        all.iter()
            .any(|r| r.kind == app::recognition::types::RecognitionKind::Award)
    );
    // Every account and budget is its ledger's sum and none is negative.
    let mut sums: BTreeMap<(i32, String, String), i64> = BTreeMap::new();
    for e in point_entry::Entity::find().all(&app.db).await.unwrap() {
        let key = (e.user_id, format!("{:?}", e.account), e.month.clone());
        *sums.entry(key).or_default() += i64::from(e.amount);
    }
    assert!(sums.values().all(|v| *v >= 0), "a negative balance");
    let mut budgets: BTreeMap<(i32, String), i64> = BTreeMap::new();
    for b in app::entities::budget_entry::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
    {
        *budgets.entry((b.site_id, b.period)).or_default() += i64::from(b.amount);
    }
    assert!(budgets.values().all(|v| *v >= 0), "an overspent budget");
    for u in user::Entity::find().all(&app.db).await.unwrap() {
        let b = ledger::balance(&app.db, u.id, u.role).await.unwrap();
        assert!(b.earned >= 0 && b.allowance_left >= 0);
    }
    // Variety: someone recognised nobody, someone was never recognised, and the accounts the
    // browser journeys use start with nothing.
    let received: BTreeSet<i32> = app::entities::recognition_recipient::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let placed = user::Entity::find()
        .filter(user::Column::SiteId.is_not_null())
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        placed
            .iter()
            .any(|u| !received.contains(&u.id) && u.email != STAFF)
    );
    let staff = acting(&app, STAFF).await;
    assert_eq!(ledger_earned(&app, staff.id).await, 0);
    assert!(!received.contains(&staff.id));
    // This month is untouched: the figures of the months before carry it all.
    let this_month = ledger::month_of(&app.db, chrono::Utc::now()).await.unwrap();
    assert!(
        point_entry::Entity::find()
            .filter(point_entry::Column::Month.eq(this_month))
            .count(&app.db)
            .await
            .unwrap()
            == 0
    );
    app.cleanup().await;
}
both_backends!(
    the_demo_year_of_recognition_keeps_every_balance,
    the_demo_year_of_recognition_keeps_every_balance
);

async fn the_equity_report_points_to_who_to_look_at(app: TestApp) {
    use app::recognition::service::equity::{self, EquityTable};
    use app::reporting::scope::ReportScope;
    use chrono::{Duration, Utc};
    use sea_orm::sea_query::Expr;
    // Everyone joined long ago, so nobody is new.
    user::Entity::update_many()
        .col_expr(
            user::Column::CreatedAt,
            Expr::value(Utc::now() - Duration::days(400)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let other = acting(&app, OTHER_STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "One touch").await;
    let msg = "You sorted the whole booking in one call.";
    // Ben thanks Carla today; HR thanked Carla Berg 70 days ago (backdated), and gave one more
    // that was withdrawn (it does not count).
    give(&app.db, &manager, thanks(&[&staff.pid], &value, msg, "10"))
        .await
        .unwrap();
    let old = give(&app.db, &hr, thanks(&[&other.pid], &value, msg, ""))
        .await
        .unwrap();
    let mut row = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(old.pid.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.created_at = Set(Utc::now() - Duration::days(70));
    row.update(&app.db).await.unwrap();
    let gone = give(&app.db, &hr, thanks(&[&other.pid], &value, msg, ""))
        .await
        .unwrap();
    withdraw(&app.db, &hr, &gone.pid).await.unwrap();

    let all = ReportScope::default();
    let r = equity::report(&app.db, hr.actor(), &all, Utc::now())
        .await
        .unwrap();
    assert!(r.whole_organisation);
    let e = &r.equity;
    let find = |name: &str| e.rows.iter().find(|p| p.name == name).cloned();
    let carla = find(&staff.name).expect("Carla is listed");
    assert_eq!((carla.received_30, carla.received_90), (1, 1));
    assert!(!carla.overlooked);
    let berg = find(&other.name).expect("Carla Berg is listed");
    assert_eq!(
        (berg.received_30, berg.received_90, berg.days_since),
        (0, 1, Some(70))
    );
    assert!(berg.overlooked, "70 days without recognition");
    assert!(e.rows[0].overlooked, "the overlooked come first");
    assert_eq!(find(&manager.name).map(|p| p.given_30), Some(1));
    assert_eq!(e.received_90, 2);
    assert!(
        e.top_share.is_some_and(|s| s > 99.0),
        "two people hold it all"
    );
    // Ben recognised one of his direct reports: he is not among the quiet managers; others are.
    assert!(!e.quiet.iter().any(|m| m.name == manager.name));
    assert!(!e.quiet.is_empty());
    assert!(e.by_site.iter().map(|g| g.people).sum::<u32>() == e.people);

    // Ben sees only his own people, never himself or another site's staff.
    let mine = equity::report(&app.db, manager.actor(), &all, Utc::now())
        .await
        .unwrap();
    assert!(!mine.whole_organisation);
    let scope = app::org::scope::scope(&app.db, manager.id).await.unwrap();
    assert_eq!(mine.equity.people as usize, mine.equity.rows.len());
    assert!(
        mine.equity
            .rows
            .iter()
            .all(|p| p.name != manager.name && p.name != other.name)
    );
    assert!(mine.equity.rows.len() <= scope.people.len());
    assert!(mine.equity.rows.iter().any(|p| p.name == staff.name));
    // A unit outside his people: nothing, and no choice of it is offered.
    let other_site = ReportScope {
        site: other.site_id,
        ..Default::default()
    };
    assert!(!mine.equity.rows.is_empty());
    assert!(
        !mine
            .sites
            .iter()
            .any(|s| Some(s.id.as_str()) == other.site_id.map(|i| i.to_string()).as_deref())
    );
    let elsewhere = equity::report(&app.db, manager.actor(), &other_site, Utc::now())
        .await
        .unwrap();
    assert!(elsewhere.equity.rows.is_empty());
    // Staff are refused, and unknown units named.
    assert!(matches!(
        equity::report(&app.db, staff.actor(), &all, Utc::now()).await,
        Err(AppError::Forbidden)
    ));
    let missing = ReportScope {
        site: Some(999_999),
        ..Default::default()
    };
    assert!(matches!(
        equity::report(&app.db, hr.actor(), &missing, Utc::now()).await,
        Err(AppError::NotFound(_))
    ));
    let bad = app::recognition::types::UnitQuery {
        region: "north".into(),
        ..Default::default()
    };
    invalid(bad.parse(), "Choose a region");

    // Every table downloads, under the same reach.
    let hr_cookie = app.login(HR).await;
    for t in EquityTable::ALL {
        let res = app
            .get(
                &format!("/reports/recognition-equity-{}.csv", t.key()),
                Some(&hr_cookie),
            )
            .await;
        assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    }
    let people = app
        .get("/reports/recognition-equity-people.csv", Some(&hr_cookie))
        .await
        .body;
    assert!(people.starts_with("person,name,role,site,department,manager,received_30_days"));
    assert!(people.contains(&other.name));
    let ben_cookie = app.login(MANAGER).await;
    let his = app
        .get("/reports/recognition-equity-people.csv", Some(&ben_cookie))
        .await;
    assert_eq!(his.status, http::StatusCode::OK);
    assert!(his.body.contains(&staff.name) && !his.body.contains(&other.name));
    let staff_cookie = app.login(STAFF).await;
    assert_eq!(
        app.get(
            "/reports/recognition-equity-people.csv",
            Some(&staff_cookie)
        )
        .await
        .status,
        http::StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(
            "/reports/recognition-equity-people.csv?region=north",
            Some(&hr_cookie)
        )
        .await
        .status,
        http::StatusCode::UNPROCESSABLE_ENTITY
    );

    // The monthly trend for the page: twelve months, this one carrying Carla's recognition.
    let t = app::recognition::service::figures::trend(&app.db, &all, 12)
        .await
        .unwrap();
    assert_eq!((t.rows.len(), t.months.len()), (12, 12));
    assert_eq!(t.unit, "All sites");
    assert_eq!(t.parts_label, "Regions");
    assert_eq!(t.rows[11].recognitions.map(|v| v.round() as i64), Some(1));
    assert!(
        t.values
            .iter()
            .any(|(name, v)| name == "One touch" && v.is_some_and(|v| v >= 1.0))
    );
    let site = ReportScope {
        site: staff.site_id,
        ..Default::default()
    };
    let t = app::recognition::service::figures::trend(&app.db, &site, 12)
        .await
        .unwrap();
    assert_eq!(t.parts_label, "Departments");
    app.cleanup().await;
}
both_backends!(
    the_equity_report_points_to_who_to_look_at,
    the_equity_report_points_to_who_to_look_at
);

async fn applause_comments_and_feed_filters(app: TestApp) {
    use app::entities::{recognition_applause, recognition_comment};
    use app::recognition::service::reactions::{
        applaud, comment, delete_comment, for_feed, hide_comment,
    };
    use app::recognition::service::thanks::{FeedFilter, filtered};
    use app::recognition::types::CommentInput;
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let other = acting(&app, OTHER_STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "Moments of magic").await;
    let msg = "You found the guest's lost ring in the laundry.";
    let public = give(&app.db, &manager, thanks(&[&staff.pid], &value, msg, ""))
        .await
        .unwrap();
    let mut private_input = thanks(&[&staff.pid], &value, msg, "");
    private_input.visibility = "private".into();
    let private = give(&app.db, &manager, private_input).await.unwrap();
    let public_id = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(public.pid.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let applause = || async {
        recognition_applause::Entity::find()
            .count(&app.db)
            .await
            .unwrap()
    };

    // One applause per person, however often it is posted; taken back on request.
    applaud(&app.db, &other, &public.pid, true).await.unwrap();
    applaud(&app.db, &other, &public.pid, true).await.unwrap();
    applaud(&app.db, &hr, &public.pid, true).await.unwrap();
    assert_eq!(applause().await, 2);
    invalid(
        applaud(&app.db, &staff, &public.pid, true).await,
        "you gave or received",
    );
    invalid(
        applaud(&app.db, &manager, &public.pid, true).await,
        "you gave or received",
    );
    // Private recognition is not there for those who may not see it.
    assert!(matches!(
        applaud(&app.db, &other, &private.pid, true).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        applaud(&app.db, &other, "no-such-recognition", true).await,
        Err(AppError::NotFound(_))
    ));
    applaud(&app.db, &hr, &public.pid, false).await.unwrap();
    assert_eq!(applause().await, 1);

    // Comments: checked, kept once per form, deleted by their author, hidden by HR with a reason.
    let said = |body: &str, key: &str| CommentInput {
        recognition: public.pid.clone(),
        body: body.into(),
        request_key: key.into(),
    };
    comment(&app.db, &other, said("Well done, Carla!", "k1"))
        .await
        .unwrap();
    comment(&app.db, &other, said("Well done, Carla!", "k1"))
        .await
        .unwrap();
    comment(&app.db, &staff, said("Thank you all.", "k2"))
        .await
        .unwrap();
    let count = || async {
        recognition_comment::Entity::find()
            .count(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 2);
    invalid(
        comment(&app.db, &other, said("   ", "k3")).await,
        "Write something",
    );
    invalid(
        comment(&app.db, &other, said(&"x".repeat(301), "k4")).await,
        "keep it to 300",
    );
    invalid(
        comment(&app.db, &hr, said("Also me", "k1")).await,
        "already used",
    );
    assert!(matches!(
        comment(
            &app.db,
            &other,
            CommentInput {
                recognition: private.pid.clone(),
                body: "Peeking".into(),
                request_key: "k5".into()
            }
        )
        .await,
        Err(AppError::NotFound(_))
    ));
    assert_eq!(count().await, 2);
    let tz = app::org::settings::tz(&app::org::settings::load(&app.db).await.unwrap()).unwrap();
    let seen = for_feed(&app.db, &staff, &[public_id], tz, false)
        .await
        .unwrap();
    let r = seen.get(&public_id).cloned().unwrap();
    assert_eq!((r.applause, r.applauded), (1, false));
    assert_eq!(r.comments.len(), 2);
    assert_eq!(r.comments[0].author, other.name);
    assert!(!r.comments[0].can_delete && r.comments[1].can_delete);
    let theirs = r.comments[0].pid.clone();
    let mine = r.comments[1].pid.clone();
    assert!(matches!(
        delete_comment(&app.db, &staff, &theirs).await,
        Err(AppError::Forbidden)
    ));
    invalid(hide_comment(&app.db, &hr, &theirs, "no").await, "Say why");
    hide_comment(
        &app.db,
        &hr,
        &theirs,
        "Names a guest; please keep guests anonymous.",
    )
    .await
    .unwrap();
    delete_comment(&app.db, &staff, &mine).await.unwrap();
    assert!(matches!(
        delete_comment(&app.db, &staff, &mine).await,
        Err(AppError::NotFound(_))
    ));
    let seen = for_feed(&app.db, &other, &[public_id], tz, false)
        .await
        .unwrap();
    let r = seen.get(&public_id).cloned().unwrap();
    assert!(r.comments.is_empty());
    assert!(r.applauded);
    let hidden = recognition_comment::Entity::find()
        .filter(recognition_comment::Column::Pid.eq(theirs))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hidden.hidden_by, Some(hr.id));
    assert!(hidden.hidden_reason.unwrap().contains("anonymous"));

    // The feed narrowed by value and by the recipients' unit.
    let other_value = value_pid(&app, "One touch").await;
    give(
        &app.db,
        &staff,
        thanks(&[&other.pid], &other_value, "You answered in one call.", ""),
    )
    .await
    .unwrap();
    let magic = recognition_value::Entity::find()
        .filter(recognition_value::Column::Pid.eq(value.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let by_value = filtered(
        &app.db,
        &hr,
        20,
        None,
        &FeedFilter {
            value: Some(magic),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(by_value.len(), 2);
    assert!(by_value.iter().all(|s| s.value == "Moments of magic"));
    let at_other_site = filtered(
        &app.db,
        &hr,
        20,
        None,
        &FeedFilter {
            recipients: Some(vec![other.id]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(at_other_site.len(), 1);
    assert_eq!(at_other_site[0].recipients, vec![other.name.clone()]);
    let nobody = filtered(
        &app.db,
        &hr,
        20,
        None,
        &FeedFilter {
            recipients: Some(vec![]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(nobody.is_empty());

    // Through the server function: a site filter, and bad filters named.
    let cookie = app.login(OTHER_STAFF).await;
    let site = other.site_id.unwrap().to_string();
    let res = app
        .call("recognition", &[("filter[site]", &site)], Some(&cookie))
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("You answered in one call."));
    assert!(!res.body.contains("lost ring"), "Carla is at another site");
    let res = app
        .call("recognition", &[("filter[site]", "harbour")], Some(&cookie))
        .await;
    assert_eq!(res.status, http::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Choose a site"), "{}", res.body);
    let res = app
        .call("recognition", &[("filter[value]", "nope")], Some(&cookie))
        .await;
    assert_eq!(res.status, http::StatusCode::NOT_FOUND);
    let res = app
        .call(
            "applaud_recognition",
            &[("recognition", &public.pid), ("applaud", "maybe")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, http::StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}
both_backends!(
    applause_comments_and_feed_filters,
    applause_comments_and_feed_filters
);

async fn a_whole_department_is_thanked_as_its_members_now(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let value = value_pid(&app, "Everyone is in customer service").await;
    let dept = staff.department_id.expect("Carla has a department");
    let members: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::DepartmentId.eq(dept))
        .filter(user::Column::Active.eq(true))
        .all(&app.db)
        .await
        .unwrap();
    let others: Vec<i32> = members
        .iter()
        .map(|u| u.id)
        .filter(|id| *id != manager.id)
        .collect();
    let mut input = thanks(
        &[],
        &value,
        "The whole team carried the conference week.",
        "1",
    );
    input.department = dept.to_string();
    let before = entries(&app).await;
    let given = give(&app.db, &manager, input.clone()).await.unwrap();
    let r = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(given.pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut to: Vec<i32> = app::entities::recognition_recipient::Entity::find()
        .filter(app::entities::recognition_recipient::Column::RecognitionId.eq(r.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|rr| rr.user_id)
        .collect();
    to.sort_unstable();
    let mut expected = others.clone();
    expected.sort_unstable();
    assert_eq!(
        to, expected,
        "everyone in the department now, but the giver"
    );
    assert!(
        entries(&app).await > before,
        "a point each moved through the ledger"
    );
    // A member thanking their own department leaves themselves out; a named colleague and the
    // department together count each person once.
    let mut own = thanks(&[&staff.pid], &value, "Thank you, team, for the cover.", "");
    own.department = dept.to_string();
    let mine = acting(
        &app,
        &members
            .iter()
            .find(|u| u.id != staff.id && u.id != manager.id)
            .unwrap()
            .email,
    )
    .await;
    give(&app.db, &mine, own).await.unwrap();
    let n = app::entities::recognition_recipient::Entity::find()
        .filter(app::entities::recognition_recipient::Column::UserId.eq(mine.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1, "only the manager's recognition names them");
    // Bad departments are named and change nothing.
    let count = recognitions(&app).await;
    for (dept, problem) in [
        ("kitchen", "Choose a department"),
        ("0", "Choose a department"),
        ("999999", "does not exist"),
    ] {
        let mut bad = thanks(&[], &value, "The whole team carried the week.", "");
        bad.department = dept.into();
        invalid(give(&app.db, &manager, bad).await, problem);
    }
    invalid(
        give(
            &app.db,
            &manager,
            thanks(&[], &value, "Nobody at all was chosen here.", ""),
        )
        .await,
        "Choose who",
    );
    assert_eq!(recognitions(&app).await, count);
    app.cleanup().await;
}
both_backends!(
    a_whole_department_is_thanked_as_its_members_now,
    a_whole_department_is_thanked_as_its_members_now
);

async fn programme_pid(app: &TestApp, name: &str) -> String {
    app::entities::award_programme::Entity::find()
        .filter(app::entities::award_programme::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .expect("programme")
        .pid
}

fn not_found<T: std::fmt::Debug>(r: Result<T, AppError>) {
    assert!(
        matches!(r, Err(AppError::NotFound(_))),
        "expected not found, got {r:?}"
    );
}

/// The yearly awards from set-up to the hall of fame, each rule on the way, with the calendar
/// given explicitly so every phase is reached.
async fn yearly_awards_from_nomination_to_the_hall_of_fame(app: TestApp) {
    use app::entities::{award_category, award_nomination, award_programme, award_winner};
    use app::recognition::programme::{CategoryForm, NominationInput, Phase, ProgrammeForm};
    use app::recognition::service::programmes as p;
    use app::reporting::period::Day;
    use chrono::Datelike;

    let hr = acting(&app, HR).await;
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let other = acting(&app, OTHER_STAFF).await;
    let y = chrono::Utc::now().year();
    let day = |m: u32, d: u32| Day::new(y, m, d).unwrap();
    let tz = app::org::settings::tz(&app::org::settings::load(&app.db).await.unwrap()).unwrap();
    let form = |name: &str, who: &str, limit: &str| ProgrammeForm {
        name: name.into(),
        year: y.to_string(),
        opens_on: format!("{y}-03-01"),
        closes_on: format!("{y}-03-31"),
        nominators: who.into(),
        per_nominator: limit.into(),
    };
    // Bad settings are named and change nothing.
    let bad = ProgrammeForm {
        closes_on: format!("{y}-02-01"),
        per_nominator: "99".into(),
        ..form("Service Stars", "everyone", "2")
    };
    invalid(p::create(&app.db, &hr, bad).await, "close on or after");
    assert_eq!(
        award_programme::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    let name = format!("Service Stars {y}");
    p::create(&app.db, &hr, form(&name, "everyone", "2"))
        .await
        .unwrap();
    invalid(
        p::create(&app.db, &hr, form(&name.to_uppercase(), "everyone", "2")).await,
        "already a programme",
    );
    let pid = programme_pid(&app, &name).await;
    let cat = |n: &str, subject: &str, winners: &str| CategoryForm {
        name: n.into(),
        description: "For the guests who left happier than they came.".into(),
        subject: subject.into(),
        winners: winners.into(),
    };
    p::add_category(&app.db, &pid, cat("Guest hero", "person", "1"))
        .await
        .unwrap();
    p::add_category(&app.db, &pid, cat("Site of the year", "site", "1"))
        .await
        .unwrap();
    p::add_category(&app.db, &pid, cat("Spare", "department", "1"))
        .await
        .unwrap();
    invalid(
        p::add_category(&app.db, &pid, cat("guest hero", "person", "1")).await,
        "already has a category",
    );
    invalid(
        p::add_category(&app.db, &pid, cat("Team", "team", "0")).await,
        "person, a site or a department",
    );
    let categories = award_category::Entity::find()
        .order_by_asc(award_category::Column::Position)
        .all(&app.db)
        .await
        .unwrap();
    let (hero, site_cat, spare) = (
        categories[0].pid.clone(),
        categories[1].pid.clone(),
        categories[2].pid.clone(),
    );
    p::remove_category(&app.db, &spare).await.unwrap();

    // Before the window: nobody may nominate, and the page says when they may.
    let before = p::view(&app.db, &staff, &pid, day(2, 20), tz)
        .await
        .unwrap();
    assert_eq!(before.phase, Phase::Upcoming);
    assert!(before.cannot_nominate.unwrap().contains("open on"));
    assert!(before.categories.iter().all(|c| c.choices.is_empty()));
    let nomination = |category: &str, nominee: &str, reason: &str| NominationInput {
        category: category.into(),
        nominee: nominee.into(),
        reason: reason.into(),
        request_key: uuid::Uuid::new_v4().to_string(),
    };
    let reason = "She found the lost passport and drove it to the airport in time.";
    invalid(
        p::nominate(
            &app.db,
            &staff,
            nomination(&hero, &other.pid, reason),
            day(2, 20),
        )
        .await,
        "open on",
    );

    // During the window: a nomination, its double post, and each refusal.
    let open = day(3, 10);
    let view = p::view(&app.db, &staff, &pid, open, tz).await.unwrap();
    assert_eq!(view.phase, Phase::Open);
    assert!(view.cannot_nominate.is_none());
    let hero_view = &view.categories[0];
    assert!(hero_view.choices.iter().any(|n| n.key == other.pid));
    assert!(
        !hero_view.choices.iter().any(|n| n.key == staff.pid),
        "nobody is offered themselves"
    );
    assert!(
        hero_view.shortlist.is_empty(),
        "staff do not see the shortlist"
    );
    let first = nomination(&hero, &other.pid, reason);
    let msg = p::nominate(&app.db, &staff, first.clone(), open)
        .await
        .unwrap();
    assert!(msg.contains("You nominated"), "{msg}");
    let again = p::nominate(&app.db, &staff, first, open).await.unwrap();
    assert!(again.contains("not sent twice"), "{again}");
    assert_eq!(
        award_nomination::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
    invalid(
        p::nominate(&app.db, &staff, nomination(&hero, &other.pid, reason), open).await,
        "already nominated",
    );
    invalid(
        p::nominate(&app.db, &staff, nomination(&hero, &staff.pid, reason), open).await,
        "cannot nominate yourself",
    );
    invalid(
        p::nominate(
            &app.db,
            &staff,
            nomination(&hero, &manager.pid, "Nice."),
            open,
        )
        .await,
        "at least 20",
    );
    invalid(
        p::nominate(&app.db, &staff, nomination(&hero, "nobody", reason), open).await,
        "Choose a person",
    );
    invalid(
        p::nominate(
            &app.db,
            &staff,
            nomination(&site_cat, "999999", reason),
            open,
        )
        .await,
        "Choose a site",
    );
    not_found(
        p::nominate(
            &app.db,
            &staff,
            nomination("no-such-category", &other.pid, reason),
            open,
        )
        .await,
    );
    // The limit per nominator and category (two here).
    p::nominate(
        &app.db,
        &staff,
        nomination(&hero, &manager.pid, reason),
        open,
    )
    .await
    .unwrap();
    invalid(
        p::nominate(&app.db, &staff, nomination(&hero, &hr.pid, reason), open).await,
        "the most this programme allows",
    );
    assert_eq!(
        p::view(&app.db, &staff, &pid, open, tz)
            .await
            .unwrap()
            .categories[0]
            .left,
        0
    );
    // Managers, HR and admins only: staff are told whom to ask.
    p::update(&app.db, &pid, form(&name, "leaders", "2"))
        .await
        .unwrap();
    invalid(
        p::nominate(
            &app.db,
            &staff,
            nomination(&site_cat, &staff.site_id.unwrap().to_string(), reason),
            open,
        )
        .await,
        "managers, HR and admins nominate",
    );
    let site = manager.site_id.unwrap().to_string();
    p::nominate(
        &app.db,
        &manager,
        nomination(&site_cat, &site, reason),
        open,
    )
    .await
    .unwrap();
    p::nominate(
        &app.db,
        &manager,
        nomination(&hero, &other.pid, reason),
        open,
    )
    .await
    .unwrap();
    // Winners wait for the window to close.
    invalid(
        p::choose(&app.db, &hr, &hero, &other.pid, true, open).await,
        "choose the winners after they close",
    );

    // After the window: HR weighs the evidence and picks.
    let value = value_pid(&app, "Own the fix").await;
    give(
        &app.db,
        &manager,
        thanks(
            &[&other.pid],
            &value,
            "You chased the lost suitcase for two days.",
            "",
        ),
    )
    .await
    .unwrap();
    let closed = day(4, 2);
    let hr_view = p::view(&app.db, &hr, &pid, closed, tz).await.unwrap();
    assert_eq!(hr_view.phase, Phase::Choosing);
    let short = &hr_view.categories[0].shortlist;
    assert_eq!(short[0].key, other.pid, "most nominated first");
    assert_eq!(short[0].nominations.len(), 2);
    assert_eq!(short[0].recognition, 1);
    assert_eq!(short[0].by_value[0].value, "Own the fix");
    let site_short = &hr_view.categories[1].shortlist;
    assert!(
        site_short[0].people.unwrap() > 0,
        "a site counts its people"
    );
    invalid(
        p::nominate(
            &app.db,
            &manager,
            nomination(&hero, &hr.pid, reason),
            closed,
        )
        .await,
        "Nominations closed",
    );
    invalid(
        p::choose(&app.db, &hr, &hero, &hr.pid, true, closed).await,
        "was not nominated",
    );
    p::choose(&app.db, &hr, &hero, &other.pid, true, closed)
        .await
        .unwrap();
    invalid(
        p::choose(&app.db, &hr, &hero, &manager.pid, true, closed).await,
        "already has its 1 winner",
    );
    let winner = award_winner::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    not_found(p::certificate(&app.db, &winner.pid, tz).await);
    invalid(
        p::announce(&app.db, &hr, &pid, closed).await,
        "“Site of the year”",
    );
    p::choose(&app.db, &hr, &site_cat, &site, true, closed)
        .await
        .unwrap();
    let msg = p::announce(&app.db, &hr, &pid, closed).await.unwrap();
    assert!(msg.contains("announced"), "{msg}");

    // Announced: final, in the feed for a while, and in the hall of fame for good.
    invalid(
        p::update(&app.db, &pid, form(&name, "everyone", "2")).await,
        "can no longer change",
    );
    invalid(
        p::choose(&app.db, &hr, &hero, &other.pid, false, closed).await,
        "can no longer change",
    );
    invalid(
        p::add_category(&app.db, &pid, cat("Late", "person", "1")).await,
        "can no longer change",
    );
    let staff_view = p::view(&app.db, &staff, &pid, closed, tz).await.unwrap();
    assert_eq!(staff_view.phase, Phase::Announced);
    assert_eq!(staff_view.categories[0].chosen[0].label, other.name);
    let now = chrono::Utc::now();
    let news = p::announcements(&app.db, tz, now).await.unwrap();
    assert_eq!(news.len(), 1);
    assert!(
        news[0]
            .winners
            .iter()
            .any(|(c, w)| c == "Guest hero" && w.label == other.name)
    );
    assert!(
        p::announcements(&app.db, tz, now + chrono::Duration::days(31))
            .await
            .unwrap()
            .is_empty()
    );
    let hall = p::hall_of_fame(&app.db, None, tz).await.unwrap();
    assert_eq!(hall.year, Some(y));
    assert_eq!(
        hall.programmes[0].categories[0].winners[0].label,
        other.name
    );
    not_found(p::hall_of_fame(&app.db, Some(1999), tz).await);
    let cert = p::certificate(&app.db, &winner.pid, tz).await.unwrap();
    assert_eq!(
        (cert.label.as_str(), cert.category.as_str()),
        (other.name.as_str(), "Guest hero")
    );

    // The pages, through the router, as a staff member.
    let cookie = app.login(STAFF).await;
    for (path, needle) in [
        ("/recognition/hall-of-fame".to_owned(), other.name.clone()),
        (
            format!("/recognition/hall-of-fame/{}", winner.pid),
            "Certificate of achievement".to_owned(),
        ),
        (
            format!("/recognition/programmes/{pid}"),
            "Winners announced".to_owned(),
        ),
        ("/recognition/programmes".to_owned(), name.clone()),
        (
            "/recognition".to_owned(),
            format!("The winners of {name} are announced"),
        ),
    ] {
        let res = app.get(&path, Some(&cookie)).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains(&needle), "{path} lacks {needle}");
    }
}
both_backends!(
    yearly_awards_from_nomination_to_the_hall_of_fame,
    yearly_awards_from_nomination_to_the_hall_of_fame
);

/// HR's budget report reads award budgets and peer thanks in money, on the page and as CSV.
async fn the_budget_report_reads_points_as_money(app: TestApp) {
    let manager = acting(&app, MANAGER).await;
    let staff = acting(&app, STAFF).await;
    let hr = acting(&app, HR).await;
    let value = value_pid(&app, "Own the fix").await;
    let site = staff.site_id.expect("staff have a site");
    let (quarter, _) = awards::quarter_of(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    awards::set_budget(&app.db, &hr, &site.to_string(), &quarter, "500")
        .await
        .unwrap();
    let great = level_id(&app, "Great job").await;
    awards::give(&app.db, &manager, award(&[&staff.pid], &value, great))
        .await
        .unwrap();
    give(
        &app.db,
        &staff,
        thanks(
            &[&manager.pid],
            &value,
            "You took the angry call off me.",
            "15",
        ),
    )
    .await
    .unwrap();
    assert_eq!(awards::peer_points(&app.db, &quarter).await.unwrap(), 15);
    let csv = awards::budget_table(&app.db, Some(&quarter))
        .await
        .unwrap()
        .to_csv()
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].contains("Budget (EUR)"), "{}", lines[0]);
    let site_name = app::entities::site::Entity::find_by_id(site)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .name;
    let row = lines
        .iter()
        .find(|l| l.contains(&site_name))
        .expect("the site's row");
    assert!(
        row.ends_with(",500,25,0,475,50.00,2.50,0.00,47.50"),
        "{row}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",All sites,") && l.contains(",25,0,")),
        "{csv}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .contains("Peer thanks from allowances,,15,,,,1.50"),
        "{csv}"
    );
    invalid(awards::budget_table(&app.db, Some("Q4")).await, "2026-Q4");
    // Through the router: HR downloads it, a manager may not.
    let hr_cookie = app.login(HR).await;
    let res = app
        .get(
            &format!("/reports/recognition-budget.csv?quarter={quarter}"),
            Some(&hr_cookie),
        )
        .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Peer thanks from allowances"));
    let manager_cookie = app.login(MANAGER).await;
    let res = app
        .get("/reports/recognition-budget.csv", Some(&manager_cookie))
        .await;
    assert_eq!(res.status, 403);
    let page = app.get("/admin/awards", Some(&hr_cookie)).await;
    assert!(page.body.contains("Recognition cost this quarter"));
    assert!(
        page.body.contains("EUR 50.00"),
        "the site's budget in money"
    );
}
both_backends!(
    the_budget_report_reads_points_as_money,
    the_budget_report_reads_points_as_money
);
