//! Reads a people CSV and works out, row by row, what importing it would change and what is wrong. Pure: no database.
use std::collections::HashMap;

use crate::auth::types::Role;
use crate::people::logic::{clean_email, clean_person_name, manager_loop};
use crate::people::types::{ImportAction, ImportRowView};

pub const MAX_ROWS: usize = 5_000;
pub const MAX_BYTES: usize = 1024 * 1024;
/// Columns a file may leave out (files written before they existed still import).
const OPTIONAL_COLUMNS: [&str; 1] = ["leads"];
const COLUMNS: [&str; 6] = [
    "email",
    "name",
    "role",
    "site",
    "department",
    "manager_email",
];

pub struct SiteEntry {
    pub id: i32,
    pub name: String,
    /// Lower-cased department name -> department.
    pub departments: HashMap<String, DepartmentEntry>,
    /// The email of the site's general manager.
    pub manager_email: Option<String>,
}

pub struct DepartmentEntry {
    pub id: i32,
    pub name: String,
    /// The email of the department's head.
    pub head_email: Option<String>,
}

/// What a row's `leads` column makes the person: the general manager of the row's site, or
/// the head of its department.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lead {
    Site(i32),
    Department(i32),
}

/// The organisation by lower-cased site name.
pub type SitesByName = HashMap<String, SiteEntry>;

/// A person already in the database, by the fields an import can set.
#[derive(Clone, Debug)]
pub struct Existing {
    pub name: String,
    pub role: Role,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub manager_email: Option<String>,
    pub active: bool,
}

/// What one valid row sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub manager_email: Option<String>,
    /// The unit the row makes them lead; `None` changes no leader.
    pub leads: Option<Lead>,
}

#[derive(Debug)]
pub struct PlannedRow {
    pub view: ImportRowView,
    /// Set when the row has no problems.
    pub target: Option<Target>,
}

