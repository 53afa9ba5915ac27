//! The internal-service survey: its answer form (each department rates the departments it
//! works with) and its results (what each department receives, and who rates whom).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::engagement::api::get_survey_internal;
use crate::engagement::types::{
    EASE_MAX, InternalView, QUALITY_MAX, RatingTarget, Reach, Shown, ease_key, quality_key,
    rating_key,
};
use crate::reporting::confidentiality::Hidden;
use crate::ui::{ErrorPanel, TextArea};

const QUALITY_WORDS: [&str; 5] = ["Poor", "Fair", "Good", "Very good", "Excellent"];

fn scale_choices(
    name: String,
    prefix: String,
    max: i32,
    word: impl Fn(i32) -> String,
) -> impl IntoView {
    let none_id = format!("{prefix}-none");
    let none_for = none_id.clone();
    view! {
        <div class="scale scale-rate">
            <label for=none_for class="not-rated"><input type="radio" id=none_id name=name.clone() value="" checked=true />" "<span>"Not rated"</span></label>
            {(1..=max).map(|v| {
                let id = format!("{prefix}-{v}");
                let for_id = id.clone();
                view! { <label for=for_id><input type="radio" id=id name=name.clone() value=v.to_string() />" "<span>{word(v)}</span></label> }
            }).collect_view()}
        </div>
    }
}

/// The rating part of the answer form: one block per department the respondent may rate.
pub fn rating_form(targets: Vec<RatingTarget>, reach: bool) -> impl IntoView {
    view! {
        <p class="hint">{format!("Rate only the departments you work with; leave the others as “Not rated”. Service quality is from 1 (poor) to {QUALITY_MAX} (excellent); how easy they are to work with from 1 (very hard) to {EASE_MAX} (very easy).")}</p>
        {targets.into_iter().map(|t| {
            let d = t.department;
            let heading = if reach { format!("{} · {}", t.name, t.site) } else { t.name.clone() };
            let cid = format!("c-dept-{d}");
            let cfor = cid.clone();
            view! {
                <section class="panel survey-part rating-part">
                    <h2>{heading}</h2>
                    <fieldset class="question">
                        <legend>{format!("How good is the service you get from {}?", t.name)}</legend>
                        {scale_choices(format!("input[answers][{}]", quality_key(d)), format!("q-{d}"), QUALITY_MAX, |v| format!("{v} {}", QUALITY_WORDS[(v - 1) as usize]))}
                    </fieldset>
                    <fieldset class="question">
                        <legend>{format!("How easy is {} to work with?", t.name)}</legend>
                        {scale_choices(format!("input[answers][{}]", ease_key(d)), format!("e-{d}"), EASE_MAX, |v| match v {
                            1 => "1 Very hard".to_owned(),
                            4 => "4 Neither".to_owned(),
                            7 => "7 Very easy".to_owned(),
                            v => v.to_string(),
                        })}
                    </fieldset>
                    <details class="survey-comment">
                        <summary>{format!("Add a comment for {} (optional)", t.name)}</summary>
                        <div class="field">
                            <label for=cfor>{format!("What would help {} serve you better?", t.name)}</label>
                            <TextArea id=cid name=format!("input[comments][{}]", rating_key(d)) rows=2 value="" />
                        </div>
                    </details>
                </section>
            }
        }).collect_view()}
    }
}

