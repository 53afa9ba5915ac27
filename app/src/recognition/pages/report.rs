//! The recognition report: who is being recognised and who is not yet (HR for everyone, managers
//! for their own people), and for HR each unit's recognition month by month.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::recognition_report;
use crate::recognition::equity::{Equity, EquityGroup, EquityPerson, QuietManager};
use crate::recognition::types::{EquityReport, RecognitionTrend, UnitQuery};
use crate::ui::charts::{Bar, BarChart, LineChart, Series, Unit};
use crate::ui::{ErrorPanel, select};

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.0}%"))
}

fn csv_link(table: &str, q: &UnitQuery) -> impl IntoView + use<> {
    view! {
        <a class="button small" href=format!("/reports/recognition-equity-{table}.csv?{}", q.query_string()) download="">"Download CSV"</a>
    }
}

fn ago(days: Option<i64>, day: Option<String>) -> String {
    match (days, day) {
        (Some(0), _) => "today".into(),
        (Some(1), _) => "yesterday".into(),
        (Some(d), Some(day)) => format!("{day} ({d} days ago)"),
        _ => "not yet".into(),
    }
}

fn person_link(pid: String, name: String) -> impl IntoView {
    view! { <a href=format!("/people/{pid}")>{name}</a> }
}

#[component]
fn Filters(r: EquityReport, q: UnitQuery) -> impl IntoView {
    view! {
        <form method="get" action="/recognition/report" class="panel form-grid filters-form">
            {select("region", "Region", "All regions", r.regions, q.region.clone())}
            {select("site", "Site", "All sites", r.sites, q.site.clone())}
            {select("department", "Department", "All departments", r.departments, q.department.clone())}
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href="/recognition/report">"Clear filters"</a></div>
        </form>
    }
}

fn summary(e: &Equity) -> impl IntoView + use<> {
    let overlooked = e.rows.iter().filter(|r| r.overlooked).count();
    view! {
        <dl class="stats">
            <div><dt>"People"</dt><dd>{e.people}</dd></div>
            <div><dt>"Recognised in the last 30 days"</dt><dd>{percent(e.recognised_30)}</dd></div>
            <div><dt>"Recognised in the last 90 days"</dt><dd>{percent(e.recognised_90)}</dd></div>
            <div><dt>"Not yet recognised in 60 days"</dt><dd>{overlooked}</dd></div>
            <div><dt>"Managers quiet for 30 days"</dt><dd>{e.quiet.len()}</dd></div>
        </dl>
        <p>{match e.top_share {
            Some(share) => format!(
                "Over the last 90 days, {} recognitions went to these people. The most recognised tenth of them ({}) received {share:.0}% of those: {}.",
                e.received_90,
                crate::ui::text::people_count(u64::from(e.top_people)),
                if share >= 50.0 { "recognition is concentrated on a few; look at who is left out" }
                else if share >= 25.0 { "somewhat concentrated" }
                else { "spread widely" }
            ),
            None => "Nobody here has been recognised in the last 90 days.".into(),
        }}</p>
    }
}

