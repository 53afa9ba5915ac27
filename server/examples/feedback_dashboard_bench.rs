//! Benchmark: the guest-satisfaction page's server time with 2,000,000 responses in the database.
//! Loads the demo organisation and a year of generated responses (spread over every department,
//! a third naming the person who served, one in five with a comment), then builds the page's data
//! (`feedback::report::report`, everything the page shows) for HR's company view, HR's view of one
//! site, and the site manager's default view, and prints the median and p95 of each.
//!
//! Run: `cargo run -p server --release --example feedback_dashboard_bench` (a fresh SQLite file in
//! the temporary directory); `ROWS=200000` for a shorter run, `RUNS=50` for more samples, or with
//! `DATABASE_URL=postgres://postgres@127.0.0.1/rapport_bench` on an empty PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

use app::entities::{department, feedback_response, site, user};
use app::feedback::types::{Channel, Source};
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait, Set, TransactionTrait};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000_000);
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let path =
            std::env::temp_dir().join(format!("rapport-dashboard-bench-{}.db", std::process::id()));
        format!("sqlite://{}?mode=rwc", path.display())
    });
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed(&db).await?;
    let sites = site::Entity::find().all(&db).await?;
    let departments = department::Entity::find().all(&db).await?;
    let people = user::Entity::find().all(&db).await?;

    let started = Instant::now();
    let today = Utc::now().date_naive();
    let now = Utc::now();
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    // A database that already holds them (DATABASE_URL of an earlier run) is measured as it is.
    let there = feedback_response::Entity::find().count(&db).await? as usize;
    let txn = db.begin().await?;
    let mut batch = Vec::with_capacity(2000);
    for i in (0..rows).filter(|_| there < rows) {
        let d = &departments[next(departments.len())];
        let person = (next(3) == 0)
            .then(|| people.iter().find(|p| p.department_id == Some(d.id)))
            .flatten()
            .map(|p| p.id);
        let day = today - Duration::days(next(365) as i64);
        let at = day
            .and_hms_opt(8 + next(12) as u32, next(60) as u32, 0)
            .unwrap_or_default();
        batch.push(feedback_response::ActiveModel {
            id: Default::default(),
            origin: Set("Bench".into()),
            external_id: Set(format!("b-{i}")),
            source: Set(Source::Import),
            occurred_at: Set(at),
            day: Set(day),
            site_id: Set(d.site_id),
            department_id: Set(Some(d.id)),
            person_id: Set(person),
            channel: Set(Channel::ALL[next(Channel::ALL.len())]),
            csat: Set(Some(1 + next(5) as i16)),
            nps: Set((next(2) == 0).then(|| next(11) as i16)),
            ces: Set((next(3) == 0).then(|| 1 + next(7) as i16)),
            comment: Set((next(5) == 0).then(|| "Friendly staff, slow check-in.".to_owned())),
            contact: Set(None),
            created_at: Set(now),
        });
        if batch.len() == 2000 {
            feedback_response::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(&txn)
                .await?;
        }
    }
    if !batch.is_empty() {
        feedback_response::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await?;
    }
    // As every writer does: the daily sums the pages read.
    app::feedback::service::added(&txn, 0, now, today)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    txn.commit().await?;
    println!(
        "Loaded {} responses over 365 days, {} sites, {} departments, in {:.1} s",
        rows.max(there),
        sites.len(),
        departments.len(),
        started.elapsed().as_secs_f64()
    );

    // The page's reads one by one, for the profile: (what, median ms).
    let time = |ms: &mut Vec<f64>| {
        ms.sort_by(f64::total_cmp);
        ms[ms.len() / 2]
    };
    let start = today - Duration::days(89);
    let month = app::reporting::period::Day::from(today).month();
    let sites_ids: Vec<i32> = sites.iter().map(|s| s.id).collect();
    let mut parts: Vec<(&str, Vec<f64>)> = vec![
        ("daily sums, 180 days", Vec::new()),
        ("monthly figures, 12 months", Vec::new()),
        ("by channel and person, all sites, 90 days", Vec::new()),
        ("organisation index", Vec::new()),
    ];
    for _ in 0..runs {
        let t = Instant::now();
        app::feedback::service::tallies(&db, start - Duration::days(90), today + Duration::days(1))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        parts[0].1.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        app::feedback::service::monthly(&db, month.plus(-11), month)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        parts[1].1.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        app::feedback::service::breakdowns(
            &db,
            app::feedback::service::Within::Sites(&sites_ids),
            start,
            today + Duration::days(1),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        parts[2].1.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        app::org::index::OrgIndex::load(&db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        parts[3].1.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    for (what, mut ms) in parts {
        println!("  part: {what:<44} median {:>7.1} ms", time(&mut ms));
    }

    let hr: app::auth::service::CurrentUser = people
        .iter()
        .find(|p| p.role == app::auth::types::Role::Hr)
        .expect("HR")
        .clone()
        .into();
    let site = &sites[0];
    let manager: app::auth::service::CurrentUser = people
        .iter()
        .find(|p| Some(p.id) == site.manager_id)
        .expect("a site manager")
        .clone()
        .into();
    let site_key = format!("site:{}", site.id);
    let cases: [(&str, &app::auth::service::CurrentUser, &str); 3] = [
        ("HR, all sites", &hr, ""),
        ("HR, one site", &hr, site_key.as_str()),
        ("site manager, their site", &manager, ""),
    ];
    for (label, who, unit) in cases {
        // One warm-up, then the samples.
        app::feedback::report::report(&db, who, unit, today)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut ms: Vec<f64> = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let r = app::feedback::report::report(&db, who, unit, today)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(r.headline.responses > 0);
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
        println!(
            "{label:<28} {runs} runs: median {:>7.1} ms, p95 {:>7.1} ms, max {:>7.1} ms",
            at(0.5),
            at(0.95),
            ms[ms.len() - 1]
        );
    }
    Ok(())
}
