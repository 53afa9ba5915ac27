//! Sessions, login throttling across instances, deactivation and password rules, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use http::StatusCode;

async fn session_renewal(app: TestApp) {
    let first = app.login(STAFF).await;
    let who = app.call("session", &[], Some(&first)).await;
    assert_eq!(who.json()["user"]["email"], STAFF);
    // Logging in again from the same browser gets a new id; the old one is dead.
    let res = app
        .call(
            "login",
            &[("email", STAFF), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let second = res.session_cookie().expect("new cookie");
    assert_ne!(first, second);
    assert!(app.call("session", &[], Some(&first)).await.json()["user"].is_null());
    assert_eq!(
        app.call("session", &[], Some(&second)).await.json()["user"]["email"],
        STAFF
    );
    // Logout ends the session on the server, not just in the browser.
    app.call("logout", &[], Some(&second)).await;
    assert!(app.call("session", &[], Some(&second)).await.json()["user"].is_null());
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(";");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    app.cleanup().await;
}
both_backends!(
    login_renews_the_session_id_and_logout_ends_it,
    session_renewal
);

async fn sessions_work_across_instances(app: TestApp) {
    let other = app.another_instance().await;
    let cookie = app.login(MANAGER).await;
    let res = other.call("session", &[], Some(&cookie)).await;
    assert_eq!(res.json()["user"]["email"], MANAGER, "{}", res.body);
    app.cleanup().await;
}
both_backends!(
    a_session_made_on_one_instance_works_on_another,
    sessions_work_across_instances
);

async fn throttling(app: TestApp) {
    let other = app.another_instance().await;
    let wrong = [("email", STAFF), ("password", "wrong-password")];
    for i in 0..5 {
        let target = if i % 2 == 0 { &app } else { &other };
        let res = target.call("login", &wrong, None).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {i}: {}",
            res.body
        );
        assert!(res.body.contains("do not match"));
    }
    // The sixth attempt, even with the right password and on either instance, waits.
    for target in [&app, &other] {
        let res = target
            .call("login", &[("email", STAFF), ("password", PASSWORD)], None)
            .await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        assert!(res.body.contains("Please wait 30 seconds"), "{}", res.body);
        // The header says the same wait as the message (it said 5 before).
        assert_eq!(
            res.headers.get("retry-after").and_then(|v| v.to_str().ok()),
            Some("30")
        );
    }
    // Other accounts are not locked by it.
    app.login(MANAGER).await;
    // An unknown email is throttled the same way, so locks reveal nothing.
    for _ in 0..5 {
        app.call(
            "login",
            &[("email", "ghost@harbourgroup.example"), ("password", "x")],
            None,
        )
        .await;
    }
    let res = app
        .call(
            "login",
            &[("email", "ghost@harbourgroup.example"), ("password", "x")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    app.cleanup().await;
}
both_backends!(
    failed_logins_are_throttled_per_account_across_instances,
    throttling
);

async fn deactivation(app: TestApp) {
    let staff = app.login(STAFF).await;
    let admin = app.login(ADMIN).await;
    let pid = app.pid_of(STAFF).await;
    let res = app
        .call(
            "set_person_active",
            &[("pid", &pid), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Her open session ends at once...
    let res = app.call("get_person", &[("pid", &pid)], Some(&staff)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // ...and she cannot log in again, with the same message as a wrong password.
    let res = app
        .call("login", &[("email", STAFF), ("password", PASSWORD)], None)
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("do not match"));
    // An admin cannot lock themselves out.
    let me = app.pid_of(ADMIN).await;
    let res = app
        .call(
            "set_person_active",
            &[("pid", &me), ("active", "false")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}
both_backends!(deactivation_ends_sessions_and_blocks_login, deactivation);

async fn password_change(app: TestApp) {
    let cookie = app.login(STAFF).await;
    let cases = [
        (
            "wrong-current",
            "violet-compass-meadow-88",
            "violet-compass-meadow-88",
            "current password is not correct",
        ),
        (PASSWORD, "short", "short", "at least 10"),
        (
            PASSWORD,
            "password1234",
            "password1234",
            "too easy to guess",
        ),
        (
            PASSWORD,
            "carla.ivanova1",
            "carla.ivanova1",
            "too easy to guess",
        ),
        (
            PASSWORD,
            "violet-compass-meadow-88",
            "violet-compass-meadow-89",
            "differ",
        ),
    ];
    for (current, new, confirm, expected) in cases {
        let res = app
            .call(
                "change_password",
                &[
                    ("current", current),
                    ("new_password", new),
                    ("confirm", confirm),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{new}: {}",
            res.body
        );
        assert!(res.body.contains(expected), "{new}: {}", res.body);
    }
    let new = "violet-compass-meadow-88";
    let res = app
        .call(
            "change_password",
            &[
                ("current", PASSWORD),
                ("new_password", new),
                ("confirm", new),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call("login", &[("email", STAFF), ("password", new)], None)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let stored: String = {
        use app::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(STAFF))
            .one(&app.db)
            .await
            .expect("q")
            .expect("u")
            .password_hash
            .expect("hash")
    };
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    assert!(!stored.contains(new));
    app.cleanup().await;
}
both_backends!(
    password_changes_follow_the_policy_and_store_argon2id,
    password_change
);

#[tokio::test]
async fn a_database_that_is_down_gives_503_not_a_crash() {
    use sea_orm::{ConnectOptions, Database};
    let mut opt = ConnectOptions::new("postgres://postgres@127.0.0.1:1/none");
    opt.connect_lazy(true)
        .acquire_timeout(std::time::Duration::from_millis(500))
        .sqlx_logging(false);
    let db = Database::connect(opt).await.expect("lazy connect");
    let state = app::state::AppState::new(
        db,
        app::state::Settings {
            secure: false,
            trust_proxy: false,
        },
    );
    let router = server::startup::build_router(
        state,
        server::startup::leptos_options("127.0.0.1:0".parse().expect("addr")),
    );
    use tower::ServiceExt;
    let call = |req: http::Request<axum::body::Body>| router.clone().oneshot(req);
    let res = call(
        http::Request::get("/readyz")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await
    .expect("ok");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let res = call(
        http::Request::get("/livez")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await
    .expect("ok");
    assert_eq!(res.status(), StatusCode::OK);
    let res = call(
        http::Request::post("/api/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(axum::body::Body::from(
                "email=a%40b.example&password=whatever",
            ))
            .expect("req"),
    )
    .await
    .expect("ok");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
}
