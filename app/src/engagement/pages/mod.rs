//! Engagement survey pages: the surveys list (answer what you are asked; leaders see every survey
//! and HR sets them up), the item bank, the answer form, and (in `results.rs`) results and the
//! heatmap.
mod internal;
mod plans;
mod results;

pub use internal::InternalPage;
pub use plans::PlansPage;
pub use results::{CommentsPage, FocusPage, HeatmapPage, ResultsPage, TrendsPage};

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::engagement::api::{
    AddSurveyItem, AnswerSurvey, CreateSurvey, RetireSurveyItem, RewordSurveyItem,
    get_survey_items, get_survey_to_answer, get_surveys,
};
use crate::engagement::types::{
    AnswerView, Driver, GENERAL, ITEM_TEXT_MAX, ItemView, Reach, Scale, SurveyKind, SurveyPhase,
    SurveySummary, SurveysView, item_key,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome, TextArea};

fn phase_tag(p: SurveyPhase) -> impl IntoView {
    let class = match p {
        SurveyPhase::Scheduled => "tag muted-tag",
        SurveyPhase::Open => "tag ok-tag",
        SurveyPhase::Closed => "tag",
    };
    view! { <span class=class>{p.label()}</span> }
}

fn participation(p: Option<(u32, u32)>) -> String {
    match p {
        Some((asked, answered)) if asked > 0 => format!(
            "{answered} of {asked} ({:.0}%)",
            f64::from(answered) * 100.0 / f64::from(asked)
        ),
        _ => "—".into(),
    }
}

