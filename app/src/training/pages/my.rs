//! "My training": assigned modules with progress, what to play next, the skill profile, attempts and the library.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::api::{StartScenario, get_my_training};
use crate::training::pages::{SkillBars, ending_tag, skill_list, status_tag};
use crate::training::types::{ModuleProgress, ModuleRule, ScenarioSummary, SkillLevel};
use crate::ui::ErrorPanel;

/// A button that starts (or resumes) a scenario; works as a plain form post without JavaScript.
#[component]
pub fn PlayButton(
    action: ServerAction<StartScenario>,
    slug: String,
    #[prop(into)] label: String,
    #[prop(optional)] primary: bool,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="inline">
            <input type="hidden" name="scenario" value=slug />
            <button type="submit" class=if primary { "button primary small" } else { "button small" }>{label}</button>
        </ActionForm>
    }
}

fn next_label(resume: bool) -> &'static str {
    if resume { "Resume" } else { "Play next" }
}

#[component]
fn ModuleCard(m: ModuleProgress, start: ServerAction<StartScenario>) -> impl IntoView {
    let pct = crate::training::rules::progress::percent(m.done, m.total);
    let next = m.next.clone();
    let next_title = next
        .as_ref()
        .and_then(|n| m.scenarios.iter().find(|s| &s.slug == n))
        .map(|s| (s.in_progress, s.title.clone()));
    let rule = match m.rule {
        ModuleRule::Passed => format!("Pass every scenario with {} or more", m.pass_mark),
        ModuleRule::Completed => "Complete every scenario".to_owned(),
    };
    view! {
        <article class="panel module" class:overdue-card=m.overdue>
            <div class="panel-head">
                <h3>{m.title.clone()}</h3>
                <div>{status_tag(m.status, m.overdue)}</div>
            </div>
            <p class="muted small">{m.description.clone()}</p>
            <p class="small"><strong>"Due " {m.due_on.label()}</strong> " · " {rule}</p>
            <div class="bar big" role="progressbar" aria-label=format!("Progress in {}", m.title) aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct>
                <span class=format!("fill good {}", crate::training::pages::width_class(pct as i32))></span>
            </div>
            <p class="small muted">{m.done} " of " {m.total} " scenarios done"</p>
            {match (next, next_title) {
                (Some(slug), Some((resume, title))) => view! {
                    <div class="next">
                        <span>{if resume { "Continue: " } else { "Next: " }} <strong>{title}</strong></span>
                        <PlayButton action=start slug label=next_label(resume) primary=true />
                    </div>
                }.into_any(),
                _ => view! { <p class="notice ok">"All done. You can replay any scenario to improve your best score."</p> }.into_any(),
            }}
            <ol class="scenario-list">
                {m.scenarios.into_iter().map(|s| {
                    let label = if s.in_progress { "Resume" } else if s.attempts > 0 { "Play again" } else { "Play" };
                    view! {
                    <li>
                        <span class="check" aria-hidden="true">{if s.done { "✓" } else { "○" }}</span>
                        <span class="grow">{s.title.clone()} <span class="muted small">" · " {s.minutes} " min"</span></span>
                        <span class="small">{match s.best {
                            Some(b) => format!("best {b}, latest {}", s.latest.unwrap_or(b)),
                            None if s.in_progress => "in progress".to_owned(),
                            None => "not played".to_owned(),
                        }}</span>
                        <PlayButton action=start slug=s.slug.clone() label=label />
                    </li>
                }}).collect_view()}
            </ol>
        </article>
    }
}

#[component]
fn Library(items: Vec<ScenarioSummary>, start: ServerAction<StartScenario>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="library-title">
            <h2 id="library-title">"Practice library"</h2>
            <p class="muted small">"Any scenario can be played for practice; results count towards your skill profile."</p>
            <ul class="library">
                {items.into_iter().map(|s| view! {
                    <li>
                        <div class="grow">
                            <strong>{s.title.clone()}</strong>
                            <span class="tag muted-tag">{s.setting.clone()}</span>
                            <p class="small muted">{s.summary.clone()}</p>
                            <p class="small">"Trains: " {skill_list(&s.skills)} " · " {s.minutes} " min"</p>
                        </div>
                        <PlayButton action=start slug=s.slug.clone() label="Play" />
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn MyTrainingPage() -> impl IntoView {
    let start = ServerAction::<StartScenario>::new();
    let data = Resource::new(|| (), |_| get_my_training());
    view! {
        <Title text="My training" />
        <h1>"My training"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let t = match data.await {
                    Ok(t) => t,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let overdue = t.modules.iter().filter(|m| m.overdue).count();
                view! {
                    {(overdue > 0).then(|| view! { <p class="notice error" role="status">{overdue} " assigned module" {if overdue == 1 { " is" } else { "s are" }} " overdue."</p> })}
                    <section aria-labelledby="assigned-title">
                        <h2 id="assigned-title">"Assigned to you"</h2>
                        {if t.modules.is_empty() {
                            view! { <p class="empty">"Nothing is assigned to you right now. Try a scenario from the practice library below."</p> }.into_any()
                        } else {
                            view! { <div class="grid two">{t.modules.into_iter().map(|m| view! { <ModuleCard m start /> }).collect_view()}</div> }.into_any()
                        }}
                    </section>
                    <div class="grid two">
                        <section class="panel" aria-labelledby="skills-title">
                            <h2 id="skills-title">"Your skill profile"</h2>
                            <SkillBars skills=t.skills />
                        </section>
                        <section class="panel" aria-labelledby="attempts-title">
                            <h2 id="attempts-title">"Your attempts"</h2>
                            {if t.attempts.is_empty() {
                                view! { <p class="empty">"No attempts yet."</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0"><table>
                                        <thead><tr><th scope="col">"Scenario"</th><th scope="col">"Started"</th><th scope="col">"Outcome"</th><th scope="col" class="num">"Score"</th></tr></thead>
                                        <tbody>
                                            {t.attempts.into_iter().map(|a| view! {
                                                <tr>
                                                    <td>{if a.finished {
                                                        view! { <a href=format!("/training/attempts/{}", a.pid)>{a.scenario.clone()}</a> }.into_any()
                                                    } else {
                                                        view! { <a href=format!("/training/play/{}", a.pid)>{a.scenario.clone()} " (resume)"</a> }.into_any()
                                                    }}</td>
                                                    <td class="small">{a.started_at}</td>
                                                    <td>{a.ending.map(ending_tag)}</td>
                                                    <td class="num">{a.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                }.into_any()
                            }}
                        </section>
                    </div>
                    <section class="panel" aria-labelledby="my-certs-title">
                        <h2 id="my-certs-title">"Your certificates"</h2>
                        <crate::training::pages::CertificateTable certs=t.certificates empty="Pass an assigned module to earn its certificate." />
                    </section>
                    <Library items=t.library start />
                }.into_any()
            })}
        </Suspense>
    }
}

/// A person's skill profile on their profile page (their manager, HR and admins see it too); the
/// page loads it with the person, so nothing nests a second wait inside the first.
#[component]
pub fn SkillPanel(skills: Result<Vec<SkillLevel>, crate::error::AppError>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="skill-panel-title">
            <h2 id="skill-panel-title">"Skill profile"</h2>
            {match skills {
                Ok(s) => view! { <SkillBars skills=s /> }.into_any(),
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}
