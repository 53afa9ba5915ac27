//! Survey results for one group and the heatmap of units against drivers. Every figure arrives
//! already decided by the server (`Shown`), so a hidden group can only ever render as hidden.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::engagement::api::{
    get_survey_comments, get_survey_focus, get_survey_heatmap, get_survey_results,
    get_survey_trends,
};
use crate::engagement::types::{
    CommentsView, FOCUS_MIN, FocusKind, FocusView, HeatmapView, ResultRow, ResultsView, RoleGroup,
    Score, Segment, Shown, TenureBand, TrendsView, UnitOption,
};
use crate::reporting::confidentiality::Hidden;
use crate::ui::charts::{LineChart, Series, Unit as ChartUnit};
use crate::ui::{ErrorPanel, width_class};

fn hidden_word(h: Hidden) -> &'static str {
    match h {
        Hidden::TooFew => "Hidden: too few responses",
        Hidden::Protects => "Hidden: protects a smaller group",
    }
}

fn fav(s: Shown<Score>) -> String {
    match s {
        Shown::Value(s) => format!("{:.0}%", s.favorable),
        Shown::Hidden(_) => "Hidden".into(),
        Shown::None => "—".into(),
    }
}

fn mean(s: Shown<Score>) -> String {
    s.value()
        .map_or_else(|| "—".into(), |s| format!("{:.0}", s.mean))
}

fn delta(c: Shown<f64>) -> String {
    match c {
        Shown::Value(v) if v.round() > 0.0 => format!("+{v:.0}"),
        Shown::Value(v) if v.round() < 0.0 => format!("−{:.0}", -v),
        Shown::Value(_) => "±0".into(),
        _ => "—".into(),
    }
}

fn delta_class(c: Shown<f64>) -> &'static str {
    match c.value() {
        Some(v) if v.round() >= 5.0 => "num up",
        Some(v) if v.round() <= -5.0 => "num neg",
        _ => "num",
    }
}

