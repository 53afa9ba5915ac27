//! Playing a scenario, one choice per form post, and the debrief after the ending.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::training::api::{MakeChoice, StartScenario, get_debrief, get_play};
use crate::training::pages::my::PlayButton;
use crate::training::pages::{Meter, ending_tag};
use crate::training::rules::model::mood_label;
use crate::training::types::PlayView;
use crate::ui::{ErrorPanel, Outcome};

#[component]
fn Conversation(v: PlayView, choose: ServerAction<MakeChoice>) -> impl IntoView {
    let attempt = v.attempt.clone();
    let seq = v.seq.to_string();
    view! {
        <Title text=v.title.clone() />
        <div class="page-head">
            <h1>{v.title.clone()}</h1>
            <a href="/training">"Back to my training"</a>
        </div>
        <div class="play">
            <aside class="panel persona" aria-labelledby="persona-title">
                <h2 id="persona-title">{v.persona.name.clone()}</h2>
                <p class="tag muted-tag">{v.setting.clone()}</p>
                <p class="small"><strong>"Situation: "</strong>{v.persona.situation.clone()}</p>
                <p class="small"><strong>"Wants: "</strong>{v.persona.wants.clone()}</p>
                <Meter label=format!("Mood: {}", mood_label(v.mood)) value=v.mood />
                <Meter label="Trust in you" value=v.trust />
            </aside>
            <section class="panel scene" aria-labelledby="scene-title" aria-live="polite">
                <h2 id="scene-title" class="visually-hidden">"The conversation"</h2>
                {v.last.map(|l| view! {
                    <div class=crate::training::rules::progress::feedback_tone(l.points) role="status">
                        <p class="small muted">"You chose: " {l.choice}</p>
                        <p>{l.feedback}</p>
                    </div>
                })}
                <p class="narration">{v.narration.clone()}</p>
                {(!v.customer.is_empty()).then(|| view! {
                    <blockquote class="customer"><p>{v.customer.clone()}</p><footer>"— " {v.persona.name.clone()}</footer></blockquote>
                })}
                <h3>"What do you do?"</h3>
                <ul class="choices">
                    {v.choices.into_iter().map(|(i, text)| {
                        let (attempt, seq) = (attempt.clone(), seq.clone());
                        view! {
                            <li>
                                <ActionForm action=choose>
                                    <input type="hidden" name="attempt" value=attempt />
                                    <input type="hidden" name="seq" value=seq />
                                    <input type="hidden" name="choice" value=i.to_string() />
                                    <button type="submit" class="choice">{text}</button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </div>
    }
}

#[component]
pub fn PlayPage() -> impl IntoView {
    let params = use_params_map();
    let choose = ServerAction::<MakeChoice>::new();
    let state = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                choose.version().get(),
            )
        },
        |(pid, _)| get_play(pid),
    );
    // Errors only: a successful choice shows itself as the next step.
    let errors = Signal::derive(move || match choose.value().get() {
        Some(Err(e)) => Some(Err(e)),
        _ => None,
    });
    view! {
        <div class="messages" aria-live="polite"><Outcome value=errors path={<MakeChoice as ServerFn>::PATH} /></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(v) if v.finished => view! {
                        <section class="panel">
                            <h1>{v.title.clone()}</h1>
                            <p>"This attempt is finished."</p>
                            <a class="button primary" href=format!("/training/attempts/{}", v.attempt)>"See the debrief"</a>
                        </section>
                    }.into_any(),
                    Ok(v) => view! { <Conversation v choose /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn DebriefPage() -> impl IntoView {
    let params = use_params_map();
    let start = ServerAction::<StartScenario>::new();
    let debrief = Resource::new(
        move || params.with(|p| p.get("pid").unwrap_or_default()),
        get_debrief,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let d = match debrief.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let heading = if d.own { "Debrief".to_owned() } else { format!("Debrief: {}", d.person) };
                view! {
                    <Title text=format!("Debrief: {}", d.title) />
                    <div class="page-head">
                        <h1>{heading} <span class="muted">" · " {d.title.clone()}</span></h1>
                        <div class="actions">
                            {d.own.then(|| view! { <PlayButton action=start slug=d.slug.clone() label="Play again" primary=true /> })}
                            <a class="button small" href="/training">"My training"</a>
                        </div>
                    </div>
                    <div class="grid two">
                        <section class="panel" aria-labelledby="outcome-title">
                            <h2 id="outcome-title">"Outcome " {ending_tag(d.ending)}</h2>
                            <p>{d.ending_narration.clone()}</p>
                            <p class="debrief"><strong>"What to take away: "</strong>{d.debrief.clone()}</p>
                            <dl class="stats">
                                <div><dt>"This attempt"</dt><dd>{d.score}</dd></div>
                                <div><dt>"Best"</dt><dd>{d.best}</dd></div>
                                <div><dt>"Latest"</dt><dd>{d.latest}</dd></div>
                                <div><dt>"Attempts"</dt><dd>{d.attempts}</dd></div>
                            </dl>
                            <p class="small muted">"Finished " {d.finished_at.clone()} " · scenario version " {d.version}</p>
                        </section>
                        <section class="panel" aria-labelledby="skills-title">
                            <h2 id="skills-title">"Skill scores"</h2>
                            <div class="meters">
                                {d.skills.iter().map(|(k, v)| view! { <Meter label=k.label() value=*v /> }).collect_view()}
                            </div>
                        </section>
                    </div>
                    <section class="panel" aria-labelledby="path-title">
                        <h2 id="path-title">"The path taken"</h2>
                        <ol class="path">
                            {d.path.into_iter().map(|p| view! {
                                <li>
                                    <p class="small muted">{p.narration}</p>
                                    {(!p.customer.is_empty()).then(|| view! { <blockquote class="customer small"><p>{p.customer}</p></blockquote> })}
                                    <p><strong>"You: "</strong>{p.choice}</p>
                                    <p class=crate::training::rules::progress::feedback_tone(p.points)>{p.feedback}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