fn column_key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// Plans the import of `text`; `Err` is a problem with the whole file.
pub fn plan(
    text: &str,
    org: &SitesByName,
    existing: &HashMap<String, Existing>,
) -> Result<Vec<PlannedRow>, String> {
    if text.len() > MAX_BYTES {
        return Err(format!("The file is larger than {} KiB.", MAX_BYTES / 1024));
    }
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err("The file is empty. It needs a header line: email,name,role,site,department,manager_email".into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("The header line could not be read: {e}"))?
        .iter()
        .map(column_key)
        .collect::<Vec<_>>();
    let unknown: Vec<&String> = headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()) && !OPTIONAL_COLUMNS.contains(&h.as_str()))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "Unknown column(s): {}. The columns are: {}.",
            unknown
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", "),
            COLUMNS
                .iter()
                .chain(&OPTIONAL_COLUMNS)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(format!("Missing column(s): {}.", missing.join(", ")));
    }
    let index = |name: &str| headers.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let idx: Vec<usize> = COLUMNS
        .iter()
        .chain(&OPTIONAL_COLUMNS)
        .map(|c| index(c))
        .collect();
    let mut led_on: HashMap<Lead, usize> = HashMap::new();

    let mut rows: Vec<PlannedRow> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                return Err(format!("Line {line} could not be read as CSV: {e}"));
            }
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(format!(
                "The file has more than {MAX_ROWS} rows; split it into smaller files."
            ));
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let field = |i: usize| record.get(idx[i]).unwrap_or("").to_owned();
        let mut view = ImportRowView {
            line,
            email: field(0),
            name: field(1),
            role: field(2),
            site: field(3),
            department: field(4),
            manager_email: field(5),
            leads: field(6),
            action: ImportAction::Create,
            problems: Vec::new(),
        };
        if record.len() != headers.len() {
            view.problems.push(format!(
                "Has {} fields where the header has {}.",
                record.len(),
                headers.len()
            ));
        }
        let email = clean_email(&view.email)
            .map_err(|e| view.problems.push(e))
            .ok();
        if let Some(e) = &email {
            view.email = e.clone();
            if let Some(prev) = first_line.get(e) {
                view.problems
                    .push(format!("The email is already on line {prev}."));
            } else {
                first_line.insert(e.clone(), line);
            }
        }
        let name = clean_person_name(&view.name)
            .map_err(|e| view.problems.push(e))
            .ok();
        let role = Role::parse(&view.role);
        if role.is_none() {
            view.problems.push(if view.role.is_empty() {
                "The role is missing (staff, manager, hr or admin).".into()
            } else {
                format!(
                    "Unknown role \"{}\" (use staff, manager, hr or admin).",
                    view.role
                )
            });
        }
        let site = if view.site.is_empty() {
            None
        } else {
            let found = org.get(&view.site.to_lowercase());
            if found.is_none() {
                view.problems
                    .push(format!("There is no site named \"{}\".", view.site));
            }
            found
        };
        let department_id = match (view.department.is_empty(), site) {
            (true, _) => None,
            (false, Some(s)) => match s.departments.get(&view.department.to_lowercase()) {
                Some(d) => Some(d.id),
                None => {
                    view.problems.push(format!(
                        "Site \"{}\" has no department named \"{}\".",
                        s.name, view.department
                    ));
                    None
                }
            },
            (false, None) => {
                if view.site.is_empty() {
                    view.problems.push("A department needs a site.".into());
                }
                None
            }
        };
        let manager_email = if view.manager_email.is_empty() {
            None
        } else {
            match clean_email(&view.manager_email) {
                Ok(m) => {
                    view.manager_email = m.clone();
                    if Some(&m) == email.as_ref() {
                        view.problems
                            .push("A person cannot be their own manager.".into());
                    }
                    Some(m)
                }
                Err(e) => {
                    view.problems.push(format!("Manager: {e}"));
                    None
                }
            }
        };
        let leads = match view.leads.to_lowercase().as_str() {
            "" => None,
            "site" => match site {
                Some(s) => Some(Lead::Site(s.id)),
                None => {
                    view.problems
                        .push("Leads \"site\", but the row has no site.".into());
                    None
                }
            },
            "department" => match department_id {
                Some(d) => Some(Lead::Department(d)),
                None => {
                    view.problems
                        .push("Leads \"department\", but the row has no department.".into());
                    None
                }
            },
            other => {
                view.problems.push(format!(
                    "Unknown value \"{other}\" for leads (use site, department, or leave it empty)."
                ));
                None
            }
        };
        if let Some(lead) = leads {
            if role.is_some_and(|r| r != Role::Manager) {
                view.problems.push(
                    "Only managers lead a site or department; set the role to manager.".into(),
                );
            }
            if let Some(prev) = led_on.get(&lead) {
                view.problems.push(format!(
                    "Line {prev} already makes someone lead this {}.",
                    if matches!(lead, Lead::Site(_)) {
                        "site"
                    } else {
                        "department"
                    }
                ));
            } else {
                led_on.insert(lead, line);
            }
        }
        let target = match (email, name, role) {
            (Some(email), Some(name), Some(role)) if view.problems.is_empty() => Some(Target {
                email,
                name,
                role,
                site_id: site.map(|s| s.id),
                department_id,
                manager_email,
                leads,
            }),
            _ => None,
        };
        rows.push(PlannedRow { view, target });
    }
    if rows.is_empty() {
        return Err("The file has a header but no people.".into());
    }

    // Managers must exist (in the database, active, or in this file), and chains must not loop.
    let in_file: HashMap<String, Option<String>> = rows
        .iter()
        .filter_map(|r| r.target.as_ref())
        .map(|t| (t.email.clone(), t.manager_email.clone()))
        .collect();
    let manager_of = |email: &String| -> Option<String> {
        match in_file.get(email) {
            Some(m) => m.clone(),
            None => existing.get(email).and_then(|e| e.manager_email.clone()),
        }
    };
    for row in &mut rows {
        let Some(t) = &row.target else { continue };
        let mut problems = Vec::new();
        if let Some(m) = &t.manager_email {
            let listed = first_line.contains_key(m);
            match existing.get(m) {
                Some(e) if !e.active && !listed => {
                    problems.push(format!("The manager {m} is deactivated."));
                }
                None if !listed => problems.push(format!(
                    "The manager {m} is neither in Rapport nor in this file."
                )),
                _ => {}
            }
            if !listed || in_file.contains_key(m) {
                if manager_loop(&t.email, manager_of) {
                    problems.push("The manager chain loops back to this person.".into());
                }
            } else {
                problems.push(format!("The manager {m} is on a row with problems."));
            }
        }
        row.view.action = match existing.get(&t.email) {
            None => ImportAction::Create,
            Some(e)
                if e.name == t.name
                    && e.role == t.role
                    && e.site_id == t.site_id
                    && e.department_id == t.department_id
                    && e.manager_email == t.manager_email
                    && leads_already(org, t) =>
            {
                ImportAction::Unchanged
            }
            Some(_) => ImportAction::Update,
        };
        if !problems.is_empty() {
            row.view.problems.extend(problems);
            row.target = None;
        }
    }
    Ok(rows)
}

