//! The demo organisation: a fictional hotel chain with two regions, six sites, five departments each, about sixty people.
use app::auth::types::Role;
use app::entities::{department, region, site, user};
use app::state;
use app::training::types::{AssignInput, AssignTarget, DEFAULT_JOINER_DAYS, TargetKind};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

pub const DEMO_PASSWORD: &str = "demo-lantern-harbour";
pub const LOGIN_HINT: &str =
    "log in with the demo accounts printed on first run, password demo-lantern-harbour";
const DOMAIN: &str = "harbourgroup.example";

const REGIONS: [(&str, [&str; 3]); 2] = [
    (
        "North Coast",
        ["Harbour View Hotel", "Cliffside Resort", "Bayfront Inn"],
    ),
    (
        "Capital & Lakes",
        ["Central Plaza Hotel", "Lakeside Lodge", "Old Town Suites"],
    ),
];
const DEPARTMENTS: [&str; 5] = [
    "Front desk",
    "Housekeeping",
    "Restaurant",
    "Call centre",
    "Finance",
];
/// Staff per site by department index: two front desk, two housekeeping, two restaurant, one call centre, one finance.
const STAFF_DEPARTMENTS: [usize; 8] = [0, 0, 1, 1, 2, 2, 3, 4];
const FIRST: [&str; 30] = [
    "Ana", "Ben", "Carla", "Dev", "Elif", "Finn", "Grace", "Hugo", "Ines", "Jon", "Kemi", "Luca",
    "Maya", "Nico", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes",
    "Xena", "Yusuf", "Zoe", "Aiko", "Bruno", "Chloe", "Dara",
];
const LAST: [&str; 20] = [
    "Lima", "Okafor", "Novak", "Patel", "Kaya", "Berg", "Moreau", "Silva", "Haddad", "Murphy",
    "Tanaka", "Rossi", "Costa", "Jensen", "Ivanova", "Garcia", "Nguyen", "Walsh", "Mendes", "Khan",
];

#[derive(Clone, Debug)]
pub struct Login {
    pub role: Role,
    pub name: String,
    pub email: String,
}

struct Person {
    name: String,
    role: Role,
    site: Option<i32>,
    department: Option<i32>,
    manager: Option<i32>,
}

fn email_for(name: &str) -> String {
    format!("{}@{DOMAIN}", name.to_lowercase().replace(' ', "."))
}

