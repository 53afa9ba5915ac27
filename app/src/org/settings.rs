//! Organisation-wide settings that admins keep: the time zone reports count days in, and the
//! confidentiality thresholds. Stored as rows of `settings`; a stored value that no longer reads
//! is logged and refused, never replaced by a default behind anyone's back.
use chrono::Utc;
/// The organisation's time zone type, for callers that keep one.
pub use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::setting;
use crate::error::AppError;
use crate::org::types::{OrgSettings, SettingsForm};
use crate::reporting::confidentiality::Threshold;
use crate::state;

const TIME_ZONE: &str = "time_zone";
const THRESHOLD: &str = "confidentiality_threshold";
const COMMENT_THRESHOLD: &str = "comment_threshold";
const CONTACT_DAYS: &str = "contact_days";

/// Days to keep customer contacts, or what is wrong with the number.
fn contact_days(raw: &str) -> Result<u16, String> {
    let range = crate::org::types::CONTACT_DAYS;
    match raw.trim().parse::<u16>() {
        Ok(d) if range.contains(&d) => Ok(d),
        _ => Err(format!(
            "Keep customer contacts for a whole number of days from {} to {}, not “{}”.",
            range.start(),
            range.end(),
            raw.trim().chars().take(20).collect::<String>()
        )),
    }
}

/// The time zone a name stands for, or a message naming the problem.
pub fn time_zone(name: &str) -> Result<chrono_tz::Tz, String> {
    let name = name.trim();
    name.parse::<chrono_tz::Tz>().map_err(|_| {
        format!(
            "“{}” is not a time zone. Use a name from the IANA list, such as Europe/Lisbon, \
             America/New_York or UTC.",
            name.chars().take(60).collect::<String>()
        )
    })
}

/// Every time-zone name, for the settings form's suggestions.
pub fn time_zone_names() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}

fn stored<T>(
    key: &str,
    value: &str,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, AppError> {
    read(value).map_err(|e| {
        tracing::error!(key, value, error = %e, "a stored setting does not read");
        AppError::Internal
    })
}

/// The settings in force: stored values, defaults for those never set.
pub async fn load<C: ConnectionTrait>(db: &C) -> Result<OrgSettings, AppError> {
    let rows = setting::Entity::find()
        .filter(setting::Column::Key.is_in([TIME_ZONE, THRESHOLD, COMMENT_THRESHOLD, CONTACT_DAYS]))
        .all(db)
        .await?;
    let mut out = OrgSettings::default();
    for row in rows {
        match row.key.as_str() {
            TIME_ZONE => out.time_zone = stored(&row.key, &row.value, time_zone)?.name().to_owned(),
            THRESHOLD => out.threshold = stored(&row.key, &row.value, Threshold::parse)?,
            COMMENT_THRESHOLD => {
                out.comment_threshold = stored(&row.key, &row.value, Threshold::parse)?
            }
            CONTACT_DAYS => out.contact_days = stored(&row.key, &row.value, contact_days)?,
            _ => {}
        }
    }
    Ok(out)
}

/// The organisation's time zone, as loaded settings name it.
pub fn tz(settings: &OrgSettings) -> Result<chrono_tz::Tz, AppError> {
    stored(TIME_ZONE, &settings.time_zone, time_zone)
}

/// Today in the organisation's time zone.
pub fn today(settings: &OrgSettings) -> Result<crate::reporting::period::Day, AppError> {
    Ok(Utc::now().with_timezone(&tz(settings)?).date_naive().into())
}

/// Checks a settings form: every problem is named, and nothing is kept unless all are fixed.
pub fn check(form: &SettingsForm) -> Result<OrgSettings, AppError> {
    let mut problems = Vec::new();
    let tz = time_zone(&form.time_zone)
        .map_err(|e| problems.push(e))
        .ok();
    let k = Threshold::parse(&form.threshold)
        .map_err(|e| problems.push(format!("Smallest group: {e}")))
        .ok();
    let comments = Threshold::parse(&form.comment_threshold)
        .map_err(|e| problems.push(format!("Smallest group for comments: {e}")))
        .ok();
    let days = contact_days(&form.contact_days)
        .map_err(|e| problems.push(e))
        .ok();
    if let (Some(k), Some(c)) = (k, comments)
        && c < k
    {
        problems.push(format!(
            "Comments say more about who wrote them than ratings do, so their smallest group \
             ({c}) cannot be below the one for figures ({k})."
        ));
    }
    match (tz, k, comments, days) {
        (Some(tz), Some(threshold), Some(comment_threshold), Some(contact_days))
            if problems.is_empty() =>
        {
            Ok(OrgSettings {
                time_zone: tz.name().to_owned(),
                threshold,
                comment_threshold,
                contact_days,
            })
        }
        _ => Err(AppError::invalid(problems.join(" "))),
    }
}

/// Saves all settings at once, in one transaction.
pub async fn save(
    db: &sea_orm::DatabaseConnection,
    form: &SettingsForm,
) -> Result<OrgSettings, AppError> {
    let settings = check(form)?;
    let values = [
        (TIME_ZONE, settings.time_zone.clone()),
        (THRESHOLD, settings.threshold.to_string()),
        (COMMENT_THRESHOLD, settings.comment_threshold.to_string()),
        (CONTACT_DAYS, settings.contact_days.to_string()),
    ];
    state::write(db, move |txn| {
        Box::pin(async move {
            for (key, value) in values {
                let row = setting::ActiveModel {
                    key: Set(key.to_owned()),
                    value: Set(value),
                    updated_at: Set(Utc::now()),
                };
                match setting::Entity::find_by_id(key.to_owned()).one(txn).await? {
                    Some(_) => row.update(txn).await?,
                    None => row.insert(txn).await?,
                };
            }
            Ok(())
        })
    })
    .await?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(tz: &str, k: &str, c: &str) -> SettingsForm {
        SettingsForm {
            time_zone: tz.into(),
            threshold: k.into(),
            comment_threshold: c.into(),
            contact_days: "90".into(),
        }
    }

    #[test]
    fn a_good_form_reads_and_a_bad_one_names_every_problem() {
        let ok = check(&form(" Europe/Lisbon ", "5", "10")).expect("valid");
        assert_eq!(ok.time_zone, "Europe/Lisbon");
        assert_eq!(ok.threshold.get(), 5);
        let Err(AppError::Invalid(msg)) = check(&form("Mars/Olympus", "2", "x")) else {
            panic!("refused");
        };
        assert!(msg.contains("not a time zone"), "{msg}");
        assert!(
            msg.contains("Smallest group: 2 is below the minimum of 3"),
            "{msg}"
        );
        assert!(
            msg.contains("Smallest group for comments: “x” is not a whole number"),
            "{msg}"
        );
        let Err(AppError::Invalid(msg)) = check(&form("UTC", "8", "6")) else {
            panic!("refused");
        };
        assert!(msg.contains("cannot be below"), "{msg}");
        for bad in ["6", "731", "", "ninety"] {
            let f = SettingsForm {
                contact_days: bad.into(),
                ..form("UTC", "5", "10")
            };
            let Err(AppError::Invalid(msg)) = check(&f) else {
                panic!("{bad} refused");
            };
            assert!(msg.contains("from 7 to 730"), "{msg}");
        }
        assert_eq!(
            check(&form("UTC", "5", "10")).map(|s| s.contact_days),
            Ok(90)
        );
    }
}
