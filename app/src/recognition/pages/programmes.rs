//! The yearly achievement awards: the programmes (HR sets them up), one programme's page
//! (nominating; HR's shortlists with the evidence, winners and the announcement), the hall of
//! fame and a winner's printable certificate.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::recognition::programme::{
    Candidate, CategoryView, HallOfFame, Nominators, Phase, ProgrammeForm, ProgrammeView,
    ProgrammesView, REASON_MAX, REASON_MIN, Subject,
};
use crate::recognition::programme_api::{
    AddAwardCategory, AnnounceProgramme, ChooseWinner, CreateProgramme, Nominate,
    RemoveAwardCategory, UpdateProgramme, get_hall_of_fame, get_programme, get_programmes,
    get_winner_certificate,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

fn phase_tag(p: Phase) -> impl IntoView {
    let class = match p {
        Phase::Upcoming => "tag muted-tag",
        Phase::Open => "tag ok-tag",
        Phase::Choosing => "tag",
        Phase::Announced => "tag ok-tag",
    };
    view! { <span class=class>{p.label()}</span> }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The programme settings' fields (new programme and edit), named `form[...]`.
fn programme_fields(f: ProgrammeForm, prefix: &'static str) -> impl IntoView {
    let id = move |n: &str| format!("{prefix}-{n}");
    view! {
        <div class="form-grid">
            <div class="field"><label for=id("name")>"Name"</label>
                <input id=id("name") name="form[name]" value=f.name required maxlength="80" /></div>
            <div class="field"><label for=id("year")>"Year it honours"</label>
                <input id=id("year") name="form[year]" value=f.year required inputmode="numeric" /></div>
            <div class="field"><label for=id("opens")>"Nominations open"</label>
                <input id=id("opens") type="date" name="form[opens_on]" value=f.opens_on required /></div>
            <div class="field"><label for=id("closes")>"Nominations close"</label>
                <input id=id("closes") type="date" name="form[closes_on]" value=f.closes_on required /></div>
            <div class="field"><label for=id("who")>"Who may nominate"</label>
                <select id=id("who") name="form[nominators]">
                    {Nominators::ALL.into_iter().map(|n| {
                        let selected = n.key() == f.nominators;
                        view! { <option value=n.key() selected=selected>{n.label()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="field"><label for=id("limit")>"Nominations per person per category"</label>
                <input id=id("limit") name="form[per_nominator]" value=f.per_nominator required inputmode="numeric" /></div>
        </div>
    }
}

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateProgramme>::new();
    let data = Resource::new(move || create.version().get(), |_| get_programmes());
    view! {
        <Title text="Achievement awards" />
        <p><a href="/recognition">"Recognition"</a></p>
        <h1>"Achievement awards"</h1>
        <p class="lead">"Once a year we honour the people, sites and departments whose service stood out. Nominate while a programme is open; the winners go in the "<a href="/recognition/hall-of-fame">"hall of fame"</a>"."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateProgramme as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Programmes v create /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Programmes(v: ProgrammesView, create: ServerAction<CreateProgramme>) -> impl IntoView {
    let run = v.may_run;
    view! {
        {if v.programmes.is_empty() {
            view! { <p class="empty">{if run { "No programme yet. Set up the first one below." } else { "No awards programme has been set up yet." }}</p> }.into_any()
        } else {
            view! {
                <ul class="programme-list">
                    {v.programmes.into_iter().map(|p| {
                        let href = format!("/recognition/programmes/{}", p.pid);
                        let mine = p.mine;
                        view! {
                            <li class="panel programme-card">
                                <h2><a href=href>{p.name.clone()}</a></h2>
                                <p>{phase_tag(p.phase)}</p>
                                <p class="small muted">{format!("Nominations {} to {} · {}", p.opens_on.label(), p.closes_on.label(), plural(p.categories, "category", "categories"))}</p>
                                {p.nominations.map(|n| view! { <p class="small">{plural(n, "nomination", "nominations")} " so far"</p> })}
                                {(mine > 0).then(|| view! { <p class="small">{format!("You made {}", plural(mine, "nomination", "nominations"))}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {run.then(|| view! {
            <section class="panel" aria-labelledby="new-programme">
                <h2 id="new-programme">"Set up a programme"</h2>
                <ActionForm action=create attr:class="stack">
                    {programme_fields(v.suggested.clone(), "new")}
                    <button type="submit" class="button primary">"Set up the programme"</button>
                </ActionForm>
            </section>
        })}
    }
}

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateProgramme>,
    add: ServerAction<AddAwardCategory>,
    remove: ServerAction<RemoveAwardCategory>,
    nominate: ServerAction<Nominate>,
    choose: ServerAction<ChooseWinner>,
    announce: ServerAction<AnnounceProgramme>,
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    LatestOutcome::provide();
    let a = Actions {
        update: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
        nominate: ServerAction::new(),
        choose: ServerAction::new(),
        announce: ServerAction::new(),
    };
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                a.update.version().get(),
                a.add.version().get(),
                a.remove.version().get(),
                a.nominate.version().get(),
                a.choose.version().get(),
                a.announce.version().get(),
            )
        },
        |(pid, ..)| get_programme(pid),
    );
    view! {
        <p><a href="/recognition/programmes">"Achievement awards"</a></p>
        <div class="messages" aria-live="polite">
            <Outcome value=a.update.value() path={<UpdateProgramme as ServerFn>::PATH} />
            <Outcome value=a.add.value() path={<AddAwardCategory as ServerFn>::PATH} />
            <Outcome value=a.remove.value() path={<RemoveAwardCategory as ServerFn>::PATH} />
            <Outcome value=a.nominate.value() path={<Nominate as ServerFn>::PATH} />
            <Outcome value=a.choose.value() path={<ChooseWinner as ServerFn>::PATH} />
            <Outcome value=a.announce.value() path={<AnnounceProgramme as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Programme v a /> }.into_any(),
                    Err(e) => view! { <Title text="Achievement awards" /><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Programme(v: ProgrammeView, a: Actions) -> impl IntoView {
    let phase = v.phase;
    let run = v.may_run;
    let editable = run && phase != Phase::Announced;
    let rules = format!(
        "Nominations {} to {} · {} may nominate · up to {} per person in each category",
        v.opens_on.label(),
        v.closes_on.label(),
        v.nominators.label(),
        v.per_nominator
    );
    let pid = v.pid.clone();
    let announce_pid = v.pid.clone();
    let key = v.request_key.clone();
    let count = v.categories.len();
    view! {
        <Title text=v.name.clone() />
        <h1>{v.name.clone()}</h1>
        <p>{phase_tag(phase)}</p>
        <p class="lead">{rules}</p>
        {v.announced_on.map(|d| view! { <p>{format!("Winners announced on {}. ", d.label())}<a href=format!("/recognition/hall-of-fame?year={}", v.year)>"See them in the hall of fame"</a></p> })}
        {v.cannot_nominate.clone().filter(|_| phase != Phase::Announced && !(run && phase == Phase::Choosing)).map(|why| view! { <p class="notice info">{why}</p> })}
        {(phase == Phase::Choosing && run).then(|| view! {
            <section class="panel" aria-labelledby="announce-title">
                <h2 id="announce-title">"Announce the winners"</h2>
                <p>"Pick the winners of every category below from the shortlists, then announce them. They appear at the top of everyone's feed and in the hall of fame; after that the programme no longer changes."</p>
                <ActionForm action=a.announce attr:class="inline">
                    <input type="hidden" name="programme" value=announce_pid.clone() />
                    <button type="submit" class="button primary">"Announce the winners"</button>
                </ActionForm>
            </section>
        })}
        {if v.categories.is_empty() {
            view! { <p class="empty">{if editable { "No categories yet: add the first one below." } else { "This programme has no categories yet." }}</p> }.into_any()
        } else {
            v.categories.into_iter().enumerate().map(|(i, c)| {
                let key = format!("{key}-{i}");
                view! { <Category c phase run key a /> }
            }).collect_view().into_any()
        }}
        {editable.then(|| {
            let (p1, p2) = (pid.clone(), pid.clone());
            view! {
                <section class="panel" aria-labelledby="add-category">
                    <h2 id="add-category">"Add a category"</h2>
                    <ActionForm action=a.add attr:class="stack">
                        <input type="hidden" name="programme" value=p1 />
                        <div class="form-grid">
                            <div class="field"><label for="cat-name">"Name"</label>
                                <input id="cat-name" name="form[name]" required maxlength="80" placeholder="Guest hero of the year" /></div>
                            <div class="field"><label for="cat-subject">"Honours"</label>
                                <select id="cat-subject" name="form[subject]">
                                    {Subject::ALL.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                                </select></div>
                            <div class="field"><label for="cat-winners">"Winners"</label>
                                <input id="cat-winners" name="form[winners]" value="1" required inputmode="numeric" /></div>
                        </div>
                        <div class="field"><label for="cat-description">"What it honours (optional)"</label>
                            <input id="cat-description" name="form[description]" maxlength="300" /></div>
                        <button type="submit" class="button primary">"Add the category"</button>
                    </ActionForm>
                </section>
                <details class="panel">
                    <summary>"Change the programme's settings"</summary>
                    <ActionForm action=a.update attr:class="stack">
                        <input type="hidden" name="programme" value=p2 />
                        {programme_fields(v.form.clone(), "edit")}
                        <button type="submit" class="button">"Save the settings"</button>
                    </ActionForm>
                </details>
                {(count > 0).then(|| view! { <p class="small muted">"A category can be removed while nobody has nominated in it."</p> })}
            }
        })}
    }
}

#[component]
fn Category(c: CategoryView, phase: Phase, run: bool, key: String, a: Actions) -> impl IntoView {
    let title_id = format!("cat-{}", c.pid);
    let labelled_by = title_id.clone();
    let no_nominations = c.nominations == 0;
    let select_id = format!("nominee-{}", c.pid);
    let reason_id = format!("reason-{}", c.pid);
    let winners_label = plural(c.winners as usize, "winner", "winners");
    let may_nominate = phase == Phase::Open && !c.choices.is_empty();
    let removable = run && phase != Phase::Announced && c.nominations == 0;
    let cat_pid = c.pid.clone();
    let choosing = run && phase == Phase::Choosing;
    let left = c.left;
    view! {
        <section class="panel award-category" aria-labelledby=labelled_by>
            <h2 id=title_id>{c.name.clone()}</h2>
            <p class="small muted">{format!("{} · {}", c.subject.label(), winners_label)}{run.then(|| format!(" · {}", plural(c.nominations, "nomination", "nominations")))}</p>
            {(!c.description.is_empty()).then(|| view! { <p>{c.description.clone()}</p> })}
            {(!c.chosen.is_empty()).then(|| view! {
                <h3>{if phase == Phase::Announced { "Winners" } else { "Chosen so far (not announced)" }}</h3>
                <ul class="winner-list">
                    {c.chosen.iter().map(|w| view! {
                        <li><strong>{w.label.clone()}</strong>
                            {(!w.place.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", w.place)}</span> })}
                            {(phase == Phase::Announced).then(|| view! { " · " <a href=format!("/recognition/hall-of-fame/{}", w.pid)>"Certificate"</a> })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!c.mine.is_empty()).then(|| view! {
                <h3>"Your nominations"</h3>
                <ul class="nomination-list">
                    {c.mine.iter().map(|m| view! {
                        <li><strong>{m.nominee.clone()}</strong><span class="small muted">{format!(" · {}", m.when)}</span>
                            <p class="feed-message">{m.reason.clone()}</p></li>
                    }).collect_view()}
                </ul>
            })}
            {(phase == Phase::Open && !c.choices.is_empty() && left == 0).then(|| view! { <p class="small muted">"You have made all the nominations this category allows."</p> })}
            {(may_nominate && left > 0).then(|| {
                let cat = c.pid.clone();
                view! {
                    <ActionForm action=a.nominate attr:class="stack nominate-form">
                        <input type="hidden" name="input[category]" value=cat />
                        <input type="hidden" name="input[request_key]" value=key />
                        <div class="field"><label for=select_id.clone()>{match c.subject { Subject::Person => "Whom you nominate", Subject::Site => "The site you nominate", Subject::Department => "The department you nominate" }}</label>
                            <select id=select_id name="input[nominee]" required>
                                <option value="">"Choose"</option>
                                {c.choices.iter().map(|n| {
                                    let text = if n.place.is_empty() { n.name.clone() } else { format!("{} ({})", n.name, n.place) };
                                    view! { <option value=n.key.clone()>{text}</option> }
                                }).collect_view()}
                            </select></div>
                        <div class="field"><label for=reason_id.clone()>"Why they deserve it"</label>
                            <TextArea id=reason_id name="input[reason]" rows=4 value="" />
                            <p class="hint">{format!("{REASON_MIN} to {REASON_MAX} characters: what they did, for whom, and what came of it. HR reads every reason.")}</p></div>
                        <p class="small muted">{format!("You may make {} more in this category.", plural(left as usize, "nomination", "nominations"))}</p>
                        <button type="submit" class="button primary">"Nominate"</button>
                    </ActionForm>
                }
            })}
            {(run && !c.shortlist.is_empty()).then(|| {
                let cat = c.pid.clone();
                view! {
                    <h3>"Shortlist and evidence"</h3>
                    <ul class="shortlist">
                        {c.shortlist.into_iter().map(|cand| view! { <Shortlisted cand category=cat.clone() choosing a /> }).collect_view()}
                    </ul>
                }
            })}
            {(run && no_nominations).then(|| view! { <p class="empty">"No nominations yet."</p> })}
            {removable.then(|| view! {
                <ActionForm action=a.remove attr:class="inline">
                    <input type="hidden" name="category" value=cat_pid />
                    <button type="submit" class="button small danger">"Remove this category"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Shortlisted(cand: Candidate, category: String, choosing: bool, a: Actions) -> impl IntoView {
    let n = cand.nominations.len();
    let pick_label = format!("Pick {} as a winner", cand.name);
    let unpick_label = format!("Take {} off the winners", cand.name);
    let training = match (cand.certificates, cand.mastery) {
        (0, None) => "No training certificates this year".to_owned(),
        (c, m) => {
            let mut parts = vec![if c == 0 {
                "No certificates this year".to_owned()
            } else {
                format!(
                    "{} this year",
                    plural(c as usize, "certificate", "certificates")
                )
            }];
            if let Some(s) = cand.certificate_score {
                parts.push(format!("average score {s}"));
            }
            if let Some(m) = m {
                parts.push(format!("skill level {m} / 100"));
            }
            parts.join(", ")
        }
    };
    view! {
        <li class="candidate" class:chosen=cand.winner>
            <div class="candidate-head">
                <p><strong>{cand.name.clone()}</strong>
                    {(!cand.place.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", cand.place)}</span> })}
                    {cand.winner.then(|| view! { " " <span class="tag ok-tag">"Winner"</span> })}</p>
                {choosing.then(|| {
                    let (pick, label) = if cand.winner { ("no", unpick_label) } else { ("yes", pick_label) };
                    view! {
                        <ActionForm action=a.choose attr:class="inline">
                            <input type="hidden" name="category" value=category.clone() />
                            <input type="hidden" name="nominee" value=cand.key.clone() />
                            <input type="hidden" name="pick" value=pick />
                            <button type="submit" class="button small" class:primary={pick == "yes"} aria-label=label>{if pick == "yes" { "Pick as winner" } else { "Unpick" }}</button>
                        </ActionForm>
                    }
                })}
            </div>
            <dl class="evidence">
                <div><dt>"Nominations"</dt><dd>{n}</dd></div>
                <div><dt>{"Recognition received this year"}</dt><dd>{cand.recognition}
                    {(!cand.by_value.is_empty()).then(|| view! { <span class="small muted">{format!(" ({})", cand.by_value.iter().map(|t| format!("{} {}", t.value, t.count)).collect::<Vec<_>>().join(", "))}</span> })}</dd></div>
                <div><dt>"Training"</dt><dd>{training}</dd></div>
                {cand.people.map(|p| view! { <div><dt>"People now"</dt><dd>{p}</dd></div> })}
            </dl>
            <details>
                <summary>{format!("Read the {}", plural(n, "reason", "reasons"))}</summary>
                <ul class="nomination-list">
                    {cand.nominations.into_iter().map(|r| view! {
                        <li><p class="feed-message">{r.reason}</p><p class="small muted">{format!("{} · {}", r.by, r.when)}</p></li>
                    }).collect_view()}
                </ul>
            </details>
        </li>
    }
}

#[component]
pub fn HallOfFamePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("year").and_then(|y| y.trim().parse::<i32>().ok())),
        get_hall_of_fame,
    );
    view! {
        <Title text="Hall of fame" />
        <p><a href="/recognition/programmes">"Achievement awards"</a></p>
        <h1>"Hall of fame"</h1>
        <p class="lead">"The winners of our achievement awards, a year at a time. Each has a certificate to print."</p>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(h) => view! { <Hall h /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Hall(h: HallOfFame) -> impl IntoView {
    if h.programmes.is_empty() {
        return view! { <p class="empty">"No winners have been announced yet. When HR announces a programme's winners, they are kept here for good."</p> }.into_any();
    }
    let current = h.year;
    view! {
        <nav aria-label="Years" class="feed-paging">
            {h.years.iter().map(|y| {
                let here = Some(*y) == current;
                view! { <a href=format!("/recognition/hall-of-fame?year={y}") aria-current={here.then_some("page")}>{y.to_string()}</a> }
            }).collect_view()}
        </nav>
        {h.programmes.into_iter().map(|p| view! {
            <section class="panel" aria-labelledby=format!("hall-{}", p.pid)>
                <h2 id=format!("hall-{}", p.pid)>{p.name.clone()}</h2>
                <p class="small muted">{format!("Announced on {}", p.announced_on.label())}</p>
                <div class="hall-grid">
                    {p.categories.into_iter().map(|c| view! {
                        <article class="hall-card">
                            <h3>{c.name.clone()}</h3>
                            {(!c.description.is_empty()).then(|| view! { <p class="small muted">{c.description.clone()}</p> })}
                            <ul class="winner-list">
                                {c.winners.into_iter().map(|w| view! {
                                    <li><strong>{w.label.clone()}</strong>
                                        {(!w.place.is_empty()).then(|| view! { <span class="small muted">{format!(" · {}", w.place)}</span> })}
                                        <br /><a class="small" href=format!("/recognition/hall-of-fame/{}", w.pid) aria-label=format!("Certificate for {}", w.label)>"Certificate"</a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </article>
                    }).collect_view()}
                </div>
            </section>
        }).collect_view()}
    }
    .into_any()
}

#[component]
pub fn WinnerCertificatePage() -> impl IntoView {
    let params = use_params_map();
    let cert = Resource::new(
        move || params.with(|p| p.get("pid").unwrap_or_default()),
        get_winner_certificate,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let c = match cert.await {
                    Ok(c) => c,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                view! {
                    <Title text=format!("{}: {}", c.programme, c.label) />
                    <p class="no-print"><a href=format!("/recognition/hall-of-fame?year={}", c.year)>"Hall of fame"</a> " · " <span class="muted">"Use your browser's Print to print or save as PDF."</span></p>
                    <article class="certificate award-certificate" aria-labelledby="cert-title">
                        <p class="cert-brand">{format!("Rapport · {}", c.programme)}</p>
                        <h1 id="cert-title">"Certificate of achievement"</h1>
                        <p class="cert-line">"This certifies that"</p>
                        <p class="cert-name">{c.label.clone()}</p>
                        {(!c.place.is_empty()).then(|| view! { <p class="cert-line">{c.place.clone()}</p> })}
                        <p class="cert-line">"is the winner of"</p>
                        <p class="cert-module">{c.category.clone()}</p>
                        <dl class="cert-facts">
                            <div><dt>"Programme"</dt><dd>{c.programme.clone()}</dd></div>
                            <div><dt>"Year"</dt><dd>{c.year}</dd></div>
                            <div><dt>"Announced"</dt><dd>{c.announced_on.label()}</dd></div>
                        </dl>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
