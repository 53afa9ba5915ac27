//! Training pages: my training, playing and the debrief, the team's progress, and training administration.
mod analytics;
mod certificates;
mod editor;
mod manage;
mod my;
mod play;
mod scenario;

pub use analytics::AnalyticsPage;
pub use certificates::{
    CertificatePage, CertificateRegisterPage, CertificateTable, CertificatesPanel,
};
pub use editor::{DraftPage, DraftsPage, PlaytestPage};
pub use manage::{TeamTrainingPage, TrainingAdminPage};
pub use my::{MyTrainingPage, SkillPanel};
pub use play::{DebriefPage, PlayPage};
pub use scenario::{ScenarioMap, ScenarioPage};

use leptos::prelude::*;

use crate::training::rules::model::{Ending, Skill};
use crate::training::types::{SkillLevel, Status};

/// A labelled bar for a 0-100 value.
#[component]
pub fn Meter(
    #[prop(into)] label: String,
    value: i32,
    #[prop(optional)] note: Option<String>,
) -> impl IntoView {
    let v = value.clamp(0, 100);
    let tone = if v >= 70 {
        "good"
    } else if v >= 45 {
        "mid"
    } else {
        "low"
    };
    view! {
        <div class="meter">
            <div class="meter-head"><span>{label.clone()}</span><span class="num">{v} {note.map(|n| view! { <span class="muted small">" · " {n}</span> })}</span></div>
            <div class="bar" role="meter" aria-label=label aria-valuemin="0" aria-valuemax="100" aria-valuenow=v>
                <span class=format!("fill {tone} {}", width_class(v))></span>
            </div>
        </div>
    }
}

pub use crate::ui::width_class;

pub fn status_tag(status: Status, overdue: bool) -> impl IntoView {
    let class = match status {
        Status::Done => "tag add",
        Status::InProgress => "tag update",
        Status::NotStarted => "tag muted-tag",
    };
    view! {
        <span class=class>{status.label()}</span>
        {overdue.then(|| view! { <span class="tag overdue">"Overdue"</span> })}
    }
}

pub fn ending_tag(e: Ending) -> impl IntoView {
    let class = match e {
        Ending::Magic => "tag add",
        Ending::Recovered => "tag update",
        Ending::Misery => "tag overdue",
    };
    view! { <span class=class>{e.label()}</span> }
}

#[component]
pub fn SkillBars(skills: Vec<SkillLevel>) -> impl IntoView {
    if skills.is_empty() {
        return view! { <p class="empty">"No finished scenarios yet: the profile fills in as scenarios are played to the end."</p> }.into_any();
    }
    view! {
        <div class="meters">
            {skills.into_iter().map(|s| view! {
                <Meter label=s.skill.label() value=s.score note=skill_note(&s) />
            }).collect_view()}
        </div>
        <p class="small muted">"Each skill weighs every finished attempt, recent ones more (half as much after 90 days). Replays of a scenario in the same week count once, with their best score, so practice never wipes out good evidence."</p>
    }.into_any()
}

/// "3 attempts, 2 scenarios · up 5 in 30 days".
fn skill_note(s: &SkillLevel) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut note = format!(
        "{}, {}",
        plural(s.attempts, "attempt", "attempts"),
        plural(s.scenarios, "scenario", "scenarios")
    );
    match s.trend {
        Some(t) if t > 0 => note.push_str(&format!(" · ▲ up {t} in 30 days")),
        Some(t) if t < 0 => note.push_str(&format!(" · ▼ down {} in 30 days", -t)),
        Some(_) => note.push_str(" · steady over 30 days"),
        None => {}
    }
    note
}

pub fn skill_list(skills: &[Skill]) -> String {
    skills
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}
