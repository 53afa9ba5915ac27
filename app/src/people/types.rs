//! Wire types for people and people imports.
use serde::{Deserialize, Serialize};

use crate::auth::types::Role;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub pid: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub site: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub active: bool,
    pub can_log_in: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeopleFilter {
    pub q: String,
    pub role: String,
    pub site: String,
    pub status: String,
    pub page: u32,
}

/// Whom the directory lists by account state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Standing {
    #[default]
    Active,
    Deactivated,
    Everyone,
}

/// The directory's filter once read: every value typed, bad ones refused with a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Lower-case search text without control characters, at most 100 characters.
    pub q: String,
    pub role: Option<Role>,
    pub site: Option<i32>,
    pub standing: Standing,
    /// From 1.
    pub page: u32,
}

impl PeopleFilter {
    /// Reads the filter at the boundary. Empty values mean "any".
    pub fn parse(&self) -> Result<PeopleQuery, String> {
        let mut problems = Vec::new();
        let role = match self.role.trim() {
            "" => None,
            r => Role::parse(r).or_else(|| {
                problems.push("Choose a role from the list.".to_owned());
                None
            }),
        };
        let site = match self.site.trim() {
            "" => None,
            s => match s.parse::<i32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problems.push("Choose a site from the list.".to_owned());
                    None
                }
            },
        };
        let standing = match self.status.trim() {
            "" | "active" => Standing::Active,
            "inactive" => Standing::Deactivated,
            "all" => Standing::Everyone,
            _ => {
                problems.push("Choose active, deactivated or everyone.".to_owned());
                Standing::Active
            }
        };
        if !problems.is_empty() {
            return Err(problems.join(" "));
        }
        // Control characters match no name or email (and PostgreSQL refuses a NUL in a pattern).
        let q = self
            .q
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect();
        Ok(PeopleQuery {
            q,
            role,
            site,
            standing,
            page: self.page.max(1),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub rows: Vec<PersonRow>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonBrief {
    pub pid: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub site: Option<String>,
    pub department: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub pid: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub site_id: Option<i32>,
    pub site: Option<String>,
    pub region: Option<String>,
    pub department_id: Option<i32>,
    pub department: Option<String>,
    pub manager: Option<PersonBrief>,
    pub active: bool,
    pub can_log_in: bool,
    pub reports: Vec<PersonBrief>,
}

/// A site and its departments, for the person form's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteChoice {
    pub id: i32,
    pub name: String,
    pub region: String,
    pub departments: Vec<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFormChoices {
    pub sites: Vec<SiteChoice>,
    /// Active managers, HR and admins who can be someone's manager.
    pub managers: Vec<PersonBrief>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportAction {
    Create,
    Update,
    Unchanged,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowView {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub email: String,
    pub name: String,
    pub role: String,
    pub site: String,
    pub department: String,
    pub manager_email: String,
    /// "site", "department" or empty, as written.
    pub leads: String,
    pub action: ImportAction,
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub pid: String,
    pub file_name: String,
    /// A problem with the whole file (no header, wrong columns); rows are empty then.
    pub file_problem: Option<String>,
    pub rows: Vec<ImportRowView>,
    pub applied: bool,
}

impl ImportPreview {
    pub fn problem_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.problems.is_empty()).count()
    }

    /// Rows without problems that would have this effect.
    pub fn count(&self, action: ImportAction) -> usize {
        self.rows
            .iter()
            .filter(|r| r.action == action && r.problems.is_empty())
            .count()
    }

    pub fn can_apply(&self) -> bool {
        self.file_problem.is_none() && self.problem_rows() == 0 && !self.rows.is_empty()
    }
}
