//! Writing scenarios in the browser: the list of drafts, the structured editor with each problem
//! next to its step, and the play-test.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::training::api::{
    AddDraftStep, CreateDraft, DiscardDraft, PublishDraft, RemoveDraftStep, SaveDraftMeta,
    SaveDraftStep, check_draft_meta, check_draft_step, get_draft, get_drafts, get_playtest,
};
use crate::training::pages::{Meter, ScenarioMap};
use crate::training::rules::editor::{DraftChoice, DraftStep};
use crate::training::rules::model::{Ending, MAX_CHOICES, Setting, Skill, mood_label};
use crate::training::rules::progress::feedback_tone;
use crate::training::rules::validate::Problem;
use crate::training::types::DraftView;
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

#[component]
pub fn DraftsPage() -> impl IntoView {
    let create = ServerAction::<CreateDraft>::new();
    let drafts = Resource::new(|| (), |_| get_drafts());
    view! {
        <Title text="Scenario drafts" />
        <div class="page-head"><h1>"Scenario drafts"</h1></div>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateDraft as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let list = match drafts.await {
                    Ok(l) => l,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                view! {
                    <section class="panel" aria-labelledby="drafts-title">
                        <h2 id="drafts-title">"Open drafts"</h2>
                        {if list.is_empty() {
                            view! { <p class="muted">"No drafts. Start a new scenario below, or open a published scenario in the library and choose Edit."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll"><table>
                                    <thead><tr><th scope="col">"Scenario"</th><th scope="col">"Id"</th><th scope="col">"Becomes"</th><th scope="col" class="num">"Problems"</th><th scope="col">"Last saved"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|d| view! {
                                            <tr>
                                                <td><a href=format!("/training/drafts/{}", d.pid)>{d.title}</a></td>
                                                <td><code>{d.slug}</code></td>
                                                <td>{d.base_version.map_or_else(|| "A new scenario".to_owned(), |v| format!("Version {}", v + 1))}</td>
                                                <td class="num">{if d.problems == 0 { view! { <span class="tag add">"Ready"</span> }.into_any() } else { view! { <span>{d.problems}</span> }.into_any() }}</td>
                                                <td class="small">{d.updated_at} " by " {d.updated_by}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Transition>
        <section class="panel" aria-labelledby="new-draft-title">
            <h2 id="new-draft-title">"New scenario"</h2>
            <p class="small muted">"The draft starts with an opening step and one ending. HR and admins publish drafts; until then learners do not see them."</p>
            <ActionForm action=create attr:class="form-grid">
                <div class="field"><label for="draft-title">"Title"</label>
                    <input id="draft-title" name="title" required maxlength="120" /></div>
                <div class="field"><label for="draft-slug">"Id"</label>
                    <input id="draft-slug" name="slug" required maxlength="60" pattern="[a-z0-9][a-z0-9\\-]*" aria-describedby="draft-slug-hint" />
                    <p id="draft-slug-hint" class="hint">"Lower-case letters, digits and dashes, such as " <code>"late-delivery"</code> ". It names the file on export and never changes."</p></div>
                <div class="form-actions"><button type="submit" class="button primary">"Create draft"</button></div>
            </ActionForm>
        </section>
    }
}

/// The validator names file fields (`narration`); the editor names the form's fields instead.
fn in_form_words(p: &Problem) -> String {
    let label = match (p.step.is_some(), p.choice.is_some(), p.field.as_str()) {
        (_, true, "text") => "What the learner says or does",
        (_, true, "feedback") => "Feedback shown after the choice",
        (_, true, "next") => "Leads to",
        (_, true, "mood") => "Mood change",
        (_, true, "trust") => "Trust change",
        (_, true, "when") => "Offered only when",
        (_, true, "branches") => "Goes elsewhere when",
        (_, true, "points") => "Skill points",
        (_, true, "pin") => "Position",
        (true, false, "narration") => "What happens",
        (true, false, "customer") => "What the customer says",
        (true, false, "debrief") => "Debrief",
        (true, false, "id") => "Step id",
        (true, false, "ending") => "Ending",
        (false, false, "title") => "Title",
        (false, false, "summary") => "Summary",
        (false, false, "name") => "Customer's name",
        (false, false, "situation") => "Situation",
        (false, false, "wants") => "What the customer wants",
        (false, false, "minutes") => "Minutes to play",
        (false, false, "mood") => "Starting mood",
        (false, false, "trust") => "Starting trust",
        (false, false, "start") => "First step",
        (false, false, "skills") => "Skills",
        _ => return p.message.clone(),
    };
    match p.message.strip_prefix(&format!("`{}`", p.field)) {
        Some(rest) => format!("“{label}”{rest}"),
        None => p.message.clone(),
    }
}

fn problem_list(problems: Vec<Problem>, with_choice: bool) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <ul class="problems">
                {problems.into_iter().map(|p| {
                    let message = in_form_words(&p);
                    let text = match (with_choice, p.choice) {
                        (true, Some(c)) => format!("Choice {}: {}", c + 1, message),
                        _ => message,
                    };
                    view! { <li>{text}</li> }
                }).collect_view()}
            </ul>
        }
    })
}

/// A select of the draft's steps; a value that is no step (yet) stays selectable and is marked.
fn step_select(
    id: String,
    name: String,
    current: String,
    steps: Vec<String>,
    empty_label: &'static str,
) -> impl IntoView {
    let known = steps.contains(&current);
    view! {
        <select id=id name=name>
            {(!known).then(|| {
                let label = if current.is_empty() { empty_label.to_owned() } else { format!("{current} (no such step)") };
                view! { <option value=current.clone() selected=true>{label}</option> }
            })}
            {steps.into_iter().map(|s| { let on = s == current; let label = s.clone(); view! { <option value=s selected=on>{label}</option> } }).collect_view()}
        </select>
    }
}

#[component]
fn ChoiceFields(
    step: String,
    index: usize,
    choice: DraftChoice,
    steps: Vec<String>,
    /// The step's problems, live while the author types.
    problems: Signal<Vec<Problem>>,
    blank: bool,
) -> impl IntoView {
    let f = move |field: &str| format!("step[choices][{index}][{field}]");
    let i = move |field: &str| format!("c-{step}-{index}-{field}");
    let mine = move || -> Vec<Problem> {
        problems
            .get()
            .into_iter()
            .filter(|p| p.choice == Some(index))
            .collect()
    };
    let has_problems = move || !mine().is_empty();
    let legend = if blank {
        "Add a choice".to_owned()
    } else {
        format!("Choice {}", index + 1)
    };
    view! {
        <fieldset class="choice-edit" class:new-choice=blank class:has-problems=has_problems>
            <legend>{legend}</legend>
            {move || problem_list(mine(), false)}
            <div class="form-grid">
                <div class="field wide"><label for=i("text")>"What the learner says or does"</label>
                    <TextArea id=i("text") name=f("text") rows=2 value=choice.text /></div>
                <div class="field wide"><label for=i("feedback")>"Feedback shown after the choice"</label>
                    <TextArea id=i("feedback") name=f("feedback") rows=2 value=choice.feedback /></div>
                <div class="field"><label for=i("next")>"Leads to"</label>
                    {step_select(i("next"), f("next"), choice.next, steps, "— choose a step —")}</div>
                <div class="field"><label for=i("points")>"Skill points"</label>
                    <input id=i("points") name=f("points") value=choice.points placeholder="listening +2, ownership -1" /></div>
                <div class="field"><label for=i("mood")>"Mood change"</label>
                    <input id=i("mood") name=f("mood") value=choice.mood placeholder="0" /></div>
                <div class="field"><label for=i("trust")>"Trust change"</label>
                    <input id=i("trust") name=f("trust") value=choice.trust placeholder="0" /></div>
                <div class="field"><label for=i("when")>"Offered only when"</label>
                    <input id=i("when") name=f("when") value=choice.when placeholder="trust >= 60" /></div>
                <div class="field"><label for=i("branches")>"Goes elsewhere when"</label>
                    <TextArea id=i("branches") name=f("branches") rows=2 placeholder="mood < 20 -> step-id" value=choice.branches /></div>
                <div class="field"><label for=i("pin")>"Position"</label>
                    <select id=i("pin") name=f("pin")>
                        {[("", "Shuffled for each attempt"), ("first", "Always first"), ("last", "Always last")].into_iter().map(|(k, label)| {
                            let selected = choice.pin == k;
                            view! { <option value=k selected=selected>{label}</option> }
                        }).collect_view()}
                    </select></div>
                {(!blank).then(|| view! {
                    <div class="field"><label class="check-label"><input type="checkbox" name=f("remove") value="on" />" Remove this choice"</label></div>
                })}
            </div>
        </fieldset>
    }
}

/// Debounced: reads the form's fields as the save would, asks `check` for the problems they would
/// have and puts them in `into`, with the draft's revision at the time. An answer to an earlier
/// check that arrives late is dropped; a save after the check supersedes it.
fn live_check<A, F, Fut>(
    form: NodeRef<leptos::html::Form>,
    into: RwSignal<Option<(i32, Vec<Problem>)>>,
    cur: Signal<DraftView>,
    check: F,
) -> impl FnMut(())
where
    A: FromFormData + 'static,
    F: Fn(A) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<Vec<Problem>, crate::error::AppError>> + 'static,
{
    let generation = StoredValue::new(0u64);
    debounce(std::time::Duration::from_millis(400), move |_: ()| {
        let Some(el) = form.get_untracked() else {
            return;
        };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&el) else {
            return;
        };
        let Ok(args) = A::from_form_data(&data) else {
            return;
        };
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let revision = cur.with_untracked(|v| v.revision);
        leptos::task::spawn_local(async move {
            if let Ok(p) = check(args).await
                && generation.get_value() == this
            {
                into.set(Some((revision, p)));
            }
        });
    })
}

#[component]
fn StepEditor(
    d: DraftView,
    /// The draft as last saved: problems, map and tags follow it without re-creating the form.
    cur: Signal<DraftView>,
    step: DraftStep,
    save: ServerAction<SaveDraftStep>,
    remove: ServerAction<RemoveDraftStep>,
) -> impl IntoView {
    let steps: Vec<String> = d.draft.steps.iter().map(|s| s.id.clone()).collect();
    let id = step.id.clone();
    let tag_id = id.clone();
    let tags = move || {
        cur.with(|v| {
            let node = v.map.nodes.iter().find(|n| n.id == tag_id);
            let mut tags = Vec::new();
            if v.draft.meta.start.trim() == tag_id {
                tags.push(("tag", "First step".to_owned()));
            }
            if let Some(e) = v
                .draft
                .steps
                .iter()
                .find(|s| s.id == tag_id)
                .and_then(|s| Ending::parse(s.ending.trim()))
            {
                tags.push(("tag muted-tag", e.label().to_owned()));
            }
            if node.is_some_and(|n| n.unreachable) {
                tags.push(("tag overdue", "Unreachable".to_owned()));
            }
            if node.is_some_and(|n| n.dead_end) {
                tags.push(("tag overdue", "Dead end".to_owned()));
            }
            tags.into_iter()
                .map(|(c, t)| view! { <span class=c>{t}</span> })
                .collect_view()
        })
    };
    let live = RwSignal::new(None::<(i32, Vec<Problem>)>);
    let probs_id = id.clone();
    let probs = Signal::derive(move || {
        let (revision, saved) = cur.with(|v| {
            (
                v.revision,
                v.problems
                    .iter()
                    .filter(|p| p.step.as_deref() == Some(probs_id.as_str()))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        });
        match live.get() {
            Some((r, p)) if r >= revision => p,
            _ => saved,
        }
    });
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // While the author types, ask the server what the step's problems would be (nothing is saved).
    let mut debounced = live_check(form_ref, live, cur, |a: SaveDraftStep| {
        check_draft_step(a.draft, a.original, a.step)
    });
    let (pid, rev) = (d.pid.clone(), d.revision.to_string());
    let (pid2, rev2) = (pid.clone(), rev.clone());
    let sid_base = step.id.clone();
    let sid = move |f: &str| format!("s-{sid_base}-{f}");
    let (section_id, heading_id, labelled_by) =
        (format!("step-{id}"), format!("h-{id}"), format!("h-{id}"));
    let (id_code, id_hidden, id_remove, id_remove_label) =
        (id.clone(), id.clone(), id.clone(), id.clone());
    let step_id_value = step.id.clone();
    let (narration, customer, debrief) = (
        step.narration.clone(),
        step.customer.clone(),
        step.debrief.clone(),
    );
    let blank_slot = step.choices.len() < MAX_CHOICES;
    let n_choices = step.choices.len();
    let choices = step.choices.clone();
    let ending_now = step.ending.trim().to_owned();
    view! {
        <section class="panel step-edit" id=section_id aria-labelledby=labelled_by>
            <div class="step-head">
                <h3 id=heading_id>"Step " <code>{id_code}</code> {tags}</h3>
                {move || {
                    let count = probs.with(Vec::len);
                    if count == 0 {
                        view! { <span class="tag add">"No problems"</span> }.into_any()
                    } else {
                        view! { <span class="tag overdue">{format!("{count} problem{}", if count == 1 { "" } else { "s" })}</span> }.into_any()
                    }
                }}
            </div>
            <div aria-live="polite">{move || problem_list(probs.get().into_iter().filter(|p| p.choice.is_none()).collect(), true)}</div>
            <ActionForm action=save node_ref=form_ref attr:class="step-form">
                <div class="live-check" on:input=move |_| debounced(())>
                <input type="hidden" name="draft" value=pid.clone() />
                <input type="hidden" name="revision" value=rev.clone() />
                <input type="hidden" name="original" value=id_hidden />
                <div class="form-grid">
                    <div class="field"><label for=sid("id")>"Step id"</label>
                        <input id=sid("id") name="step[id]" value=step_id_value required maxlength="60" aria-describedby=sid("id-hint") />
                        <p id=sid("id-hint") class="hint">"Renaming updates every choice that leads here."</p></div>
                    <div class="field"><label for=sid("ending")>"Ending"</label>
                        <select id=sid("ending") name="step[ending]" class="ending-select">
                            <option value="" selected=ending_now.is_empty()>"Not an ending: the learner chooses"</option>
                            {[Ending::Magic, Ending::Recovered, Ending::Misery].into_iter().map(|e| view! {
                                <option value=e.key() selected={ending_now == e.key()}>{e.label()}</option>
                            }).collect_view()}
                        </select></div>
                    <div class="field wide"><label for=sid("narration")>"What happens"</label>
                        <TextArea id=sid("narration") name="step[narration]" rows=2 value=narration /></div>
                    <div class="field wide"><label for=sid("customer")>"What the customer says (optional)"</label>
                        <TextArea id=sid("customer") name="step[customer]" rows=2 value=customer /></div>
                    <div class="field wide debrief-field"><label for=sid("debrief")>"Debrief: what to take away (endings)"</label>
                        <TextArea id=sid("debrief") name="step[debrief]" rows=2 value=debrief /></div>
                </div>
                {choices.into_iter().enumerate().map(|(ci, c)| {
                    view! { <ChoiceFields step=id.clone() index=ci choice=c steps=steps.clone() problems=probs blank=false /> }
                }).collect_view()}
                {blank_slot.then(|| view! {
                    <ChoiceFields step=id.clone() index=n_choices choice=DraftChoice::default() steps=steps.clone() problems=probs blank=true />
                })}
                </div>
                <div class="form-actions"><button type="submit" class="button primary">"Save step"</button></div>
            </ActionForm>
            <details class="confirm remove-step">
                <summary class="button small danger">"Remove step…"</summary>
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="draft" value=pid2 />
                    <input type="hidden" name="revision" value=rev2 />
                    <input type="hidden" name="step" value=id_remove />
                    <span class="small">"Choices that lead here will be flagged until you point them elsewhere. "</span>
                    <button type="submit" class="button small danger">"Remove step " {id_remove_label}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn Editor(
    d: DraftView,
    meta: ServerAction<SaveDraftMeta>,
    save: ServerAction<SaveDraftStep>,
    add: ServerAction<AddDraftStep>,
    remove: ServerAction<RemoveDraftStep>,
    publish: ServerAction<PublishDraft>,
    discard: ServerAction<DiscardDraft>,
    /// The draft as fetched after the latest save, when that is newer than `d`.
    saved: RwSignal<Option<DraftView>>,
) -> impl IntoView {
    let m = d.draft.meta.clone();
    let base = d.clone();
    let cur = Signal::derive(move || match saved.get() {
        Some(v) if v.revision > base.revision => v,
        _ => base.clone(),
    });
    let steps: Vec<String> = d.draft.steps.iter().map(|s| s.id.clone()).collect();
    // The details are checked while the author types, as the steps are.
    let top_live = RwSignal::new(None::<(i32, Vec<Problem>)>);
    let top_now = Signal::derive(move || {
        let (revision, saved) = cur.with(|v| {
            (
                v.revision,
                v.problems
                    .iter()
                    .filter(|p| p.step.is_none())
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        });
        match top_live.get() {
            Some((r, p)) if r >= revision => p,
            _ => saved,
        }
    });
    let meta_ref = NodeRef::<leptos::html::Form>::new();
    let mut check_meta = live_check(meta_ref, top_live, cur, |a: SaveDraftMeta| {
        check_draft_meta(a.draft, a.meta)
    });
    let title_now = if d.draft.meta.title.trim().is_empty() {
        d.slug.clone()
    } else {
        d.draft.meta.title.clone()
    };
    let title = move || {
        cur.with(|v| {
            if v.draft.meta.title.trim().is_empty() {
                v.slug.clone()
            } else {
                v.draft.meta.title.clone()
            }
        })
    };
    let becomes = d.base_version.map_or_else(
        || "a new scenario".to_owned(),
        |v| format!("version {} (follows version {v})", v + 1),
    );
    let (pid, rev) = (d.pid.clone(), d.revision.to_string());
    let (pid_pub, pid_discard) = (pid.clone(), pid.clone());
    let (pid_meta, rev_meta, pid_add, rev_add) =
        (pid.clone(), rev.clone(), pid.clone(), rev.clone());
    let start_select = step_select(
        "m-start".into(),
        "meta[start]".into(),
        m.start.clone(),
        steps.clone(),
        "— choose a step —",
    );
    let index = move || {
        cur.with(|v| {
            v.draft
                .steps
                .iter()
                .map(|s| {
                    let n = v
                        .problems
                        .iter()
                        .filter(|p| p.step.as_deref() == Some(s.id.as_str()))
                        .count();
                    let id = s.id.clone();
                    view! {
                        <li><a href=format!("#step-{id}") class:flagged={n > 0}>{id.clone()} {(n > 0).then(|| view! { <span class="count">{n}</span> })}</a></li>
                    }
                })
                .collect_view()
        })
    };
    let total = move || cur.with(|v| v.problems.len());
    let step_views = d
        .draft
        .steps
        .clone()
        .into_iter()
        .map(|st| {
            view! { <StepEditor d=d.clone() cur step=st save remove /> }
        })
        .collect_view();
    let skill_checks = Skill::ALL.into_iter().enumerate().map(|(i, k)| {
        let on = m.skills.iter().any(|s| s == k.key());
        view! { <label class="check-label"><input type="checkbox" name=format!("meta[skills][{i}]") value=k.key() checked=on />" " {k.label()}</label> }
    }).collect_view();
    view! {
        // Static: the document title outlives this view, so it must not read its signals.
        <Title text=format!("Draft: {}", title_now) />
        <div class="page-head">
            <h1>"Draft: " {title}</h1>
            <div class="actions">
                <a class="button" href=format!("/training/drafts/{}/test", d.pid)>"Play-test"</a>
                <a class="button" href="/training/drafts">"All drafts"</a>
            </div>
        </div>
        <section class="panel draft-status" aria-labelledby="status-title">
            <h2 id="status-title">
                {move || match total() { 0 => "Ready to publish".to_owned(), t => format!("{t} problem{} to fix before publishing", if t == 1 { "" } else { "s" }) }}
            </h2>
            <p class="small muted">"Id " <code>{d.slug.clone()}</code> " · becomes " {becomes} " · last saved " {move || cur.with(|v| format!("{} by {}", v.updated_at, v.updated_by))}</p>
            <p class="small muted">"Each step saves on its own. Problems use the same rules as a file import and are listed next to the step they concern."</p>
            <nav aria-label="Steps"><ol class="step-index">{index}</ol></nav>
            {move || cur.with(|v| v.assessment.clone()).map(|a| view! {
                <div class="assessment">
                    <p class="small">{a.summary}</p>
                    {(!a.warnings.is_empty()).then(|| view! {
                        <ul class="problems warnings">{a.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    })}
                </div>
            })}
            <div class="row">
                {if d.can_publish {
                    view! {
                        <ActionForm action=publish attr:class="inline">
                            <input type="hidden" name="draft" value=pid_pub />
                            <input type="hidden" name="revision" value=move || cur.with(|v| v.revision.to_string()) />
                            <button type="submit" class="button primary" disabled=move || { total() > 0 }>"Publish"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p class="small">"HR or an administrator publishes this draft when it is ready."</p> }.into_any()
                }}
                <details class="confirm">
                    <summary class="button danger">"Discard draft…"</summary>
                    <ActionForm action=discard attr:class="inline">
                        <input type="hidden" name="draft" value=pid_discard />
                        <span class="small">"The draft and its changes are deleted; published versions stay. "</span>
                        <button type="submit" class="button danger">"Discard this draft"</button>
                    </ActionForm>
                </details>
            </div>
        </section>
        <section class="panel" aria-labelledby="map-heading">
            <h2 id="map-heading">"Map"</h2>
            {move || view! { <ScenarioMap map=cur.with(|v| v.map.clone()) title=title() /> }}
        </section>
        <section class="panel" aria-labelledby="meta-title" id="details" on:input=move |_| check_meta(())>
            <h2 id="meta-title">"Scenario and customer"</h2>
            <div aria-live="polite">{move || problem_list(top_now.get(), false)}</div>
            <ActionForm action=meta node_ref=meta_ref attr:class="form-grid">
                <input type="hidden" name="draft" value=pid_meta />
                <input type="hidden" name="revision" value=rev_meta />
                <div class="field"><label for="m-title">"Title"</label>
                    <input id="m-title" name="meta[title]" value=m.title.clone() maxlength="120" /></div>
                <div class="field"><label for="m-setting">"Setting"</label>
                    <select id="m-setting" name="meta[setting]">
                        {Setting::ALL.into_iter().map(|s| view! { <option value=s.key() selected={m.setting == s.key()}>{s.label()}</option> }).collect_view()}
                    </select></div>
                <div class="field"><label for="m-minutes">"Minutes to play"</label>
                    <input id="m-minutes" name="meta[minutes]" value=m.minutes.clone() inputmode="numeric" /></div>
                <div class="field wide"><label for="m-summary">"Summary"</label>
                    <TextArea id="m-summary" name="meta[summary]" rows=2 value=m.summary.clone() /></div>
                <div class="field"><label for="m-name">"Customer's name"</label>
                    <input id="m-name" name="meta[persona_name]" value=m.persona_name.clone() /></div>
                <div class="field"><label for="m-start">"First step"</label>
                    {start_select}</div>
                <div class="field"><label for="m-mood">"Starting mood (0-100)"</label>
                    <input id="m-mood" name="meta[mood]" value=m.mood.clone() inputmode="numeric" aria-describedby="m-mood-hint" />
                    <p id="m-mood-hint" class="hint">{move || cur.with(|v| format!("Saved: {}", v.draft.meta.mood.trim().parse::<i32>().map_or("—", mood_label)))}</p></div>
                <div class="field"><label for="m-trust">"Starting trust (0-100)"</label>
                    <input id="m-trust" name="meta[trust]" value=m.trust.clone() inputmode="numeric" /></div>
                <div class="field wide"><label for="m-situation">"Situation"</label>
                    <TextArea id="m-situation" name="meta[persona_situation]" rows=2 value=m.persona_situation.clone() /></div>
                <div class="field wide"><label for="m-wants">"What the customer wants"</label>
                    <TextArea id="m-wants" name="meta[persona_wants]" rows=2 value=m.persona_wants.clone() /></div>
                <fieldset class="wide"><legend>"Skills it trains"</legend><div class="checks">{skill_checks}</div></fieldset>
                <div class="form-actions"><button type="submit" class="button primary">"Save details"</button></div>
            </ActionForm>
        </section>
        <h2>"Steps"</h2>
        {step_views}
        <section class="panel" aria-labelledby="add-step-title">
            <h2 id="add-step-title">"Add a step"</h2>
            <ActionForm action=add attr:class="row">
                <input type="hidden" name="draft" value=pid_add />
                <input type="hidden" name="revision" value=rev_add />
                <label for="new-step-id">"Step id"</label>
                <input id="new-step-id" name="id" required maxlength="60" placeholder="offer-refund" />
                <button type="submit" class="button">"Add step"</button>
            </ActionForm>
        </section>
    }
}

/// What the forms are built from: each step's id and number of choices.
fn shape(d: &DraftView) -> Vec<(String, usize)> {
    d.draft
        .steps
        .iter()
        .map(|s| (s.id.clone(), s.choices.len()))
        .collect()
}

#[component]
pub fn DraftPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let meta = ServerAction::<SaveDraftMeta>::new();
    let save = ServerAction::<SaveDraftStep>::new();
    let add = ServerAction::<AddDraftStep>::new();
    let remove = ServerAction::<RemoveDraftStep>::new();
    let publish = ServerAction::<PublishDraft>::new();
    let discard = ServerAction::<DiscardDraft>::new();
    // Adding or removing steps or choices, or renaming a step, rebuilds the forms. Other saves only
    // refresh the problems, the map and the tags, so what the author typed elsewhere stays put.
    let reshaped = RwSignal::new(0u32);
    let draft = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                add.version().get(),
                remove.version().get(),
                reshaped.get(),
            )
        },
        |(pid, ..)| get_draft(pid),
    );
    let saved = RwSignal::new(None::<DraftView>);
    // The shape of the forms on the page, to tell whether a save needs them rebuilt.
    let shown = StoredValue::new(Vec::<(String, usize)>::new());
    Effect::new(move |before: Option<(usize, usize)>| {
        let now = (meta.version().get(), save.version().get());
        if before.is_some_and(|b| b != now) {
            let pid = params.with_untracked(|p| p.get("pid").unwrap_or_default());
            leptos::task::spawn_local(async move {
                if let Ok(v) = get_draft(pid).await {
                    if shown.try_with_value(|s| *s != shape(&v)).unwrap_or(false) {
                        reshaped.try_update(|n| *n += 1);
                    }
                    saved.try_set(Some(v));
                }
            });
        }
        now
    });
    view! {
        <div class="messages sticky" aria-live="polite">
            <Outcome value=meta.value() path={<SaveDraftMeta as ServerFn>::PATH} />
            <Outcome value=save.value() path={<SaveDraftStep as ServerFn>::PATH} />
            <Outcome value=add.value() path={<AddDraftStep as ServerFn>::PATH} />
            <Outcome value=remove.value() path={<RemoveDraftStep as ServerFn>::PATH} />
            <Outcome value=publish.value() path={<PublishDraft as ServerFn>::PATH} />
            <Outcome value=discard.value() path={<DiscardDraft as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(d) => {
                        shown.set_value(shape(&d));
                        // Keyed by revision so that rebuilt forms are new elements: a form
                        // field the author typed in keeps its typed value if merely updated.
                        let one = vec![d];
                        view! {
                            <For each=move || one.clone() key=|d| d.revision let:d>
                                <Editor d meta save add remove publish discard saved />
                            </For>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn PlaytestPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let screen = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                query.with(|q| q.get("path").unwrap_or_default()),
            )
        },
        |(pid, path)| get_playtest(pid, path),
    );
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let v = match screen.await {
                    Ok(v) => v,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let base = format!("/training/drafts/{}/test", v.pid);
                let prefix = if v.path.is_empty() { String::new() } else { format!("{}.", v.path) };
                view! {
                    <Title text=format!("Play-test: {}", v.title) />
                    <div class="page-head">
                        <h1>"Play-test: " {v.title.clone()}</h1>
                        <div class="actions">
                            <a class="button" href=base.clone()>"Start again"</a>
                            <a class="button" href=format!("/training/drafts/{}", v.pid)>"Back to the editor"</a>
                        </div>
                    </div>
                    <p class="notice" role="note">"You are play-testing a draft: nothing is recorded and learners do not see it. "
                        {(v.problems > 0).then(|| format!("The draft still has {} problem{} to fix before it can be published.", v.problems, if v.problems == 1 { "" } else { "s" }))}</p>
                    <div class="play">
                        <aside class="panel persona" aria-labelledby="persona-title">
                            <h2 id="persona-title">{v.persona.name.clone()}</h2>
                            <p class="small"><strong>"Situation: "</strong>{v.persona.situation.clone()}</p>
                            <p class="small"><strong>"Wants: "</strong>{v.persona.wants.clone()}</p>
                            <Meter label=format!("Mood: {}", mood_label(v.mood)) value=v.mood />
                            <Meter label="Trust in you" value=v.trust />
                            <p class="small muted">"Step " <code>{v.step.clone()}</code></p>
                        </aside>
                        <section class="panel scene" aria-labelledby="scene-title" aria-live="polite">
                            <h2 id="scene-title" class="visually-hidden">"The conversation"</h2>
                            {v.last.clone().map(|(choice, feedback, points)| view! {
                                <div class=feedback_tone(points) role="status">
                                    <p class="small muted">"You chose: " {choice}</p>
                                    <p>{feedback}</p>
                                </div>
                            })}
                            <p class="narration">{v.narration.clone()}</p>
                            {(!v.customer.is_empty()).then(|| view! {
                                <blockquote class="customer"><p>{v.customer.clone()}</p><footer>"— " {v.persona.name.clone()}</footer></blockquote>
                            })}
                            {match v.ending.clone() {
                                Some(e) => view! {
                                    <div class="playtest-end">
                                        <h3>"Ending: " <span class=format!("tag ending-{}", e.key)>{e.label}</span></h3>
                                        <p class="debrief"><strong>"What to take away: "</strong>{e.debrief}</p>
                                        <p>"Score: " <strong>{e.score}</strong></p>
                                        <div class="meters">{e.skills.into_iter().map(|(k, s)| view! { <Meter label=k value=s /> }).collect_view()}</div>
                                    </div>
                                }.into_any(),
                                None if v.choices.is_empty() => view! {
                                    <p class="notice error" role="alert">"No choice is open here at this mood and trust: a learner would be stuck. Fix the step's conditions in the editor."</p>
                                }.into_any(),
                                None => view! {
                                    <h3>"What do you do?"</h3>
                                    <ul class="choices">
                                        {v.choices.iter().map(|(i, text)| view! {
                                            <li><a class="choice" href=format!("{base}?path={prefix}{i}")>{if text.trim().is_empty() { format!("Choice {} (no text yet)", i + 1) } else { text.clone() }}</a></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                            }}
                        </section>
                    </div>
                }.into_any()
            })}
        </Transition>
    }
}
