//! Follow-ups of unhappy customers: the list (to do, overdue, resolved) and one follow-up's page,
//! where a manager notes the call, resolves it with a root cause and assigns training to the
//! person involved.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::feedback::followup_api::{FollowupAssign, FollowupStep, get_followup, get_followups};
use crate::feedback::followup_types::{
    EventKind, FollowUpCounts, FollowUpDetail, FollowUpFilter, FollowUpList, FollowUpRow,
    FollowUpStatus, MAX_NOTE, RootCause, SiteOverdue,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

fn status_tag(s: FollowUpStatus, overdue: bool) -> impl IntoView {
    let class = match (s, overdue) {
        (_, true) => "tag overdue",
        (FollowUpStatus::Resolved, _) => "tag ok-tag",
        (FollowUpStatus::Contacted, _) => "tag update",
        (FollowUpStatus::Open, _) => "tag",
    };
    let text = if overdue {
        format!("{} · overdue", s.label())
    } else {
        s.label().to_owned()
    };
    view! { <span class=class>{text}</span> }
}

/// "3 to do, 1 overdue" with a link, for home pages and the guest page.
#[component]
pub fn FollowUpSummary(counts: FollowUpCounts) -> impl IntoView {
    let FollowUpCounts {
        unresolved,
        overdue,
    } = counts;
    view! {
        <section class="panel" aria-labelledby="followups-title">
            <h2 id="followups-title">"Unhappy customers to follow up"</h2>
            {if unresolved == 0 {
                view! { <p class="muted">"Nothing to follow up: every unhappy customer who left a contact has been looked after."</p> }.into_any()
            } else {
                view! {
                    <p>
                        <a href="/customers/follow-ups">{format!("{unresolved} to do")}</a>
                        {(overdue > 0).then(|| view! {
                            " · "<a href="/customers/follow-ups?filter=overdue" class="tag overdue">{format!("{overdue} overdue")}</a>
                        })}
                    </p>
                    <p class="small muted">"Call each one back within 48 hours: take responsibility, fix it in their favour, then find the root cause."</p>
                }.into_any()
            }}
        </section>
    }
}

fn tabs(current: FollowUpFilter, counts: FollowUpCounts) -> impl IntoView {
    view! {
        <nav class="feed-quick" aria-label="Which follow-ups">
            {FollowUpFilter::ALL.into_iter().map(|f| {
                let n = match f {
                    FollowUpFilter::Unresolved => format!(" ({})", counts.unresolved),
                    FollowUpFilter::Overdue => format!(" ({})", counts.overdue),
                    FollowUpFilter::Resolved => String::new(),
                };
                let here = f == current;
                view! {
                    <a href=format!("/customers/follow-ups?filter={}", f.key())
                        aria-current=here.then_some("page")>{f.label()}{n}</a>
                }
            }).collect_view()}
        </nav>
    }
}

fn row(r: FollowUpRow) -> impl IntoView {
    view! {
        <tr>
            <td><a href=format!("/customers/follow-ups/{}", r.pid)>{r.unit}</a>
                <div class="small muted">{r.received}</div></td>
            <td>{r.ratings}</td>
            <td class="comment-body">{if r.excerpt.is_empty() { "(no comment)".to_owned() } else { r.excerpt }}</td>
            <td>{r.served_by.unwrap_or_else(|| "—".into())}</td>
            <td>{status_tag(r.status, r.overdue)}<div class="small">{r.due}</div></td>
        </tr>
    }
}

fn sites(rows: Vec<SiteOverdue>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="sites-title">
            <h2 id="sites-title">"By site"</h2>
            <table class="data">
                <thead><tr><th scope="col">"Site"</th><th scope="col" class="num">"To do"</th><th scope="col" class="num">"Overdue"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| view! {
                        <tr><th scope="row">{s.site}</th><td class="num">{s.unresolved}</td>
                            <td class="num">{if s.overdue > 0 { view! { <span class="tag overdue">{s.overdue}</span> }.into_any() } else { view! { "0" }.into_any() }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn list(v: FollowUpList) -> impl IntoView {
    let empty = match v.filter {
        FollowUpFilter::Unresolved => "Nothing to follow up.",
        FollowUpFilter::Overdue => "Nothing overdue.",
        FollowUpFilter::Resolved => "Nothing resolved yet.",
    };
    view! {
        {tabs(v.filter, v.counts)}
        {(!v.sites.is_empty()).then(|| sites(v.sites.clone()))}
        <section class="panel" aria-labelledby="list-title">
            <h2 id="list-title">{v.filter.label()}</h2>
            {if v.rows.is_empty() {
                view! { <p class="empty">{empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data">
                            <thead><tr>
                                <th scope="col">"Where and when"</th>
                                <th scope="col">"Ratings"</th>
                                <th scope="col">"What they said"</th>
                                <th scope="col">"Served by"</th>
                                <th scope="col">"Status"</th>
                            </tr></thead>
                            <tbody>{v.rows.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                    {v.more.then(|| view! { <p class="small muted">"The first 200 are listed; resolve these to see the rest."</p> })}
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|m| m.get("filter").unwrap_or_default()));
    let data = Resource::new(move || filter.get(), get_followups);
    view! {
        <Title text="Follow-ups" />
        <p class="crumbs"><a href="/customers">"Guest satisfaction"</a></p>
        <h1>"Follow-ups"</h1>
        <p class="lead">"Customers who were unhappy (NPS 0–6 or CSAT 1–2) and left a contact. The site's manager calls each one back within 48 hours."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => list(v).into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn timeline(d: &FollowUpDetail) -> impl IntoView + use<> {
    let events = d.events.clone();
    view! {
        <section class="panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Timeline"</h2>
            <ol class="comment-list">
                <li><p class="small muted">{format!("{} · opened", d.received)}</p></li>
                {events.into_iter().map(|e| view! {
                    <li>
                        <p class="small muted">{format!("{} · {}", e.when, e.author)}
                            <span class=if e.kind == EventKind::Resolved { "tag ok-tag" } else { "tag" }>{e.kind.label()}</span></p>
                        {(!e.body.is_empty()).then(|| view! { <p class="comment-body">{e.body}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

fn actions(
    d: &FollowUpDetail,
    step: ServerAction<FollowupStep>,
    form: NodeRef<leptos::html::Form>,
) -> impl IntoView + use<> {
    let pid = d.pid.clone();
    let status = d.status.unwrap_or(FollowUpStatus::Open);
    let resolved = status == FollowUpStatus::Resolved;
    view! {
        <section class="panel" aria-labelledby="act-title">
            <h2 id="act-title">{if resolved { "Add a note" } else { "Work on it" }}</h2>
            <ActionForm action=step node_ref=form attr:class="stack">
                <input type="hidden" name="followup" value=pid.clone() />
                <div class="field">
                    <label for="followup-note">"Note (what you did, what you agreed)"</label>
                    <TextArea id="followup-note" name="note" rows=3 value="" maxlength=MAX_NOTE />
                </div>
                {(!resolved).then(|| view! {
                    <div class="field">
                        <label for="followup-cause">"Root cause (needed to resolve)"</label>
                        <select id="followup-cause" name="root_cause">
                            <option value="">"Choose once you know it"</option>
                            {RootCause::ALL.into_iter().map(|c| view! { <option value=c.key()>{c.label()}</option> }).collect_view()}
                        </select>
                        <p class="hint">"Recovery, in order: no blame, take responsibility, fix it fast and in the customer's favour, then find the root cause so it does not happen again."</p>
                    </div>
                })}
                <div class="form-actions">
                    {(status == FollowUpStatus::Open).then(|| view! {
                        <button type="submit" name="step" value="contacted" class="button">"Mark contacted"</button>
                    })}
                    {(!resolved).then(|| view! {
                        <button type="submit" name="step" value="resolve" class="button primary">"Resolve"</button>
                    })}
                    <button type="submit" name="step" value="note" class="button">"Add note only"</button>
                </div>
            </ActionForm>
        </section>
    }
}

fn assign(d: &FollowUpDetail, act: ServerAction<FollowupAssign>) -> impl IntoView + use<> {
    let pid = d.pid.clone();
    let person = d.served_by.clone().unwrap_or_default();
    let modules = d.modules.clone();
    let due = d.default_due.clone();
    view! {
        <section class="panel" aria-labelledby="assign-title">
            <h2 id="assign-title">{format!("Assign training to {person}")}</h2>
            <p class="small muted">"A coaching step, not blame: the module goes on their list with its due date, and the timeline notes it."</p>
            <ActionForm action=act attr:class="form-grid">
                <input type="hidden" name="followup" value=pid />
                <div class="field">
                    <label for="assign-module">"Module"</label>
                    <select id="assign-module" name="module" required>
                        <option value="">"Choose a module"</option>
                        {modules.into_iter().map(|m| view! { <option value=m.id>{m.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="assign-due">"Due"</label>
                    <input id="assign-due" type="date" name="due_on" value=due required />
                </div>
                <div class="form-actions"><button type="submit" class="button primary">"Assign"</button></div>
            </ActionForm>
        </section>
    }
}

fn detail(
    d: FollowUpDetail,
    step: ServerAction<FollowupStep>,
    act: ServerAction<FollowupAssign>,
    form: NodeRef<leptos::html::Form>,
) -> impl IntoView {
    let status = d.status.unwrap_or(FollowUpStatus::Open);
    view! {
        <Title text=format!("Follow-up: {}", d.unit) />
        <h1>{format!("Follow-up: {}", d.unit)}</h1>
        <section class="panel" aria-labelledby="response-title">
            <h2 id="response-title">"What the customer said "{status_tag(status, d.overdue)}</h2>
            {match d.comment.clone() {
                Some(c) => view! { <blockquote class="comment-body">{c}</blockquote> }.into_any(),
                None => view! { <p class="muted">"No comment, only ratings."</p> }.into_any(),
            }}
            <dl class="facts">
                <dt>"Ratings"</dt><dd>{d.ratings.clone()}</dd>
                <dt>"Channel"</dt><dd>{d.channel.clone()}</dd>
                <dt>"Served by"</dt><dd>{d.served_by.clone().unwrap_or_else(|| "Not recorded".into())}</dd>
                <dt>"Contact"</dt><dd>{d.contact.clone().unwrap_or_else(|| "Removed after the retention period".into())}</dd>
                <dt>"Received"</dt><dd>{d.received.clone()}</dd>
                {if status == FollowUpStatus::Resolved {
                    view! { <dt>"Resolved"</dt><dd>{d.due.trim_start_matches("Resolved ").to_owned()}</dd> }.into_any()
                } else {
                    view! { <dt>"Due"</dt><dd>{d.due.clone()}</dd> }.into_any()
                }}
                {d.root_cause.map(|c| view! { <dt>"Root cause"</dt><dd>{c.label()}</dd> })}
            </dl>
        </section>
        {actions(&d, step, form)}
        {(!d.modules.is_empty()).then(|| assign(&d, act))}
        {timeline(&d)}
    }
}

#[component]
pub fn FollowUpPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let step = ServerAction::<FollowupStep>::new();
    let act = ServerAction::<FollowupAssign>::new();
    // With JavaScript the page is updated in place: once a step is recorded, its form starts
    // empty again (so a note is not sent twice with the next step).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(step.value().get(), Some(Ok(_)))
            && let Some(f) = form.get_untracked()
        {
            f.reset();
        }
    });
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                step.version().get(),
                act.version().get(),
            )
        },
        |(pid, ..)| get_followup(pid),
    );
    view! {
        <p class="crumbs"><a href="/customers/follow-ups">"Follow-ups"</a></p>
        <div class="messages" aria-live="polite">
            <Outcome value=step.value() path={<FollowupStep as ServerFn>::PATH} />
            <Outcome value=act.value() path={<FollowupAssign as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => detail(d, step, act, form).into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
