//! `spawn_app`: a fresh app over a fresh database (a SQLite file or a new PostgreSQL database) per test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use app::state::{AppState, Settings};
use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    QueryFilter, Set, Statement,
};
use server::{db, demo, startup};
use tower::ServiceExt;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const ADMIN: &str = "morgan.reyes@harbourgroup.example";
pub const HR: &str = "priya.nair@harbourgroup.example";
pub const MANAGER: &str = "ben.silva@harbourgroup.example";
pub const STAFF: &str = "carla.ivanova@harbourgroup.example";
/// Staff at another site, outside the demo manager's team.
pub const OTHER_STAFF: &str = "carla.berg@harbourgroup.example";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: DatabaseConnection,
    pub url: String,
    cleanup: Option<(String, String)>,
    _dir: Option<tempdir::Dir>,
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh database URL, or `None` when PostgreSQL is not reachable outside CI.
async fn fresh_database(
    backend: Backend,
) -> Option<(String, Option<(String, String)>, Option<tempdir::Dir>)> {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("rapport-test-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let url = format!("sqlite://{}?mode=rwc", dir.join("test.db").display());
            Some((url, None, Some(tempdir::Dir(dir))))
        }
        Backend::Postgres => {
            let admin_url =
                std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| PG_ADMIN_URL.to_owned());
            let admin = match Database::connect(&admin_url).await {
                Ok(c) => c,
                Err(e) => {
                    if std::env::var("CI").is_ok() {
                        panic!("PostgreSQL is required in CI but unreachable at {admin_url}: {e}");
                    }
                    eprintln!("skipping PostgreSQL test: {e}");
                    return None;
                }
            };
            let name = format!("rapport_test_{}", uuid::Uuid::new_v4().simple());
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .expect("url");
            Some((format!("{base}/{name}"), Some((admin_url, name)), None))
        }
    }
}

/// A migrated, demo-seeded app; `None` means "skip" (PostgreSQL unreachable outside CI).
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let (url, cleanup, dir) = fresh_database(backend).await?;
    let conn = db::connect(&url).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    demo::seed(&conn)
        .await
        .expect("seed")
        .expect("empty database");
    Some(app_over(conn, url, cleanup, dir))
}

fn app_over(
    conn: DatabaseConnection,
    url: String,
    cleanup: Option<(String, String)>,
    dir: Option<tempdir::Dir>,
) -> TestApp {
    let settings = Settings {
        secure: false,
        trust_proxy: false,
    };
    app_with(conn, url, cleanup, dir, settings)
}

fn app_with(
    conn: DatabaseConnection,
    url: String,
    cleanup: Option<(String, String)>,
    dir: Option<tempdir::Dir>,
    settings: Settings,
) -> TestApp {
    let state = AppState::new(conn.clone(), settings);
    let options = startup::leptos_options("127.0.0.1:0".parse().expect("addr"));
    let router = startup::build_router(state.clone(), options);
    TestApp {
        router,
        state,
        db: conn,
        url,
        cleanup,
        _dir: dir,
    }
}

impl TestApp {
    /// A second app instance over the same database (as behind a load balancer).
    pub async fn another_instance(&self) -> TestApp {
        let conn = db::connect(&self.url).await.expect("connect");
        app_over(conn, self.url.clone(), None, None)
    }

    /// Another instance over the same database, served as over HTTPS (`--secure`).
    pub async fn with_settings(&self, secure: bool) -> TestApp {
        let conn = db::connect(&self.url).await.expect("connect");
        let settings = Settings {
            secure,
            trust_proxy: false,
        };
        app_with(conn, self.url.clone(), None, None, settings)
    }

    pub async fn request(&self, req: Request<Body>) -> Response {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// Calls a server function as a script would (form-encoded, JSON back).
    pub async fn call(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json");
        if let Some(c) = cookie {
            req = req.header("cookie", format!("{}={c}", startup::SESSION_COOKIE));
        }
        self.request(req.body(Body::from(body)).expect("request"))
            .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let mut req = Request::get(path).header("accept", "text/html");
        if let Some(c) = cookie {
            req = req.header("cookie", format!("{}={c}", startup::SESSION_COOKIE));
        }
        self.request(req.body(Body::empty()).expect("request"))
            .await
    }

    /// Logs in and returns the session cookie's value.
    pub async fn login(&self, email: &str) -> String {
        let res = self
            .call("login", &[("email", email), ("password", PASSWORD)], None)
            .await;
        assert_eq!(res.status, StatusCode::OK, "login {email}: {}", res.body);
        res.session_cookie().expect("session cookie")
    }

    pub async fn pid_of(&self, email: &str) -> String {
        use app::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db)
            .await
            .expect("query")
            .expect("user")
            .pid
    }

    pub async fn cleanup(self) {
        let TestApp { db, cleanup, .. } = self;
        let _ = db.close().await;
        if let Some((admin_url, name)) = cleanup
            && let Ok(admin) = Database::connect(&admin_url).await
        {
            let _ = admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await;
        }
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn session_cookie(&self) -> Option<String> {
        self.headers.get_all("set-cookie").iter().find_map(|v| {
            let v = v.to_str().ok()?;
            let rest = v.strip_prefix(&format!("{}=", startup::SESSION_COOKIE))?;
            Some(rest.split(';').next()?.to_owned())
        })
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = spawn_app(Backend::Sqlite).await {
                    $body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = spawn_app(Backend::Postgres).await {
                    $body(app).await;
                }
            }
        }
    };
}

/// A new active person who can log in with the demo password.
pub async fn person(
    app: &TestApp,
    email: &str,
    role: &str,
    site: Option<i32>,
    department: Option<i32>,
    manager: Option<i32>,
) -> app::entities::user::Model {
    let hash = app::entities::user::Entity::find()
        .filter(app::entities::user::Column::Email.eq(STAFF))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    let now = chrono::Utc::now();
    app::entities::user::ActiveModel {
        pid: Set(uuid::Uuid::new_v4().to_string()),
        email: Set(email.into()),
        name: Set(email.split('@').next().unwrap().replace('.', " ")),
        role: Set(app::auth::types::Role::parse(role).expect("role")),
        site_id: Set(site),
        department_id: Set(department),
        manager_id: Set(manager),
        active: Set(true),
        password_hash: Set(hash),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
}

/// The signed-in user a service call acts as, from their email.
pub async fn acting(app: &TestApp, email: &str) -> app::auth::service::CurrentUser {
    app::entities::user::Entity::find()
        .filter(app::entities::user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("query")
        .expect("user")
        .into()
}

/// The demo's first site.
pub async fn first_site(app: &TestApp) -> app::entities::site::Model {
    use sea_orm::QueryOrder;
    app::entities::site::Entity::find()
        .order_by_asc(app::entities::site::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}