/// The anonymity promise, said the same way everywhere.
pub fn anonymity_note(k: u32) -> impl IntoView {
    view! {
        <p class="notice info">{format!(
            "Your answers are anonymous. They are stored without your name or any link to you, only with your site and department where at least {k} people share them, and nobody (not your manager, HR or an admin) can see what you answered. Results are shown only for groups of at least {k} people."
        )}</p>
    }
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateSurvey>::new();
    let data = Resource::new(move || create.version().get(), |_| get_surveys());
    view! {
        <Title text="Surveys" />
        <h1>"Surveys"</h1>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateSurvey as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Surveys v create /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn my_survey(s: SurveySummary) -> impl IntoView {
    let href = format!("/surveys/{}", s.pid);
    view! {
        <li class="panel programme-card">
            <h3><a href=href.clone()>{s.title.clone()}</a></h3>
            <p class="small muted">{if s.kind == SurveyKind::Internal {
                format!("{} · rate the departments you work with · open until {}", s.kind.label(), s.closes_on.label())
            } else {
                format!("{} · {} questions · open until {}", s.kind.label(), s.items, s.closes_on.label())
            }}</p>
            {if s.answered {
                view! { <p><span class="tag ok-tag">"Answered"</span>" Thank you."</p> }.into_any()
            } else {
                view! { <p><a class="button primary" href=href>"Answer now"</a></p> }.into_any()
            }}
        </li>
    }
}

#[component]
fn Surveys(v: SurveysView, create: ServerAction<CreateSurvey>) -> impl IntoView {
    let results = v.may_see_results;
    let new_survey = v.may_manage.then(|| v.clone());
    view! {
        <section aria-labelledby="mine-title">
            <h2 id="mine-title">"Asked of you"</h2>
            {if v.mine.is_empty() {
                view! { <p class="empty">"No survey is open for you right now."</p> }.into_any()
            } else {
                view! { <ul class="programme-list">{v.mine.into_iter().map(my_survey).collect_view()}</ul> }.into_any()
            }}
        </section>
        {results.then(|| {
            let all = v.all.clone();
            view! {
                <section class="panel" aria-labelledby="all-title">
                    <div class="panel-head"><h2 id="all-title">"All surveys"</h2>
                        {v.may_manage.then(|| view! { <a class="button small" href="/surveys/items">"Item bank"</a> })}</div>
                    {if all.is_empty() {
                        view! { <p class="empty">"No survey has been set up yet."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" tabindex="0">
                                <table>
                                    <caption class="visually-hidden">"Every survey, newest first"</caption>
                                    <thead><tr><th scope="col">"Survey"</th><th scope="col">"Status"</th><th scope="col">"Open"</th><th scope="col">"Asked of"</th><th scope="col">"Questions"</th><th scope="col">"Answered"</th><th scope="col">"Results"</th></tr></thead>
                                    <tbody>
                                        {all.into_iter().map(|s| {
                                            let internal = s.kind == SurveyKind::Internal;
                                            let res = format!("/surveys/{}/results", s.pid);
                                            let heat = format!("/surveys/{}/heatmap", s.pid);
                                            let inner = format!("/surveys/{}/internal", s.pid);
                                            view! {
                                                <tr>
                                                    <th scope="row">{s.title.clone()}<span class="tag muted-tag">{s.kind.label()}</span></th>
                                                    <td>{phase_tag(s.phase)}</td>
                                                    <td class="nowrap">{format!("{} – {}", s.opens_on.label(), s.closes_on.label())}</td>
                                                    <td>{s.audience.clone()}</td>
                                                    <td class="num">{if internal { "Departments".to_owned() } else { s.items.to_string() }}</td>
                                                    <td class="nowrap">{participation(s.participation)}</td>
                                                    <td class="nowrap">{(s.phase != SurveyPhase::Scheduled).then(|| if internal {
                                                        view! { <a href=inner>"Results"</a> }.into_any()
                                                    } else {
                                                        view! { <a href=res>"Results"</a>" · "<a href=heat>"Heatmap"</a> }.into_any()
                                                    })}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    <p class="small muted">"Participation is shown only where at least as many people are asked as the confidentiality threshold."</p>
                </section>
            }
        })}
        {new_survey.map(|v| view! { <NewSurvey v create /> })}
    }
}

#[component]
fn NewSurvey(v: SurveysView, create: ServerAction<CreateSurvey>) -> impl IntoView {
    let f = v.suggested.clone();
    view! {
        <section class="panel" aria-labelledby="new-survey">
            <h2 id="new-survey">"Set up a survey"</h2>
            <p class="small muted">"A census asks the full set once or twice a year; a pulse asks a handful of items in between; an internal-service survey asks departments to rate each other. Answers cannot be changed once submitted, and results appear only for groups that reach the confidentiality threshold."</p>
            <ActionForm action=create attr:class="stack">
                <div class="form-grid">
                    <div class="field"><label for="s-title">"Title"</label>
                        <input id="s-title" name="form[title]" value=f.title required maxlength="80" placeholder="Winter engagement census" /></div>
                    <div class="field"><label for="s-kind">"Kind"</label>
                        <select id="s-kind" name="form[kind]">
                            {SurveyKind::ALL.into_iter().map(|k| {
                                let selected = k.key() == f.kind;
                                view! { <option value=k.key() selected=selected>{k.label()}</option> }
                            }).collect_view()}
                        </select></div>
                    <div class="field"><label for="s-opens">"Opens"</label>
                        <input id="s-opens" type="date" name="form[opens_on]" value=f.opens_on required /></div>
                    <div class="field"><label for="s-closes">"Closes (last day to answer)"</label>
                        <input id="s-closes" type="date" name="form[closes_on]" value=f.closes_on required /></div>
                    <div class="field wide"><label for="s-reach">"Internal service: whom people rate"</label>
                        <select id="s-reach" name="form[reach]">
                            {Reach::ALL.into_iter().map(|r| {
                                let selected = r.key() == f.reach;
                                view! { <option value=r.key() selected=selected>{r.label()}</option> }
                            }).collect_view()}
                        </select>
                        <p class="hint">"Only for an internal-service survey, which asks each person to rate the departments they work with (service quality 1–5, ease 1–7) instead of the items below."</p></div>
                </div>
                <fieldset>
                    <legend>"Comments"</legend>
                    <p class="hint">"Comments are optional for those answering, anonymous, and shown only for groups that reach the comment threshold."</p>
                    <label class="check-label" for="s-dc"><input type="checkbox" id="s-dc" name="form[driver_comments]" value="on" checked=!f.driver_comments.is_empty() />" Ask for a comment after each driver"</label>
                    <label class="check-label" for="s-fc"><input type="checkbox" id="s-fc" name="form[free_comment]" value="on" checked=!f.free_comment.is_empty() />" End with a free comment"</label>
                </fieldset>
                <fieldset>
                    <legend>"Asked of"</legend>
                    <p class="hint">"Tick regions, sites or departments; tick none to ask everyone."</p>
                    <div class="checks">
                        {v.units.into_iter().map(|u| {
                            let id = format!("aud-{}", u.key.replace(':', "-"));
                            let for_id = id.clone();
                            let name = format!("form[audience][{}]", u.key);
                            let label = if u.depth == 0 { format!("{} (region)", u.label) } else { u.label.clone() };
                            view! { <label class="check-label" for=for_id><input type="checkbox" id=id name=name value="on" />" "{label}</label> }
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Items"</legend>
                    <p class="hint">"Choose what to ask. A census usually asks them all: the engagement outcome, eNPS and every driver."</p>
                    {Driver::ALL.into_iter().filter_map(|d| {
                        let items: Vec<ItemView> = v.bank.iter().filter(|i| i.driver == d).cloned().collect();
                        (!items.is_empty()).then(|| view! {
                            <h3 class="small">{d.label()}</h3>
                            <div class="checks">
                                {items.into_iter().map(|i| {
                                    let id = format!("item-{}", i.pid);
                                    let for_id = id.clone();
                                    let name = format!("form[items][{}]", item_key(&i.pid));
                                    view! { <label class="check-label" for=for_id><input type="checkbox" id=id name=name value="on" />" "{i.text}</label> }
                                }).collect_view()}
                            </div>
                        })
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button primary">"Set up the survey"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SurveyItemsPage() -> impl IntoView {
    LatestOutcome::provide();
    let add = ServerAction::<AddSurveyItem>::new();
    let reword = ServerAction::<RewordSurveyItem>::new();
    let retire = ServerAction::<RetireSurveyItem>::new();
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                reword.version().get(),
                retire.version().get(),
            )
        },
        |_| get_survey_items(),
    );
    view! {
        <Title text="Survey item bank" />
        <p><a href="/surveys">"Surveys"</a></p>
        <h1>"Item bank"</h1>
        <p class="lead">"Five-point agreement items grouped into drivers, the engagement outcome items, and eNPS. Rewording an item makes a new version: surveys set up from then on ask the new wording, and trends never compare the two."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=add.value() path={<AddSurveyItem as ServerFn>::PATH} />
            <Outcome value=reword.value() path={<RewordSurveyItem as ServerFn>::PATH} />
            <Outcome value=retire.value() path={<RetireSurveyItem as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(items) => view! {
                        {Driver::ALL.into_iter().filter_map(|d| {
                            let mine: Vec<ItemView> = items.iter().filter(|i| i.driver == d).cloned().collect();
                            (!mine.is_empty()).then(|| view! {
                                <section class="panel">
                                    <h2>{d.label()}</h2>
                                    <ul class="value-list">
                                        {mine.into_iter().map(|i| view! { <ItemRow i reword retire /> }).collect_view()}
                                    </ul>
                                </section>
                            })
                        }).collect_view()}
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="add-item">
            <h2 id="add-item">"Add a custom item"</h2>
            <ActionForm action=add attr:class="form-grid">
                <div class="field"><label for="i-driver">"Driver"</label>
                    <select id="i-driver" name="form[driver]">
                        {Driver::ALL.into_iter().filter(|d| *d != Driver::Enps).map(|d| view! { <option value=d.key()>{d.label()}</option> }).collect_view()}
                    </select></div>
                <div class="field wide"><label for="i-text">"Statement people agree or disagree with"</label>
                    <input id="i-text" name="form[text]" required maxlength=ITEM_TEXT_MAX.to_string() placeholder="I know what good service looks like in my role." /></div>
                <div class="form-actions"><button type="submit" class="button primary">"Add the item"</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ItemRow(
    i: ItemView,
    reword: ServerAction<RewordSurveyItem>,
    retire: ServerAction<RetireSurveyItem>,
) -> impl IntoView {
    let id = format!("reword-{}", i.pid);
    let pid2 = i.pid.clone();
    let pid3 = i.pid.clone();
    let scale = match i.scale {
        Scale::Agreement => "Agree 1–5",
        Scale::Likelihood => "0–10",
    };
    view! {
        <li class="value-row">
            <div class="grow">
                <p>{i.text.clone()}
                    {(i.version > 1).then(|| view! { <span class="tag muted-tag">{format!("version {}", i.version)}</span> })}
                    {(!i.builtin).then(|| view! { <span class="tag">"custom"</span> })}
                    {i.retired.then(|| view! { <span class="tag muted-tag">"retired"</span> })}</p>
                <p class="small muted">{format!("{scale} · asked in {} {}", i.surveys, if i.surveys == 1 { "survey" } else { "surveys" })}</p>
                <details>
                    <summary>"Reword"</summary>
                    <ActionForm action=reword attr:class="budget-form">
                        <input type="hidden" name="item" value=pid2 />
                        <label class="visually-hidden" for=id.clone()>"New wording"</label>
                        <input id=id name="text" value=i.text.clone() required maxlength=ITEM_TEXT_MAX.to_string() class="grow" />
                        <button type="submit" class="button small">"Save as a new version"</button>
                    </ActionForm>
                </details>
            </div>
            <ActionForm action=retire>
                <input type="hidden" name="item" value=pid3 />
                <input type="hidden" name="retire" value=if i.retired { "no" } else { "yes" } />
                <button type="submit" class="button small">{if i.retired { "Restore" } else { "Retire" }}</button>
            </ActionForm>
        </li>
    }
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let pid = move || params.with(|p| p.get("pid").unwrap_or_default());
    let submit = ServerAction::<AnswerSurvey>::new();
    let data = Resource::new(
        move || (pid(), submit.version().get()),
        |(p, _)| get_survey_to_answer(p),
    );
    view! {
        <Title text="Survey" />
        <p><a href="/surveys">"Surveys"</a></p>
        <div class="messages" aria-live="polite">
            <Outcome value=submit.value() path={<AnswerSurvey as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Answer v submit /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Answer(v: AnswerView, submit: ServerAction<AnswerSurvey>) -> AnyView {
    let title = v.title.clone();
    let state = if v.answered {
        Some("You have answered this survey. Thank you: your answers are in, anonymously, and cannot be changed.".to_owned())
    } else if !v.asked {
        Some("This survey is not asked of you, so there is nothing to answer.".to_owned())
    } else {
        match v.phase {
            SurveyPhase::Scheduled => Some("This survey is not open yet.".to_owned()),
            SurveyPhase::Closed => {
                Some("This survey has closed; answers are no longer taken.".to_owned())
            }
            SurveyPhase::Open if v.internal && v.targets.is_empty() => {
                Some("There are no other departments for you to rate in this survey.".to_owned())
            }
            SurveyPhase::Open => None,
        }
    };
    if state.is_none() && v.internal {
        let sites: std::collections::BTreeSet<String> =
            v.targets.iter().map(|t| t.site.clone()).collect();
        let count = v.targets.len();
        return view! {
            <h1>{title}</h1>
            <p class="lead">{format!("Everyone is in customer service: departments serve each other too. Rate the service you get from the {count} departments below that you work with. Open until {}.", v.closes_on.label())}</p>
            {anonymity_note(v.threshold)}
            <ActionForm action=submit attr:class="stack survey-form">
                <input type="hidden" name="input[survey]" value=v.pid.clone() />
                {internal::rating_form(v.targets, sites.len() > 1)}
                <p class="small muted">"Check your ratings before you submit: they cannot be changed afterwards."</p>
                <button type="submit" class="button primary">"Submit my ratings"</button>
            </ActionForm>
        }
        .into_any();
    }
    let total = v.questions.len();
    let answered = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let mut parts: Vec<(Driver, Vec<(usize, crate::engagement::types::Question)>)> = Vec::new();
    for (i, q) in v.questions.into_iter().enumerate() {
        match parts.last_mut() {
            Some((d, list)) if *d == q.driver => list.push((i + 1, q)),
            _ => parts.push((q.driver, vec![(i + 1, q)])),
        }
    }
    let part_count = parts.len();
    let (driver_comments, free_comment, comment_k) =
        (v.driver_comments, v.free_comment, v.comment_threshold);
    view! {
        <h1>{title}</h1>
        {match state {
            Some(msg) => view! { <p class="empty">{msg}</p><p><a href="/surveys">"Back to surveys"</a></p> }.into_any(),
            None => view! {
                <p class="lead">{format!("{total} questions, about {} minutes. Open until {}.", (total / 6).max(2), v.closes_on.label())}</p>
                {anonymity_note(v.threshold)}
                <div class="survey-progress" aria-live="polite">
                    <progress max=total.to_string() value=move || answered.with(|a| a.len()).to_string() aria-label="Questions answered"></progress>
                    <span class="small">{move || format!("{} of {total} answered", answered.with(|a| a.len()))}</span>
                </div>
                <ActionForm action=submit attr:class="stack survey-form">
                    <input type="hidden" name="input[survey]" value=v.pid.clone() />
                    {parts.into_iter().enumerate().map(|(p, (driver, qs))| view! {
                        <section class="panel survey-part">
                            <h2>{driver.label()}<span class="small muted">{format!(" · part {} of {part_count}", p + 1)}</span></h2>
                            {qs.into_iter().map(|(n, q)| {
                                let name = format!("input[answers][{}]", item_key(&q.pid));
                                let qpid = q.pid.clone();
                                let mark = move |_| answered.update(|a| { a.insert(qpid.clone()); });
                                let choices: Vec<(i32, String)> = match q.scale {
                                    Scale::Agreement => (1..=5).map(|v| (v, Scale::AGREEMENT[(v - 1) as usize].to_owned())).collect(),
                                    Scale::Likelihood => (0..=10).map(|v| (v, v.to_string())).collect(),
                                };
                                let likely = q.scale == Scale::Likelihood;
                                view! {
                                    <fieldset class="question" on:change=mark>
                                        <legend>{format!("{n}. {}", q.text)}</legend>
                                        {likely.then(|| view! { <p class="hint">"0 = not at all likely, 10 = extremely likely"</p> })}
                                        <div class=if likely { "scale scale-11" } else { "scale scale-5" }>
                                            {choices.into_iter().map(|(value, label)| {
                                                let id = format!("q-{}-{value}", q.pid);
                                                let for_id = id.clone();
                                                view! {
                                                    <label for=for_id><input type="radio" id=id name=name.clone() value=value.to_string() required />" "<span>{label}</span></label>
                                                }
                                            }).collect_view()}
                                        </div>
                                    </fieldset>
                                }
                            }).collect_view()}
                            {(driver_comments && driver.is_driver()).then(|| {
                                let id = format!("c-{}", driver.key());
                                let for_id = id.clone();
                                view! {
                                    <div class="field survey-comment">
                                        <label for=for_id>{format!("Anything to add about {}? (optional)", driver.label().to_lowercase())}</label>
                                        <TextArea id=id name=format!("input[comments][{}]", driver.key()) rows=2 value="" />
                                    </div>
                                }
                            })}
                        </section>
                    }).collect_view()}
                    {free_comment.then(|| view! {
                        <section class="panel survey-part">
                            <h2>"Anything else?"</h2>
                            <div class="field survey-comment">
                                <label for="c-general">"Anything else you would like to say? (optional)"</label>
                                <TextArea id="c-general" name=format!("input[comments][{GENERAL}]") rows=4 value="" />
                                <p class="hint">{format!("Comments are anonymous too. Do not name yourself if you want to stay anonymous; they are shown only for groups of at least {comment_k} people who answered, in no particular order.")}</p>
                            </div>
                        </section>
                    })}
                    <p class="small muted">"Check your answers before you submit: they cannot be changed afterwards."</p>
                    <button type="submit" class="button primary">"Submit my answers"</button>
                </ActionForm>
            }.into_any(),
        }}
    }
    .into_any()
}

/// The home page's reminder of open surveys the viewer has not answered.
#[component]
pub fn HomeSurveys(surveys: Vec<SurveySummary>) -> impl IntoView {
    (!surveys.is_empty()).then(|| {
        view! {
            <section class="panel survey-waiting" aria-labelledby="survey-waiting-title">
                <h2 id="survey-waiting-title">{if surveys.len() == 1 { "A survey is waiting for you" } else { "Surveys are waiting for you" }}</h2>
                <ul class="plain">
                    {surveys.into_iter().map(|s| view! {
                        <li><a href=format!("/surveys/{}", s.pid)>{s.title.clone()}</a>
                            <span class="small muted">{if s.kind == SurveyKind::Internal {
                                format!(" · rate the departments you work with · open until {} · anonymous", s.closes_on.label())
                            } else {
                                format!(" · {} questions · open until {} · anonymous", s.items, s.closes_on.label())
                            }}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
