//! File downloads that are plain GETs outside Leptos: every report's CSV (one route, `/reports/`),
//! scenario and module files, xAPI statements. Each checks its permission through the policy.
use app::auth::policy::{Actor, Permission, allows};
use app::auth::service::user_of_session;
use app::error::AppError;
use app::recognition::service::equity::{self, EquityTable};
use app::reporting::period::Period;
use app::state::AppState;
use app::training::service::analytics::{self, AnalyticsTable};
use app::training::service::{figures, modules, records, scenarios};
use app::training::types::AnalyticsQuery;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

fn error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string()).into_response()
}

/// Serves `file` (name and body) to those the policy allows; sends others to the login page or a 403.
async fn serve_file(
    state: &AppState,
    session: &Session,
    permission: Permission,
    content_type: &str,
    file: impl Future<Output = Result<(String, String), AppError>>,
) -> Response {
    serve_for(state, session, permission, content_type, |_| file).await
}

/// `serve_file` for a file that depends on who asks (a manager's own people, say).
async fn serve_for<F: Future<Output = Result<(String, String), AppError>>>(
    state: &AppState,
    session: &Session,
    permission: Permission,
    content_type: &str,
    file: impl FnOnce(Actor) -> F,
) -> Response {
    match user_of_session(state, session).await {
        Ok(None) => Redirect::to("/login").into_response(),
        Ok(Some(u)) if !allows(u.actor(), permission) => error(AppError::Forbidden),
        Ok(Some(u)) => match file(u.actor()).await {
            Ok((name, body)) => (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response(),
            Err(e) => error(e),
        },
        Err(e) => error(e),
    }
}

/// GET /training/scenarios/{slug}.toml: the latest version's canonical text.
pub async fn scenario_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let slug = file.trim_end_matches(".toml").to_owned();
    let db = state.db.clone();
    serve_file(
        &state,
        &session,
        Permission::ManageTraining,
        "application/toml; charset=utf-8",
        async move { scenarios::export(&db, &slug).await },
    )
    .await
}

/// GET /training/modules/{pid}.module.toml: a module and its scenarios as one file.
pub async fn module_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Response {
    let pid = file
        .trim_end_matches(".toml")
        .trim_end_matches(".module")
        .to_owned();
    let db = state.db.clone();
    serve_file(
        &state,
        &session,
        Permission::ManageTraining,
        "application/toml; charset=utf-8",
        async move { modules::export_module(&db, &pid).await },
    )
    .await
}

/// Every report that downloads as CSV, by its file name under /reports/.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// A table of the training analytics page.
    TrainingAnalytics(AnalyticsTable),
    /// Training's monthly unit figures for a period.
    TrainingFigures,
    /// HR's certificate register, filtered as on its page.
    Certificates,
    /// Recognition's monthly unit figures for a period.
    RecognitionFigures,
    /// A table of the recognition equity report (managers: their own people).
    RecognitionEquity(EquityTable),
    /// HR's budget report for a quarter, in points and money.
    RecognitionBudget,
    /// An engagement survey's results for one group (managers: the units they lead).
    SurveyResults,
    /// An engagement survey's heatmap.
    SurveyHeatmap,
    /// Engagement's monthly unit figures.
    EngagementFigures,
    /// An internal-service survey's results (managers: their sites and departments).
    InternalService,
    /// Customer satisfaction's monthly unit figures.
    CustomerFigures,
}

impl Report {
    pub fn parse(file: &str) -> Option<Report> {
        let name = file.strip_suffix(".csv")?;
        if name == "training-figures" {
            return Some(Report::TrainingFigures);
        }
        if name == "training-certificates" {
            return Some(Report::Certificates);
        }
        if name == "recognition-figures" {
            return Some(Report::RecognitionFigures);
        }
        if name == "recognition-budget" {
            return Some(Report::RecognitionBudget);
        }
        if name == "survey-results" {
            return Some(Report::SurveyResults);
        }
        if name == "survey-heatmap" {
            return Some(Report::SurveyHeatmap);
        }
        if name == "engagement-figures" {
            return Some(Report::EngagementFigures);
        }
        if name == "internal-service" {
            return Some(Report::InternalService);
        }
        if name == "customer-figures" {
            return Some(Report::CustomerFigures);
        }
        if let Some(table) = name.strip_prefix("recognition-equity-") {
            return EquityTable::ALL
                .into_iter()
                .find(|t| t.key() == table)
                .map(Report::RecognitionEquity);
        }
        let table = name.strip_prefix("training-")?;
        AnalyticsTable::ALL
            .into_iter()
            .find(|t| t.key() == table)
            .map(Report::TrainingAnalytics)
    }

    /// Who may download it.
    pub fn permission(self) -> Permission {
        match self {
            Report::TrainingAnalytics(_) | Report::TrainingFigures | Report::Certificates => {
                Permission::ManageTraining
            }
            Report::RecognitionFigures => Permission::ViewRecognitionReports,
            Report::RecognitionEquity(_) => Permission::ViewRecognitionEquity,
            Report::RecognitionBudget => Permission::ManageAwards,
            Report::SurveyResults | Report::SurveyHeatmap | Report::InternalService => {
                Permission::ViewSurveyResults
            }
            Report::EngagementFigures => Permission::ManageSurveys,
            Report::CustomerFigures => Permission::ViewCustomerReports,
        }
    }
}

