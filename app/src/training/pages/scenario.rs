//! A library scenario for HR and admins: what it is, its versions, and its map.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use leptos::server_fn::ServerFn;

use crate::training::api::{
    DuplicateScenario, EditScenario, SetScenarioLifecycle, get_scenario_detail,
};
use crate::training::pages::skill_list;
use crate::training::rules::map::{Map, NODE_H, NODE_W, NodeKind};
use crate::training::rules::model::mood_label;
use crate::training::types::Lifecycle;
use crate::ui::ErrorPanel;
use crate::ui::{LatestOutcome, Outcome};

/// The steps and arrows of a scenario as SVG, with unreachable steps and dead ends marked.
#[component]
pub fn ScenarioMap(map: Map, #[prop(into)] title: String) -> impl IntoView {
    let unreachable = map.nodes.iter().filter(|n| n.unreachable).count();
    let dead = map.nodes.iter().filter(|n| n.dead_end).count();
    let desc = format!(
        "{} steps. {} unreachable, {} where a learner could be left without a choice.",
        map.nodes.len(),
        unreachable,
        dead
    );
    view! {
        <figure class="map">
            // Focusable, so keyboard users can scroll it when it does not fit a narrow screen.
            <div class="map-scroll" tabindex="0" role="group" aria-label=format!("Map of {title}, scrollable")>
                <svg width=map.width height=map.height viewBox=format!("0 0 {} {}", map.width, map.height) role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">
                    <title id="map-title">{format!("Map of {title}")}</title>
                    <desc id="map-desc">{desc}</desc>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                        </marker>
                    </defs>
                    {map.edges.into_iter().map(|e| view! {
                        <path d=e.path class="edge" class:conditional=e.conditional class:back=e.back marker-end="url(#arrow)" />
                    }).collect_view()}
                    {map.nodes.into_iter().map(|n| {
                        // One class string: a dynamic `class` beside `class:` directives is rebuilt
                        // without the directives' classes when the map re-renders in the browser.
                        let mut kind = match n.kind {
                            NodeKind::Start => "node start".to_owned(),
                            NodeKind::Step => "node".to_owned(),
                            NodeKind::Ending(e) => format!("node ending {}", e.key()),
                        };
                        for (on, class) in [(n.unreachable, " unreachable"), (n.dead_end, " dead-end"), (n.problems > 0, " flagged")] {
                            if on {
                                kind.push_str(class);
                            }
                        }
                        let note = match (n.unreachable, n.dead_end, n.kind) {
                            (true, _, _) => "unreachable".to_owned(),
                            (_, true, _) => "dead end".to_owned(),
                            (_, _, NodeKind::Ending(e)) => e.label().to_owned(),
                            (_, _, NodeKind::Start) => "start".to_owned(),
                            _ if n.problems > 0 => format!("{} problem(s)", n.problems),
                            _ => String::new(),
                        };
                        let label: String = if n.id.chars().count() > 20 { format!("{}…", n.id.chars().take(19).collect::<String>()) } else { n.id.clone() };
                        view! {
                            <g class=kind>
                                <rect x=n.x y=n.y width=NODE_W height=NODE_H rx="8" />
                                <text x={n.x + 10} y={n.y + 19} class="node-id">{label}</text>
                                <text x={n.x + 10} y={n.y + 36} class="node-note">{note}</text>
                            </g>
                        }
                    }).collect_view()}
                </svg>
            </div>
            <figcaption class="small muted">"Columns: the most choices it can take to reach a step from the start. Dashed arrows are taken only when a condition holds; arrows running back underneath are loops. Red: no path reaches the step, or a learner could be stuck there."</figcaption>
        </figure>
    }
}

fn lifecycle_class(l: Lifecycle) -> &'static str {
    match l {
        Lifecycle::Published => "tag add",
        Lifecycle::Unpublished => "tag update",
        Lifecycle::Archived => "tag muted-tag",
    }
}