fn bar(s: Shown<Score>) -> impl IntoView {
    match s {
        Shown::Value(s) => {
            let fill = if s.favorable >= 70.0 {
                "fill good"
            } else if s.favorable >= 50.0 {
                "fill mid"
            } else {
                "fill low"
            };
            let class = format!("{fill} {}", width_class(s.favorable.round() as i32));
            view! { <div class="bar" aria-hidden="true"><span class=class></span></div> }.into_any()
        }
        Shown::Hidden(h) => {
            view! { <span class="tag muted-tag">{hidden_word(h)}</span> }.into_any()
        }
        Shown::None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

fn unit_select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<UnitOption>,
    current: String,
) -> impl IntoView {
    view! {
        <div class="field"><label for=id>{label}</label>
            <select id=id name=name>
                {options.into_iter().map(|o| {
                    let selected = o.key == current;
                    let text = format!("{}{}", "\u{00a0}\u{00a0}\u{00a0}".repeat(o.depth as usize), o.label);
                    view! { <option value=o.key selected=selected>{text}</option> }
                }).collect_view()}
            </select></div>
    }
}

/// The role and tenure pickers that narrow results.
fn segment_selects(seg: Segment) -> impl IntoView {
    let role = seg.role.map(RoleGroup::key).unwrap_or_default();
    let tenure = seg.tenure.map(TenureBand::key).unwrap_or_default();
    view! {
        <div class="field"><label for="role">"Role"</label>
            <select id="role" name="role">
                <option value="" selected=role.is_empty()>"Everyone"</option>
                {RoleGroup::ALL.into_iter().map(|r| view! {
                    <option value=r.key() selected=r.key() == role>{r.label()}</option>
                }).collect_view()}
            </select></div>
        <div class="field"><label for="tenure">"Tenure"</label>
            <select id="tenure" name="tenure">
                <option value="" selected=tenure.is_empty()>"Any"</option>
                {TenureBand::ALL.into_iter().map(|t| view! {
                    <option value=t.key() selected=t.key() == tenure>{t.label()}</option>
                }).collect_view()}
            </select></div>
    }
}

/// The narrowing as link parameters ("&role=staff&tenure=under_1y"; empty for everyone).
fn segment_query(seg: Segment) -> String {
    let mut out = String::new();
    if let Some(r) = seg.role {
        out.push_str(&format!("&role={}", r.key()));
    }
    if let Some(t) = seg.tenure {
        out.push_str(&format!("&tenure={}", t.key()));
    }
    out
}

/// A page link carrying the narrowing, if any.
fn narrowed_link(base: &str, narrowed: &str) -> String {
    match narrowed.strip_prefix('&') {
        Some(q) => format!("{base}?{q}"),
        None => base.to_owned(),
    }
}

/// What a narrowed view counts, said once above its figures.
fn segment_note(seg: Segment) -> impl IntoView {
    (!seg.is_everyone()).then(|| view! {
        <p class="notice info">{format!("Narrowed to {}: only answers that kept these attributes count. An attribute is dropped when someone answers if it would point to a group too small to stay anonymous, so narrowed figures can cover fewer people than the group. The whole organisation is narrowed the same way; participation is not broken down by role or tenure.", seg.label().to_lowercase())}</p>
    })
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| {
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            query.with(|q| q.get("unit").unwrap_or_default()),
            query.with(|q| q.get("role").unwrap_or_default()),
            query.with(|q| q.get("tenure").unwrap_or_default()),
        )
    });
    let data = Resource::new(
        move || key.get(),
        |(p, u, r, t)| get_survey_results(p, u, r, t),
    );
    view! {
        <Title text="Survey results" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Results v /> }.into_any(),
                    Err(e) => view! { <h1>"Survey results"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The actions planned after the previous cycle, beside the change they were meant to bring.
fn actions_cell(actions: Vec<crate::engagement::types::ActionBrief>) -> impl IntoView {
    use crate::engagement::types::ActionStatus;
    view! {
        <td class="small">
            {if actions.is_empty() {
                view! { <span class="muted">"—"</span> }.into_any()
            } else {
                view! {
                    <ul class="plain action-briefs">
                        {actions.into_iter().map(|a| {
                            let tag = match a.status {
                                ActionStatus::Done => "tag ok-tag",
                                ActionStatus::InProgress => "tag",
                                ActionStatus::Open => "tag muted-tag",
                            };
                            view! { <li>{a.text}" "<span class=tag>{a.status.label()}</span></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </td>
    }
}

fn rows_table(caption: &'static str, rows: Vec<ResultRow>, items: bool) -> impl IntoView {
    let planned = rows.iter().any(|r| !r.actions.is_empty());
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="results-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{if items { "Item" } else { "Driver" }}</th>
                    {items.then(|| view! { <th scope="col">"Driver"</th> })}
                    <th scope="col">"Favorable"</th><th scope="col" class="chart-col"><span class="visually-hidden">"Favorable, as a bar"</span></th>
                    <th scope="col">"Score (0–100)"</th>
                    {items.then(|| view! { <th scope="col" title="Answers from strongly disagree to strongly agree">"Answers 1–5"</th> })}
                    <th scope="col">"Change"</th>
                    {planned.then(|| view! { <th scope="col">"Actions since the last cycle"</th> })}
                    <th scope="col">"Whole organisation"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let name = if items { r.text.clone() } else { r.driver.label().to_owned() };
                        let spread = r.spread.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" · ");
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                {items.then(|| view! { <td class="small">{r.driver.label()}</td> })}
                                <td class="num">{fav(r.score)}</td>
                                <td class="chart-col">{bar(r.score)}</td>
                                <td class="num">{mean(r.score)}</td>
                                {items.then(|| view! { <td class="small nowrap">{if spread.is_empty() { "—".to_owned() } else { spread }}</td> })}
                                <td class=delta_class(r.change)>{delta(r.change)}</td>
                                {planned.then(|| actions_cell(r.actions.clone()))}
                                <td class="num">{fav(r.company)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Results(v: ResultsView) -> impl IntoView {
    let narrowed = segment_query(v.segment);
    let csv = format!(
        "/reports/survey-results.csv?survey={}&unit={}{narrowed}",
        v.pid, v.unit
    );
    let heat = narrowed_link(&format!("/surveys/{}/heatmap", v.pid), &narrowed);
    let comments = format!("/surveys/{}/comments?unit={}", v.pid, v.unit);
    let focus = format!("/surveys/{}/focus?unit={}", v.pid, v.unit);
    let trends = format!("/surveys/{}/trends?unit={}", v.pid, v.unit);
    let plans = format!("/surveys/{}/plans?unit={}", v.pid, v.unit);
    let plans_label = match v.plans {
        0 => "Action plans".to_owned(),
        n => format!("Action plans ({n})"),
    };
    let k = v.threshold;
    let enps = |e: Shown<(f64, u32)>| match e {
        Shown::Value((x, _)) => format!("{x:+.0}"),
        Shown::Hidden(_) => "Hidden".into(),
        Shown::None => "—".into(),
    };
    let action = format!("/surveys/{}/results", v.pid);
    view! {
        <h1>{v.title.clone()}</h1>
        <p class="lead">{format!("{} · {} · closes {}. Results for groups of at least {k} people who answered; comparisons with the previous cycle use the same items only.", v.kind.label(), v.phase.label(), v.closes_on.label())}</p>
        <form method="get" action=action class="panel form-grid filters-form">
            {unit_select("unit", "unit", "Group", v.units.clone(), v.unit.clone())}
            {segment_selects(v.segment)}
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href=heat>"Heatmap"</a>" · "<a href=focus>"Focus areas"</a>" · "<a href=trends>"Trends"</a>" · "<a href=comments>"Comments"</a>" · "<a href=plans>{plans_label}</a></div>
        </form>
        <h2>{match v.segment.label() {
            narrowed if !narrowed.is_empty() => format!("{} · {narrowed}", v.unit_label),
            _ => v.unit_label.clone(),
        }}</h2>
        {segment_note(v.segment)}
        {match v.hidden {
            Some(Hidden::TooFew) => view! {
                <p class="notice info">{format!("Not enough responses to show results for {}: results appear once at least {k} people in the group have answered, so nobody can be singled out.", v.unit_label)}</p>
            }.into_any(),
            Some(Hidden::Protects) => view! {
                <p class="notice info">{format!("Results for {} are hidden: together with the groups shown beside it, they would let a group of fewer than {k} people be worked out by subtraction.", v.unit_label)}</p>
            }.into_any(),
            None => ().into_any(),
        }}
        <dl class="stats">
            <div><dt>"Engagement (favorable)"</dt><dd>{fav(v.engagement)}</dd></div>
            <div><dt>"Change"</dt><dd>{delta(v.engagement_change)}</dd></div>
            <div><dt>"eNPS"</dt><dd>{enps(v.enps)}</dd></div>
            <div><dt>"Answered"</dt><dd>{match (v.respondents, v.asked) {
                (Some(n), Some(a)) if a > 0 => format!("{n} of {a}"),
                (Some(n), _) => n.to_string(),
                _ => "—".into(),
            }}</dd></div>
            <div><dt>{if v.segment.is_everyone() { "Whole organisation" } else { "Whole organisation, narrowed" }}</dt><dd>{format!("{} · eNPS {}", fav(v.engagement_company), enps(v.enps_company))}</dd></div>
        </dl>
        {v.previous.clone().map(|p| view! { <p class="small muted">{format!("Change compares with “{p}”.")}</p> })}
        <section class="panel" aria-labelledby="drivers-title">
            <div class="panel-head"><h2 id="drivers-title">"Drivers"</h2><a class="button small" href=csv.clone() download="">"Download CSV"</a></div>
            <p class="small muted">"Favorable is the share who agree or strongly agree; the score puts the answers on 0–100. Change is in favorable points since the previous cycle; changes of 5 points or more are highlighted."</p>
            {rows_table("Drivers for the group, with the change and the whole organisation", v.drivers.clone(), false)}
        </section>
        <section class="panel" aria-labelledby="items-title">
            <h2 id="items-title">"Items"</h2>
            {rows_table("Every item for the group", v.items.clone(), true)}
        </section>
        <section class="panel" aria-labelledby="part-title">
            <h2 id="part-title">"Participation"</h2>
            {if v.participation.is_empty() {
                let why = if v.segment.is_everyone() {
                    format!("Participation is shown only for groups in which at least {k} people are asked.")
                } else {
                    "Participation is shown for whole groups only: choose Everyone and Any tenure to see it.".to_owned()
                };
                view! { <p class="empty">{why}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <caption class="visually-hidden">"People asked and answered per group"</caption>
                            <thead><tr><th scope="col">"Group"</th><th scope="col">"Asked"</th><th scope="col">"Answered"</th><th scope="col">"Rate"</th></tr></thead>
                            <tbody>
                                {v.participation.iter().map(|(label, asked, answered)| view! {
                                    <tr><th scope="row">{label.clone()}</th><td class="num">{*asked}</td><td class="num">{*answered}</td>
                                        <td class="num">{format!("{:.0}%", f64::from(*answered) * 100.0 / f64::from((*asked).max(1)))}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn HeatmapPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| {
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            query.with(|q| q.get("by").unwrap_or_default()),
            query.with(|q| q.get("items").unwrap_or_default()),
            query.with(|q| q.get("role").unwrap_or_default()),
            query.with(|q| q.get("tenure").unwrap_or_default()),
        )
    });
    let diff = Memo::new(move |_| query.with(|q| q.get("diff").is_some_and(|d| d == "yes")));
    let data = Resource::new(
        move || key.get(),
        |(p, by, items, r, t)| get_survey_heatmap(p, by, items, r, t),
    );
    view! {
        <Title text="Survey heatmap" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Heatmap v diff=diff.get_untracked() /> }.into_any(),
                    Err(e) => view! { <h1>"Heatmap"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The colour band of a favorable % (or of a difference from the company).
fn heat_class(v: f64, diff: bool) -> String {
    if diff {
        let band = if v <= -10.0 {
            "d-2"
        } else if v <= -3.0 {
            "d-1"
        } else if v < 3.0 {
            "d0"
        } else if v < 10.0 {
            "d1"
        } else {
            "d2"
        };
        format!("heat {band}")
    } else {
        format!("heat h{}", ((v / 10.0).floor() as i32).clamp(0, 9))
    }
}

#[component]
fn Heatmap(v: HeatmapView, diff: bool) -> impl IntoView {
    let action = format!("/surveys/{}/heatmap", v.pid);
    let narrowed = segment_query(v.segment);
    let results = narrowed_link(&format!("/surveys/{}/results", v.pid), &narrowed);
    let csv = format!(
        "/reports/survey-heatmap.csv?survey={}&by={}&items={}{narrowed}",
        v.pid,
        v.by,
        if v.items { "yes" } else { "no" }
    );
    let company = v.company.clone();
    let cell = move |i: usize, s: Shown<f64>| -> AnyView {
        match s {
            Shown::Value(x) => {
                let base = company.get(i).and_then(|c| c.value());
                match (diff, base) {
                    (true, Some(b)) => {
                        let d = x - b;
                        view! { <td class=heat_class(d, true)>{format!("{d:+.0}")}</td> }.into_any()
                    }
                    _ => {
                        view! { <td class=heat_class(x, false)>{format!("{x:.0}")}</td> }.into_any()
                    }
                }
            }
            Shown::Hidden(h) => {
                view! { <td class="heat hidden-cell" title=hidden_word(h)>"Hidden"</td> }.into_any()
            }
            Shown::None => view! { <td class="heat">"—"</td> }.into_any(),
        }
    };
    let cell2 = cell.clone();
    view! {
        <h1>{format!("Heatmap: {}", v.title)}</h1>
        <p class="lead">{format!("Favorable % per group, for groups of at least {} people who answered. Hidden cells are hidden on purpose: too few responses, or showing them would let a smaller group be worked out.", v.threshold)}</p>
        <form method="get" action=action class="panel form-grid filters-form">
            {unit_select("by", "by", "Rows", v.by_options.clone(), v.by.clone())}
            <div class="field"><label for="items">"Columns"</label>
                <select id="items" name="items">
                    <option value="no" selected=!v.items>"Drivers"</option>
                    <option value="yes" selected=v.items>"Items"</option>
                </select></div>
            <div class="field"><label for="diff">"Cells show"</label>
                <select id="diff" name="diff">
                    <option value="no" selected=!diff>"Favorable %"</option>
                    <option value="yes" selected=diff>"Difference from the whole organisation"</option>
                </select></div>
            {segment_selects(v.segment)}
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href=results>"Results"</a></div>
        </form>
        {segment_note(v.segment)}
        <section class="panel" aria-labelledby="heat-title">
            <div class="panel-head"><h2 id="heat-title">{if diff { "Difference from the whole organisation (points)" } else { "Favorable %" }}</h2>
                <a class="button small" href=csv download="">"Download CSV"</a></div>
            <div class="table-wrap" tabindex="0">
                <table class="heatmap">
                    <caption class="visually-hidden">"Groups against drivers, favorable % in each cell"</caption>
                    <thead><tr><th scope="col">"Group"</th><th scope="col">"Answered"</th>
                        {v.columns.iter().map(|c| view! { <th scope="col" class="heat-col"><span>{c.clone()}</span></th> }).collect_view()}</tr></thead>
                    <tbody>
                        <tr class="company-row"><th scope="row">"Whole organisation"</th><td></td>
                            {v.company.iter().map(|s| match s {
                                Shown::Value(x) => view! { <td class=heat_class(*x, false)>{format!("{x:.0}")}</td> }.into_any(),
                                Shown::Hidden(h) => view! { <td class="heat hidden-cell" title=hidden_word(*h)>"Hidden"</td> }.into_any(),
                                Shown::None => view! { <td class="heat">"—"</td> }.into_any(),
                            }).collect_view()}</tr>
                        {v.rows.into_iter().map(|r| {
                            let cell = cell2.clone();
                            view! {
                                <tr><th scope="row">{r.label.clone()}</th>
                                    <td class="num">{match r.respondents { Shown::Value(n) => n.to_string(), _ => "—".into() }}</td>
                                    {r.cells.into_iter().enumerate().map(|(i, s)| cell(i, s)).collect_view()}</tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="small muted">{if diff { "Green: above the whole organisation; red: below." } else { "Darker green: more favorable; red: less." }}</p>
        </section>
    }
}

#[component]
pub fn CommentsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| {
        let q = |k: &str| query.with(|m| m.get(k).unwrap_or_default());
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            q("unit"),
            q("about"),
            q("search"),
        )
    });
    let data = Resource::new(
        move || key.get(),
        |(p, unit, about, search)| get_survey_comments(p, unit, about, search),
    );
    view! {
        <Title text="Survey comments" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Comments v /> }.into_any(),
                    Err(e) => view! { <h1>"Comments"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Comments(v: CommentsView) -> impl IntoView {
    let action = format!("/surveys/{}/comments", v.pid);
    let results = format!("/surveys/{}/results?unit={}", v.pid, v.unit);
    let k = v.threshold;
    let shown = v.comments.len();
    view! {
        <h1>{format!("Comments: {}", v.title)}</h1>
        <p class="notice info">{format!("Comments are anonymous: they carry no name, no time and no link to anyone's answers, and are listed in no particular order. They are shown only for groups of at least {k} people who answered.")}</p>
        <form method="get" action=action class="panel form-grid filters-form">
            {unit_select("unit", "unit", "Group", v.units.clone(), v.unit.clone())}
            <div class="field"><label for="about">"About"</label>
                <select id="about" name="about">
                    <option value="" selected=v.about.is_empty()>"Everything"</option>
                    {v.abouts.iter().map(|(key, label)| {
                        let selected = *key == v.about;
                        view! { <option value=key.clone() selected=selected>{label.clone()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="field"><label for="search">"Containing"</label>
                <input id="search" name="search" type="search" value=v.search.clone() maxlength="100" /></div>
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href=results>"Results"</a></div>
        </form>
        <h2>{v.unit_label.clone()}</h2>
        {match v.hidden {
            Some(_) => view! {
                <p class="notice info">{format!("Not enough responses to show comments for {}: comments appear once at least {k} people in the group have answered, and only where no smaller group could be worked out.", v.unit_label)}</p>
            }.into_any(),
            None if v.total == 0 => view! { <p class="empty">"Nobody in this group left a comment."</p> }.into_any(),
            None if shown == 0 => view! { <p class="empty">"No comment matches; clear the filters to see all of them."</p> }.into_any(),
            None => view! {
                <p class="small muted">{format!("{shown} of {} comments", v.total)}</p>
                <ul class="survey-comments">
                    {v.comments.into_iter().map(|c| view! {
                        <li class="panel"><p class="small muted">{c.about}</p><p class="comment-body">{c.text}</p></li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// The page frame shared by focus areas and trends: the unit picker and the way back.
fn insight_form(
    pid: &str,
    page: &'static str,
    units: Vec<UnitOption>,
    unit: String,
) -> impl IntoView + use<> {
    let action = format!("/surveys/{pid}/{page}");
    let results = format!("/surveys/{pid}/results?unit={unit}");
    view! {
        <form method="get" action=action class="panel form-grid filters-form">
            {unit_select("unit", "unit", "Group", units, unit)}
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href=results>"Results"</a></div>
        </form>
    }
}

fn unit_page_key() -> Memo<(String, String)> {
    let params = use_params_map();
    let query = use_query_map();
    Memo::new(move |_| {
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            query.with(|q| q.get("unit").unwrap_or_default()),
        )
    })
}

#[component]
pub fn FocusPage() -> impl IntoView {
    let key = unit_page_key();
    let data = Resource::new(move || key.get(), |(p, u)| get_survey_focus(p, u));
    view! {
        <Title text="Focus areas" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Focus v /> }.into_any(),
                    Err(e) => view! { <h1>"Focus areas"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Focus(v: FocusView) -> impl IntoView {
    let k = v.threshold;
    view! {
        <h1>{format!("Focus areas: {}", v.title)}</h1>
        <p class="lead">"Which drivers matter most to engagement here, and how they score. Impact is the correlation, across the people who answered, between their answers on a driver and on the engagement items: a driver with high impact and a low score is where action moves engagement most."</p>
        {insight_form(&v.pid, "focus", v.units.clone(), v.unit.clone())}
        <h2>{v.unit_label.clone()}</h2>
        {match (v.hidden, v.respondents) {
            (Some(_), _) => view! { <p class="notice info">{format!("Not enough responses to show results for {}: at least {k} people in the group must have answered, and no smaller group may be worked out.", v.unit_label)}</p> }.into_any(),
            (None, Some(n)) if n < FOCUS_MIN => view! { <p class="notice info">{format!("{n} people answered here. Impact needs at least {FOCUS_MIN} to mean something; choose a larger group.")}</p> }.into_any(),
            _ if v.rows.is_empty() => view! { <p class="empty">"This survey does not ask the engagement items, so impact cannot be worked out."</p> }.into_any(),
            (_, n) => view! {
                <p class="small muted">{format!("n = {} people who answered. Strength: impact and score both at or above the middle of this group's drivers; focus area: impact at or above the middle, score below it.", n.unwrap_or(0))}</p>
                <div class="table-wrap" tabindex="0">
                    <table class="results-table">
                        <caption class="visually-hidden">"Drivers by impact on engagement, with their scores"</caption>
                        <thead><tr><th scope="col">"Driver"</th><th scope="col">"Where it stands"</th><th scope="col">"Impact (r)"</th>
                            <th scope="col" class="chart-col"><span class="visually-hidden">"Impact, as a bar"</span></th><th scope="col">"Favorable"</th><th scope="col">"p"</th><th scope="col">"n"</th></tr></thead>
                        <tbody>
                            {v.rows.into_iter().map(|r| {
                                let tag = match r.kind {
                                    FocusKind::Strength => "tag ok-tag",
                                    FocusKind::FocusArea => "tag overdue",
                                    FocusKind::LowerImpact => "tag muted-tag",
                                };
                                let width = width_class((r.impact.max(0.0) * 100.0).round() as i32);
                                view! {
                                    <tr>
                                        <th scope="row">{r.driver.label()}</th>
                                        <td><span class=tag>{r.kind.label()}</span></td>
                                        <td class="num">{format!("{:.2}", r.impact)}</td>
                                        <td class="chart-col"><div class="bar" aria-hidden="true"><span class=format!("fill mid {width}")></span></div></td>
                                        <td class="num">{format!("{:.0}%", r.score)}</td>
                                        <td class="num">{if r.p < 0.001 { "< 0.001".to_owned() } else { format!("{:.3}", r.p) }}</td>
                                        <td class="num">{r.n}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

#[component]
pub fn TrendsPage() -> impl IntoView {
    let key = unit_page_key();
    let data = Resource::new(move || key.get(), |(p, u)| get_survey_trends(p, u));
    view! {
        <Title text="Survey trends" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Trends v /> }.into_any(),
                    Err(e) => view! { <h1>"Trends"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Trends(v: TrendsView) -> impl IntoView {
    let series: Vec<Series> = v
        .drivers
        .iter()
        .map(|(name, values)| Series {
            name: name.clone(),
            values: values.clone(),
        })
        .collect();
    let cycles = v.cycles.clone();
    view! {
        <h1>{format!("Trends: {}", v.title)}</h1>
        <p class="lead">{format!("Favorable % in every survey that asked the same item versions, for groups of at least {} people who answered. A gap means the group was hidden that time, or the items were not asked.", v.threshold)}</p>
        {insight_form(&v.pid, "trends", v.units.clone(), v.unit.clone())}
        <h2>{v.unit_label.clone()}</h2>
        <section class="panel">
            <LineChart id="survey-trend" title=format!("Engagement and drivers, {}", v.unit_label) labels=cycles.clone() series unit=ChartUnit::Percent />
        </section>
        <section class="panel" aria-labelledby="item-trends">
            <h2 id="item-trends">"Items"</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="visually-hidden">"Favorable % per item in each survey"</caption>
                    <thead><tr><th scope="col">"Item"</th>{cycles.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {v.items.into_iter().map(|(text, values)| view! {
                            <tr><th scope="row">{text}</th>
                                {values.into_iter().map(|x| view! { <td class="num">{x.map_or_else(|| "—".to_owned(), |x| format!("{x:.0}%"))}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