/// Loads the demo organisation into an empty database, in one transaction; `None` when people exist already.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<Option<Vec<Login>>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let hash = app::auth::password::hash(
        &state::AppState::new(
            db.clone(),
            state::Settings {
                secure: false,
                trust_proxy: false,
            },
        ),
        DEMO_PASSWORD.to_owned(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let logins = state::write(db, move |txn| {
        Box::pin(async move {
            let now = Utc::now();
            let mut names = (0..).map(|i: usize| {
                format!(
                    "{} {}",
                    FIRST[i % FIRST.len()],
                    LAST[(i * 7 + i / FIRST.len()) % LAST.len()]
                )
            });
            let add = |p: Person, hash: &str| user::ActiveModel {
                pid: Set(uuid_v4()),
                email: Set(email_for(&p.name)),
                name: Set(p.name),
                role: Set(p.role),
                site_id: Set(p.site),
                department_id: Set(p.department),
                manager_id: Set(p.manager),
                active: Set(true),
                password_hash: Set(Some(hash.to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            let admin = add(
                Person {
                    name: "Morgan Reyes".into(),
                    role: Role::Admin,
                    site: None,
                    department: None,
                    manager: None,
                },
                &hash,
            )
            .insert(txn)
            .await?;
            let hr = add(
                Person {
                    name: "Priya Nair".into(),
                    role: Role::Hr,
                    site: None,
                    department: None,
                    manager: None,
                },
                &hash,
            )
            .insert(txn)
            .await?;
            let mut demo_manager = None;
            let mut demo_staff = None;
            for (region_name, sites) in REGIONS {
                let r = region::ActiveModel {
                    name: Set(region_name.into()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                let mut regional: Option<user::Model> = None;
                for site_name in sites {
                    let s = site::ActiveModel {
                        region_id: Set(r.id),
                        name: Set(site_name.into()),
                        created_at: Set(now),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                    let mut deps = Vec::new();
                    for d in DEPARTMENTS {
                        deps.push(
                            department::ActiveModel {
                                site_id: Set(s.id),
                                name: Set(d.into()),
                                created_at: Set(now),
                                ..Default::default()
                            }
                            .insert(txn)
                            .await?
                            .id,
                        );
                    }
                    if regional.is_none() {
                        let name = names.next().unwrap_or_default();
                        regional = Some(
                            add(
                                Person {
                                    name,
                                    role: Role::Manager,
                                    site: Some(s.id),
                                    department: None,
                                    manager: None,
                                },
                                &hash,
                            )
                            .insert(txn)
                            .await?,
                        );
                    }
                    let site_manager = add(
                        Person {
                            name: names.next().unwrap_or_default(),
                            role: Role::Manager,
                            site: Some(s.id),
                            department: Some(deps[0]),
                            manager: regional.as_ref().map(|m| m.id),
                        },
                        &hash,
                    )
                    .insert(txn)
                    .await?;
                    // The site manager is its general manager: the whole site is in their scope.
                    site::ActiveModel {
                        id: Set(s.id),
                        manager_id: Set(Some(site_manager.id)),
                        ..Default::default()
                    }
                    .update(txn)
                    .await?;
                    let mut staff_departments = STAFF_DEPARTMENTS.to_vec();
                    if demo_manager.is_none() {
                        // The first site is a little bigger: a second call-centre agent and finance clerk.
                        staff_departments.extend([3, 4]);
                    }
                    for d in staff_departments {
                        let p = add(
                            Person {
                                name: names.next().unwrap_or_default(),
                                role: Role::Staff,
                                site: Some(s.id),
                                department: Some(deps[d]),
                                manager: Some(site_manager.id),
                            },
                            &hash,
                        )
                        .insert(txn)
                        .await?;
                        if demo_staff.is_none() {
                            demo_staff = Some(p);
                        }
                    }
                    if demo_manager.is_none() {
                        demo_manager = Some(site_manager);
                    }
                }
            }
            let login = |m: &user::Model, role| Login {
                role,
                name: m.name.clone(),
                email: m.email.clone(),
            };
            let mut out = vec![login(&admin, Role::Admin), login(&hr, Role::Hr)];
            if let Some(m) = &demo_manager {
                out.push(login(m, Role::Manager));
            }
            if let Some(s) = &demo_staff {
                out.push(login(s, Role::Staff));
            }
            Ok(out)
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading demo data: {e}"))?;
    seed_training(db)
        .await
        .map_err(|e| anyhow::anyhow!("loading demo training: {e}"))?;
    state::write(db, |txn| {
        Box::pin(async move { app::recognition::service::values::seed_starter(txn).await })
    })
    .await
    .map_err(|e| anyhow::anyhow!("loading the demo's values: {e}"))?;
    app::recognition::service::rewards::seed_starter(db)
        .await
        .map_err(|e| anyhow::anyhow!("loading the demo's rewards: {e}"))?;
    app::recognition::service::awards::seed_budgets(db, 1000)
        .await
        .map_err(|e| anyhow::anyhow!("loading the demo's award budgets: {e}"))?;
    Ok(Some(logins))
}

/// A demo module and the starter scenarios in it.
struct DemoModule {
    title: &'static str,
    description: &'static str,
    pass_mark: &'static str,
    rule: &'static str,
    /// Months a certificate stays valid; empty for never.
    validity: &'static str,
    scenarios: [&'static str; 4],
}

const MODULES: [DemoModule; 3] = [
    DemoModule {
        title: "Service recovery essentials",
        description: "Turn moments of misery into moments of magic: own it, fix it fast and in the guest's favour, find the root cause.",
        pass_mark: "70",
        rule: "passed",
        validity: "12",
        scenarios: [
            "double-charge",
            "wrong-order",
            "own-fault",
            "repeat-problem",
        ],
    },
    DemoModule {
        title: "One touch and internal customers",
        description: "Keep the customer, never transfer to a dead end, and serve colleagues as customers too.",
        pass_mark: "70",
        rule: "passed",
        validity: "24",
        scenarios: [
            "dead-end-transfer",
            "three-departments",
            "finance-refund",
            "third-chat",
        ],
    },
    DemoModule {
        title: "Saying no and keeping promises",
        description: "Tell the truth early, offer options, and keep every promise you make.",
        pass_mark: "60",
        rule: "completed",
        validity: "",
        scenarios: ["policy-says-no", "ten-rings", "room-not-ready", "allergy"],
    },
];

/// The starter library, three modules, the first assigned to everyone and the second to one region.
async fn seed_training(db: &DatabaseConnection) -> Result<(), app::error::AppError> {
    use app::training::files::library::FILES;
    use app::training::service::{assignments, imports, modules};
    let files = FILES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    imports::import(db, None, files).await?;
    for m in MODULES {
        modules::create_module(
            db,
            modules::ModuleInput {
                title: m.title.into(),
                validity_months: m.validity.into(),
                description: m.description.into(),
                pass_mark: m.pass_mark.into(),
                rule: m.rule.into(),
                scenarios: m.scenarios.iter().map(|s| (*s).to_owned()).collect(),
            },
        )
        .await?;
    }
    let admin = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Hr))
        .one(db)
        .await?
        .ok_or(app::error::AppError::Internal)?;
    let hr = app::auth::service::CurrentUser {
        id: admin.id,
        pid: admin.pid,
        name: admin.name,
        email: admin.email,
        role: Role::Hr,
        site_id: None,
        department_id: None,
        manager_id: None,
    };
    let modules = assignments::assign_choices(db, &hr).await?.modules;
    let north = region::Entity::find()
        .filter(region::Column::Name.eq(REGIONS[0].0))
        .one(db)
        .await?
        .ok_or(app::error::AppError::Internal)?;
    let today = Utc::now().date_naive();
    for (title, target, days) in [
        (MODULES[0].title, AssignTarget::Everyone, 30),
        (
            MODULES[1].title,
            AssignTarget::Group(TargetKind::Region, north.id),
            45,
        ),
    ] {
        let module = modules
            .iter()
            .find(|m| m.name == title)
            .ok_or(app::error::AppError::Internal)?;
        assignments::assign(
            db,
            &hr,
            AssignInput {
                module: module.id.clone(),
                target,
                due_on: (today + chrono::Duration::days(days)).into(),
                joiner_days: Some(DEFAULT_JOINER_DAYS),
            },
        )
        .await?;
    }
    Ok(())
}

fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn print_logins(logins: &[Login], url: Option<&str>) {
    println!();
    println!(
        "Demo organisation loaded: a hotel chain with 2 regions, 6 sites, 5 departments per site, 60 people,\n12 training scenarios in 3 modules (one assigned to everyone, one to the North Coast region)."
    );
    if let Some(u) = url {
        println!("Rapport is running at {u}");
    }
    println!("Log in as any of these (password for all: {DEMO_PASSWORD}):");
    for l in logins {
        println!("  {:<8} {:<40} {}", l.role.label(), l.email, l.name);
    }
    println!();
}