#[component]
pub fn ScenarioPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let lifecycle = ServerAction::<SetScenarioLifecycle>::new();
    let duplicate = ServerAction::<DuplicateScenario>::new();
    let edit = ServerAction::<EditScenario>::new();
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("slug").unwrap_or_default()),
                lifecycle.version().get(),
            )
        },
        |(slug, _)| get_scenario_detail(slug),
    );
    view! {
        <div class="messages" aria-live="polite">
            <Outcome value=lifecycle.value() path={<SetScenarioLifecycle as ServerFn>::PATH} />
            <Outcome value=duplicate.value() path={<DuplicateScenario as ServerFn>::PATH} />
            <Outcome value=edit.value() path={<EditScenario as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let d = match detail.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let s = d.summary.clone();
                let slug_dup = s.slug.clone();
                let slug_edit = s.slug.clone();
                let edit_label = if d.draft.is_some() { "Continue the draft" } else { "Edit" };
                let buttons = [Lifecycle::Published, Lifecycle::Unpublished, Lifecycle::Archived]
                    .into_iter()
                    .filter(|l| *l != s.lifecycle)
                    .map(|l| {
                        let slug = s.slug.clone();
                        let label = match l {
                            Lifecycle::Published => "Publish",
                            Lifecycle::Unpublished => "Unpublish",
                            Lifecycle::Archived => "Archive",
                        };
                        view! {
                            <ActionForm action=lifecycle attr:class="inline">
                                <input type="hidden" name="scenario" value=slug />
                                <input type="hidden" name="to" value=l.key() />
                                <button type="submit" class="button">{label}</button>
                            </ActionForm>
                        }
                    })
                    .collect_view();
                view! {
                    <Title text=s.title.clone() />
                    <div class="page-head">
                        <h1>{s.title.clone()} <span class="muted">" · version " {s.version}</span></h1>
                        <div class="actions">
                            <ActionForm action=edit attr:class="inline">
                                <input type="hidden" name="scenario" value=slug_edit />
                                <button type="submit" class="button primary">{edit_label}</button>
                            </ActionForm>
                            <a class="button" href=format!("/training/analytics?scenario={}", s.slug)>"Analytics"</a>
                            <a class="button" href=format!("/training/scenarios/{}.toml", s.slug) download="">"Download TOML"</a>
                        </div>
                    </div>
                    <div class="grid two">
                        <section class="panel" aria-labelledby="about-title">
                            <h2 id="about-title">"About"</h2>
                            <p>{s.summary.clone()}</p>
                            <dl class="facts">
                                <div><dt>"Setting"</dt><dd>{s.setting.clone()}</dd></div>
                                <div><dt>"Trains"</dt><dd>{skill_list(&s.skills)}</dd></div>
                                <div><dt>"Length"</dt><dd>{s.steps} " steps, " {d.endings} " endings, about " {s.minutes} " minutes"</dd></div>
                                <div><dt>"Customer"</dt><dd><strong>{d.persona.name.clone()}</strong>" — " {d.persona.situation.clone()}</dd></div>
                                <div><dt>"Wants"</dt><dd>{d.persona.wants.clone()}</dd></div>
                                <div><dt>"Starts"</dt><dd>{format!("{} (mood {}), trust {}", mood_label(d.start_mood), d.start_mood, d.start_trust)}</dd></div>
                            </dl>
                        </section>
                        <section class="panel" aria-labelledby="versions-title">
                            <h2 id="versions-title">"Versions"</h2>
                            <p class="small muted">"Publishing a draft or importing a changed file makes a new version; attempts keep the version they played."</p>
                            {d.draft.clone().map(|pid| view! { <p class="notice" role="note">"A draft of the next version is open. " <a href=format!("/training/drafts/{pid}")>"Open the draft"</a></p> })}
                            <table>
                                <thead><tr><th scope="col">"Version"</th><th scope="col">"Published"</th><th scope="col" class="num">"Steps"</th><th scope="col" class="num">"Attempts"</th></tr></thead>
                                <tbody>
                                    {d.versions.into_iter().map(|v| view! {
                                        <tr><td><a href=format!("/training/analytics?scenario={}&version={}", s.slug, v.version)>{format!("Version {}", v.version)}</a></td>
                                            <td>{v.created_at}</td><td class="num">{v.steps}</td><td class="num">{v.attempts}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    </div>
                    <section class="panel" aria-labelledby="map-heading">
                        <h2 id="map-heading">"Map"</h2>
                        {(!d.problems.is_empty()).then(|| view! {
                            <ul class="problems">{d.problems.iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}</ul>
                        })}
                        <ScenarioMap map=d.map title=s.title.clone() />
                    </section>
                    <section class="panel" aria-labelledby="life-title">
                        <h2 id="life-title">"Availability " <span class=lifecycle_class(s.lifecycle)>{s.lifecycle.label()}</span></h2>
                        <p class="small muted">"Unpublished and archived scenarios cannot be started and are left out of modules; attempts already under way can be finished, and results are kept."</p>
                        <div class="row">
                            {buttons}
                            <ActionForm action=duplicate attr:class="inline">
                                <input type="hidden" name="scenario" value=slug_dup />
                                <button type="submit" class="button">"Duplicate"</button>
                            </ActionForm>
                        </div>
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}
