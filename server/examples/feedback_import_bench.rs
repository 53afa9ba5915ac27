//! Benchmark: importing a 1,000,000-row customer-feedback CSV into SQLite. Generates the file
//! (ids, date and time, site, department, the person served for a third of rows, channel, CSAT,
//! NPS and CES, a comment on one row in five) against the demo organisation, then imports it
//! through a mapping, as `rapport feedback import` does, and prints rows per second and the
//! process's peak memory during the import; then imports it again (everything already there).
//!
//! Run: `cargo run -p server --release --example feedback_import_bench` (a fresh SQLite file in
//! the temporary directory); `ROWS=200000` for a shorter run, or with
//! `DATABASE_URL=postgres://postgres@127.0.0.1/rapport_bench` on an empty PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::io::Write;
use std::time::Instant;

use app::entities::{department, site, user};
use app::feedback::import::Mapping;
use app::feedback::types::ImportMode;
use sea_orm::EntityTrait;

/// The process's peak resident memory (VmHWM), in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak to the current resident memory (Linux: `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let path = dir.join(format!("rapport-feedback-bench-{}.db", std::process::id()));
        format!("sqlite://{}?mode=rwc", path.display())
    });
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed(&db).await?;
    let sites = site::Entity::find().all(&db).await?;
    let departments = department::Entity::find().all(&db).await?;
    let people = user::Entity::find().all(&db).await?;

    let path = dir.join(format!("rapport-feedback-bench-{}.csv", std::process::id()));
    let started = Instant::now();
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(
            out,
            "Response ID,Date,Hotel,Department,Served by,Channel,CSAT,NPS,CES,Comment,Survey"
        )?;
        let mut seed = 11u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n as u64) as usize
        };
        let channels = ["front_desk", "phone", "chat", "email", "restaurant", "web"];
        for i in 0..rows {
            let d = &departments[next(departments.len())];
            let s = sites.iter().find(|s| s.id == d.site_id).unwrap();
            let person = if next(3) == 0 {
                people
                    .iter()
                    .find(|p| p.department_id == Some(d.id))
                    .map_or("", |p| p.email.as_str())
            } else {
                ""
            };
            let comment = if next(5) == 0 {
                "\"Quick check-in, friendly staff; the room was not ready until 4pm.\""
            } else {
                ""
            };
            writeln!(
                out,
                "ext-{i},2026-{:02}-{:02} {:02}:{:02},{},{},{},{},{},{},{},{},post-stay",
                1 + next(12),
                1 + next(28),
                8 + next(12),
                next(60),
                s.name,
                d.name,
                person,
                channels[next(channels.len())],
                1 + next(5),
                next(11),
                1 + next(7),
                comment
            )?;
        }
    }
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "Generated {rows} rows ({:.0} MB) in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let mapping = Mapping {
        origin: "Bench export".into(),
        date: "Date".into(),
        site: "Hotel".into(),
        department: Some("Department".into()),
        person: Some("Served by".into()),
        channel: Some("Channel".into()),
        csat: Some("CSAT".into()),
        nps: Some("NPS".into()),
        ces: Some("CES".into()),
        comment: Some("Comment".into()),
        external_id: Some("Response ID".into()),
        ..Mapping::default()
    };
    let tz = app::org::settings::time_zone("UTC").map_err(|e| anyhow::anyhow!(e))?;
    for (label, mode) in [
        ("Import (all new)", ImportMode::AllOrNothing),
        ("Import again (all already there)", ImportMode::AllOrNothing),
    ] {
        reset_peak();
        let before = peak_mb();
        let started = Instant::now();
        let file = std::fs::File::open(&path)?;
        let report = app::feedback::service::import(&db, file, &mapping, mode, tz, &mut |_| {})
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{label:<34} {:>9} rows in {secs:>6.2} s = {:>8.0} rows/s; added {}, already {}, problems {}; peak memory {:.0} MB (at start {:.0} MB)",
            report.rows,
            report.rows as f64 / secs,
            report.added,
            report.already,
            report.bad,
            peak_mb(),
            before
        );
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}
