//! Training analytics for HR and admins: what people chose at every step, and skills per group over time.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::policy::{Permission, role_allows};
use crate::training::api::{get_analytics_options, get_scenario_analytics, get_skill_heatmap};
use crate::training::pages::{ending_tag, width_class};
use crate::training::rules::analytics::{Figures, HeatRow};
use crate::training::rules::model::Skill;
use crate::training::types::{AnalyticsOptions, AnalyticsQuery};
use crate::ui::charts::{HeatCell, Heatmap, Histogram};
use crate::ui::{ErrorPanel, use_session_user};
use crate::ui::{PeriodFields, select};

fn query_string(q: &AnalyticsQuery) -> String {
    let enc = crate::ui::text::url_encode;
    format!(
        "scenario={}&version={}&region={}&site={}&department={}&period={}&from={}&to={}",
        enc(&q.scenario),
        q.version,
        enc(&q.region),
        enc(&q.site),
        enc(&q.department),
        enc(&q.period),
        enc(&q.from),
        enc(&q.to)
    )
}

#[component]
fn Filters(o: AnalyticsOptions, q: AnalyticsQuery) -> impl IntoView {
    let scenario = if q.scenario.is_empty() {
        o.scenarios
            .first()
            .map(|s| s.id.clone())
            .unwrap_or_default()
    } else {
        q.scenario.clone()
    };
    let versions: Vec<i32> = o
        .versions
        .iter()
        .filter(|(s, _)| *s == scenario)
        .map(|(_, v)| *v)
        .collect();
    view! {
        <form method="get" action="/training/analytics" class="panel form-grid filters-form">
            <div class="field"><label for="scenario">"Scenario"</label>
                <select id="scenario" name="scenario">
                    {o.scenarios.into_iter().map(|n| { let sel = n.id == scenario; view! { <option value=n.id selected=sel>{n.name}</option> } }).collect_view()}
                </select></div>
            <div class="field"><label for="version">"Version"</label>
                <select id="version" name="version">
                    <option value="0">"Latest"</option>
                    {versions.into_iter().map(|v| view! { <option value=v.to_string() selected=v == q.version>{format!("Version {v}")}</option> }).collect_view()}
                </select></div>
            {select("region", "Region", "All regions", o.regions, q.region.clone())}
            {select("site", "Site", "All sites", o.sites, q.site.clone())}
            {select("department", "Department", "All departments", o.departments, q.department.clone())}
            <PeriodFields periods=o.periods period=q.period.clone() from=q.from.clone() to=q.to.clone() empty="All time (skills: last 90 days)" />
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href="/training/analytics">"Clear filters"</a></div>
        </form>
    }
}

fn csv_link(table: &str, label: &'static str, q: &AnalyticsQuery) -> impl IntoView {
    view! { <a class="button small" href=format!("/reports/training-{table}.csv?{}", query_string(q)) download="">{label}</a> }
}

