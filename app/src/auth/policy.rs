//! The authorisation policy: one place that says who may do what to whom. Every server function asks it.
use crate::auth::types::Role;
use crate::error::AppError;

/// The person acting, as the policy needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}

/// The person acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonRef {
    pub id: i32,
    pub manager_id: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Read regions, sites and departments with their head counts.
    ViewOrganisation,
    /// Create, rename and delete regions, sites and departments.
    ManageOrganisation,
    /// Search and filter everyone.
    ViewPeopleDirectory,
    /// Create, edit, deactivate people, set passwords, import people.
    ManagePeople,
    /// See one person's profile.
    ViewPerson(PersonRef),
    /// See one's own direct reports.
    ViewOwnTeam,
    /// Import scenarios, build modules, assign to groups, read progress per site and department.
    ManageTraining,
    /// Assign modules (managers: to their own reports; the service checks the person).
    AssignTraining,
    /// Organisation-wide policies such as the confidentiality threshold.
    ManagePolicies,
    /// Write scenario drafts in the browser (managers: only their own; publishing needs `ManageTraining`).
    DraftScenarios,
}

pub fn allows(actor: Actor, permission: Permission) -> bool {
    use Role::*;
    match permission {
        Permission::ViewOrganisation | Permission::ViewPeopleDirectory => {
            matches!(actor.role, Hr | Admin)
        }
        Permission::ManageOrganisation | Permission::ManagePeople | Permission::ManagePolicies => {
            actor.role == Admin
        }
        Permission::ViewPerson(person) => match actor.role {
            Hr | Admin => true,
            Manager => person.id == actor.id || person.manager_id == Some(actor.id),
            Staff => person.id == actor.id,
        },
        Permission::ViewOwnTeam | Permission::AssignTraining | Permission::DraftScenarios => {
            matches!(actor.role, Manager | Hr | Admin)
        }
        Permission::ManageTraining => matches!(actor.role, Hr | Admin),
    }
}

pub fn authorize(actor: Actor, permission: Permission) -> Result<(), AppError> {
    if allows(actor, permission) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: i32, role: Role) -> Actor {
        Actor { id, role }
    }

    #[test]
    fn only_admin_manages() {
        for role in Role::ALL {
            let a = actor(1, role);
            assert_eq!(allows(a, Permission::ManagePeople), role == Role::Admin);
            assert_eq!(
                allows(a, Permission::ManageOrganisation),
                role == Role::Admin
            );
        }
    }

    #[test]
    fn manager_sees_own_reports_only() {
        let m = actor(10, Role::Manager);
        let report = PersonRef {
            id: 11,
            manager_id: Some(10),
        };
        let other = PersonRef {
            id: 12,
            manager_id: Some(99),
        };
        let unmanaged = PersonRef {
            id: 13,
            manager_id: None,
        };
        assert!(allows(m, Permission::ViewPerson(report)));
        assert!(!allows(m, Permission::ViewPerson(other)));
        assert!(!allows(m, Permission::ViewPerson(unmanaged)));
        assert!(allows(
            m,
            Permission::ViewPerson(PersonRef {
                id: 10,
                manager_id: None
            })
        ));
    }

    #[test]
    fn staff_sees_only_self() {
        let s = actor(5, Role::Staff);
        assert!(allows(
            s,
            Permission::ViewPerson(PersonRef {
                id: 5,
                manager_id: Some(1)
            })
        ));
        assert!(!allows(
            s,
            Permission::ViewPerson(PersonRef {
                id: 6,
                manager_id: Some(5)
            })
        ));
        assert!(!allows(s, Permission::ViewPeopleDirectory));
        assert!(!allows(s, Permission::ViewOwnTeam));
    }

    #[test]
    fn hr_reads_but_does_not_manage() {
        let h = actor(2, Role::Hr);
        assert!(allows(h, Permission::ViewPeopleDirectory));
        assert!(allows(h, Permission::ViewOrganisation));
        assert_eq!(
            authorize(h, Permission::ManagePeople),
            Err(AppError::Forbidden)
        );
    }
}
