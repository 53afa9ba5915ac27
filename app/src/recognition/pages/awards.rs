//! Awards: the form managers and HR give them with (on the recognition page), and HR's page of
//! approvals, budgets per site and quarter, levels and the approval threshold.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::{
    DecideAward, GiveAward, SaveAwardLevel, SetAwardBudget, SetAwardLevelArchived,
    SetAwardThreshold, get_awards_admin,
};
use crate::recognition::rules::{MESSAGE_MAX, MESSAGE_MIN};
use crate::recognition::types::{
    AwardChoices, AwardView, AwardsAdminView, BudgetRow, RecognitionStatus, ValueView,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

/// The award form and the giver's awards waiting or declined.
#[component]
pub fn AwardPanel(
    a: AwardChoices,
    values: Vec<ValueView>,
    give: ServerAction<GiveAward>,
) -> impl IntoView {
    let first = super::colleague_options(&a.people);
    let second = super::colleague_options(&a.people);
    let threshold = a.threshold;
    view! {
        <section class="panel" aria-labelledby="award-title">
            <h2 id="award-title">"Give an award"</h2>
            <p class="small muted">{format!("Awards are paid from the recipients' site's budget for {}. Awards above {threshold} points in total wait for HR's approval.", a.quarter_label)}</p>
            {if a.people.is_empty() {
                view! { <p class="empty">"Nobody reports to you yet, so there is nobody to award."</p> }.into_any()
            } else {
                view! {
                    <div class="recognition-grid">
                        <ActionForm action=give attr:class="stack">
                            <input type="hidden" name="input[recognition][request_key]" value=a.request_key.clone() />
                            <div class="field">
                                <label for="award-who">"Who"</label>
                                <select id="award-who" name="input[recognition][recipients][0]" required>
                                    <option value="">"Choose someone"</option>
                                    {first}
                                </select>
                            </div>
                            <div class="field">
                                <label for="award-who-also">"And (optional, same site)"</label>
                                <select id="award-who-also" name="input[recognition][recipients][1]">
                                    <option value="">"Nobody else"</option>
                                    {second}
                                </select>
                            </div>
                            <fieldset class="value-choice">
                                <legend>"Level"</legend>
                                {a.levels.iter().enumerate().map(|(i, l)| {
                                    let id = format!("level-{i}");
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=id.clone() name="input[level]" value=l.id.to_string() required=true />
                                            <label for=id>{format!("{} · {} points", l.name, l.points)}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <fieldset class="value-choice">
                                <legend>"The value their work showed"</legend>
                                {values.iter().enumerate().map(|(i, val)| {
                                    let id = format!("award-value-{i}");
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=id.clone() name="input[recognition][value]" value=val.pid.clone() required=true />
                                            <label for=id>{val.name.clone()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <div class="field">
                                <label for="award-message">"What they did"</label>
                                <TextArea id="award-message" name="input[recognition][message]" rows=4 value="" />
                                <p class="hint">{format!("{MESSAGE_MIN} to {MESSAGE_MAX} characters.")}</p>
                            </div>
                            <fieldset>
                                <legend>"Who sees it"</legend>
                                <div class="radio">
                                    <input type="radio" id="award-public" name="input[recognition][visibility]" value="public" checked=true />
                                    <label for="award-public">"Everyone: it appears in the feed"</label>
                                </div>
                                <div class="radio">
                                    <input type="radio" id="award-private" name="input[recognition][visibility]" value="private" />
                                    <label for="award-private">"Only you, them, their managers and HR"</label>
                                </div>
                            </fieldset>
                            <button type="submit" class="button primary">"Give award"</button>
                        </ActionForm>
                        <div>
                            <h3>"Budgets this quarter"</h3>
                            <BudgetTable rows=a.budgets.clone() caption="Award budgets of your people's sites this quarter" />
                        </div>
                    </div>
                }.into_any()
            }}
            {(!a.mine.is_empty()).then(|| view! {
                <h3>"Your awards waiting or declined"</h3>
                <ul class="pending-list">
                    {a.mine.into_iter().map(|w| view! { <AwardLine w /> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn AwardLine(w: AwardView) -> impl IntoView {
    let (class, label) = match w.status {
        RecognitionStatus::Pending => ("tag", "Waiting for HR"),
        RecognitionStatus::Declined => ("tag muted-tag", "Declined"),
        RecognitionStatus::Live => ("tag ok-tag", "Approved"),
    };
    view! {
        <li class="pending-row">
            <div>
                <p><strong>{w.level.clone()}</strong>" for "<strong>{w.recipients.join(", ")}</strong>
                    <span class=class>{label}</span></p>
                <p class="small muted">{format!("{} · {} points from {} · {}", w.value, w.total, w.site, w.when)}</p>
                {w.note.map(|n| view! { <p class="small">"HR: " {n}</p> })}
            </div>
        </li>
    }
}

/// What is left of each site's budget (the award form's side panel: narrow, so three columns).
#[component]
fn BudgetTable(rows: Vec<BudgetRow>, #[prop(into)] caption: String) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">"Site"</th><th scope="col" class="num">"Left"</th><th scope="col" class="num">"Waiting"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|b| view! {
                        <tr>
                            <th scope="row">{b.site}</th>
                            <td class="num nowrap">{format!("{} of {}", b.left, b.allocated)}</td>
                            <td class="num">{b.waiting}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// HR's awards page.
#[component]
pub fn AwardsAdminPage() -> impl IntoView {
    LatestOutcome::provide();
    let decide = ServerAction::<DecideAward>::new();
    let budget = ServerAction::<SetAwardBudget>::new();
    let level = ServerAction::<SaveAwardLevel>::new();
    let archive = ServerAction::<SetAwardLevelArchived>::new();
    let threshold = ServerAction::<SetAwardThreshold>::new();
    let query = use_query_map();
    let quarter = Memo::new(move |_| query.with(|q| q.get("quarter")));
    let data = Resource::new(
        move || {
            (
                decide.version().get(),
                budget.version().get(),
                level.version().get(),
                archive.version().get(),
                threshold.version().get(),
                quarter.get(),
            )
        },
        |(.., q)| get_awards_admin(q),
    );
    view! {
        <Title text="Awards" />
        <p><a href="/recognition">"Recognition"</a></p>
        <h1>"Awards"</h1>
        <p class="lead">"Managers give awards from their site's budget. Approve or decline the ones above the threshold, set each site's budget per quarter, and keep the levels."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=decide.value() path={<DecideAward as ServerFn>::PATH} />
            <Outcome value=budget.value() path={<SetAwardBudget as ServerFn>::PATH} />
            <Outcome value=level.value() path={<SaveAwardLevel as ServerFn>::PATH} />
            <Outcome value=archive.value() path={<SetAwardLevelArchived as ServerFn>::PATH} />
            <Outcome value=threshold.value() path={<SetAwardThreshold as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <AwardsAdmin v decide budget level archive threshold /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn neighbour(quarter: &str, step: i32) -> String {
    let (y, q) = quarter
        .split_once("-Q")
        .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<i32>().ok()?)))
        .unwrap_or((2026, 1));
    let n = y * 4 + (q - 1) + step;
    format!("{}-Q{}", n.div_euclid(4), n.rem_euclid(4) + 1)
}

#[component]
fn AwardsAdmin(
    v: AwardsAdminView,
    decide: ServerAction<DecideAward>,
    budget: ServerAction<SetAwardBudget>,
    level: ServerAction<SaveAwardLevel>,
    archive: ServerAction<SetAwardLevelArchived>,
    threshold: ServerAction<SetAwardThreshold>,
) -> impl IntoView {
    let waiting = v.waiting.len();
    let quarter = v.quarter.clone();
    let money = v.money.clone();
    let totals = v.budgets.iter().fold((0i64, 0i64, 0i64, 0i64), |t, b| {
        (
            t.0 + i64::from(b.allocated),
            t.1 + i64::from(b.spent),
            t.2 + i64::from(b.waiting),
            t.3 + i64::from(b.left),
        )
    });
    let csv = format!("/reports/recognition-budget.csv?quarter={}", v.quarter);
    let prev = format!("/admin/awards?quarter={}", neighbour(&v.quarter, -1));
    let next = format!("/admin/awards?quarter={}", neighbour(&v.quarter, 1));
    view! {
        <section class="panel" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{format!("Waiting for approval ({waiting})")}</h2>
            {if v.waiting.is_empty() {
                view! { <p class="empty">"No award is waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="pending-list">
                        {v.waiting.into_iter().map(|w| {
                            let (p1, p2) = (w.pid.clone(), w.pid.clone());
                            let note_id = format!("decline-{}", w.pid);
                            let approve_label = format!("Approve the award to {}", w.recipients.join(", "));
                            view! {
                                <li class="pending-row">
                                    <div>
                                        <p><strong>{w.giver.clone()}</strong>" → "<strong>{w.recipients.join(", ")}</strong>
                                            <span class="tag">{w.level.clone()}</span></p>
                                        <p class="feed-message">{w.message.clone()}</p>
                                        <p class="small muted">{format!("{} · {} points each, {} in all, from {} · {}", w.value, w.points_each, w.total, w.site, w.when)}</p>
                                    </div>
                                    <div class="value-actions">
                                        <ActionForm action=decide attr:class="inline">
                                            <input type="hidden" name="award" value=p1 />
                                            <input type="hidden" name="decision" value="approve" />
                                            <input type="hidden" name="note" value="" />
                                            <button type="submit" class="button primary small" aria-label=approve_label>"Approve"</button>
                                        </ActionForm>
                                        <details class="confirm">
                                            <summary class="button small">"Decline…"</summary>
                                            <ActionForm action=decide attr:class="stack">
                                                <input type="hidden" name="award" value=p2 />
                                                <input type="hidden" name="decision" value="decline" />
                                                <label for=note_id.clone()>"Why (the giver will read it)"</label>
                                                <input id=note_id name="note" required minlength="5" maxlength="500" />
                                                <button type="submit" class="button danger small">"Decline and return the points"</button>
                                            </ActionForm>
                                        </details>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="budgets-title">
            <h2 id="budgets-title">{format!("Budgets for {}", v.quarter_label)}</h2>
            <p class="feed-paging"><a href=prev>"Previous quarter"</a><a href=next>"Next quarter"</a></p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="visually-hidden">{format!("Award budget per site for {}, in points and in {}", v.quarter_label, money.currency)}</caption>
                    <thead><tr><th scope="col">"Region"</th><th scope="col">"Site"</th><th scope="col" class="num">"Awarded"</th><th scope="col" class="num">"Waiting"</th><th scope="col" class="num">"Left"</th><th scope="col" class="num">"Budget in money"</th><th scope="col">"Budget (points)"</th></tr></thead>
                    <tbody>
                        {v.budgets.into_iter().map(|b| {
                            let id = format!("budget-{}", b.site_id);
                            let label = format!("Budget for {}", b.site);
                            let quarter = quarter.clone();
                            let value = money.format(i64::from(b.allocated));
                            view! {
                                <tr>
                                    <td>{b.region.clone()}</td>
                                    <th scope="row">{b.site.clone()}</th>
                                    <td class="num">{b.spent}</td>
                                    <td class="num">{b.waiting}</td>
                                    <td class="num">{b.left}</td>
                                    <td class="num nowrap">{value}</td>
                                    <td>
                                        <ActionForm action=budget attr:class="inline budget-form">
                                            <input type="hidden" name="site" value=b.site_id.to_string() />
                                            <input type="hidden" name="quarter" value=quarter />
                                            <label for=id.clone() class="visually-hidden">{label}</label>
                                            <input id=id name="amount" type="number" min="0" required value=b.allocated.to_string() inputmode="numeric" />
                                            <button type="submit" class="button small">"Set"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">"All sites"</th>
                            <td class="num">{totals.1}</td>
                            <td class="num">{totals.2}</td>
                            <td class="num">{totals.3}</td>
                            <td class="num nowrap">{money.format(totals.0)}</td>
                            <td>{format!("{} points", totals.0)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <h3>"Budget report"</h3>
            <dl class="stats">
                <div><dt>"Budgeted for awards"</dt><dd>{money.format(totals.0)}</dd></div>
                <div><dt>"Awarded (landed)"</dt><dd>{money.format(totals.1)}</dd></div>
                <div><dt>"Waiting for approval"</dt><dd>{money.format(totals.2)}</dd></div>
                <div><dt>"Peer thanks from allowances"</dt><dd>{money.format(v.peer_points)}</dd></div>
                <div><dt>"Recognition cost this quarter"</dt><dd>{money.format(totals.1 + totals.2 + v.peer_points)}</dd></div>
            </dl>
            <p class="small muted">{format!("{} points are worth {} (admins set this with the values). Peer thanks come from monthly allowances, not from site budgets: {} points given this quarter. ", money.points_per_unit, money.format(i64::from(money.points_per_unit)), v.peer_points)}
                <a href=csv>"Download the budget report (CSV)"</a></p>
        </section>
        <section class="panel" aria-labelledby="levels-title">
            <h2 id="levels-title">"Levels"</h2>
            <ol class="value-list">
                {v.levels.into_iter().map(|l| {
                    let (n_id, p_id) = (format!("level-name-{}", l.id), format!("level-points-{}", l.id));
                    let (to, label) = if l.archived { ("current", "Bring back") } else { ("archived", "Archive") };
                    let aria = format!("{label}: {}", l.name);
                    let archived = l.archived;
                    view! {
                        <li class="value-row" class:archived=archived>
                            <ActionForm action=level attr:class="form-grid level-form">
                                <input type="hidden" name="level" value=l.id.to_string() />
                                <div class="field"><label for=n_id.clone()>"Name"</label>
                                    <input id=n_id name="name" value=l.name.clone() required maxlength="40" /></div>
                                <div class="field"><label for=p_id.clone()>"Points each"</label>
                                    <input id=p_id name="points" type="number" min="1" value=l.points.to_string() required /></div>
                                <div class="form-actions"><button type="submit" class="button small">"Save"</button>
                                    {archived.then(|| view! { <span class="tag muted-tag">"Archived"</span> })}</div>
                            </ActionForm>
                            <div class="value-actions">
                                <ActionForm action=archive attr:class="inline">
                                    <input type="hidden" name="level" value=l.id.to_string() />
                                    <input type="hidden" name="to" value=to />
                                    <button type="submit" class="button small" aria-label=aria>{label}</button>
                                </ActionForm>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <h3>"Add a level"</h3>
            <ActionForm action=level attr:class="form-grid level-form">
                <input type="hidden" name="level" value="" />
                <div class="field"><label for="new-level-name">"Name"</label>
                    <input id="new-level-name" name="name" required maxlength="40" /></div>
                <div class="field"><label for="new-level-points">"Points each"</label>
                    <input id="new-level-points" name="points" type="number" min="1" required /></div>
                <div class="form-actions"><button type="submit" class="button primary small">"Add level"</button></div>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="threshold-title">
            <h2 id="threshold-title">"Approval"</h2>
            <ActionForm action=threshold attr:class="form-grid level-form">
                <div class="field"><label for="threshold">"Awards above this many points in total wait for HR"</label>
                    <input id="threshold" name="threshold" type="number" min="0" required value=v.threshold.to_string() /></div>
                <div class="form-actions"><button type="submit" class="button primary small">"Save"</button></div>
            </ActionForm>
        </section>
    }
}