#[component]
pub fn InternalPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| {
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            query.with(|q| q.get("site").unwrap_or_default()),
        )
    });
    let data = Resource::new(move || key.get(), |(p, s)| get_survey_internal(p, s));
    view! {
        <Title text="Internal service results" />
        <p><a href="/surveys">"Surveys"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Internal v /> }.into_any(),
                    Err(e) => view! { <h1>"Internal service"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn hidden_tag(h: Hidden) -> impl IntoView {
    let word = match h {
        Hidden::TooFew => "Hidden: too few raters",
        Hidden::Protects => "Hidden: protects a smaller group",
    };
    view! { <span class="tag muted-tag">{word}</span> }
}

fn quality_class(q: f64) -> String {
    // 1..5 onto the heatmap's ten bands.
    format!(
        "heat h{}",
        (((q - 1.0) / 4.0 * 10.0).floor() as i32).clamp(0, 9)
    )
}

#[component]
fn Internal(v: InternalView) -> impl IntoView {
    let action = format!("/surveys/{}/internal", v.pid);
    let csv = format!(
        "/reports/internal-service.csv?survey={}&site={}",
        v.pid, v.site
    );
    let k = v.threshold;
    let kc = v.comment_threshold;
    let every_site = v.site.is_empty();
    let reach = match v.reach {
        Reach::Site => "Each department rated the other departments of its own site.",
        Reach::Company => "People rated any department they work with, at any site.",
    };
    let columns = v.columns.clone();
    let unattributed = v.unattributed.clone();
    let any_unattributed = unattributed.iter().any(|c| !matches!(c, Shown::None));
    view! {
        <h1>{v.title.clone()}</h1>
        <p class="lead">{format!("Internal service · {} · {reach} Figures appear only where at least {k} people rated, and comments where at least {kc} did.", v.phase.label())}</p>
        <form method="get" action=action class="panel form-grid filters-form">
            <div class="field"><label for="site">"Site"</label>
                <select id="site" name="site">
                    {v.sites.iter().map(|o| {
                        let selected = o.key == v.site;
                        view! { <option value=o.key.clone() selected=selected>{o.label.clone()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button></div>
        </form>
        <section class="panel" aria-labelledby="received-title">
            <div class="panel-head"><h2 id="received-title">"Service each department receives"</h2>
                <a class="button small" href=csv download="">"Download CSV"</a></div>
            <p class="small muted">"Favorable is the share rating the service 4 (very good) or 5 (excellent). Quality is the mean from 1 to 5; ease the mean from 1 (very hard to work with) to 7 (very easy)."</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="visually-hidden">"Internal service received per department"</caption>
                    <thead><tr><th scope="col">"Department"</th><th scope="col">"Site"</th><th scope="col">"Raters"</th><th scope="col">"Favorable"</th><th scope="col">"Quality (1–5)"</th><th scope="col">"Ease (1–7)"</th></tr></thead>
                    <tbody>
                        {v.received.iter().map(|r| {
                            let cells = match (r.raters, r.favorable, r.quality, r.ease) {
                                (Shown::Value(n), Shown::Value(f), Shown::Value(q), Shown::Value(e)) => view! {
                                    <td class="num">{n}</td><td class="num">{format!("{f:.0}%")}</td>
                                    <td class="num">{format!("{q:.1}")}</td><td class="num">{format!("{e:.1}")}</td>
                                }.into_any(),
                                (Shown::Hidden(h), ..) => view! { <td colspan="4">{hidden_tag(h)}</td> }.into_any(),
                                _ => view! { <td colspan="4" class="muted">"—"</td> }.into_any(),
                            };
                            view! { <tr><th scope="row">{r.department.clone()}</th><td>{r.site.clone()}</td>{cells}</tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="panel" aria-labelledby="matrix-title">
            <h2 id="matrix-title">"Who rates whom"</h2>
            {if every_site {
                view! { <p class="empty">"Choose a site to see how each of its departments is rated by the others."</p> }.into_any()
            } else if v.rows.is_empty() && !any_unattributed {
                view! { <p class="empty">"Nobody has rated these departments yet."</p> }.into_any()
            } else {
                view! {
                    <p class="small muted">{format!("Mean service quality (1–5) given by each department, with the number who rated. A rating counts under the rater's department only when that department has at least {k} people asked; the others are together in the last row.")}</p>
                    <div class="table-wrap" tabindex="0">
                        <table class="heatmap">
                            <caption class="visually-hidden">"Service quality given by each department (rows) to each department (columns)"</caption>
                            <thead><tr><th scope="col">"Rated by ↓ · Rated →"</th>
                                {columns.iter().map(|c| view! { <th scope="col" class="heat-col">{c.clone()}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {v.rows.iter().map(|r| view! {
                                    <tr><th scope="row">{r.label.clone()}</th>
                                        {r.cells.iter().map(|c| match c {
                                            Shown::Value((q, n)) => view! { <td class=quality_class(*q)>{format!("{q:.1}")}<span class="small">{format!(" ({n})")}</span></td> }.into_any(),
                                            Shown::Hidden(_) => view! { <td class="heat hidden-cell">"Hidden"</td> }.into_any(),
                                            Shown::None => view! { <td class="heat">"—"</td> }.into_any(),
                                        }).collect_view()}</tr>
                                }).collect_view()}
                                <tr><th scope="row">"People in departments too small to name"</th>
                                    {unattributed.iter().map(|c| match c {
                                        Shown::Value(n) => view! { <td class="heat">{format!("{n} raters")}</td> }.into_any(),
                                        Shown::Hidden(_) => view! { <td class="heat hidden-cell">"Hidden"</td> }.into_any(),
                                        Shown::None => view! { <td class="heat">"—"</td> }.into_any(),
                                    }).collect_view()}</tr>
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">"Comments"</h2>
            <p class="notice info">{format!("Comments are anonymous: they are stored with the department they are about and nothing else, and shown only for departments that at least {kc} people rated, in no particular order.")}</p>
            {let with: Vec<_> = v.received.iter().filter(|r| !r.comments.is_empty()).cloned().collect();
            if with.is_empty() {
                view! { <p class="empty">"No comments to show for these departments."</p> }.into_any()
            } else {
                with.into_iter().map(|r| view! {
                    <h3>{format!("{} · {}", r.department, r.site)}</h3>
                    <ul class="survey-comments">
                        {r.comments.into_iter().map(|c| view! { <li class="panel"><p>{c}</p></li> }).collect_view()}
                    </ul>
                }).collect_view().into_any()
            }}
        </section>
    }
}