fn figures_view(f: Figures, people: usize, q: &AnalyticsQuery) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <div class="panel-head"><h2 id="summary-title">"Summary"</h2>{csv_link("summary", "Download CSV", q)}</div>
            <dl class="stats">
                <div><dt>"People"</dt><dd>{people}</dd></div>
                <div><dt>"Attempts"</dt><dd>{f.attempts}</dd></div>
                <div><dt>"Completion"</dt><dd>{f.completion} "%"</dd></div>
                <div><dt>"Average score"</dt><dd>{f.average.map(|a| format!("{a:.0}")).unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <p>{f.endings.iter().map(|(e, n)| view! { {ending_tag(*e)} " " {*n} " " }).collect_view()}</p>
            <Histogram id="score-histogram" title="Scores of finished attempts".into() counted="Attempts"
                bins=f.histogram.iter().enumerate().map(|(i, n)| {
                    let band = if i == 9 { "90-100".to_owned() } else { format!("{}-{}", i * 10, i * 10 + 9) };
                    (band, *n)
                }).collect() />
        </section>
        <section class="panel" aria-labelledby="funnel-title">
            <div class="panel-head"><h2 id="funnel-title">"Choices at every step"</h2>
                <span>{csv_link("steps", "Steps CSV", q)} " " {csv_link("choices", "Choices CSV", q)}</span></div>
            <p class="small muted">"Steps in the order they are written. “Reached” counts attempts that got to the step; “dropped” counts unfinished attempts that stopped there."</p>
            <ol class="funnel">
                {f.steps.into_iter().map(|st| view! {
                    <li class:unreached={st.reached == 0}>
                        <div class="panel-head">
                            <h3><code>{st.id.clone()}</code> {st.ending.map(ending_tag)}</h3>
                            <span class="small">{st.reached} " reached" {(st.dropped > 0).then(|| view! { <span class="tag overdue">{st.dropped} " dropped out"</span> })}</span>
                        </div>
                        <p class="small muted">{st.narration.clone()}</p>
                        {(!st.choices.is_empty()).then(|| view! {
                            <table class="choices-table">
                                <thead><tr><th scope="col">"Choice"</th><th scope="col" class="num">"Picked"</th><th scope="col">"Share"</th></tr></thead>
                                <tbody>
                                    {st.choices.into_iter().map(|c| view! {
                                        <tr><td>{c.text}</td><td class="num">{c.count}</td>
                                            <td class="bar-cell"><div class="meter-head small"><span></span><span class="num">{c.percent} "%"</span></div>
                                                <div class="bar"><span class=format!("fill good {}", width_class(c.percent as i32))></span></div></td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

fn heatmap_view(rows: Vec<HeatRow>, by: String, title: String) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No finished attempts in this period."</p> }.into_any();
    }
    let cells = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| match c.score {
                    Some(v) => HeatCell {
                        value: Some(f64::from(v)),
                        note: c.change.map(|d| {
                            if d >= 0 {
                                format!("▲{d}")
                            } else {
                                format!("▼{}", -d)
                            }
                        }),
                    },
                    None if c.people > 0 => HeatCell {
                        value: None,
                        note: Some("hidden".into()),
                    },
                    None => HeatCell::default(),
                })
                .collect()
        })
        .collect();
    view! {
        <Heatmap id="skills-heatmap" title rows=rows.into_iter().map(|r| r.group).collect()
            columns=Skill::ALL.iter().map(|k| k.label().to_owned()).collect() cells />
        <p class="small muted">{format!("Rows are {}s; “hidden” marks a group under the threshold or one that would give a smaller group away.", by.to_lowercase())}</p>
    }
    .into_any()
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| AnalyticsQuery {
            scenario: m.get("scenario").unwrap_or_default(),
            version: m.get("version").and_then(|v| v.parse().ok()).unwrap_or(0),
            region: m.get("region").unwrap_or_default(),
            site: m.get("site").unwrap_or_default(),
            department: m.get("department").unwrap_or_default(),
            from: m.get("from").unwrap_or_default(),
            to: m.get("to").unwrap_or_default(),
            period: m.get("period").unwrap_or_default(),
        })
    });
    let options = Resource::new(|| (), |_| get_analytics_options());
    let data = Resource::new(
        move || q.get(),
        move |q| async move {
            // Without a scenario chosen the server reports on the first; with none at all, no report.
            let report = match get_scenario_analytics(q.clone()).await {
                Ok(r) => Some(r),
                Err(crate::error::AppError::NotFound(_)) if q.scenario.is_empty() => None,
                Err(e) => return Err(e),
            };
            let mut q = q;
            if let Some(r) = &report {
                q.scenario = r.slug.clone();
            }
            let heat = get_skill_heatmap(q.clone()).await?;
            Ok::<_, crate::error::AppError>((q, report, heat))
        },
    );
    view! {
        <Title text="Training analytics" />
        <div class="page-head"><h1>"Training analytics"</h1><a href="/training/manage">"Training administration"</a></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (o, (q, report, heat)) = match (options.await, data.await) {
                    (Ok(o), Ok(d)) => (o, d),
                    (Err(e), _) | (_, Err(e)) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let admin = use_session_user()
                    .await
                    .is_some_and(|u| role_allows(u.role, Permission::ManagePolicies));
                let k = o.threshold;
                view! {
                    <Filters o q=q.clone() />
                    {match report {
                        Some(r) => {
                            let people = r.analysis.people;
                            view! {
                                <h2>{r.title.clone()} <span class="muted">" · version " {r.version}</span></h2>
                                {match r.analysis.figures {
                                    Some(f) => figures_view(f, people, &q).into_any(),
                                    None if r.protects => view! { <p class="notice error" role="status">
                                        {format!("{} played this version in the chosen group and period, but its results are hidden: beside the groups that are shown, they would let a group of fewer than {} people be worked out by subtraction.", crate::ui::text::people_count(people as u64), r.threshold)}
                                    </p> }.into_any(),
                                    None => view! { <p class="notice error" role="status">
                                        {format!("{people} {} played this version in the chosen group and period. Results for fewer than {} people are not shown, so that nobody's choices can be singled out.", if people == 1 { "person has" } else { "people have" }, r.threshold)}
                                    </p> }.into_any(),
                                }}
                            }.into_any()
                        }
                        None => view! { <p class="empty">"There are no scenarios yet."</p> }.into_any(),
                    }}
                    <section class="panel" aria-labelledby="heat-title">
                        <div class="panel-head"><h2 id="heat-title">"Skills by " {heat.by.to_lowercase()}</h2>{csv_link("skills", "Download CSV", &q)}</div>
                        <p class="small muted">{format!("Mean skill scores of finished attempts, {} to {}; ▲▼ is the change from the period of the same length before. Groups of fewer than {} people are hidden, and so is any cell that could otherwise be worked out from its site and the departments shown.", heat.from, heat.to, heat.threshold)}</p>
                        {heatmap_view(heat.rows, heat.by.clone(), format!("Mean skill score by {}, {} to {}", heat.by.to_lowercase(), heat.from, heat.to))}
                    </section>
                    <section class="panel" aria-labelledby="xapi-title">
                        <h2 id="xapi-title">"Learning records (xAPI)"</h2>
                        <p>"Every attempt and every choice of the chosen region, site or department and period (all scenarios) as xAPI 1.0.3 statements, to load into a learning record store. Statement ids are stable, so downloading the same period again does not create duplicates there."</p>
                        <a class="button" href=format!("/training/xapi.json?{}", query_string(&AnalyticsQuery { scenario: String::new(), version: 0, ..q.clone() })) download="">"Download statements (JSON)"</a>
                    </section>
                    <section class="panel" aria-labelledby="k-title">
                        <h2 id="k-title">"Confidentiality threshold"</h2>
                        <p>
                            {format!("Results for groups of fewer than {k} people are hidden in every report, and so is any group whose figures could be worked out by subtracting the groups shown from the one above them. ")}
                            {admin.then(|| view! { <a href="/admin/settings">"Change the threshold in Settings"</a> })}
                        </p>
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}