/// Whether the row's person leads the unit it names already (or it names none).
fn leads_already(org: &SitesByName, t: &Target) -> bool {
    let Some(lead) = t.leads else {
        return true;
    };
    org.values().any(|s| match lead {
        Lead::Site(id) => s.id == id && s.manager_email.as_ref() == Some(&t.email),
        Lead::Department(id) => s
            .departments
            .values()
            .any(|d| d.id == id && d.head_email.as_ref() == Some(&t.email)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> SitesByName {
        let mut departments = HashMap::new();
        departments.insert(
            "front desk".into(),
            DepartmentEntry {
                id: 10,
                name: "Front desk".into(),
                head_email: None,
            },
        );
        let mut o = HashMap::new();
        o.insert(
            "harbour hotel".into(),
            SiteEntry {
                id: 1,
                name: "Harbour Hotel".into(),
                departments,
                manager_email: Some("boss@example.com".into()),
            },
        );
        o
    }

    #[test]
    fn leaders_are_set_by_the_leads_column_and_checked() -> Result<(), String> {
        let text = "email,name,role,site,department,manager_email,leads\n\
             boss@example.com,Bo Boss,manager,Harbour Hotel,,,site\n\
             hal@example.com,Hal Head,manager,Harbour Hotel,Front desk,,department\n\
             ana@example.com,Ana Lima,staff,Harbour Hotel,Front desk,,department\n\
             kit@example.com,Kit Kim,manager,,,,site\n\
             lou@example.com,Lou Lee,manager,Harbour Hotel,Front desk,,Department\n\
             max@example.com,Max Moe,manager,Harbour Hotel,,,boss\n";
        let rows = plan(text, &org(), &boss())?;
        assert_eq!(
            rows[0].view.action,
            ImportAction::Unchanged,
            "leads already"
        );
        assert_eq!(
            rows[0].target.as_ref().and_then(|t| t.leads),
            Some(Lead::Site(1))
        );
        assert_eq!(
            rows[1].target.as_ref().and_then(|t| t.leads),
            Some(Lead::Department(10))
        );
        assert!(
            rows[2].view.problems[0].contains("Only managers"),
            "{:?}",
            rows[2].view.problems
        );
        assert!(rows[3].view.problems[0].contains("no site"));
        assert!(
            rows[4].view.problems[0].contains("Line 3 already"),
            "{:?}",
            rows[4].view.problems
        );
        assert!(rows[5].view.problems[0].contains("Unknown value \"boss\""));
        Ok(())
    }

    #[test]
    fn an_unknown_manager_email_is_flagged_in_the_preview() -> Result<(), String> {
        let text = "email,name,role,site,department,manager_email\n\
             ana@example.com,Ana Lima,staff,Harbour Hotel,Front desk,nobody@example.com\n\
             kai@example.com,Kai Ito,staff,Harbour Hotel,Front desk,boss@example.com\n";
        let rows = plan(text, &org(), &boss())?;
        assert_eq!(
            rows[0].view.problems,
            vec![
                "The manager nobody@example.com is neither in Rapport nor in this file.".to_owned()
            ]
        );
        assert!(
            rows[1].view.problems.is_empty(),
            "{:?}",
            rows[1].view.problems
        );
        Ok(())
    }

    fn boss() -> HashMap<String, Existing> {
        let mut e = HashMap::new();
        e.insert(
            "boss@example.com".into(),
            Existing {
                name: "Bo Boss".into(),
                role: Role::Manager,
                site_id: Some(1),
                department_id: None,
                manager_email: None,
                active: true,
            },
        );
        e
    }

    const HEADER: &str = "email,name,role,site,department,manager_email\n";

    #[test]
    fn a_good_file_plans_creates_and_unchanged() -> Result<(), String> {
        let text = format!(
            "{HEADER}ana@example.com,Ana Lima,staff,Harbour Hotel,Front desk,boss@example.com\n\
             BOSS@example.com,Bo Boss,Manager,harbour hotel,,\n"
        );
        let rows = plan(&text, &org(), &boss())?;
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.view.problems.is_empty()));
        assert_eq!(rows[0].view.action, ImportAction::Create);
        assert_eq!(rows[0].view.line, 2);
        assert_eq!(rows[1].view.action, ImportAction::Unchanged);
        Ok(())
    }

    #[test]
    fn every_bad_row_is_named_by_line() -> Result<(), String> {
        let text = format!(
            "{HEADER}not-an-email,Ana,staff,,,\n\
             b@example.com,,chef,Nowhere,,\n\
             c@example.com,Cy,staff,Harbour Hotel,Kitchen,\n\
             d@example.com,Di,staff,,,ghost@example.com\n\
             d@example.com,Di again,staff,,,\n\
             e@example.com,Ed,staff,,Front desk,\n"
        );
        let rows = plan(&text, &org(), &boss())?;
        let lines: Vec<(usize, usize)> = rows
            .iter()
            .map(|r| (r.view.line, r.view.problems.len()))
            .collect();
        assert_eq!(lines, vec![(2, 1), (3, 3), (4, 1), (5, 1), (6, 1), (7, 1)]);
        assert!(rows[1].view.problems.iter().any(|p| p.contains("chef")));
        assert!(rows[2].view.problems[0].contains("Kitchen"));
        assert!(rows[3].view.problems[0].contains("ghost@example.com"));
        assert!(rows[4].view.problems[0].contains("line 5"));
        Ok(())
    }

    #[test]
    fn loops_within_the_file_are_refused() -> Result<(), String> {
        let text = format!(
            "{HEADER}a@example.com,A,staff,,,b@example.com\nb@example.com,B,manager,,,a@example.com\n"
        );
        let rows = plan(&text, &org(), &HashMap::new())?;
        assert!(
            rows.iter()
                .all(|r| r.view.problems.iter().any(|p| p.contains("loops")))
        );
        Ok(())
    }

    #[test]
    fn whole_file_problems_are_reported() {
        assert!(plan("", &org(), &HashMap::new()).is_err());
        assert!(
            plan("email,name\n", &org(), &HashMap::new())
                .unwrap_err()
                .contains("Missing column")
        );
        assert!(
            plan(HEADER, &org(), &HashMap::new())
                .unwrap_err()
                .contains("no people")
        );
        let typo = "email,name,role,site,departmnt,manager_email\n";
        assert!(
            plan(typo, &org(), &HashMap::new())
                .unwrap_err()
                .contains("departmnt")
        );
    }

    #[test]
    fn short_rows_and_quoted_commas_are_handled() -> Result<(), String> {
        let text = format!("{HEADER}\"x@example.com\",\"Lima, Ana\",staff,,,\ny@example.com,Y\n");
        let rows = plan(&text, &org(), &HashMap::new())?;
        assert!(rows[0].view.problems.is_empty());
        assert_eq!(
            rows[0].target.as_ref().map(|t| t.name.as_str()),
            Some("Lima, Ana")
        );
        assert!(rows[1].view.problems.iter().any(|p| p.contains("fields")));
        Ok(())
    }
}
