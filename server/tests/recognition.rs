//! Recognition on SQLite and PostgreSQL: the values admins keep, thanks with points from a
//! monthly allowance, the append-only ledger behind every balance, withdrawal, who sees what,
//! and gifts racing for the last points of an allowance.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use std::sync::Arc;

use app::auth::service::CurrentUser;
use app::entities::{point_entry, recognition, recognition_value, user};
use app::error::AppError;
use app::recognition::service::thanks::{ThanksInput, give, visible, withdraw};
use app::recognition::service::{ledger, values};
use app::recognition::types::{Account, ValueForm};
use common::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
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
