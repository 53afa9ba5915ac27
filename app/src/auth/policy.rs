//! The authorisation policy: one place that says who may do what to whom. Every server function asks it.
use crate::auth::types::Role;
use crate::error::AppError;

/// The person acting, as the policy needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: i32,
    pub role: Role,
}

/// The person acted on, and whether they are in the actor's scope (`org::scope`: reporting to
/// them directly or further down, or in a site or department they lead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonRef {
    pub id: i32,
    pub in_scope: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Anything every signed-in person may do (their own home, training and password).
    SignedIn,
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
    /// See the people in one's scope.
    ViewOwnTeam,
    /// Import scenarios, build modules, assign to groups, read progress per site and department.
    ManageTraining,
    /// Assign modules (managers: to people in their scope; the service checks the person).
    AssignTraining,
    /// Organisation-wide policies such as the confidentiality threshold.
    ManagePolicies,
    /// Keep the company's values that recognition names, and the points settings.
    ManageValues,
    /// Keep the rewards catalogue and fulfil or decline redemptions.
    ManageRewards,
    /// Hide a recognition with a reason (its points are reversed).
    ModerateRecognition,
    /// Give awards from a site's budget (managers: to their own people; the service checks).
    GiveAwards,
    /// Set award budgets, levels and the approval threshold; approve or decline awards.
    ManageAwards,
    /// Read and download recognition's figures for the whole organisation.
    ViewRecognitionReports,
    /// Read the recognition equity report (managers: for their own people; the service narrows).
    ViewRecognitionEquity,
    /// Run the yearly achievement awards: programmes, categories, winners, the announcement.
    RunAwardProgrammes,
    /// Keep the survey item bank and set up engagement surveys.
    ManageSurveys,
    /// Read engagement survey results (managers: the units they lead; the service narrows, and
    /// nothing under the confidentiality threshold is shown to anyone).
    ViewSurveyResults,
    /// Read guest satisfaction (the service narrows: managers their sites, staff their own site and
    /// the comments that name them).
    ViewGuestFeedback,
    /// Import customer feedback and keep its sources.
    ImportFeedback,
    /// Read and download customer-satisfaction figures for the whole organisation.
    ViewCustomerReports,
    /// Create and revoke the feedback ingest API's tokens.
    ManageApiTokens,
    /// Make public feedback links (with their QR codes) and switch them off.
    ManageFeedbackLinks,
    /// Work on follow-ups of unhappy customers (managers: the sites and departments they lead;
    /// the service narrows).
    FollowUpFeedback,
    /// Write scenario drafts in the browser (managers: only their own; publishing needs `ManageTraining`).
    DraftScenarios,
}

pub fn allows(actor: Actor, permission: Permission) -> bool {
    use Role::*;
    match permission {
        Permission::SignedIn | Permission::ViewGuestFeedback => true,
        Permission::ViewOrganisation | Permission::ViewPeopleDirectory => {
            matches!(actor.role, Hr | Admin)
        }
        Permission::ManageOrganisation
        | Permission::ManagePeople
        | Permission::ManagePolicies
        | Permission::ManageValues
        | Permission::ManageApiTokens => actor.role == Admin,
        Permission::ViewPerson(person) => match actor.role {
            Hr | Admin => true,
            Manager => person.id == actor.id || person.in_scope,
            Staff => person.id == actor.id,
        },
        Permission::ViewOwnTeam | Permission::AssignTraining | Permission::DraftScenarios => {
            matches!(actor.role, Manager | Hr | Admin)
        }
        Permission::ManageTraining
        | Permission::ManageRewards
        | Permission::ModerateRecognition
        | Permission::ManageAwards
        | Permission::RunAwardProgrammes
        | Permission::ManageSurveys
        | Permission::ViewRecognitionReports
        | Permission::ImportFeedback
        | Permission::ManageFeedbackLinks
        | Permission::ViewCustomerReports => matches!(actor.role, Hr | Admin),
        Permission::GiveAwards => matches!(actor.role, Manager | Hr),
        Permission::ViewRecognitionEquity
        | Permission::ViewSurveyResults
        | Permission::FollowUpFeedback => {
            matches!(actor.role, Manager | Hr | Admin)
        }
    }
}

/// What a role may do before any object is known: navigation, route guards and page sections ask
/// this, so they agree with the server functions behind them.
pub fn role_allows(role: Role, permission: Permission) -> bool {
    allows(Actor { id: i32::MIN, role }, permission)
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
    fn manager_sees_their_scope_only() {
        let m = actor(10, Role::Manager);
        let mine = PersonRef {
            id: 11,
            in_scope: true,
        };
        let other = PersonRef {
            id: 12,
            in_scope: false,
        };
        assert!(allows(m, Permission::ViewPerson(mine)));
        assert!(!allows(m, Permission::ViewPerson(other)));
        assert!(allows(
            m,
            Permission::ViewPerson(PersonRef {
                id: 10,
                in_scope: false
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
                in_scope: false
            })
        ));
        assert!(!allows(
            s,
            Permission::ViewPerson(PersonRef {
                id: 6,
                in_scope: true
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
