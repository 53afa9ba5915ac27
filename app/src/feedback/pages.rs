//! Guest satisfaction: one unit's CSAT, NPS and CES, its trend, how it compares, league tables
//! fair to sample size, and what guests wrote.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::feedback::api::get_customer_report;
use crate::feedback::followup_pages::FollowUpSummary;
use crate::feedback::followup_types::{RecogniseOffer, RecogniseValues};
use crate::feedback::types::{
    BreakdownRow, CommentView, CompareRow, CustomerFigures, CustomerReport, DepartmentRow, League,
    Mover, SMALL_SAMPLE,
};
use crate::recognition::api::GiveRecognition;
use crate::ui::charts::{LineChart, Series, Unit};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.0}%"))
}

fn nps(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:+.0}"))
}

fn ces(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

/// "▲ 4 pts" against the previous window, or nothing when either side has no figure.
fn change(now: Option<f64>, then: Option<f64>, digits: usize) -> String {
    match (now, then) {
        (Some(a), Some(b)) => {
            let d = a - b;
            let shown = format!("{:.*}", digits, d.abs());
            if shown.trim_start_matches(['0', '.']).is_empty() {
                "the same as the 90 days before".into()
            } else if d > 0.0 {
                format!("▲ {shown} on the 90 days before")
            } else {
                format!("▼ {shown} on the 90 days before")
            }
        }
        _ => String::new(),
    }
}

fn headline(now: CustomerFigures, then: CustomerFigures) -> impl IntoView {
    view! {
        <dl class="stats">
            <div><dt>"CSAT"</dt><dd>{pct(now.csat)}</dd>
                <p class="small muted">{format!("{} ratings · {}", now.csat_n, change(now.csat, then.csat, 0))}</p></div>
            <div><dt>"NPS"</dt><dd>{nps(now.nps)}</dd>
                <p class="small muted">{format!("{} ratings · {}", now.nps_n, change(now.nps, then.nps, 0))}</p></div>
            <div><dt>"Customer effort (1-7)"</dt><dd>{ces(now.ces)}</dd>
                <p class="small muted">{format!("{} ratings · {}", now.ces_n, change(now.ces, then.ces, 1))}</p></div>
            <div><dt>"Responses"</dt><dd>{now.responses}</dd>
                <p class="small muted">{format!("{} the 90 days before", then.responses)}</p></div>
        </dl>
    }
}

fn picker(r: &CustomerReport) -> impl IntoView + use<> {
    let current = r.unit.clone();
    let units = r.units.clone();
    view! {
        <form method="get" action="/customers" class="panel form-grid filters-form">
            <div class="field"><label for="unit">"Site, region or department"</label>
                <select id="unit" name="unit">
                    {units.into_iter().map(|(k, l)| {
                        let selected = k == current;
                        view! { <option value=k selected=selected>{l}</option> }
                    }).collect_view()}
                </select></div>
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button></div>
        </form>
    }
}

fn trend(r: &CustomerReport) -> impl IntoView + use<> {
    let labels: Vec<String> = r.months.iter().map(|m| m.month.clone()).collect();
    let csat = vec![Series {
        name: "CSAT %".into(),
        values: r.months.iter().map(|m| m.figures.csat).collect(),
    }];
    let nps_series = vec![Series {
        name: "NPS".into(),
        values: r.months.iter().map(|m| m.figures.nps).collect(),
    }];
    let rows = r.months.clone();
    let unit = r.unit_label.clone();
    view! {
        <section class="panel" aria-labelledby="trend-title">
            <div class="panel-head"><h2 id="trend-title">{format!("{unit}, month by month")}</h2>
                {r.can_download.then(|| view! {
                    <a class="button small" href="/reports/customer-figures.csv" download="">"Download the monthly figures (CSV)"</a>
                })}</div>
            <LineChart id="customer-csat" title=format!("CSAT at {unit}, last 12 months") labels=labels.clone() series=csat unit=Unit::Percent />
            <LineChart id="customer-nps" title=format!("NPS at {unit}, last 12 months") labels=labels series=nps_series />
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{format!("Guest satisfaction at {unit}, last 12 months")}</caption>
                    <thead><tr><th scope="col">"Month"</th><th scope="col" class="num">"CSAT"</th><th scope="col" class="num">"CSAT ratings"</th>
                        <th scope="col" class="num">"NPS"</th><th scope="col" class="num">"NPS ratings"</th><th scope="col" class="num">"CES"</th><th scope="col" class="num">"CES ratings"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|m| view! {
                            <tr><th scope="row">{m.month}</th><td class="num">{pct(m.figures.csat)}</td><td class="num">{m.figures.csat_n}</td>
                                <td class="num">{nps(m.figures.nps)}</td><td class="num">{m.figures.nps_n}</td>
                                <td class="num">{ces(m.figures.ces)}</td><td class="num">{m.figures.ces_n}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn weekly(r: &CustomerReport) -> impl IntoView + use<> {
    // The chart names each week by its first day; the table gives the whole week.
    let labels: Vec<String> = r
        .weeks
        .iter()
        .map(|w| w.month.split(" – ").next().unwrap_or_default().to_owned())
        .collect();
    let csat = vec![Series {
        name: "CSAT %".into(),
        values: r.weeks.iter().map(|w| w.figures.csat).collect(),
    }];
    let rows = r.weeks.clone();
    let unit = r.unit_label.clone();
    view! {
        <section class="panel" aria-labelledby="weeks-title">
            <h2 id="weeks-title">{format!("{unit}, week by week")}</h2>
            <LineChart id="customer-weeks" title=format!("CSAT at {unit}, last 13 weeks") labels=labels series=csat unit=Unit::Percent />
            <div class="table-wrap" tabindex="0">
                <table class="compact">
                    <caption>{format!("Guest satisfaction at {unit}, last 13 weeks")}</caption>
                    <thead><tr><th scope="col">"Week"</th><th scope="col" class="num">"Responses"</th><th scope="col" class="num">"CSAT"</th>
                        <th scope="col" class="num">"NPS"</th><th scope="col" class="num">"CES"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|w| view! {
                            <tr><th scope="row">{w.month}</th><td class="num">{w.figures.responses}</td><td class="num">{pct(w.figures.csat)}</td>
                                <td class="num">{nps(w.figures.nps)}</td><td class="num">{ces(w.figures.ces)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A breakdown table: each row's responses and the three measures with their ratings.
fn breakdown(caption: String, head: &'static str, rows: Vec<BreakdownRow>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="compact">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{head}</th><th scope="col" class="num">"Responses"</th><th scope="col" class="num">"CSAT"</th><th scope="col" class="num">"CSAT ratings"</th>
                    <th scope="col" class="num">"NPS"</th><th scope="col" class="num">"CES"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|b| view! {
                        <tr><th scope="row">{b.label}</th><td class="num">{b.figures.responses}</td><td class="num">{pct(b.figures.csat)}</td>
                            <td class="num">{b.figures.csat_n}</td><td class="num">{nps(b.figures.nps)}</td><td class="num">{ces(b.figures.ces)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn breakdowns(r: &CustomerReport) -> impl IntoView + use<> {
    let unit = r.unit_label.clone();
    let (channels, people) = (r.channels.clone(), r.people.clone());
    view! {
        <section class="panel" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">"By channel and by person, last 90 days"</h2>
            {if channels.is_empty() {
                view! { <p class="muted">"No responses in the last 90 days."</p> }.into_any()
            } else {
                breakdown(format!("{unit} by channel"), "Channel", channels).into_any()
            }}
            {(!people.is_empty()).then(|| view! {
                {breakdown(format!("{unit} by the person who served"), "Served by", people)}
                <p class="small muted">"Only responses that name who served the guest count here. A handful of ratings says little about one person: read the CSAT ratings column before the percentage."</p>
            })}
        </section>
    }
}

fn compare(rows: Vec<CompareRow>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="compare-title">
            <h2 id="compare-title">"Compared"</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="visually-hidden">"This unit beside the units around it, last 90 days"</caption>
                    <thead><tr><th scope="col">"Unit"</th><th scope="col" class="num">"CSAT"</th><th scope="col" class="num">"NPS"</th>
                        <th scope="col" class="num">"CES"</th><th scope="col" class="num">"Responses"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><th scope="row">{r.label}</th><td class="num">{pct(r.figures.csat)}</td><td class="num">{nps(r.figures.nps)}</td>
                                <td class="num">{ces(r.figures.ces)}</td><td class="num">{r.figures.responses}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn departments(rows: Vec<DepartmentRow>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="departments-title">
            <h2 id="departments-title">"Departments against the same department elsewhere in the region"</h2>
            <p class="small muted">"“Behind” marks a department whose CSAT is lower than its peers' by more than chance would explain (95% confidence)."</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="visually-hidden">"Departments of this site, last 90 days"</caption>
                    <thead><tr><th scope="col">"Department"</th><th scope="col" class="num">"CSAT"</th><th scope="col" class="num">"Ratings"</th>
                        <th scope="col" class="num">"Same department, other sites"</th><th scope="col" class="num">"Their ratings"</th><th scope="col" class="num">"NPS"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><th scope="row"><a href=format!("/customers?unit={}", r.key)>{r.department}</a>
                                    {r.behind.then(|| view! { " " <span class="tag warn">"behind"</span> })}</th>
                                <td class="num">{pct(r.figures.csat)}</td><td class="num">{r.figures.csat_n}</td>
                                <td class="num">{pct(r.peers.csat)}</td><td class="num">{r.peers.csat_n}</td>
                                <td class="num">{nps(r.figures.nps)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn league(l: League) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{format!("{}: sites by CSAT, last 90 days", l.region)}</caption>
                <thead><tr><th scope="col" class="num">"Rank"</th><th scope="col">"Site"</th><th scope="col" class="num">"CSAT"</th>
                    <th scope="col" class="num">"95% interval"</th><th scope="col" class="num">"Ratings"</th><th scope="col" class="num">"NPS"</th></tr></thead>
                <tbody>
                    {l.rows.into_iter().map(|r| view! {
                        <tr><td class="num">{r.rank}</td>
                            <th scope="row"><a href=format!("/customers?unit={}", r.key)>{r.site}</a>
                                {r.small.then(|| view! { " " <span class="tag">"small sample"</span> })}</th>
                            <td class="num">{format!("{:.0}%", r.csat)}</td>
                            <td class="num">{format!("{:.0}–{:.0}%", r.low, r.high)}</td>
                            <td class="num">{r.n}</td><td class="num">{nps(r.nps)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn movers(title: &'static str, none: &'static str, rows: Vec<Mover>) -> impl IntoView {
    view! {
        <h3>{title}</h3>
        {if rows.is_empty() {
            view! { <p class="empty">{none}</p> }.into_any()
        } else {
            view! {
                <ul class="plain">
                    {rows.into_iter().map(|m| view! {
                        <li><strong>{m.site}</strong>{format!(": CSAT {:.0}% → {:.0}% ({:+.0} points; {} and {} ratings)", m.before, m.after, m.change, m.before_n, m.after_n)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

fn leagues(r: &CustomerReport) -> impl IntoView + use<> {
    let ls = r.leagues.clone();
    let (up, down) = (r.improved.clone(), r.declined.clone());
    view! {
        <section class="panel" aria-labelledby="league-title">
            <h2 id="league-title">"League tables"</h2>
            <p class="small muted">{format!("Sites are ranked by the lower end of the 95% interval of their CSAT (a Wilson interval), so a site with a few perfect answers does not outrank one with hundreds of good ones. Fewer than {SMALL_SAMPLE} ratings is marked as a small sample.")}</p>
            {ls.into_iter().map(league).collect_view()}
            {movers("Most improved", "No site's CSAT rose beyond what chance would explain.", up)}
            {movers("Declining", "No site's CSAT fell beyond what chance would explain.", down)}
            <p class="small muted">"Improvement compares the last 90 days with the 90 before and lists only changes beyond noise (a two-proportion test at 95%)."</p>
        </section>
    }
}

fn comments(
    title: String,
    rows: Vec<CommentView>,
    values: RecogniseValues,
    give: ServerAction<GiveRecognition>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="comments-title">
            <h2 id="comments-title">{title}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">"No comments yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="comments">
                        {rows.into_iter().enumerate().map(|(i, c)| view! {
                            <li class:unhappy=c.unhappy>
                                <blockquote>{c.text}</blockquote>
                                <p class="small muted">{format!("{} · {} · {} · {}", c.day, c.unit, c.channel, c.ratings)}
                                    {c.served_by.map(|n| format!(" · served by {n}"))}</p>
                                {c.recognise.map(|o| recognise(i, o, &values, give))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// "Recognise" on a compliment: the person, the customer's words and a value, already filled in.
fn recognise(
    i: usize,
    o: RecogniseOffer,
    values: &RecogniseValues,
    give: ServerAction<GiveRecognition>,
) -> impl IntoView + use<> {
    let options = values.values.clone();
    let preselected = values.preselected.clone();
    let value_id = format!("recognise-value-{i}");
    let message_id = format!("recognise-message-{i}");
    let points_id = format!("recognise-points-{i}");
    view! {
        <details class="comment-form">
            <summary class="button small">{format!("Recognise {}", o.person)}</summary>
            <ActionForm action=give attr:class="stack">
                <input type="hidden" name="input[recipients][0]" value=o.person_pid />
                <input type="hidden" name="input[feedback]" value=o.response />
                <input type="hidden" name="input[request_key]" value=o.request_key />
                <input type="hidden" name="input[visibility]" value="public" />
                <div class="field">
                    <label for=value_id.clone()>"Value"</label>
                    <select id=value_id name="input[value]" required>
                        {options.into_iter().map(|v| {
                            let selected = v.id == preselected;
                            view! { <option value=v.id selected=selected>{v.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=message_id.clone()>"Message"</label>
                    <TextArea id=message_id name="input[message]" rows=3 value=o.message />
                </div>
                <div class="field">
                    <label for=points_id.clone()>"Points each (optional)"</label>
                    <input id=points_id name="input[points]" type="number" min="0" inputmode="numeric" />
                </div>
                <p class="hint">"Everyone at their site sees it, with the customer's words."</p>
                <div class="form-actions"><button type="submit" class="button primary">"Send recognition"</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    LatestOutcome::provide();
    let query = use_query_map();
    let give = ServerAction::<GiveRecognition>::new();
    let unit = Memo::new(move |_| query.with(|m| m.get("unit").unwrap_or_default()));
    let data = Resource::new(
        move || (unit.get(), give.version().get()),
        |(unit, _)| get_customer_report(unit),
    );
    view! {
        <Title text="Guest satisfaction" />
        <h1>"Guest satisfaction"</h1>
        <div class="messages" aria-live="polite">
            <Outcome value=give.value() path={<GiveRecognition as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let r = match data.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                view! {
                    <p class="lead">{format!("How guests rated {} from {}, against the 90 days before.", r.unit_label, r.window)}</p>
                    {r.can_download.then(|| view! { <p class="small">"Collect more: "<a href="/customers/import">"import a CSV export"</a>" from a survey tool, "<a href="/customers/links">"feedback links and QR codes"</a>" for customers to answer on their phones, or the "<a href="/customers/api">"Feedback API"</a>" for a kiosk, help desk or booking system."</p> })}
                    {(r.units.len() > 1).then(|| picker(&r))}
                    {r.followups.map(|counts| view! { <FollowUpSummary counts /> })}
                    <section class="panel" aria-labelledby="headline-title">
                        <h2 id="headline-title">"Last 90 days"</h2>
                        {headline(r.headline, r.previous)}
                        <p class="small muted">"CSAT is the share of ratings of 4 or 5 out of 5; NPS is the share of promoters (9-10) minus detractors (0-6); customer effort is the mean answer to “it was easy to get my issue handled”, 1-7."</p>
                    </section>
                    {trend(&r)}
                    {weekly(&r)}
                    {breakdowns(&r)}
                    {compare(r.compare.clone())}
                    {(!r.departments.is_empty()).then(|| departments(r.departments.clone()))}
                    {(!r.leagues.is_empty()).then(|| leagues(&r))}
                    {comments(r.comments_title.clone(), r.comments.clone(), r.recognise_values.clone(), give)}
                }.into_any()
            })}
        </Transition>
    }
}
