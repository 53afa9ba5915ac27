use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::people::api::{ApplyPeopleImport, UploadPeopleCsv, people_import_preview};
use crate::people::types::{ImportAction, ImportPreview};
use crate::ui::{ErrorPanel, Outcome};

#[component]
pub fn ImportPage() -> impl IntoView {
    let none = Signal::derive(|| None::<Result<String, AppError>>);
    view! {
        <Title text="Import people" />
        <h1>"Import people from CSV"</h1>
        <Outcome value=none path={<UploadPeopleCsv as ServerFn>::PATH} />
        <div class="grid two">
            <section class="panel" aria-labelledby="upload-title">
                <h2 id="upload-title">"1. Choose a file"</h2>
                <p>"You will see a preview of every row before anything changes."</p>
                <form method="post" action={<UploadPeopleCsv as ServerFn>::PATH} enctype="multipart/form-data" class="stack">
                    <label for="file">"CSV file (UTF-8, up to 1 MiB)"</label>
                    <input id="file" name="file" type="file" accept=".csv,text/csv" required />
                    <button type="submit" class="button primary">"Upload and preview"</button>
                </form>
            </section>
            <section class="panel" aria-labelledby="format-title">
                <h2 id="format-title">"The format"</h2>
                <p>"A header line, then one person per line:"</p>
                <pre class="sample" tabindex="0" aria-label="A sample file">"email,name,role,site,department,manager_email\nana.lima@example.com,Ana Lima,staff,Harbour Hotel,Front desk,rui.costa@example.com"</pre>
                <ul class="plain small">
                    <li><strong>"role"</strong>": staff, manager, hr or admin."</li>
                    <li><strong>"site"</strong>" and "<strong>"department"</strong>": names that exist in Rapport (any case); may be empty."</li>
                    <li><strong>"manager_email"</strong>": someone already in Rapport or in the same file; may be empty."</li>
                    <li><strong>"leads"</strong>" (optional column): "<code>"site"</code>" makes a manager the general manager of the row's site, "<code>"department"</code>" the head of its department, replacing the one before; empty changes no leader."</li>
                    <li>"People are matched by email: a known email updates that person, a new one adds them. Importing the same file again changes nothing."</li>
                    <li>"Imported people need a password from an admin before they can log in."</li>
                </ul>
            </section>
        </div>
    }
}

fn action_label(a: ImportAction) -> &'static str {
    match a {
        ImportAction::Create => "Add",
        ImportAction::Update => "Update",
        ImportAction::Unchanged => "No change",
    }
}

#[component]
fn PreviewTable(preview: ImportPreview, apply: ServerAction<ApplyPeopleImport>) -> impl IntoView {
    let problems = preview.problem_rows();
    let creates = preview.count(ImportAction::Create);
    let updates = preview.count(ImportAction::Update);
    let unchanged = preview.count(ImportAction::Unchanged);
    let can_apply = preview.can_apply() && (creates + updates > 0);
    let pid = preview.pid.clone();
    let file_ok = preview.file_problem.is_none();
    let status = if problems > 0 {
        view! {
            <p class="notice error" role="alert">
                {format!("{problems} row(s) have problems. Nothing will be imported until the file is fixed; ")}
                <a href="/admin/people/import">"upload the corrected file"</a>"."
            </p>
        }
        .into_any()
    } else if can_apply {
        view! {
            <ActionForm action=apply attr:class="panel row">
                <input type="hidden" name="pid" value=pid />
                <p>{format!("Apply the import: add {creates}, update {updates}. All rows are written together, or none.")}</p>
                <button type="submit" class="button primary">"Apply import"</button>
            </ActionForm>
        }
        .into_any()
    } else if file_ok {
        let text = if preview.applied {
            "This import has been applied: everyone in the file is up to date."
        } else {
            "Everyone in this file is already up to date; there is nothing to import."
        };
        view! { <p class="notice ok" role="status">{text}</p> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <Title text=format!("Import preview: {}", preview.file_name) />
        <h1>"Import preview"</h1>
        <p class="lead">"File: " <strong>{preview.file_name.clone()}</strong></p>
        {preview.file_problem.clone().map(|p| view! {
            <div class="notice error" role="alert"><p>{p}</p><p><a href="/admin/people/import">"Choose another file"</a></p></div>
        })}
        {file_ok.then(|| view! {
            <dl class="stats">
                <div><dt>"Rows"</dt><dd>{preview.rows.len()}</dd></div>
                <div><dt>"To add"</dt><dd>{creates}</dd></div>
                <div><dt>"To update"</dt><dd>{updates}</dd></div>
                <div><dt>"Unchanged"</dt><dd>{unchanged}</dd></div>
                <div class:bad={problems > 0}><dt>"Rows with problems"</dt><dd>{problems}</dd></div>
            </dl>
        })}
        {status}
        {(!preview.rows.is_empty()).then(|| view! {
            <div class="table-wrap" tabindex="0">
            <table class="import">
                <thead><tr>
                    <th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">"Name"</th><th scope="col">"Role"</th>
                    <th scope="col">"Site"</th><th scope="col">"Department"</th><th scope="col">"Manager"</th><th scope="col">"Leads"</th><th scope="col">"Result"</th>
                </tr></thead>
                <tbody>
                    {preview.rows.into_iter().map(|r| {
                        let bad = !r.problems.is_empty();
                        let label = action_label(r.action);
                        let result = if bad {
                            view! { <ul class="problems">{r.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
                        } else {
                            view! { <span class=format!("tag {}", label.to_lowercase().replace(' ', "-"))>{label}</span> }.into_any()
                        };
                        view! {
                            <tr class:bad=bad>
                                <td class="num">{r.line}</td><td>{r.email}</td><td>{r.name}</td><td>{r.role}</td>
                                <td>{r.site}</td><td>{r.department}</td><td>{r.manager_email}</td><td>{r.leads}</td>
                                <td>{result}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
        <p><a href="/people">"Back to people"</a></p>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let apply = ServerAction::<ApplyPeopleImport>::new();
    let preview = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                apply.version().get(),
            )
        },
        |(pid, _)| people_import_preview(pid),
    );
    view! {
        <div class="messages" aria-live="polite">
            <Outcome value=apply.value() path={<ApplyPeopleImport as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => view! { <PreviewTable preview=p apply /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
