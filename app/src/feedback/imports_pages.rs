//! Importing customer feedback in the browser: upload a file, map its columns (the dates as they
//! will read), check it by a dry run that lists every problem by line and the values that match
//! nothing, map or skip those, then import, every row or none or skipping bad rows. Each run
//! shows its progress; without JavaScript the page refreshes itself until the run is done.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::feedback::imports_api::{
    RunFeedbackImport, UPLOAD_PATH, feedback_upload, feedback_uploads,
};
use crate::feedback::imports_types::{
    MappingForm, SavedMapping, UploadStatus, UploadView, UploadsPage,
};
use crate::feedback::types::{Channel, ImportMode, ImportReport, ValueKind};
use crate::ui::{ErrorPanel, Outcome, thousands};

fn status_tag(s: UploadStatus) -> impl IntoView {
    let class = match s {
        UploadStatus::Applied => "tag ok-tag",
        UploadStatus::Failed => "tag overdue",
        UploadStatus::Checked => "tag update",
        _ => "tag",
    };
    view! { <span class=class>{s.label()}</span> }
}

fn saved_list(saved: Vec<SavedMapping>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="saved-title">
            <h2 id="saved-title">"Saved mappings"</h2>
            {if saved.is_empty() {
                view! { <p class="muted">"None yet. A mapping is saved under its source name each time a file is checked or imported with it, and fills in the next file from that source."</p> }.into_any()
            } else {
                view! {
                    <p class="small muted">"Each is saved under its source name when a file is checked or imported with it. For the command line, save one as a file and run "<code>"rapport feedback import --mapping mapping.toml export.csv"</code>"."</p>
                    <ul class="plain stack">
                        {saved.into_iter().map(|m| view! {
                            <li>
                                <strong>{m.origin.clone()}</strong>
                                <span class="small muted">{format!(" · saved by {} on {}", m.saved_by, m.saved_at)}</span>
                                <details>
                                    <summary>"Mapping file (TOML)"</summary>
                                    <pre class="sample" tabindex="0">{m.toml}</pre>
                                </details>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn uploads_view(p: UploadsPage) -> impl IntoView {
    view! {
        {p.problem.map(|msg| view! { <p class="notice error" role="alert">{msg}</p> })}
        <div class="grid two">
            <section class="panel" aria-labelledby="upload-title">
                <h2 id="upload-title">"1. Upload an export"</h2>
                <p>"Any CSV export of survey or ticket results: UTF-8 with or without a BOM, comma, semicolon or tab, with a header line. Next you say which column holds what and check it; nothing is kept until you import."</p>
                <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" class="stack">
                    <label for="feedback-file">{format!("CSV file (up to {})", p.max_size)}</label>
                    <input id="feedback-file" name="file" type="file" accept=".csv,.txt,text/csv" required />
                    <button type="submit" class="button primary">"Upload and map"</button>
                </form>
            </section>
            {saved_list(p.saved)}
        </div>
        <section class="panel" aria-labelledby="recent-title">
            <h2 id="recent-title">"Recent files"</h2>
            {if p.uploads.is_empty() {
                view! { <p class="muted">"No file has been uploaded yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">"File"</th><th scope="col">"Size"</th><th scope="col">"Uploaded"</th>
                            <th scope="col">"Status"</th><th scope="col">"Result"</th>
                        </tr></thead>
                        <tbody>
                            {p.uploads.into_iter().map(|u| view! {
                                <tr>
                                    <td><a href=format!("/customers/import/{}", u.pid)>{u.file_name}</a></td>
                                    <td class="num">{u.size}</td>
                                    <td>{format!("{}, {}", u.uploaded_at, u.uploaded_by)}</td>
                                    <td>{status_tag(u.status)}</td>
                                    <td>{u.summary}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn FeedbackImportsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| feedback_uploads());
    view! {
        <Title text="Import customer feedback" />
        <p class="crumbs"><a href="/customers">"Guests"</a></p>
        <h1>"Import customer feedback"</h1>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => uploads_view(p).into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A select of the file's columns, with "none" first unless the field is required.
fn column_select(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    columns: &[String],
    chosen: &str,
    required: bool,
) -> impl IntoView + use<> {
    let chosen = chosen.trim().to_lowercase();
    view! {
        <label for=id>{label}</label>
        <select id=id name=format!("form[{field}]") required=required>
            <option value="" selected=chosen.is_empty()>{if required { "Choose a column" } else { "Not in this file" }}</option>
            {columns.iter().filter(|c| !c.trim().is_empty()).map(|c| {
                let here = c.trim().to_lowercase() == chosen;
                view! { <option value=c.clone() selected=here>{c.clone()}</option> }
            }).collect_view()}
        </select>
    }
}

fn choice_select(
    id: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    chosen: &str,
) -> impl IntoView + use<> {
    let chosen = chosen.to_owned();
    view! {
        <select id=id name=name>
            {options.into_iter().map(|(value, text)| {
                let here = value == chosen;
                view! { <option value=value selected=here>{text}</option> }
            }).collect_view()}
        </select>
    }
}

fn channel_options(none: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(
            Channel::ALL
                .into_iter()
                .map(|c| (c.key().to_owned(), c.label().to_owned())),
        )
        .collect()
}

/// One row of the values table: what a file value is to mean.
fn value_row(
    i: usize,
    kind: ValueKind,
    value: String,
    rows: Option<(u64, u64)>,
    means: String,
    v: &UploadView,
) -> impl IntoView + use<> {
    let (kind_key, options): (&str, Vec<(String, String)>) = match kind {
        ValueKind::Site => (
            "site",
            [
                (
                    String::new(),
                    "Leave unmatched (its rows have a problem)".to_owned(),
                ),
                ("skip".to_owned(), "Skip its rows".to_owned()),
            ]
            .into_iter()
            .chain(v.sites.iter().map(|s| (s.clone(), format!("Site: {s}"))))
            .collect(),
        ),
        ValueKind::Department => (
            "department",
            [
                (
                    String::new(),
                    "Leave unmatched (its rows have a problem)".to_owned(),
                ),
                (
                    "skip".to_owned(),
                    "Keep its rows at their site, without a department".to_owned(),
                ),
            ]
            .into_iter()
            .chain(
                v.departments
                    .iter()
                    .map(|d| (d.clone(), format!("Department: {d}"))),
            )
            .collect(),
        ),
        _ => (
            "channel",
            channel_options("Leave unmatched (its rows have a problem)"),
        ),
    };
    let id = format!("fix-{i}");
    let label = format!("What “{value}” means");
    view! {
        <tr>
            <td>{kind.label()}</td>
            <th scope="row">{value.clone()}</th>
            <td class="num">{rows.map(|(n, first)| format!("{} (first on line {first})", thousands(n))).unwrap_or_else(|| "mapped before".into())}</td>
            <td>
                <input type="hidden" name=format!("fix_kind[{i}]") value=kind_key />
                <input type="hidden" name=format!("fix_value[{i}]") value=value.clone() />
                <label for=id.clone() class="visually-hidden">{label}</label>
                <select id=id name=format!("fix_to[{i}]")>
                    {options.into_iter().map(|(value, text)| {
                        let here = value.eq_ignore_ascii_case(&means);
                        view! { <option value=value selected=here>{text}</option> }
                    }).collect_view()}
                </select>
            </td>
        </tr>
    }
}

fn values_table(v: &UploadView) -> impl IntoView + use<> {
    let mut rows = Vec::new();
    let mut people = Vec::new();
    let mut i = 0;
    let unmatched = v
        .report
        .as_ref()
        .map(|r| r.unmatched.clone())
        .unwrap_or_default();
    for u in unmatched {
        if u.kind == ValueKind::Person {
            people.push(u);
            continue;
        }
        rows.push(
            value_row(
                i,
                u.kind,
                u.value,
                Some((u.rows, u.first_line)),
                String::new(),
                v,
            )
            .into_any(),
        );
        i += 1;
    }
    for m in &v.mapped {
        let kind = match m.kind.as_str() {
            "Site" => ValueKind::Site,
            "Department" => ValueKind::Department,
            _ => ValueKind::Channel,
        };
        rows.push(value_row(i, kind, m.value.clone(), None, m.means.clone(), v).into_any());
        i += 1;
    }
    view! {
        <fieldset class="panel">
            <legend>"3. Sites, departments and channels named differently"</legend>
            {if rows.is_empty() {
                view! { <p class="muted">{if v.report.is_some() { "Every site, department and channel in the file matches Rapport's." } else { "Check the file to see which sites, departments and channels match nothing in Rapport." }}</p> }.into_any()
            } else {
                view! {
                    <p class="small muted">"Map each to what it is called in Rapport, or skip it, then check again. The choices are saved with the mapping."</p>
                    <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr><th scope="col">"Kind"</th><th scope="col">"In the file"</th><th scope="col">"Rows"</th><th scope="col">"Means"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            {(!people.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("{} people named in the file match no one; their rows are kept without the person", people.len())}</summary>
                    <ul class="plain small">
                        {people.into_iter().map(|p| view! { <li>{format!("{} ({} rows, first on line {})", p.value, thousands(p.rows), p.first_line)}</li> }).collect_view()}
                    </ul>
                </details>
            })}
        </fieldset>
    }
}

fn report_view(
    r: &ImportReport,
    status: UploadStatus,
    mode: Option<ImportMode>,
) -> impl IntoView + use<> {
    let applied = status == UploadStatus::Applied;
    let added = if applied { "Added" } else { "Would be added" };
    let title = match (status, mode) {
        (UploadStatus::Applied, _) => "Imported",
        (_, Some(ImportMode::DryRun)) => "What a check found",
        _ => "What the import found",
    };
    let listed = r.problems.len() as u64;
    view! {
        <section class="panel" aria-labelledby="report-title">
            <h2 id="report-title">{title}</h2>
            <dl class="stats">
                <div><dt>"Rows read"</dt><dd>{thousands(r.rows)}</dd></div>
                <div><dt>{added}</dt><dd>{thousands(r.added)}</dd></div>
                <div><dt>"Already there"</dt><dd>{thousands(r.already)}</dd></div>
                <div><dt>"Skipped"</dt><dd>{thousands(r.skipped)}</dd></div>
                <div class:bad={r.bad > 0}><dt>"With problems"</dt><dd>{thousands(r.bad)}</dd></div>
            </dl>
            <p class="small muted">{format!("Dates read as {}; columns separated by {}.", r.date_format, match r.delimiter { ';' => "semicolons", '\t' => "tabs", _ => "commas" })}
                {(r.without_person > 0).then(|| format!(" {} rows name a person who matches no one and are kept without them.", thousands(r.without_person)))}
            </p>
            {(!r.problems.is_empty()).then(|| view! {
                <h3>{if listed < r.bad { format!("Problems by line (the first {listed} of {})", thousands(r.bad)) } else { "Problems by line".to_owned() }}</h3>
                <div class="table-wrap problems-table" tabindex="0">
                <table>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Problem"</th></tr></thead>
                    <tbody>
                        {r.problems.iter().map(|p| view! { <tr><td class="num">{p.line}</td><td>{p.message.clone()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                </div>
            })}
        </section>
    }
}

fn mapping_form(v: &UploadView) -> impl IntoView + use<> {
    let f: &MappingForm = &v.form;
    let cols = &v.columns;
    let dates = v.dates.clone();
    let detected = v.detected.clone();
    let date_options = vec![
        (
            String::new(),
            match &detected {
                Ok(label) if f.date_format.is_empty() => format!("Detect ({label})"),
                _ => "Detect".to_owned(),
            },
        ),
        ("iso".to_owned(), "YYYY-MM-DD".to_owned()),
        ("dmy".to_owned(), "DD-MM-YYYY".to_owned()),
        ("mdy".to_owned(), "MM/DD/YYYY".to_owned()),
    ];
    let can_import = v.report.is_some();
    view! {
        <form method="post" action={<RunFeedbackImport as ServerFn>::PATH} class="stack">
            <input type="hidden" name="upload" value=v.pid.clone() />
            <fieldset class="panel">
                <legend>"1. The source"</legend>
                <p class="small muted">{v.form_source.clone()}</p>
                <div class="stack"><label for="origin">"Source name"</label>
                <input id="origin" name="form[origin]" value=f.origin.clone() required maxlength="200" aria-describedby="origin-hint" /></div>
                <p id="origin-hint" class="small muted">"Name where these files come from (“Medallia guest survey”). With each row's id it recognises a response that comes again, so use the same name for every file from this source. The mapping is saved under it."</p>
            </fieldset>
            <fieldset class="panel">
                <legend>"2. Which column holds what"</legend>
                <div class="form-grid">
                    <div class="stack">
                        {column_select("col-date", "Date (required)", "date", cols, &f.date, true)}
                        <label for="date-format">"Date format"</label>
                        {choice_select("date-format", "form[date_format]", date_options, &f.date_format)}
                    </div>
                    <div class="stack">{column_select("col-site", "Site (required)", "site", cols, &f.site, true)}</div>
                    <div class="stack">{column_select("col-department", "Department", "department", cols, &f.department, false)}</div>
                    <div class="stack">{column_select("col-person", "Person who served (email or full name)", "person", cols, &f.person, false)}</div>
                    <div class="stack">
                        {column_select("col-channel", "Channel", "channel", cols, &f.channel, false)}
                        <label for="default-channel">"Channel of rows without one"</label>
                        {choice_select("default-channel", "form[default_channel]", channel_options("Other"), &f.default_channel)}
                    </div>
                    <div class="stack">
                        {column_select("col-csat", "CSAT", "csat", cols, &f.csat, false)}
                        <label for="csat-scale">"CSAT scale"</label>
                        {choice_select("csat-scale", "form[csat_scale]", vec![("1-5".into(), "1-5".into()), ("1-10".into(), "1-10".into()), ("0-100".into(), "0-100 (%)".into())], &f.csat_scale)}
                    </div>
                    <div class="stack">{column_select("col-nps", "NPS (0-10)", "nps", cols, &f.nps, false)}</div>
                    <div class="stack">
                        {column_select("col-ces", "Customer effort (CES)", "ces", cols, &f.ces, false)}
                        <label for="ces-scale">"CES scale"</label>
                        {choice_select("ces-scale", "form[ces_scale]", vec![("1-7".into(), "1-7".into()), ("1-5".into(), "1-5".into())], &f.ces_scale)}
                    </div>
                    <div class="stack">{column_select("col-comment", "Comment", "comment", cols, &f.comment, false)}</div>
                    <div class="stack">{column_select("col-contact", "Contact (kept only for follow-up)", "contact", cols, &f.contact, false)}</div>
                    <div class="stack">{column_select("col-id", "Response id", "external_id", cols, &f.external_id, false)}</div>
                </div>
                <h3>"How the dates read"</h3>
                {match detected {
                    Err(e) => view! { <p class="notice error" role="alert">{e}</p> }.into_any(),
                    Ok(label) => view! {
                        <p class="small">{format!("The first rows read as {label}. Choose the format above if that is wrong.")}</p>
                        <div class="table-wrap" tabindex="0">
                        <table>
                            <thead><tr><th scope="col">"In the file"</th><th scope="col">"Reads as"</th></tr></thead>
                            <tbody>
                                {dates.into_iter().map(|d| view! {
                                    <tr><td><code>{d.raw}</code></td>
                                    {match d.read {
                                        Ok(t) => view! { <td>{t}</td> }.into_any(),
                                        Err(e) => view! { <td class="bad">{e}</td> }.into_any(),
                                    }}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }}
            </fieldset>
            {values_table(v)}
            <fieldset class="panel">
                <legend>"4. Check, then import"</legend>
                <p class="small muted">"A check reads the whole file and counts what would be added, keeping nothing. Importing the same file again adds nothing."</p>
                <p><button type="submit" name="run" value="check" class="button">"Check the file"</button></p>
                {can_import.then(|| view! {
                    <div class="stack">
                        <div role="radiogroup" aria-label="How to import" class="stack">
                            <label class="check-label"><input type="radio" name="mode" value="all" checked />" Every row or none: nothing is kept if any row has a problem"</label>
                            <label class="check-label"><input type="radio" name="mode" value="skip" />" Skip bad rows: keep the good ones"</label>
                        </div>
                        <p><button type="submit" name="run" value="import" class="button primary">"Import"</button></p>
                    </div>
                })}
            </fieldset>
        </form>
    }
}

fn sample_table(v: &UploadView) -> impl IntoView + use<> {
    let columns = v.columns.clone();
    let sample = v.sample.clone();
    view! {
        <details class="panel">
            <summary>{format!("The file's first lines ({} columns, separated by {})", columns.len(), v.delimiter)}</summary>
            <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {sample.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>
    }
}

fn use_saved(v: &UploadView) -> impl IntoView + use<> {
    let saved = v.saved.clone();
    let base = v.base;
    (!saved.is_empty()).then(|| {
        view! {
            <form method="get" action=format!("/customers/import/{}", v.pid) class="row">
                <label for="saved">"Fill in from a saved mapping"</label>
                <select id="saved" name="saved">
                    {saved.into_iter().map(|m| {
                        let here = base == Some(m.id);
                        view! { <option value=m.id.to_string() selected=here>{m.origin}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="button">"Fill in"</button>
            </form>
        }
    })
}

/// While a run goes on: its progress; the page asks again every second (with JavaScript), or
/// reloads itself every two seconds (a browser that has not run the bundle).
#[component]
fn Running(status: UploadStatus, progress: Option<u8>, tick: RwSignal<u32>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if !crate::request::runs_script() {
        crate::request::refresh_after(2);
    }
    Effect::new(move |_| {
        set_timeout(
            move || tick.update(|t| *t += 1),
            std::time::Duration::from_millis(1000),
        );
    });
    let what = if status == UploadStatus::Applying {
        "Importing"
    } else {
        "Checking"
    };
    let text = match progress {
        Some(p) => format!("{what}: {p}% of the file read"),
        None => format!("{what} on another server…"),
    };
    view! {
        <section class="panel" aria-labelledby="run-title">
            <h2 id="run-title">{what}</h2>
            <p role="status">{text.clone()}</p>
            <progress max="100" value=progress.unwrap_or(0).to_string() aria-label=text></progress>
            <p class="small muted">"You can leave this page; the run goes on, and its result is kept here."</p>
        </section>
    }
}

fn upload_view(v: UploadView, tick: RwSignal<u32>) -> impl IntoView {
    let applied = v.status == UploadStatus::Applied;
    let running = v.status.running();
    let report = v.report.clone();
    view! {
        <Title text=format!("Import {}", v.file_name) />
        <h1>{format!("Import {}", v.file_name)}</h1>
        <p class="lead">{format!("{}, uploaded by {} on {}. ", v.size, v.uploaded_by, v.uploaded_at)}{status_tag(v.status)}</p>
        {running.then(|| view! { <Running status=v.status progress=v.progress tick /> })}
        {v.problem.clone().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
        {applied.then(|| view! {
            <p class="notice ok" role="status">"The file is imported. "<a href="/customers">"See the guest pages"</a>" or "<a href="/customers/import">"import another file"</a>"."</p>
        })}
        {(!running).then(|| report.map(|r| report_view(&r, v.status, v.mode)))}
        {(!applied && !running).then(|| view! {
            {sample_table(&v)}
            {use_saved(&v)}
            {mapping_form(&v)}
        })}
    }
}

#[component]
pub fn FeedbackImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let tick = RwSignal::new(0u32);
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                query.with(|q| q.get("saved").unwrap_or_default()),
                tick.get(),
            )
        },
        |(pid, saved, _)| feedback_upload(pid, saved),
    );
    view! {
        <p class="crumbs"><a href="/customers">"Guests"</a>" › "<a href="/customers/import">"Import"</a></p>
        <div class="messages" aria-live="polite">
            <Outcome value=Signal::derive(|| None) path={<RunFeedbackImport as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => upload_view(v, tick).into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