/// What a report is about; each report reads the fields it needs, and empty means "all".
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    pub scenario: String,
    pub version: i32,
    pub region: String,
    pub site: String,
    pub department: String,
    pub from: String,
    pub to: String,
    /// A month, quarter, year or custom range (`reporting::period`).
    pub period: String,
    /// The certificate register's module (id) and status.
    pub module: String,
    pub status: String,
    /// The budget report's quarter ("2026-Q4"; empty for this one).
    pub quarter: String,
    /// A survey's public id, the group ("site:3"; empty for everyone) and the heatmap's rows and
    /// columns.
    pub survey: String,
    pub unit: String,
    pub by: String,
    pub items: String,
    /// A survey's narrowing by role group and tenure band (empty: everyone).
    pub role: String,
    pub tenure: String,
}

/// The survey narrowing a download asks for.
fn segment(q: &ReportQuery) -> Result<app::engagement::types::Segment, AppError> {
    app::engagement::types::Segment::parse(&q.role, &q.tenure).map_err(AppError::Invalid)
}

/// The period a figures download covers: the one asked for, or this year.
fn figures_period(text: &str) -> Result<Period, AppError> {
    if text.trim().is_empty() {
        use chrono::Datelike;
        Ok(Period::Year(chrono::Utc::now().date_naive().year()))
    } else {
        Period::parse(text).map_err(AppError::Invalid)
    }
}

async fn report_table(
    db: &sea_orm::DatabaseConnection,
    actor: Actor,
    report: Report,
    q: ReportQuery,
) -> Result<(String, String), AppError> {
    let table = match report {
        Report::RecognitionEquity(which) => {
            let unit = app::recognition::types::UnitQuery {
                region: q.region,
                site: q.site,
                department: q.department,
            }
            .parse()?;
            equity::table(db, actor, &unit, which, chrono::Utc::now()).await?
        }
        Report::TrainingAnalytics(which) => {
            let q = AnalyticsQuery {
                scenario: q.scenario,
                version: q.version,
                region: q.region,
                site: q.site,
                department: q.department,
                from: q.from,
                to: q.to,
                period: q.period,
            };
            analytics::table(db, which, &q.parse()?).await?
        }
        Report::TrainingFigures => figures::table(db, figures_period(&q.period)?).await?,
        Report::RecognitionBudget => {
            app::recognition::service::awards::budget_table(db, Some(&q.quarter)).await?
        }
        Report::EngagementFigures => {
            let settings = app::org::settings::load(db).await?;
            let today = app::org::settings::today(&settings)?;
            app::engagement::service::figures::table(db, figures_period(&q.period)?, today).await?
        }
        Report::SurveyResults | Report::SurveyHeatmap => {
            use app::engagement::service::results;
            let settings = app::org::settings::load(db).await?;
            let k = settings.threshold;
            if report == Report::SurveyResults {
                let today = app::org::settings::today(&settings)?;
                results::results_table(db, actor, &q.survey, &q.unit, segment(&q)?, today, k)
                    .await?
            } else {
                let items = q.items.trim() == "yes";
                results::heatmap_table(db, actor, &q.survey, &q.by, items, segment(&q)?, k).await?
            }
        }
        Report::RecognitionFigures => {
            app::recognition::service::figures::table(db, figures_period(&q.period)?).await?
        }
        Report::CustomerFigures => {
            app::feedback::service::table(db, figures_period(&q.period)?).await?
        }
        Report::InternalService => {
            let settings = app::org::settings::load(db).await?;
            let today = app::org::settings::today(&settings)?;
            let thresholds = (settings.threshold, settings.comment_threshold);
            app::engagement::service::internal::table(
                db, actor, &q.survey, &q.site, today, thresholds,
            )
            .await?
        }
        Report::Certificates => {
            let filter = app::training::types::RegisterQuery {
                module: q.module,
                site: q.site,
                department: q.department,
                status: q.status,
            }
            .parse()?;
            app::training::service::certificates::register_table(
                db,
                &filter,
                chrono::Utc::now().date_naive(),
            )
            .await?
        }
    };
    Ok((table.file_name.clone(), table.to_csv()?))
}

/// GET /reports/{report}.csv?...: any report as CSV, for those its permission allows.
pub async fn report_csv(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Response {
    let Some(report) = Report::parse(&file) else {
        return error(AppError::NotFound("That report".into()));
    };
    let db = state.db.clone();
    serve_for(
        &state,
        &session,
        report.permission(),
        "text/csv; charset=utf-8",
        move |actor| async move { report_table(&db, actor, report, q).await },
    )
    .await
}

/// GET /training/xapi.json?from=...&to=...&site=...: learning records as xAPI statements.
pub async fn xapi_json(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let db = state.db.clone();
    serve_file(
        &state,
        &session,
        Permission::ManageTraining,
        "application/json; charset=utf-8",
        async move { records::xapi_statements(&db, &q.parse()?.scope).await },
    )
    .await
}
