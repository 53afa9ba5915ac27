//! Benchmark: recognition at scale. Loads the demo organisation plus 100,000 recognitions spread
//! over the last year, then prints the server time of the feed's first and later pages (median
//! and p95, for HR and for a staff member, whose feed skips private recognition they may not
//! see), the feed with its applause and comments and narrowed to a site or a value, the equity
//! report (HR and a manager), a person's counts by value, a year of monthly unit figures and the
//! report's trend, HR's page of an awards programme with its shortlists' evidence, and the throughput of giving thanks (one after another, and eight at once).
//!
//! Run: `cargo run -p server --release --example recognition_bench` (a fresh SQLite file in the
//! temporary directory), or with `DATABASE_URL=postgres://postgres@127.0.0.1/rapport_bench` on an
//! empty PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::{Duration, Instant};

use app::auth::service::CurrentUser;
use app::auth::types::Role;
use app::entities::{recognition, recognition_recipient, recognition_value, user};
use app::recognition::service::thanks::{self, ThanksInput};
use app::recognition::types::{RecognitionKind, RecognitionStatus, Visibility};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

const RECOGNITIONS: usize = 100_000;

fn stats(name: &str, mut t: Vec<Duration>) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| t[((t.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<44} median {:>7.2} ms   p95 {:>7.2} ms   ({} runs)",
        ms(p(0.5)),
        ms(p(0.95)),
        t.len()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let path = std::env::temp_dir().join(format!("rapport-bench-{}.db", std::process::id()));
        format!("sqlite://{}?mode=rwc", path.display())
    });
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed(&db).await?;
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(&db)
        .await?;
    let values = recognition_value::Entity::find().all(&db).await?;
    let started = Instant::now();
    let now = Utc::now();
    let mut seed = 42u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    let first_id = recognition::Entity::find()
        .all(&db)
        .await?
        .iter()
        .map(|r| r.id)
        .max()
        .unwrap_or(0);
    for chunk in 0..RECOGNITIONS / 1000 {
        let mut rs = Vec::new();
        let mut to = Vec::new();
        for i in 0..1000 {
            let n = chunk * 1000 + i;
            let giver = &people[next(people.len())];
            let mut recipient = &people[next(people.len())];
            if recipient.id == giver.id {
                recipient = &people[(next(people.len()) + 1) % people.len()];
            }
            let age = chrono::Duration::seconds((RECOGNITIONS - n) as i64 * 315);
            rs.push(recognition::ActiveModel {
                id: Set(first_id + 1 + n as i32),
                pid: Set(uuid::Uuid::new_v4().to_string()),
                giver_id: Set(giver.id),
                value_id: Set(values[next(values.len())].id),
                message: Set("Thank you for staying with the guest until it was solved.".into()),
                visibility: Set(if next(10) == 0 {
                    Visibility::Private
                } else {
                    Visibility::Public
                }),
                points_each: Set(0),
                request_key: Set(uuid::Uuid::new_v4().to_string()),
                created_at: Set(now - age),
                kind: Set(RecognitionKind::Thanks),
                status: Set(RecognitionStatus::Live),
                ..Default::default()
            });
            to.push(recognition_recipient::ActiveModel {
                recognition_id: Set(first_id + 1 + n as i32),
                user_id: Set(if recipient.id == giver.id {
                    people[0].id
                } else {
                    recipient.id
                }),
                ..Default::default()
            });
        }
        recognition::Entity::insert_many(rs).exec(&db).await?;
        recognition_recipient::Entity::insert_many(to)
            .exec(&db)
            .await?;
    }
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_unprepared("SELECT setval(pg_get_serial_sequence('recognitions', 'id'), (SELECT MAX(id) FROM recognitions))")
            .await?;
        db.execute_unprepared("ANALYZE").await?;
    }
    println!(
        "{} people, {RECOGNITIONS} recognitions loaded in {:.1} s ({})",
        people.len(),
        started.elapsed().as_secs_f64(),
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );

    let as_user = |role: Role| -> CurrentUser {
        people
            .iter()
            .find(|u| u.role == role)
            .unwrap()
            .clone()
            .into()
    };
    let (hr, staff) = (as_user(Role::Hr), as_user(Role::Staff));
    for (who, me) in [("HR", &hr), ("staff", &staff)] {
        let mut first = Vec::new();
        let mut later = Vec::new();
        for i in 0..200 {
            let t = Instant::now();
            let page = thanks::visible(&db, me, 21, None).await?;
            first.push(t.elapsed());
            let _ = page;
            let before = Some(first_id + 1 + ((i * 397) % RECOGNITIONS) as i32);
            let t = Instant::now();
            thanks::visible(&db, me, 21, before).await?;
            later.push(t.elapsed());
        }
        stats(&format!("feed, first page ({who})"), first);
        stats(&format!("feed, a later page ({who})"), later);
    }
    // The page's feed as shown: a page, then its applause and comments.
    let tz = app::org::settings::tz(&app::org::settings::load(&db).await?)?;
    let mut shown = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let page = thanks::visible(&db, &staff, 21, None).await?;
        let ids: Vec<i32> = page.iter().map(|s| s.id).collect();
        app::recognition::service::reactions::for_feed(&db, &staff, &ids, tz, false).await?;
        shown.push(t.elapsed());
    }
    stats("feed with applause and comments (staff)", shown);
    // Narrowed to one site's people, and to one value.
    let site_people: Vec<i32> = people
        .iter()
        .filter(|u| u.site_id == staff.site_id)
        .map(|u| u.id)
        .collect();
    for (name, filter) in [
        (
            "feed, one site (staff)",
            thanks::FeedFilter {
                recipients: Some(site_people.clone()),
                value: None,
            },
        ),
        (
            "feed, one value (staff)",
            thanks::FeedFilter {
                recipients: None,
                value: Some(values[1].id),
            },
        ),
    ] {
        let mut t = Vec::new();
        for _ in 0..100 {
            let start = Instant::now();
            thanks::filtered(&db, &staff, 21, None, &filter).await?;
            t.push(start.elapsed());
        }
        stats(name, t);
    }
    // The equity report: HR for everyone, a manager for their people.
    let manager = as_user(Role::Manager);
    for (who, me) in [("HR, everyone", &hr), ("a manager", &manager)] {
        let mut t = Vec::new();
        for _ in 0..20 {
            let start = Instant::now();
            app::recognition::service::equity::report(
                &db,
                me.actor(),
                &app::reporting::scope::ReportScope::default(),
                Utc::now(),
            )
            .await?;
            t.push(start.elapsed());
        }
        stats(&format!("equity report ({who})"), t);
    }
    let mut counts = Vec::new();
    for i in 0..50 {
        let t = Instant::now();
        thanks::by_value(&db, people[i % people.len()].id, true).await?;
        counts.push(t.elapsed());
    }
    stats("a person's recognition by value", counts);
    let this = app::reporting::period::Month::new(
        chrono::Datelike::year(&now),
        chrono::Datelike::month(&now),
    )
    .unwrap();
    let mut figures = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        app::recognition::service::figures::monthly(&db, this.plus(-11), this).await?;
        figures.push(t.elapsed());
    }
    stats("monthly unit figures, 12 months", figures);
    let mut trend = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        app::recognition::service::figures::trend(
            &db,
            &app::reporting::scope::ReportScope::default(),
            12,
        )
        .await?;
        trend.push(t.elapsed());
    }
    stats("report trend, company, 12 months", trend);

    // The yearly awards: HR's page of this year's programme, shortlists with their evidence.
    server::demo_awards::seed(&db).await?;
    let settings = app::org::settings::load(&db).await?;
    let (today, tz) = (
        app::org::settings::today(&settings)?,
        app::org::settings::tz(&settings)?,
    );
    let this_year = format!("Service Stars {}", chrono::Datelike::year(&now));
    let programme = app::entities::award_programme::Entity::find()
        .filter(app::entities::award_programme::Column::Name.eq(this_year))
        .one(&db)
        .await?
        .expect("the demo's programme")
        .pid;
    let mut shortlists = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        app::recognition::service::programmes::view(&db, &hr, &programme, today, tz).await?;
        shortlists.push(t.elapsed());
    }
    stats("awards programme with shortlists (HR)", shortlists);

    // Giving thanks: every staff member thanks a colleague, without points, one after another;
    // then eight at once.
    let value = values[0].pid.clone();
    let input = |to: &str| ThanksInput {
        recipients: vec![to.to_owned()],
        value: value.clone(),
        message: "Thank you for covering the desk at the rush.".into(),
        points: String::new(),
        visibility: "public".into(),
        request_key: String::new(),
        department: String::new(),
        feedback: String::new(),
    };
    let givers: Vec<CurrentUser> = people.iter().map(|u| u.clone().into()).collect();
    let n = 400;
    let t = Instant::now();
    for i in 0..n {
        let g = &givers[i % givers.len()];
        let to = &givers[(i + 1) % givers.len()];
        thanks::give(&db, g, input(&to.pid)).await?;
    }
    println!(
        "{:<44} {:>7.0} per second ({n} one after another)",
        "giving thanks",
        n as f64 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (db, givers, value) = (db.clone(), givers.clone(), value.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..n / 8 {
                let k = w * 7 + i;
                let g = &givers[k % givers.len()];
                let to = &givers[(k + 3) % givers.len()];
                let input = ThanksInput {
                    recipients: vec![to.pid.clone()],
                    value: value.clone(),
                    message: "Thank you for the calm at the front desk.".into(),
                    points: String::new(),
                    visibility: "public".into(),
                    request_key: String::new(),
                    department: String::new(),
                    feedback: String::new(),
                };
                thanks::give(&db, g, input).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    println!(
        "{:<44} {:>7.0} per second ({n} from eight givers at once)",
        "giving thanks",
        n as f64 / t.elapsed().as_secs_f64()
    );
    Ok(())
}