fn overlooked_view(rows: Vec<EquityPerson>, q: &UnitQuery) -> impl IntoView + use<> {
    let rows: Vec<EquityPerson> = rows.into_iter().filter(|r| r.overlooked).collect();
    view! {
        <section class="panel" aria-labelledby="overlooked-title">
            <div class="panel-head"><h2 id="overlooked-title">"Not yet recognised in 60 days"</h2>{csv_link("people", q)}</div>
            <p class="small muted">"Nobody on this list has done anything wrong. These are people whose good work nobody has named for two months or more: a word with their manager, or a thank-you for something you have seen, may be all it takes. People who joined in the last 60 days are not listed."</p>
            {if rows.is_empty() {
                view! { <p class="empty">"Everyone here has been recognised in the last 60 days."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <caption class="visually-hidden">"People not recognised in the last 60 days"</caption>
                            <thead><tr><th scope="col">"Person"</th><th scope="col">"Site"</th><th scope="col">"Department"</th><th scope="col">"Manager"</th><th scope="col">"Last recognised"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr><th scope="row">{person_link(r.pid, r.name)}</th><td>{r.site}</td><td>{r.department}</td><td>{r.manager}</td>
                                        <td>{ago(r.days_since, r.last_received)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn quiet_view(rows: Vec<QuietManager>, q: &UnitQuery) -> impl IntoView + use<> {
    view! {
        <section class="panel" aria-labelledby="quiet-title">
            <div class="panel-head"><h2 id="quiet-title">"Managers who have not recognised their team in 30 days"</h2>{csv_link("managers", q)}</div>
            <p class="small muted">"Managers with direct reports who have not thanked or awarded any of them in the last 30 days. Busy months happen; a reminder usually helps."</p>
            {if rows.is_empty() {
                view! { <p class="empty">"Every manager here has recognised someone in their team in the last 30 days."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <caption class="visually-hidden">"Managers who have not recognised their direct reports in 30 days"</caption>
                            <thead><tr><th scope="col">"Manager"</th><th scope="col">"Site"</th><th scope="col" class="num">"Direct reports"</th><th scope="col">"Last recognised one of them"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|m| view! {
                                    <tr><th scope="row">{person_link(m.pid, m.name)}</th><td>{m.site}</td><td class="num">{m.team}</td>
                                        <td>{ago(m.days_since, m.last_recognised_team)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn groups_table(
    caption: &'static str,
    by: &'static str,
    groups: Vec<EquityGroup>,
) -> impl IntoView + use<> {
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{by}</th><th scope="col" class="num">"People"</th><th scope="col" class="num">"Recognised in 90 days"</th>
                    <th scope="col" class="num">"Recognitions per person, 90 days"</th><th scope="col" class="num">"Not yet recognised in 60 days"</th></tr></thead>
                <tbody>
                    {groups.into_iter().map(|g| view! {
                        <tr><th scope="row">{g.label}</th><td class="num">{g.people}</td><td class="num">{format!("{:.0}%", g.recognised_90)}</td>
                            <td class="num">{format!("{:.1}", g.per_person_90)}</td><td class="num">{g.overlooked}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn groups_view(e: &Equity, q: &UnitQuery) -> impl IntoView + use<> {
    let bars = e
        .by_site
        .iter()
        .map(|g| Bar {
            label: g.label.clone(),
            value: Some(g.recognised_90),
        })
        .collect::<Vec<_>>();
    let several_sites = e.by_site.len() > 1;
    view! {
        <section class="panel" aria-labelledby="groups-title">
            <div class="panel-head"><h2 id="groups-title">"By site, department and role"</h2>{csv_link("groups", q)}</div>
            {several_sites.then(|| view! {
                <BarChart id="equity-sites" title="People recognised in the last 90 days, by site".into() measure="Recognised in 90 days" bars unit=Unit::Percent />
            })}
            {groups_table("By site", "Site", e.by_site.clone())}
            {groups_table("By department", "Department", e.by_department.clone())}
            {groups_table("By role", "Role", e.by_role.clone())}
        </section>
    }
}

fn everyone_view(rows: Vec<EquityPerson>, q: &UnitQuery) -> impl IntoView + use<> {
    let mut rows = rows;
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    view! {
        <section class="panel" aria-labelledby="everyone-title">
            <div class="panel-head"><h2 id="everyone-title">"Everyone"</h2>{csv_link("people", q)}</div>
            <details>
                <summary>{format!("Recognition received and given by each of the {} people", rows.len())}</summary>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <caption class="visually-hidden">"Recognition per person"</caption>
                        <thead><tr><th scope="col">"Person"</th><th scope="col">"Site"</th><th scope="col">"Role"</th>
                            <th scope="col" class="num">"Received, 30 days"</th><th scope="col" class="num">"Received, 90 days"</th><th scope="col" class="num">"Given, 30 days"</th><th scope="col">"Last recognised"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr><th scope="row">{person_link(r.pid, r.name)} {r.new_starter.then(|| view! { " " <span class="tag">"new"</span> })}</th>
                                    <td>{r.site}</td><td>{r.role}</td>
                                    <td class="num">{r.received_30}</td><td class="num">{r.received_90}</td><td class="num">{r.given_30}</td>
                                    <td>{ago(r.days_since, r.last_received)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "hidden".into(), |v| format!("{v:.0}"))
}

fn trend_view(t: RecognitionTrend, k_note: String) -> impl IntoView + use<> {
    let counts = vec![
        Series {
            name: "Recognitions received".into(),
            values: t.rows.iter().map(|r| r.recognitions).collect(),
        },
        Series {
            name: "Recognitions given".into(),
            values: t.rows.iter().map(|r| r.given).collect(),
        },
    ];
    let mut shares = vec![Series {
        name: t.unit.clone(),
        values: t.rows.iter().map(|r| r.recognised).collect(),
    }];
    shares.extend(t.parts.iter().map(|(name, values)| Series {
        name: name.clone(),
        values: values.clone(),
    }));
    let values: Vec<Bar> = t
        .values
        .iter()
        .map(|(name, v)| Bar {
            label: name.clone(),
            value: *v,
        })
        .collect();
    let figures_csv = format!(
        "/reports/recognition-figures.csv?period={}",
        crate::ui::text::url_encode(&t.period)
    );
    view! {
        <section class="panel" aria-labelledby="trend-title">
            <div class="panel-head"><h2 id="trend-title">{format!("{} month by month", t.unit)}</h2>
                <a class="button small" href=figures_csv download="">"Download the monthly figures (CSV)"</a></div>
            <p class="small muted">{k_note}</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{format!("Recognition at {}, last 12 months", t.unit)}</caption>
                    <thead><tr><th scope="col">"Month"</th><th scope="col" class="num">"People"</th><th scope="col" class="num">"Recognitions received"</th>
                        <th scope="col" class="num">"People recognised"</th><th scope="col" class="num">"Points received"</th><th scope="col" class="num">"Recognitions given"</th></tr></thead>
                    <tbody>
                        {t.rows.iter().cloned().map(|r| view! {
                            <tr><th scope="row">{r.month}</th><td class="num">{r.people.map_or_else(|| "hidden".into(), |n| n.to_string())}</td>
                                <td class="num">{number(r.recognitions)}</td><td class="num">{r.recognised.map_or_else(|| "hidden".into(), |v| format!("{v:.0}%"))}</td>
                                <td class="num">{number(r.points)}</td><td class="num">{number(r.given)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <LineChart id="trend-counts" title=format!("Recognitions at {}, per month", t.unit) labels=t.months.clone() series=counts />
            <LineChart id="trend-share" title=if t.parts.is_empty() { format!("Share of people recognised at {}, per month", t.unit) } else { format!("Share of people recognised, {} and its {}", t.unit, t.parts_label.to_lowercase()) }
                labels=t.months.clone() series=shares unit=Unit::Percent />
            <BarChart id="trend-values" title=format!("Values named at {}, last 12 months", t.unit) measure="Recognitions" bars=values />
        </section>
    }
}

#[component]
pub fn RecognitionReportPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| UnitQuery {
            region: m.get("region").unwrap_or_default(),
            site: m.get("site").unwrap_or_default(),
            department: m.get("department").unwrap_or_default(),
        })
    });
    let data = Resource::new(move || q.get(), recognition_report);
    view! {
        <Title text="Recognition report" />
        <p><a href="/recognition">"Recognition"</a></p>
        <h1>"Recognition report"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let r = match data.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let q = q.get_untracked();
                let e = r.equity.equity.clone();
                let whom = match (r.equity.whole_organisation, r.equity.unit.is_empty()) {
                    (true, true) => "everyone".to_owned(),
                    (true, false) => format!("everyone at {}", r.equity.unit),
                    (false, true) => "your people".to_owned(),
                    (false, false) => format!("your people at {}", r.equity.unit),
                };
                view! {
                    <p class="lead">{format!("Who is being recognised and who is not yet, for {whom}, as of {}. Use it to spot good work nobody has named, not to rank people.", r.equity.as_of)}</p>
                    <Filters r=r.equity.clone() q=q.clone() />
                    <section class="panel" aria-labelledby="summary-title">
                        <h2 id="summary-title">"Summary"</h2>
                        {summary(&e)}
                    </section>
                    {overlooked_view(e.rows.clone(), &q)}
                    {quiet_view(e.quiet.clone(), &q)}
                    {groups_view(&e, &q)}
                    {everyone_view(e.rows.clone(), &q)}
                    {r.trend.map(|t| trend_view(t, "Months of groups with fewer people than the confidentiality threshold, or that would let such a group be worked out, are shown as hidden, as in every report.".into()))}
                }.into_any()
            })}
        </Transition>
    }
}
