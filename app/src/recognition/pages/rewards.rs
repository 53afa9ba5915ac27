//! Rewards: everyone's page (points, catalogue, redemptions, history) and HR's page (catalogue
//! and the redemptions to fulfil or decline).
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::recognition::api::{
    CreateReward, DecideRedemption, RedeemReward, SetRewardActive, UpdateReward, get_rewards,
    get_rewards_admin,
};
use crate::recognition::types::{
    RedemptionStatus, RedemptionView, RewardView, RewardsAdminView, RewardsView,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

fn points(n: i32) -> String {
    if n == 1 {
        "1 point".into()
    } else {
        format!("{n} points")
    }
}

fn signed(n: i32) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        format!("−{}", n.unsigned_abs())
    }
}

fn status_class(s: RedemptionStatus) -> &'static str {
    match s {
        RedemptionStatus::Pending => "tag",
        RedemptionStatus::Fulfilled => "tag ok-tag",
        RedemptionStatus::Declined => "tag muted-tag",
    }
}

#[component]
pub fn RewardsPage() -> impl IntoView {
    LatestOutcome::provide();
    let redeem = ServerAction::<RedeemReward>::new();
    let query = use_query_map();
    let before =
        Memo::new(move |_| query.with(|q| q.get("before").and_then(|b| b.parse::<i32>().ok())));
    let data = Resource::new(
        move || (redeem.version().get(), before.get()),
        |(_, before)| get_rewards(before),
    );
    view! {
        <Title text="Rewards" />
        <p><a href="/recognition">"Recognition"</a></p>
        <h1>"Rewards"</h1>
        <p class="lead">"Points you receive with recognition are yours to keep. Spend them on a reward; HR hands it over."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=redeem.value() path={<RedeemReward as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Rewards v redeem paged=before.get_untracked().is_some() /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Rewards(v: RewardsView, redeem: ServerAction<RedeemReward>, paged: bool) -> impl IntoView {
    let earned = v.balance.earned;
    let key = v.request_key.clone();
    view! {
        <dl class="stats">
            <div><dt>"Points to spend"</dt><dd>{earned}</dd></div>
            <div><dt>{format!("Left to give in {}", v.balance.month_label)}</dt><dd>{v.balance.allowance_left}</dd></div>
        </dl>
        {v.may_manage.then(|| view! { <p><a href="/admin/rewards">"Manage the catalogue and redemptions"</a></p> })}
        <section class="panel" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">"The catalogue"</h2>
            {if v.catalogue.is_empty() {
                view! { <p class="empty">"There are no rewards in the catalogue yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="reward-grid">
                        {v.catalogue.into_iter().map(|r| {
                            let short = (r.cost - earned).max(0);
                            let out = r.stock == Some(0);
                            let label = format!("Redeem {} for {}", r.title, points(r.cost));
                            let key = key.clone();
                            view! {
                                <li class="reward-card">
                                    <h3>{r.title.clone()}</h3>
                                    <p class="reward-cost">{points(r.cost)}</p>
                                    {(!r.description.is_empty()).then(|| view! { <p class="small">{r.description.clone()}</p> })}
                                    {r.stock.map(|s| view! { <p class="small muted">{if s == 0 { "Out of stock".to_owned() } else { format!("{s} left") }}</p> })}
                                    {if out {
                                        ().into_any()
                                    } else if short > 0 {
                                        view! { <p class="small muted">{format!("{} more to go", points(short))}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=redeem attr:class="inline">
                                                <input type="hidden" name="reward" value=r.pid.clone() />
                                                <input type="hidden" name="request_key" value=key />
                                                <button type="submit" class="button primary small" aria-label=label>"Redeem"</button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="mine-title">
            <h2 id="mine-title">"Your redemptions"</h2>
            {if v.mine.is_empty() {
                view! { <p class="empty">"You have not redeemed a reward yet."</p> }.into_any()
            } else {
                view! { <RedemptionTable rows=v.mine show_person=false caption="Your redemptions" /> }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">"Points history"</h2>
            {if v.history.is_empty() {
                view! { <p class="empty">"No points have moved yet. Thanks you give or receive with points appear here."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <caption class="visually-hidden">"Every movement of your points, newest first"</caption>
                            <thead><tr><th scope="col">"Date"</th><th scope="col">"What"</th><th scope="col">"Account"</th><th scope="col" class="num">"Points"</th></tr></thead>
                            <tbody>
                                {v.history.into_iter().map(|h| view! {
                                    <tr>
                                        <td class="nowrap">{h.when}</td>
                                        <td>{h.what}</td>
                                        <td>{if h.allowance { "To give" } else { "Earned" }}</td>
                                        <td class="num" class:neg={h.amount < 0}>{signed(h.amount)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <p class="feed-paging">
                {paged.then(|| view! { <a href="/recognition/rewards">"Newest"</a> })}
                {v.older.map(|n| view! { <a href=format!("/recognition/rewards?before={n}")>"Older movements"</a> })}
            </p>
        </section>
    }
}

#[component]
fn RedemptionTable(
    rows: Vec<RedemptionView>,
    show_person: bool,
    #[prop(into)] caption: String,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">"Redeemed"</th>
                    {show_person.then(|| view! { <th scope="col">"Person"</th> })}
                    <th scope="col">"Reward"</th>
                    <th scope="col" class="num">"Points"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Note"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td class="nowrap">{r.when}</td>
                            {show_person.then(|| view! { <td>{r.person.clone()}</td> })}
                            <td>{r.reward}</td>
                            <td class="num">{r.cost}</td>
                            <td><span class=status_class(r.status)>{r.status.label()}</span></td>
                            <td>{r.note.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// HR keeps the catalogue and hands rewards over (or declines them, refunding the points).
#[component]
pub fn RewardsAdminPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateReward>::new();
    let update = ServerAction::<UpdateReward>::new();
    let active = ServerAction::<SetRewardActive>::new();
    let decide = ServerAction::<DecideRedemption>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                active.version().get(),
                decide.version().get(),
            )
        },
        |_| get_rewards_admin(),
    );
    view! {
        <Title text="Manage rewards" />
        <p><a href="/recognition/rewards">"Rewards"</a></p>
        <h1>"Manage rewards"</h1>
        <p class="lead">"Hand over what people redeemed, or decline it with a reason: declined points go straight back. Changing a reward's cost does not change redemptions already made."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=decide.value() path={<DecideRedemption as ServerFn>::PATH} />
            <Outcome value=create.value() path={<CreateReward as ServerFn>::PATH} />
            <Outcome value=update.value() path={<UpdateReward as ServerFn>::PATH} />
            <Outcome value=active.value() path={<SetRewardActive as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <RewardsAdmin v decide update active /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="add-reward-title">
            <h2 id="add-reward-title">"Add a reward"</h2>
            <ActionForm action=create attr:class="form-grid reward-form">
                <div class="field"><label for="new-title">"Title"</label>
                    <input id="new-title" name="form[title]" required maxlength="80" /></div>
                <div class="field"><label for="new-cost">"Cost in points"</label>
                    <input id="new-cost" name="form[cost]" type="number" min="1" required inputmode="numeric" /></div>
                <div class="field"><label for="new-stock">"Stock (empty: no limit)"</label>
                    <input id="new-stock" name="form[stock]" type="number" min="0" inputmode="numeric" /></div>
                <div class="field wide"><label for="new-description">"Description"</label>
                    <input id="new-description" name="form[description]" maxlength="500" /></div>
                <div class="form-actions"><button type="submit" class="button primary">"Add reward"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn RewardsAdmin(
    v: RewardsAdminView,
    decide: ServerAction<DecideRedemption>,
    update: ServerAction<UpdateReward>,
    active: ServerAction<SetRewardActive>,
) -> impl IntoView {
    let waiting = v.pending.len();
    view! {
        <section class="panel" aria-labelledby="pending-title">
            <h2 id="pending-title">{format!("Waiting to be handed over ({waiting})")}</h2>
            {if v.pending.is_empty() {
                view! { <p class="empty">"Nothing is waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="pending-list">
                        {v.pending.into_iter().map(|r| {
                            let (p1, p2) = (r.pid.clone(), r.pid.clone());
                            let note_id = format!("decline-{}", r.pid);
                            let fulfil_label = format!("Mark {} for {} fulfilled", r.reward, r.person);
                            view! {
                                <li class="pending-row">
                                    <p><strong>{r.person.clone()}</strong>" redeemed "<strong>{r.reward.clone()}</strong>
                                        <span class="muted">{format!(" · {} points · {}", r.cost, r.when)}</span></p>
                                    <div class="value-actions">
                                        <ActionForm action=decide attr:class="inline">
                                            <input type="hidden" name="redemption" value=p1 />
                                            <input type="hidden" name="decision" value="fulfil" />
                                            <input type="hidden" name="note" value="" />
                                            <button type="submit" class="button primary small" aria-label=fulfil_label>"Fulfilled"</button>
                                        </ActionForm>
                                        <details class="confirm">
                                            <summary class="button small">"Decline…"</summary>
                                            <ActionForm action=decide attr:class="stack">
                                                <input type="hidden" name="redemption" value=p2 />
                                                <input type="hidden" name="decision" value="decline" />
                                                <label for=note_id.clone()>"Why (they will read it)"</label>
                                                <input id=note_id name="note" required minlength="5" maxlength="500" />
                                                <button type="submit" class="button danger small">"Decline and refund"</button>
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
        <section class="panel" aria-labelledby="items-title">
            <h2 id="items-title">"The catalogue"</h2>
            {if v.items.is_empty() {
                view! { <p class="empty">"The catalogue is empty; add the first reward below."</p> }.into_any()
            } else {
                view! {
                    <ol class="value-list">
                        {v.items.into_iter().enumerate().map(|(i, r)| view! { <RewardRow i r update active /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="recent-title">
            <h2 id="recent-title">"Recently decided"</h2>
            {if v.recent.is_empty() {
                view! { <p class="empty">"No redemption has been decided yet."</p> }.into_any()
            } else {
                view! { <RedemptionTable rows=v.recent show_person=true caption="Redemptions recently fulfilled or declined" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn RewardRow(
    i: usize,
    r: RewardView,
    update: ServerAction<UpdateReward>,
    active: ServerAction<SetRewardActive>,
) -> impl IntoView {
    let ids = [
        format!("title-{i}"),
        format!("cost-{i}"),
        format!("stock-{i}"),
        format!("description-{i}"),
    ];
    let (to, label) = if r.active {
        ("inactive", "Take off the catalogue")
    } else {
        ("active", "Put back")
    };
    let aria = format!("{label}: {}", r.title);
    let inactive = !r.active;
    let (p1, p2) = (r.pid.clone(), r.pid.clone());
    view! {
        <li class="value-row" class:archived=inactive>
            <ActionForm action=update attr:class="form-grid reward-form">
                <input type="hidden" name="reward" value=p1 />
                <div class="field"><label for=ids[0].clone()>"Title"</label>
                    <input id=ids[0].clone() name="form[title]" value=r.title.clone() required maxlength="80" /></div>
                <div class="field"><label for=ids[1].clone()>"Cost"</label>
                    <input id=ids[1].clone() name="form[cost]" type="number" min="1" value=r.cost.to_string() required /></div>
                <div class="field"><label for=ids[2].clone()>"Stock"</label>
                    <input id=ids[2].clone() name="form[stock]" type="number" min="0" value=r.stock.map(|s| s.to_string()).unwrap_or_default() /></div>
                <div class="field wide"><label for=ids[3].clone()>"Description"</label>
                    <input id=ids[3].clone() name="form[description]" value=r.description.clone() maxlength="500" /></div>
                <div class="form-actions"><button type="submit" class="button small">"Save"</button>
                    {inactive.then(|| view! { <span class="tag muted-tag">"Off the catalogue"</span> })}</div>
            </ActionForm>
            <div class="value-actions">
                <ActionForm action=active attr:class="inline">
                    <input type="hidden" name="reward" value=p2 />
                    <input type="hidden" name="to" value=to />
                    <button type="submit" class="button small" aria-label=aria>{label}</button>
                </ActionForm>
            </div>
        </li>
    }
}
