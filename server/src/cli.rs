//! Command-line interface: serve, migrate, seed-demo, create-user.
use std::net::SocketAddr;

use anyhow::Context;
use app::auth::password;
use app::people::service::{self as people, PersonInput};
use app::state::{AppState, Settings};
use clap::{Args, Parser, Subcommand};

use crate::{db, demo, startup};

#[derive(Parser, Debug)]
#[command(
    name = "rapport",
    version,
    about = "Rapport: engagement, service training and customer satisfaction, self-hosted"
)]
pub struct Cli {
    /// sqlite://FILE?mode=rwc (default) or postgres://USER@HOST/DB
    #[arg(long, env = "DATABASE_URL", default_value = db::DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Log filter, e.g. info or rapport=debug
    #[arg(
        long,
        env = "RUST_LOG",
        default_value = "info,sqlx=warn,sea_orm=warn,tower_sessions=warn",
        global = true
    )]
    pub log: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database and serve the web app (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo hotel chain into an empty database.
    SeedDemo,
    /// Create a person who can log in (for example the first admin of a real install).
    CreateUser(CreateUserArgs),
    /// Check, format or import scenario files (TOML).
    #[command(subcommand)]
    Scenarios(ScenariosCommand),
    /// Import customer feedback.
    #[command(subcommand)]
    Feedback(FeedbackCommand),
}

#[derive(Subcommand, Debug)]
pub enum FeedbackCommand {
    /// Import a CSV export of customer feedback through a saved mapping (TOML or JSON). All rows
    /// or none, unless --skip-bad-rows; importing the same file again adds nothing.
    Import {
        file: std::path::PathBuf,
        /// The mapping file: which column holds what, and what the file's values mean.
        #[arg(long)]
        mapping: std::path::PathBuf,
        /// Check and count everything; keep nothing.
        #[arg(long)]
        dry_run: bool,
        /// Keep the good rows when some have problems.
        #[arg(long, conflicts_with = "dry_run")]
        skip_bad_rows: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ScenariosCommand {
    /// Report every problem in the files, by file, line and field; exit 1 if any.
    Check { files: Vec<std::path::PathBuf> },
    /// Rewrite valid files in canonical form (what export produces).
    Fmt { files: Vec<std::path::PathBuf> },
    /// Import the files into the database, all or none.
    Import { files: Vec<std::path::PathBuf> },
}

fn read_files(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<(String, String)>> {
    anyhow::ensure!(!files.is_empty(), "name at least one scenario file");
    files
        .iter()
        .map(|f| {
            let text =
                std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            Ok((f.display().to_string(), text))
        })
        .collect()
}

/// `scenarios check` and `scenarios fmt` need no database.
fn scenarios_offline(cmd: &ScenariosCommand) -> anyhow::Result<bool> {
    use app::training::files::format;
    let (files, write) = match cmd {
        ScenariosCommand::Check { files } => (files, false),
        ScenariosCommand::Fmt { files } => (files, true),
        ScenariosCommand::Import { .. } => return Ok(false),
    };
    let mut failed = false;
    for (name, text) in read_files(files)? {
        match format::parse(&name, &text) {
            Ok(s) => {
                let canonical = format::export(&s);
                if write && canonical != text {
                    std::fs::write(&name, canonical).with_context(|| format!("writing {name}"))?;
                    println!("{name}: formatted");
                } else {
                    println!("{name}: ok ({} steps)", s.steps.len());
                }
            }
            Err(problems) => {
                failed = true;
                for p in problems {
                    eprintln!("{p}");
                }
            }
        }
    }
    anyhow::ensure!(
        !failed,
        "some files have problems; nothing was changed in them"
    );
    Ok(true)
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "RAPPORT_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Mark cookies Secure and send HSTS (set this when served over HTTPS).
    #[arg(long, env = "RAPPORT_SECURE")]
    pub secure: bool,
    /// Take client addresses from X-Forwarded-For (only behind a proxy you run).
    #[arg(long, env = "RAPPORT_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Load the demo organisation if the database has no people yet.
    #[arg(long, env = "RAPPORT_DEMO")]
    pub demo: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            secure: false,
            trust_proxy: false,
            demo: false,
        }
    }
}

#[derive(Args, Debug)]
pub struct CreateUserArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// staff, manager, hr or admin
    #[arg(long, default_value = "admin")]
    pub role: String,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs::default()));
    if let Command::Scenarios(cmd) = &command
        && scenarios_offline(cmd)?
    {
        return Ok(());
    }
    let conn = db::connect(&cli.database_url).await?;
    match command {
        Command::Migrate => {
            db::migrate(&conn).await?;
            println!("Database is up to date.");
        }
        Command::SeedDemo => {
            db::migrate(&conn).await?;
            match demo::seed(&conn).await? {
                Some(logins) => {
                    crate::demo_history::seed_history(&conn).await?;
                    crate::demo_recognition::seed(&conn).await?;
                    crate::demo_awards::seed(&conn).await?;
                    crate::demo_surveys::seed(&conn).await?;
                    crate::demo_feedback::seed(&conn).await?;
                    demo::print_logins(&logins, None)
                }
                None => println!("The database already has people; the demo data was not loaded."),
            }
        }
        Command::CreateUser(args) => {
            db::migrate(&conn).await?;
            let password = match std::env::var("RAPPORT_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let first =
                        rpassword::prompt_password("Password: ").context("reading the password")?;
                    let again = rpassword::prompt_password("Repeat the password: ")
                        .context("reading the password")?;
                    anyhow::ensure!(first == again, "the two passwords differ");
                    first
                }
            };
            password::check_policy(&password, &[&args.name, &args.email])
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let state = AppState::new(
                conn,
                Settings {
                    secure: false,
                    trust_proxy: false,
                },
            );
            let input = PersonInput {
                name: args.name,
                email: args.email,
                role: args.role,
                ..Default::default()
            };
            let user = people::create(&state, input, password)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Created {} <{}> as {}.",
                user.name,
                user.email,
                user.role.label()
            );
        }
        Command::Scenarios(ScenariosCommand::Import { files }) => {
            db::migrate(&conn).await?;
            let r = app::training::service::imports::import(&conn, None, read_files(&files)?)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Imported: {} new, {} updated (as new versions), {} unchanged.",
                r.created, r.updated, r.unchanged
            );
        }
        Command::Scenarios(_) => {}
        Command::Feedback(FeedbackCommand::Import {
            file,
            mapping,
            dry_run,
            skip_bad_rows,
        }) => {
            db::migrate(&conn).await?;
            import_feedback(&conn, &file, &mapping, dry_run, skip_bad_rows).await?;
        }
        Command::Serve(args) => serve(conn, args).await?,
    }
    Ok(())
}

