//! The admin's settings page: the organisation's time zone and confidentiality thresholds.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::org::api::{SaveSettings, get_settings};
use crate::org::types::SettingsView;
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

#[component]
pub fn SettingsPage() -> impl IntoView {
    LatestOutcome::provide();
    let save = ServerAction::<SaveSettings>::new();
    let view_data = Resource::new(move || save.version().get(), |_| get_settings());
    view! {
        <Title text="Settings" />
        <h1>"Settings"</h1>
        <p class="lead">"These apply to every report in Rapport (training, recognition, engagement surveys and customer satisfaction) and to how long customers' contact details are kept."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=save.value() path={<SaveSettings as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(v) => view! { <SettingsForm v save /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(v: SettingsView, save: ServerAction<SaveSettings>) -> impl IntoView {
    let s = v.settings;
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title" class="visually-hidden">"Organisation settings"</h2>
            <ActionForm action=save attr:class="stack">
                <div class="field">
                    <label for="time-zone">"Time zone"</label>
                    <input id="time-zone" name="form[time_zone]" list="time-zones" value=s.time_zone required maxlength="64" aria-describedby="time-zone-hint" autocomplete="off" />
                    <datalist id="time-zones">
                        {v.time_zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                    </datalist>
                    <p id="time-zone-hint" class="hint">"Reports count days and months in this zone: a survey answered at 23:30 in Lisbon belongs to that day there. A name from the IANA list, such as Europe/Lisbon or America/New_York."</p>
                </div>
                <div class="field">
                    <label for="threshold">"Smallest group shown"</label>
                    <input id="threshold" name="form[threshold]" type="number" min="3" max="100" value=s.threshold.to_string() required aria-describedby="threshold-hint" />
                    <p id="threshold-hint" class="hint">"No figure about fewer people than this is shown in any page, chart or download; nor is any figure that would let such a group be worked out by subtracting the groups shown from the one above them. At least 3; 5 is usual."</p>
                </div>
                <div class="field">
                    <label for="comment-threshold">"Smallest group for comments"</label>
                    <input id="comment-threshold" name="form[comment_threshold]" type="number" min="3" max="100" value=s.comment_threshold.to_string() required aria-describedby="comment-threshold-hint" />
                    <p id="comment-threshold-hint" class="hint">"Free-text comments say more about who wrote them than ratings do, so they need a group at least this large, and never smaller than the one above. 10 is usual."</p>
                </div>
                <div class="field">
                    <label for="contact-days">"Keep customer contacts for (days)"</label>
                    <input id="contact-days" name="form[contact_days]" type="number" min="7" max="730" value=s.contact_days.to_string() required aria-describedby="contact-days-hint" />
                    <p id="contact-days-hint" class="hint">"The email or phone number a customer leaves with feedback is kept only to reply to them, and removed this many days after the feedback (every hour, the older ones go). From 7 to 730; 90 is usual."</p>
                </div>
                <button type="submit" class="button primary">"Save settings"</button>
            </ActionForm>
        </section>
    }
}
