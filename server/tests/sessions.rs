//! Every way a session must end: logout, idle timeout, absolute lifetime, an own password change
//! (every other session; this one gets a new id), an admin's reset and a deactivation (all of them,
//! deleted from the store, and not brought back by reactivation).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::state::SessionStore as Store;
use common::*;
use http::StatusCode;
use tower_sessions::SessionStore;
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};

const NEW_PASSWORD: &str = "violet-compass-meadow-88";

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let res = app.call("session", &[], Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    !res.json()["user"].is_null()
}

async fn login_with_new_password(app: &TestApp) -> String {
    let res = app
        .call(
            "login",
            &[("email", STAFF), ("password", NEW_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.session_cookie().expect("cookie")
}

async fn load(app: &TestApp, cookie: &str) -> Option<Record> {
    let id: Id = cookie.parse().expect("session id");
    match &app.state.sessions {
        Store::Sqlite(s) => s.load(&id).await.expect("load"),
        Store::Postgres(s) => s.load(&id).await.expect("load"),
    }
}

async fn save(app: &TestApp, record: &Record) {
    match &app.state.sessions {
        Store::Sqlite(s) => s.save(record).await.expect("save"),
        Store::Postgres(s) => s.save(record).await.expect("save"),
    }
}

async fn recorded_sessions(app: &TestApp, email: &str) -> Vec<String> {
    use app::entities::{user, user_session};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let uid = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(uid))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.session_id)
        .collect()
}

async fn logout_and_timeouts(app: TestApp) {
    // Logout deletes the session: the cookie is worth nothing afterwards.
    let cookie = app.login(STAFF).await;
    assert!(signed_in(&app, &cookie).await);
    let res = app.call("logout", &[], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(!signed_in(&app, &cookie).await);
    assert!(load(&app, &cookie).await.is_none());
    assert!(!recorded_sessions(&app, STAFF).await.contains(&cookie));

    // Idle timeout: a session whose expiry passed is not loaded.
    let cookie = app.login(STAFF).await;
    let mut record = load(&app, &cookie).await.expect("stored");
    record.expiry_date = OffsetDateTime::now_utc() - Duration::minutes(1);
    save(&app, &record).await;
    assert!(!signed_in(&app, &cookie).await);

    // Absolute lifetime: twelve hours after login the session ends however active it is.
    let cookie = app.login(STAFF).await;
    let mut record = load(&app, &cookie).await.expect("stored");
    let thirteen_hours_ago = chrono::Utc::now().timestamp_millis() - 13 * 3600 * 1000;
    record
        .data
        .insert("login_at_ms".into(), serde_json::json!(thirteen_hours_ago));
    save(&app, &record).await;
    assert!(!signed_in(&app, &cookie).await);
    assert!(
        load(&app, &cookie).await.is_none(),
        "an ended session is deleted"
    );
    app.cleanup().await;
}
both_backends!(
    logout_idle_timeout_and_absolute_lifetime_end_a_session,
    logout_and_timeouts
);

async fn own_password_change(app: TestApp) {
    let phone = app.login(STAFF).await;
    let laptop = app.login(STAFF).await;
    let here = app.login(STAFF).await;
    let colleague = app.login(MANAGER).await;
    let res = app
        .call(
            "change_password",
            &[
                ("current", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The session that changed it stays signed in, under a new id.
    let renewed = res.session_cookie().expect("a new session id");
    assert_ne!(renewed, here);
    assert!(signed_in(&app, &renewed).await);
    assert!(!signed_in(&app, &here).await, "the old id is dead");
    // Every other session of hers ended and is gone from the store.
    for other in [&phone, &laptop] {
        assert!(load(&app, other).await.is_none());
        assert!(!signed_in(&app, other).await);
    }
    assert_eq!(recorded_sessions(&app, STAFF).await, vec![renewed.clone()]);
    // Other people's sessions are untouched.
    assert!(signed_in(&app, &colleague).await);
    app.cleanup().await;
}
both_backends!(
    an_own_password_change_ends_every_other_session,
    own_password_change
);

async fn reset_and_deactivation(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let pid = app.pid_of(STAFF).await;

    // An admin's reset ends every session of the person.
    let first = app.login(STAFF).await;
    let second = app.login(STAFF).await;
    let stolen = load(&app, &first).await.expect("stored");
    let res = app
        .call(
            "set_person_password",
            &[("pid", &pid), ("password", NEW_PASSWORD)],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for c in [&first, &second] {
        assert!(load(&app, c).await.is_none(), "deleted from the store");
        assert!(!signed_in(&app, c).await);
    }
    assert!(recorded_sessions(&app, STAFF).await.is_empty());
    // A deleted session written back (a request in flight during the reset) still does not count.
    save(&app, &stolen).await;
    assert!(!signed_in(&app, &first).await);
    assert!(
        signed_in(&app, &admin).await,
        "the admin's own session is untouched"
    );

    // Deactivation ends every session, even ones not used while she was deactivated.
    let idle = login_with_new_password(&app).await;
    for active in ["false", "true"] {
        let res = app
            .call(
                "set_person_active",
                &[("pid", &pid), ("active", active)],
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    assert!(load(&app, &idle).await.is_none(), "deleted from the store");
    assert!(
        !signed_in(&app, &idle).await,
        "reactivation does not bring it back"
    );
    // She can sign in afresh.
    let fresh = login_with_new_password(&app).await;
    assert!(signed_in(&app, &fresh).await);
    app.cleanup().await;
}
both_backends!(
    a_reset_or_a_deactivation_ends_every_session,
    reset_and_deactivation
);

async fn secure_cookie(app: TestApp) {
    let secure = app.with_settings(true).await;
    let res = secure
        .call("login", &[("email", STAFF), ("password", PASSWORD)], None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let set_cookie = res
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        set_cookie.starts_with("__Host-rapport_session="),
        "{set_cookie}"
    );
    assert!(
        set_cookie.contains("Secure") && set_cookie.contains("Path=/"),
        "{set_cookie}"
    );
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    app.cleanup().await;
}
both_backends!(over_https_the_cookie_has_the_host_prefix, secure_cookie);