/// `rapport feedback import`: streams the file, prints progress to stderr and the report to
/// stdout; fails (exit 1) when nothing was kept because of problems.
async fn import_feedback(
    conn: &sea_orm::DatabaseConnection,
    file: &std::path::Path,
    mapping: &std::path::Path,
    dry_run: bool,
    skip_bad_rows: bool,
) -> anyhow::Result<()> {
    use app::feedback::types::ImportMode;
    let text = std::fs::read_to_string(mapping)
        .with_context(|| format!("reading {}", mapping.display()))?;
    let mapping = app::feedback::import::read_mapping(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", mapping.display()))?;
    let input = std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    let settings = app::org::settings::load(conn)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let tz = app::org::settings::tz(&settings).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mode = if dry_run {
        ImportMode::DryRun
    } else if skip_bad_rows {
        ImportMode::SkipBadRows
    } else {
        ImportMode::AllOrNothing
    };
    let mut shown = 0u64;
    let mut progress = |rows: u64| {
        if rows >= shown + 100_000 {
            shown = rows;
            eprintln!("  {rows} rows read");
        }
    };
    let r = app::feedback::service::import(conn, input, &mapping, mode, tz, &mut progress)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    println!(
        "{}: {} rows read (dates as {}, delimiter {:?}).",
        file.display(),
        r.rows,
        r.date_format,
        r.delimiter
    );
    let verb = if r.applied { "Added" } else { "Would add" };
    println!(
        "{verb} {}; already there {}; skipped by the mapping {}; with problems {}; kept without an unknown person {}.",
        r.added, r.already, r.skipped, r.bad, r.without_person
    );
    for p in r.problems.iter().take(50) {
        eprintln!("  line {}: {}", p.line, p.message);
    }
    if r.bad > 50 {
        eprintln!("  ... and {} more lines with problems", r.bad - 50);
    }
    if !r.unmatched.is_empty() {
        eprintln!("Values that match nothing (map them in the mapping file, or skip them):");
        for u in &r.unmatched {
            eprintln!(
                "  {} \"{}\": {} rows, first on line {}",
                u.kind.label(),
                u.value,
                u.rows,
                u.first_line
            );
        }
    }
    if dry_run {
        println!("Dry run: nothing was kept.");
    } else if r.applied {
        println!("Done.");
    } else {
        anyhow::bail!(
            "nothing was imported: {} rows have problems (fix them, or import with --skip-bad-rows)",
            r.bad
        );
    }
    Ok(())
}

async fn serve(conn: sea_orm::DatabaseConnection, args: ServeArgs) -> anyhow::Result<()> {
    db::migrate(&conn).await?;
    let logins = if args.demo {
        let logins = demo::seed(&conn).await?;
        if logins.is_some() {
            crate::demo_history::seed_history(&conn).await?;
            crate::demo_recognition::seed(&conn).await?;
            crate::demo_awards::seed(&conn).await?;
            crate::demo_surveys::seed(&conn).await?;
            crate::demo_feedback::seed(&conn).await?;
        }
        logins
    } else {
        None
    };
    spawn_certificate_renewals(conn.clone());
    let state = AppState::new(
        conn,
        Settings {
            secure: args.secure,
            trust_proxy: args.trust_proxy,
        },
    );
    let options = startup::leptos_options(args.bind);
    let router = startup::build_router(state, options);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("could not listen on {}", args.bind))?;
    let url = format!("http://{}", args.bind);
    match logins {
        Some(l) => demo::print_logins(&l, Some(&url)),
        None if args.demo => println!(
            "Rapport is running at {url} (demo data was loaded earlier; {}).",
            demo::LOGIN_HINT
        ),
        None => println!("Rapport is running at {url}"),
    }
    tracing::info!(%url, "listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("serving")?;
    Ok(())
}

/// Hourly, and once at start: assigns modules again to people whose certificates expire soon, and
/// removes customers' contacts older than the retention period. Idempotent, so several instances
/// may run it; a clash is logged and retried next hour.
fn spawn_certificate_renewals(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let today = chrono::Utc::now().date_naive();
            match app::training::service::certificates::renew_due(&db, today).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    renewed = n,
                    "modules assigned again before certificates expire"
                ),
                Err(e) => tracing::warn!(error = %e, "certificate renewals will be retried"),
            }
            match app::feedback::service::forget_old_contacts(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    removed = n,
                    "customer contacts past their retention removed"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "removing old customer contacts will be retried")
                }
            }
        }
    });
}
