//! Wire types for accounts and roles.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Role {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff"))]
    Staff,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manager"))]
    Manager,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "hr"))]
    Hr,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Staff, Role::Manager, Role::Hr, Role::Admin];

    /// The stored and submitted form of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Manager => "manager",
            Role::Hr => "hr",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "Staff",
            Role::Manager => "Manager",
            Role::Hr => "HR",
            Role::Admin => "Admin",
        }
    }

    /// Accepts the stored form and the label, any case ("HR", "hr", "Admin").
    pub fn parse(text: &str) -> Option<Role> {
        let t = text.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|r| r.as_str() == t)
    }
}

/// Who is logged in, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub pid: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// What every page needs to know about the visitor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<SessionUser>,
    /// A one-time message from the last form post (set only for posts without JavaScript).
    pub flash: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_parses_stored_form_and_label() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
        assert_eq!(Role::parse(" HR "), Some(Role::Hr));
        assert_eq!(Role::parse("boss"), None);
    }
}
