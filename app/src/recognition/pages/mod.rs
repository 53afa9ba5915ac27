//! The recognition page (give thanks, see your points, read the feed) and the admins' values page;
//! the rewards pages are in `rewards.rs`.
mod awards;
mod programmes;
mod report;
mod rewards;
pub use awards::AwardsAdminPage;
pub use programmes::{HallOfFamePage, ProgrammePage, ProgrammesPage, WinnerCertificatePage};
pub use report::RecognitionReportPage;
pub use rewards::{RewardsAdminPage, RewardsPage};

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::{
    ApplaudRecognition, CommentRecognition, CreateValue, DeleteComment, GiveAward, GiveRecognition,
    HideComment, HideRecognition, MoveValue, SavePointSettings, SetValueArchived, UpdateValue,
    WithdrawRecognition, get_point_settings, get_recognition, get_values_admin,
};
use crate::recognition::rules::{COMMENT_MAX, MESSAGE_MAX, MESSAGE_MIN};
use crate::recognition::types::{FeedFilters, FeedItem, FeedQuery, RecognitionView, ValueView};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

#[component]
pub fn RecognitionPage() -> impl IntoView {
    LatestOutcome::provide();
    let give = ServerAction::<GiveRecognition>::new();
    let withdraw = ServerAction::<WithdrawRecognition>::new();
    let hide = ServerAction::<HideRecognition>::new();
    let award = ServerAction::<GiveAward>::new();
    let actions = FeedActions {
        withdraw,
        hide,
        applaud: ServerAction::new(),
        comment: ServerAction::new(),
        delete: ServerAction::new(),
        hide_comment: ServerAction::new(),
    };
    let query = use_query_map();
    let before =
        Memo::new(move |_| query.with(|q| q.get("before").and_then(|b| b.parse::<i32>().ok())));
    let filter = Memo::new(move |_| {
        query.with(|q| FeedQuery {
            region: q.get("region").unwrap_or_default(),
            site: q.get("site").unwrap_or_default(),
            department: q.get("department").unwrap_or_default(),
            value: q.get("value").unwrap_or_default(),
        })
    });
    let data = Resource::new(
        move || {
            (
                (
                    give.version().get(),
                    withdraw.version().get(),
                    hide.version().get(),
                    award.version().get(),
                ),
                (
                    actions.applaud.version().get(),
                    actions.comment.version().get(),
                    actions.delete.version().get(),
                    actions.hide_comment.version().get(),
                ),
                before.get(),
                filter.get(),
            )
        },
        |(_, _, before, filter)| get_recognition(before, Some(filter)),
    );
    view! {
        <Title text="Recognition" />
        <h1>"Recognition"</h1>
        <p class="lead">"Thank a colleague for service that shows one of our values. Say what they did and why it mattered: specific thanks are the ones people remember."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=give.value() path={<GiveRecognition as ServerFn>::PATH} />
            <Outcome value=withdraw.value() path={<WithdrawRecognition as ServerFn>::PATH} />
            <Outcome value=hide.value() path={<HideRecognition as ServerFn>::PATH} />
            <Outcome value=award.value() path={<GiveAward as ServerFn>::PATH} />
            <Outcome value=actions.applaud.value() path={<ApplaudRecognition as ServerFn>::PATH} />
            <Outcome value=actions.comment.value() path={<CommentRecognition as ServerFn>::PATH} />
            <Outcome value=actions.delete.value() path={<DeleteComment as ServerFn>::PATH} />
            <Outcome value=actions.hide_comment.value() path={<HideComment as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Recognition v give actions award paged=before.get_untracked().is_some() filter=filter.get_untracked() /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Recognition(
    v: RecognitionView,
    give: ServerAction<GiveRecognition>,
    actions: FeedActions,
    award: ServerAction<GiveAward>,
    paged: bool,
    filter: FeedQuery,
) -> impl IntoView {
    let b = v.balance.clone();
    let award_panel = v.award.clone().map(|a| {
        view! { <awards::AwardPanel a values=v.values.clone() give=award /> }
    });
    let feed_key = v.request_key.clone();
    let first = colleague_options(&v.colleagues);
    let second = colleague_options(&v.colleagues);
    let departments = v
        .filters
        .departments
        .iter()
        .map(|d| view! { <option value=d.id.clone()>{d.name.clone()}</option> })
        .collect_view();
    view! {
        <div class="recognition-grid">
            <section class="panel" aria-labelledby="give-title">
                <h2 id="give-title">"Recognise someone"</h2>
                <ActionForm action=give attr:class="stack">
                    <input type="hidden" name="input[request_key]" value=v.request_key.clone() />
                    <div class="field">
                        <label for="who">"Who"</label>
                        <select id="who" name="input[recipients][0]" aria-describedby="who-hint">
                            <option value="">"Choose a colleague"</option>
                            {first}
                        </select>
                    </div>
                    <div class="field">
                        <label for="who-also">"And (optional)"</label>
                        <select id="who-also" name="input[recipients][1]">
                            <option value="">"Nobody else"</option>
                            {second}
                        </select>
                    </div>
                    <div class="field">
                        <label for="who-department">"Or a whole department (optional)"</label>
                        <select id="who-department" name="input[department]" aria-describedby="who-hint">
                            <option value="">"No department"</option>
                            {departments}
                        </select>
                        <p id="who-hint" class="hint">"Choose a colleague, a department, or both. A department means everyone in it now, except you; points are for each person."</p>
                    </div>
                    <fieldset class="value-choice">
                        <legend>"The value their work showed"</legend>
                        {v.values.iter().enumerate().map(|(i, val)| {
                            let id = format!("value-{i}");
                            let hint = format!("value-{i}-hint");
                            view! {
                                <div class="radio">
                                    <input type="radio" id=id.clone() name="input[value]" value=val.pid.clone() required=true aria-describedby=hint.clone() />
                                    <label for=id>{val.name.clone()}</label>
                                    <p id=hint class="hint">{val.meaning.clone()}</p>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="message">"What they did"</label>
                        <TextArea id="message" name="input[message]" rows=4 value="" placeholder="Name the moment: what they did, and what it meant for the customer or the team." />
                        <p class="hint">{format!("{MESSAGE_MIN} to {MESSAGE_MAX} characters, shown as you write it.")}</p>
                    </div>
                    <div class="field">
                        <label for="points">"Points for each person (optional)"</label>
                        <input id="points" name="input[points]" type="number" min="0" max=b.allowance_left.to_string() inputmode="numeric" aria-describedby="points-hint" />
                        <p id="points-hint" class="hint">{format!("You have {} of your {} points left to give in {}. Thanks without points are welcome too.", b.allowance_left, b.allowance, b.month_label)}</p>
                    </div>
                    <fieldset>
                        <legend>"Who sees it"</legend>
                        <div class="radio">
                            <input type="radio" id="vis-public" name="input[visibility]" value="public" checked=true />
                            <label for="vis-public">"Everyone: it appears in the feed"</label>
                        </div>
                        <div class="radio">
                            <input type="radio" id="vis-private" name="input[visibility]" value="private" />
                            <label for="vis-private">"Only you, them, their managers and HR"</label>
                        </div>
                    </fieldset>
                    <button type="submit" class="button primary">"Post recognition"</button>
                </ActionForm>
            </section>
            <aside class="panel" aria-labelledby="points-title">
                <h2 id="points-title">"Your points"</h2>
                <dl class="stats">
                    <div><dt>"Left to give this month"</dt><dd>{b.allowance_left}</dd></div>
                    <div><dt>"Earned"</dt><dd>{b.earned}</dd></div>
                </dl>
                <p class="small muted">{format!("Each month starts with {} points to give; what is not given does not carry over. Points you receive are yours to keep.", b.allowance)}</p>
                <p><a href="/recognition/rewards">"Rewards and your points history"</a></p>
                <p><a href="/recognition/programmes">"Achievement awards: nominate"</a>" · "<a href="/recognition/hall-of-fame">"Hall of fame"</a></p>
                {v.may_view_report.then(|| view! { <p><a href="/recognition/report">"Recognition report: who is recognised, and who not yet"</a></p> })}
                {v.may_manage_awards.then(|| view! { <p><a href="/admin/awards">"Awards: approvals, budgets and levels"</a></p> })}
                {v.may_manage_values.then(|| view! { <p><a href="/admin/values">"Manage the values and points"</a></p> })}
            </aside>
        </div>
        {award_panel}
        {v.announcements.into_iter().map(|n| view! {
            <section class="panel announcement" aria-label=format!("{} winners announced", n.programme)>
                <h2>{format!("The winners of {} are announced", n.programme)}</h2>
                <p class="small muted">{n.when.clone()}</p>
                <ul class="winner-list">
                    {n.winners.into_iter().map(|(category, w)| view! {
                        <li><strong>{w.label.clone()}</strong>{format!(" · {category}")}
                            {(!w.place.is_empty()).then(|| view! { <span class="small muted">{format!(" · {}", w.place)}</span> })}</li>
                    }).collect_view()}
                </ul>
                <p><a href=format!("/recognition/hall-of-fame?year={}", n.year)>"See them in the hall of fame"</a></p>
            </section>
        }).collect_view()}
        <section class="panel" aria-labelledby="feed-title">
            <h2 id="feed-title">{if paged { "Earlier recognition" } else { "Latest recognition" }}</h2>
            <FeedFilterForm f=v.filters.clone() q=filter.clone() />
            {if v.feed.is_empty() {
                let text = if filter.is_empty() { "No recognition yet. Be the first to thank someone." } else { "No recognition matches this filter yet." };
                view! { <p class="empty">{text}</p> }.into_any()
            } else {
                let key = feed_key.clone();
                view! {
                    <ol class="feed">
                        {v.feed.into_iter().enumerate().map(|(i, f)| view! { <FeedEntry f a=actions key=format!("{key}-{i}") /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <p class="feed-paging">
                {paged.then(|| view! { <a href=format!("/recognition?{}", filter.query_string())>"Newest"</a> })}
                {v.next.map(|n| view! { <a href=format!("/recognition?before={n}&{}", filter.query_string())>"Earlier recognition"</a> })}
            </p>
        </section>
    }
}

/// The feed's forms, one of each for the whole page.
#[derive(Clone, Copy)]
struct FeedActions {
    withdraw: ServerAction<WithdrawRecognition>,
    hide: ServerAction<HideRecognition>,
    applaud: ServerAction<ApplaudRecognition>,
    comment: ServerAction<CommentRecognition>,
    delete: ServerAction<DeleteComment>,
    hide_comment: ServerAction<HideComment>,
}

/// The feed's filter: a plain GET form, so it works without JavaScript.
#[component]
fn FeedFilterForm(f: FeedFilters, q: FeedQuery) -> impl IntoView {
    let everyone = q.is_empty();
    let mine = f.my_site.clone();
    let on_mine = mine.as_ref().is_some_and(|s| {
        s.id == q.site && q.region.is_empty() && q.department.is_empty() && q.value.is_empty()
    });
    view! {
        <nav class="feed-quick" aria-label="Whose recognition">
            <a href="/recognition" aria-current=everyone.then_some("page")>"Everyone you may see"</a>
            {mine.map(|s| view! { <a href=format!("/recognition?site={}", s.id) aria-current=on_mine.then_some("page")>{format!("My site: {}", s.name)}</a> })}
        </nav>
        <details class="feed-filter" open=!everyone && !on_mine>
            <summary>"Filter by region, site, department or value"</summary>
            <form method="get" action="/recognition" class="form-grid filters-form">
                {crate::ui::select("region", "Region", "All regions", f.regions, q.region.clone())}
                {crate::ui::select("site", "Site", "All sites", f.sites, q.site.clone())}
                {crate::ui::select("department", "Department", "All departments", f.departments, q.department.clone())}
                {crate::ui::select("value", "Value", "All values", f.values, q.value.clone())}
                <div class="form-actions"><button type="submit" class="button">"Show"</button>
                    <a href="/recognition">"Clear filters"</a></div>
            </form>
        </details>
    }
}

#[component]
fn FeedEntry(f: FeedItem, a: FeedActions, key: String) -> impl IntoView {
    let to = f.recipients.join(", ");
    let reason_id = format!("hide-{}", f.pid);
    let comment_id = format!("comment-{}", f.pid);
    let pid = f.pid.clone();
    let (applaud_pid, withdraw_pid, hide_pid) = (f.pid.clone(), f.pid.clone(), f.pid.clone());
    let applause_label = match (f.applause, f.applauded) {
        (0, _) => "No applause yet".to_owned(),
        (1, true) => "You applauded".to_owned(),
        (n, true) => format!(
            "You and {} other{} applauded",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
        (1, false) => "1 person applauded".to_owned(),
        (n, false) => format!("{n} people applauded"),
    };
    let comments = f.comments.clone();
    view! {
        <li class="feed-item">
            <article>
                <p class="feed-head">
                    <strong>{f.giver.clone()}</strong>" recognised "<strong>{to}</strong>
                    <span class="tag">{f.value.clone()}</span>
                    {f.award.clone().map(|a| view! { <span class="tag award-tag">{format!("Award: {a}")}</span> })}
                    {f.private.then(|| view! { <span class="tag muted-tag">"Private"</span> })}
                </p>
                <p class="feed-message">{f.message.clone()}</p>
                <p class="feed-meta small muted">
                    {f.when.clone()}
                    {(f.points_each > 0).then(|| format!(" · {} points each", f.points_each))}
                </p>
                <div class="feed-actions">
                    {if f.can_applaud {
                        view! {
                            <ActionForm action=a.applaud attr:class="inline">
                                <input type="hidden" name="recognition" value=applaud_pid />
                                <input type="hidden" name="applaud" value=if f.applauded { "no" } else { "yes" } />
                                <button type="submit" class="applause" aria-pressed=if f.applauded { "true" } else { "false" }>
                                    <span aria-hidden="true">"👏 "</span>{if f.applauded { "Applauded" } else { "Applaud" }}
                                </button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        ().into_any()
                    }}
                    <span class="small muted">{applause_label}</span>
                    {f.can_withdraw.then(|| view! {
                        <ActionForm action=a.withdraw attr:class="inline">
                            <input type="hidden" name="recognition" value=withdraw_pid />
                            <button type="submit" class="link-button">"Withdraw"</button>
                        </ActionForm>
                    })}
                </div>
                {f.can_hide.then(|| view! {
                    <details class="confirm moderate">
                        <summary class="link-button">"Hide…"</summary>
                        <ActionForm action=a.hide attr:class="stack">
                            <input type="hidden" name="recognition" value=hide_pid />
                            <label for=reason_id.clone()>"Reason (kept on record and shown with any reversed points)"</label>
                            <input id=reason_id name="reason" required minlength="5" maxlength="500" />
                            <p class="small">"Its points are reversed as far as the recipients still hold them."</p>
                            <button type="submit" class="button danger small">"Hide this recognition"</button>
                        </ActionForm>
                    </details>
                })}
                <div class="comments">
                    {(!comments.is_empty()).then(|| view! {
                        <ul class="comment-list" aria-label="Comments">
                            {comments.into_iter().map(|c| {
                                let why = format!("hide-comment-{}", c.pid);
                                let (delete_pid, hide_comment_pid) = (c.pid.clone(), c.pid.clone());
                                view! {
                                    <li>
                                        <p><strong>{c.author}</strong> " " <span class="small muted">{c.when}</span></p>
                                        <p class="comment-body">{c.body}</p>
                                        {c.can_delete.then(|| view! {
                                            <ActionForm action=a.delete attr:class="inline">
                                                <input type="hidden" name="comment" value=delete_pid />
                                                <button type="submit" class="link-button small">"Delete"</button>
                                            </ActionForm>
                                        })}
                                        {c.can_hide.then(|| view! {
                                            <details class="confirm moderate">
                                                <summary class="link-button small">"Hide comment…"</summary>
                                                <ActionForm action=a.hide_comment attr:class="stack">
                                                    <input type="hidden" name="comment" value=hide_comment_pid />
                                                    <label for=why.clone()>"Reason (kept on record)"</label>
                                                    <input id=why name="reason" required minlength="5" maxlength="500" />
                                                    <button type="submit" class="button danger small">"Hide this comment"</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    <details class="comment-form">
                        <summary class="link-button">"Comment"</summary>
                        <ActionForm action=a.comment attr:class="stack">
                            <input type="hidden" name="input[recognition]" value=pid />
                            <input type="hidden" name="input[request_key]" value=key />
                            <label for=comment_id.clone()>"Your comment"</label>
                            <TextArea id=comment_id name="input[body]" rows=2 value="" />
                            <p class="hint">{format!("Up to {COMMENT_MAX} characters.")}</p>
                            <button type="submit" class="button small">"Post comment"</button>
                        </ActionForm>
                    </details>
                </div>
            </article>
        </li>
    }
}

/// One `<option>` per colleague, with their site and department to tell namesakes apart.
fn colleague_options(colleagues: &[crate::recognition::types::Colleague]) -> impl IntoView + use<> {
    colleagues
        .iter()
        .map(|c| {
            let label = if c.place.is_empty() {
                c.name.clone()
            } else {
                format!("{} · {}", c.name, c.place)
            };
            view! { <option value=c.pid.clone()>{label}</option> }
        })
        .collect_view()
}

/// The home page's recognition panel: the newest recognition for the viewer and their points.
#[component]
pub fn HomePanel(r: crate::recognition::types::HomeRecognition) -> impl IntoView {
    let b = r.balance;
    let heading = if r.latest_is_mine {
        "Your latest recognition"
    } else {
        "Latest recognition"
    };
    view! {
        <section class="panel home-recognition" aria-labelledby="home-recognition-title">
            <h2 id="home-recognition-title">{heading}</h2>
            <div class="recognition-grid">
                <div>
                    {match r.latest {
                        Some(f) => {
                            let to = f.recipients.join(", ");
                            view! {
                                <article class="feed-item">
                                    <p class="feed-head">
                                        <strong>{f.giver.clone()}</strong>" recognised "<strong>{to}</strong>
                                        <span class="tag">{f.value.clone()}</span>
                                    </p>
                                    <p class="feed-message">{f.message.clone()}</p>
                                    <p class="feed-meta small muted">
                                        {f.when.clone()}
                                        {(f.points_each > 0).then(|| format!(" · {} points each", f.points_each))}
                                    </p>
                                </article>
                            }.into_any()
                        }
                        None => view! { <p class="empty">"No recognition yet."</p> }.into_any(),
                    }}
                    <p><a href="/recognition">"Recognise someone"</a></p>
                </div>
                <dl class="stats">
                    <div><dt>{format!("Left to give in {}", b.month_label)}</dt><dd>{format!("{} of {}", b.allowance_left, b.allowance)}</dd></div>
                    <div><dt>"Points to spend"</dt><dd>{b.earned}</dd></div>
                </dl>
            </div>
        </section>
    }
}

/// A person's recognition received and given, per value (the person page).
#[component]
pub fn PersonRecognitionPanel(
    counts: Result<Vec<crate::recognition::types::ValueCount>, crate::error::AppError>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="person-recognition-title">
            <h2 id="person-recognition-title">"Recognition by value"</h2>
            {match counts {
                Ok(c) if c.is_empty() => view! { <p class="empty">"No recognition received or given yet."</p> }.into_any(),
                Ok(c) => {
                    let (r, g): (u32, u32) = c.iter().fold((0, 0), |(r, g), v| (r + v.received, g + v.given));
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <caption class="visually-hidden">"Recognition received and given, per value"</caption>
                                <thead><tr><th scope="col">"Value"</th><th scope="col" class="num">"Received"</th><th scope="col" class="num">"Given"</th></tr></thead>
                                <tbody>
                                    {c.into_iter().map(|v| view! {
                                        <tr><th scope="row">{v.value}</th><td class="num">{v.received}</td><td class="num">{v.given}</td></tr>
                                    }).collect_view()}
                                </tbody>
                                <tfoot><tr><th scope="row">"All values"</th><td class="num">{r}</td><td class="num">{g}</td></tr></tfoot>
                            </table>
                        </div>
                    }.into_any()
                }
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

/// Admins keep the values recognition names: add, reword, reorder, archive.
#[component]
pub fn ValuesPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateValue>::new();
    let update = ServerAction::<UpdateValue>::new();
    let archive = ServerAction::<SetValueArchived>::new();
    let shift = ServerAction::<MoveValue>::new();
    let save_points = ServerAction::<SavePointSettings>::new();
    let points = Resource::new(
        move || save_points.version().get(),
        |_| get_point_settings(),
    );
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                archive.version().get(),
                shift.version().get(),
            )
        },
        |_| get_values_admin(),
    );
    view! {
        <Title text="Values and points" />
        <p><a href="/recognition">"Recognition"</a></p>
        <h1>"Values and points"</h1>
        <p class="lead">"Every recognition names one of these. Archiving a value keeps it on recognition already given and in reports; new recognition cannot choose it."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateValue as ServerFn>::PATH} />
            <Outcome value=update.value() path={<UpdateValue as ServerFn>::PATH} />
            <Outcome value=archive.value() path={<SetValueArchived as ServerFn>::PATH} />
            <Outcome value=shift.value() path={<MoveValue as ServerFn>::PATH} />
            <Outcome value=save_points.value() path={<SavePointSettings as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(vs) => view! { <ValueList vs update archive shift /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="add-value-title">
            <h2 id="add-value-title">"Add a value"</h2>
            <ActionForm action=create attr:class="form-grid">
                <div class="field"><label for="new-name">"Name"</label>
                    <input id="new-name" name="form[name]" required maxlength="60" /></div>
                <div class="field"><label for="new-meaning">"What it means, in one line"</label>
                    <input id="new-meaning" name="form[meaning]" required maxlength="200" /></div>
                <div class="form-actions"><button type="submit" class="button primary">"Add value"</button></div>
            </ActionForm>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match points.await {
                    Ok(p) => view! { <PointsForm p save=save_points /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PointsForm(
    p: crate::recognition::types::PointSettings,
    save: ServerAction<SavePointSettings>,
) -> impl IntoView {
    use crate::auth::types::Role;
    let amount = |r: Role| {
        p.allowances
            .iter()
            .find(|a| a.role == r)
            .map(|a| a.amount.to_string())
            .unwrap_or_default()
    };
    let fields = [
        (Role::Staff, "staff", "Staff"),
        (Role::Manager, "manager", "Managers"),
        (Role::Hr, "hr", "HR"),
        (Role::Admin, "admin", "Admins"),
    ]
    .map(|(r, key, label)| {
        let id = format!("allowance-{key}");
        view! {
            <div class="field"><label for=id.clone()>{label}</label>
                <input id=id name=format!("form[{key}]") type="number" min="0" max="100000" required value=amount(r) inputmode="numeric" /></div>
        }
    });
    view! {
        <section class="panel" aria-labelledby="points-settings-title">
            <h2 id="points-settings-title">"Points to give each month"</h2>
            <p class="small muted">"Everyone gets their role's allowance on the 1st (in the organisation's time zone); what is not given does not carry over. A change applies from each person's next monthly allowance."</p>
            <ActionForm action=save attr:class="form-grid points-form">
                {fields.into_iter().collect_view()}
                <div class="field"><label for="recipient-cap">"Most to one person per month"</label>
                    <input id="recipient-cap" name="form[cap]" type="number" min="1" max="100000" required value=p.cap.to_string() inputmode="numeric" /></div>
                <div class="field"><label for="points-per-unit">"Points per unit of money"</label>
                    <input id="points-per-unit" name="form[points_per_unit]" type="number" min="1" max="10000" required value=p.money.points_per_unit.to_string() inputmode="numeric" aria-describedby="money-hint" /></div>
                <div class="field"><label for="currency">"Currency"</label>
                    <input id="currency" name="form[currency]" required minlength="3" maxlength="3" value=p.money.currency.clone() aria-describedby="money-hint" autocapitalize="characters" /></div>
                <p id="money-hint" class="hint">{format!("For budgeting: {} points are worth {}. HR's budget report shows awards and thanks in money this way.", p.money.points_per_unit, p.money.format(i64::from(p.money.points_per_unit)))}</p>
                <div class="form-actions"><button type="submit" class="button primary">"Save points settings"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ValueList(
    vs: Vec<ValueView>,
    update: ServerAction<UpdateValue>,
    archive: ServerAction<SetValueArchived>,
    shift: ServerAction<MoveValue>,
) -> impl IntoView {
    let n = vs.len();
    view! {
        <section class="panel" aria-labelledby="values-title">
            <h2 id="values-title">{format!("{n} value{}", if n == 1 { "" } else { "s" })}</h2>
            <ol class="value-list">
                {vs.into_iter().enumerate().map(|(i, v)| {
                    let name_id = format!("name-{i}");
                    let meaning_id = format!("meaning-{i}");
                    let (to, label) = if v.archived { ("current", "Bring back") } else { ("archived", "Archive") };
                    let archived = v.archived;
                    let (p1, p2, p3, p4) = (v.pid.clone(), v.pid.clone(), v.pid.clone(), v.pid);
                    let up = format!("Move {} up", v.name);
                    let down = format!("Move {} down", v.name);
                    let arch = format!("{label}: {}", v.name);
                    let (name, meaning) = (v.name, v.meaning);
                    view! {
                        <li class="value-row" class:archived=archived>
                            <ActionForm action=update attr:class="form-grid value-edit">
                                <input type="hidden" name="value" value=p1 />
                                <div class="field"><label for=name_id.clone()>"Name"</label>
                                    <input id=name_id name="form[name]" value=name required maxlength="60" /></div>
                                <div class="field"><label for=meaning_id.clone()>"Meaning"</label>
                                    <input id=meaning_id name="form[meaning]" value=meaning required maxlength="200" /></div>
                                <div class="form-actions"><button type="submit" class="button small">"Save"</button>
                                    {archived.then(|| view! { <span class="tag muted-tag">"Archived"</span> })}</div>
                            </ActionForm>
                            <div class="value-actions">
                                <ActionForm action=shift attr:class="inline">
                                    <input type="hidden" name="value" value=p2 />
                                    <input type="hidden" name="direction" value="up" />
                                    <button type="submit" class="button small" aria-label=up>"Up"</button>
                                </ActionForm>
                                <ActionForm action=shift attr:class="inline">
                                    <input type="hidden" name="value" value=p3 />
                                    <input type="hidden" name="direction" value="down" />
                                    <button type="submit" class="button small" aria-label=down>"Down"</button>
                                </ActionForm>
                                <ActionForm action=archive attr:class="inline">
                                    <input type="hidden" name="value" value=p4 />
                                    <input type="hidden" name="to" value=to />
                                    <button type="submit" class="button small" aria-label=arch>{label}</button>
                                </ActionForm>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
