//! Server functions for recognition: the values (admins), giving and withdrawing, the feed.
use leptos::prelude::*;

use crate::error::AppError;
use crate::recognition::types::{
    RecognitionView, RewardForm, RewardsAdminView, RewardsView, ThanksInput, ValueForm, ValueView,
};

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, allows},
    auth::service::{CurrentUser, caller},
    recognition::service::{ledger, rewards, thanks, values},
    request,
    state::AppState,
};

/// How many recognitions one page of the feed shows.
pub const FEED_PAGE: u64 = 20;

#[cfg(feature = "ssr")]
pub(crate) use crate::request::{changed, choice};

/// Every value, archived ones too (admins).
#[server(endpoint = "recognition_values")]
pub async fn get_values_admin() -> Result<Vec<ValueView>, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageValues).await?;
            values::list(&st.db, true).await
        }
        .await,
    )
}

#[server(endpoint = "create_value")]
pub async fn create_value(form: ValueForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                values::create(&st.db, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "update_value")]
pub async fn update_value(value: String, form: ValueForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                values::update(&st.db, &value, form).await
            }
            .await,
        )
        .await,
    )
}

/// Archives (`to` = "archived") or restores (`to` = "current") a value.
#[server(endpoint = "set_value_archived")]
pub async fn set_value_archived(value: String, to: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                let archived = choice(
                    &to,
                    "archived",
                    "current",
                    "Say whether to archive the value or bring it back.",
                )?;
                values::set_archived(&st.db, &value, archived).await
            }
            .await,
        )
        .await,
    )
}

/// Moves a value one place `up` or `down` the list.
#[server(endpoint = "move_value")]
pub async fn move_value(value: String, direction: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                let up = choice(&direction, "up", "down", "Move a value up or down.")?;
                values::shift(&st.db, &value, up).await
            }
            .await,
        )
        .await,
    )
}

/// The points settings: allowance per role and the most per recipient per month (admins).
#[server(endpoint = "point_settings")]
pub async fn get_point_settings() -> Result<crate::recognition::types::PointSettings, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageValues).await?;
            ledger::settings(&st.db).await
        }
        .await,
    )
}

#[server(endpoint = "save_point_settings")]
pub async fn save_point_settings(
    form: crate::recognition::types::PointSettingsForm,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                ledger::save_settings(&st.db, &form).await
            }
            .await,
        )
        .await,
    )
}

/// The recognition page: the form's choices, the caller's points and the feed (`before` pages it).
#[server(endpoint = "recognition")]
pub async fn get_recognition(
    before: Option<i32>,
    filter: Option<crate::recognition::types::FeedQuery>,
) -> Result<RecognitionView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            load(&st, &me, before, &filter.unwrap_or_default()).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn load(
    st: &AppState,
    me: &CurrentUser,
    before: Option<i32>,
    query: &crate::recognition::types::FeedQuery,
) -> Result<RecognitionView, AppError> {
    use crate::entities::user;
    use crate::recognition::types::Colleague;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let settings = crate::org::settings::load(&st.db).await?;
    let tz = crate::org::settings::tz(&settings)?;
    let index = crate::org::index::OrgIndex::load(&st.db).await?;
    let colleagues = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(me.id))
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?
        .into_iter()
        .map(|u| Colleague {
            place: [
                index.site_name(u.site_id),
                index.department_name(u.department_id),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            pid: u.pid,
            name: u.name,
        })
        .collect();
    let (filter, filters) = feed_filter(st, me, &index, query).await?;
    let mut seen = thanks::filtered(&st.db, me, FEED_PAGE + 1, before, &filter).await?;
    let next = if seen.len() as u64 > FEED_PAGE {
        seen.truncate(FEED_PAGE as usize);
        seen.last().map(|s| s.id)
    } else {
        None
    };
    let may_hide = allows(me.actor(), Permission::ModerateRecognition);
    let ids: Vec<i32> = seen.iter().map(|s| s.id).collect();
    let mut reactions =
        crate::recognition::service::reactions::for_feed(&st.db, me, &ids, tz, may_hide).await?;
    let feed = seen
        .into_iter()
        .map(|s| {
            let r = reactions.remove(&s.id).unwrap_or_default();
            let mut item = feed_item(s, me, tz, may_hide);
            item.applause = r.applause;
            item.applauded = r.applauded;
            item.comments = r.comments;
            item
        })
        .collect();
    let award = if allows(me.actor(), Permission::GiveAwards) {
        Some(award_choices(st, me, &index, tz).await?)
    } else {
        None
    };
    Ok(RecognitionView {
        award,
        values: values::list(&st.db, false).await?,
        colleagues,
        balance: ledger::balance(&st.db, me.id, me.role).await?,
        feed,
        next,
        request_key: uuid::Uuid::new_v4().to_string(),
        may_manage_values: allows(me.actor(), Permission::ManageValues),
        may_manage_awards: allows(me.actor(), Permission::ManageAwards),
        may_view_report: allows(me.actor(), Permission::ViewRecognitionEquity),
        filters,
        announcements: if before.is_none() {
            crate::recognition::service::programmes::announcements(&st.db, tz, chrono::Utc::now())
                .await?
        } else {
            Vec::new()
        },
    })
}

/// The feed's filter, parsed once (each bad value named; unknown units and values are 404s),
/// and the choices the filter form offers.
#[cfg(feature = "ssr")]
async fn feed_filter(
    st: &AppState,
    me: &CurrentUser,
    index: &crate::org::index::OrgIndex,
    q: &crate::recognition::types::FeedQuery,
) -> Result<(thanks::FeedFilter, crate::recognition::types::FeedFilters), AppError> {
    use crate::entities::{recognition_value, user};
    use crate::training::types::Named;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let unit = crate::recognition::types::UnitQuery {
        region: q.region.clone(),
        site: q.site.clone(),
        department: q.department.clone(),
    }
    .parse()?;
    index.check(&unit)?;
    let all_values = recognition_value::Entity::find().all(&st.db).await?;
    let value = match q.value.trim() {
        "" => None,
        pid => Some(
            all_values
                .iter()
                .find(|v| v.pid == pid)
                .map(|v| v.id)
                .ok_or_else(|| AppError::NotFound("That value".into()))?,
        ),
    };
    let recipients = if unit == crate::reporting::scope::ReportScope::default() {
        None
    } else {
        Some(
            crate::reporting::service::people_in(&st.db, index, &unit, false)
                .await?
                .into_iter()
                .map(|u| u.id)
                .collect(),
        )
    };
    let named = |mut v: Vec<Named>| {
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let mut values: Vec<&recognition_value::Model> =
        all_values.iter().filter(|v| !v.archived).collect();
    values.sort_by_key(|v| (v.position, v.id));
    let me_row = user::Entity::find()
        .filter(user::Column::Id.eq(me.id))
        .one(&st.db)
        .await?;
    let my_site = me_row.and_then(|u| u.site_id).and_then(|s| {
        Some(Named {
            id: s.to_string(),
            name: index.site_name(Some(s))?,
        })
    });
    Ok((
        thanks::FeedFilter { recipients, value },
        crate::recognition::types::FeedFilters {
            regions: named(
                index
                    .regions
                    .values()
                    .map(|r| Named {
                        id: r.id.to_string(),
                        name: r.name.clone(),
                    })
                    .collect(),
            ),
            sites: named(
                index
                    .sites
                    .values()
                    .map(|r| Named {
                        id: r.id.to_string(),
                        name: r.name.clone(),
                    })
                    .collect(),
            ),
            departments: named(
                index
                    .departments
                    .keys()
                    .filter_map(|d| {
                        Some(Named {
                            id: d.to_string(),
                            name: index.department_label(*d)?,
                        })
                    })
                    .collect(),
            ),
            values: values
                .into_iter()
                .map(|v| Named {
                    id: v.pid.clone(),
                    name: v.name.clone(),
                })
                .collect(),
            my_site,
        },
    ))
}

/// What the award form needs: levels, the people `me` may award, their sites' budgets.
#[cfg(feature = "ssr")]
async fn award_choices(
    st: &AppState,
    me: &CurrentUser,
    index: &crate::org::index::OrgIndex,
    tz: chrono_tz::Tz,
) -> Result<crate::recognition::types::AwardChoices, AppError> {
    use crate::entities::user;
    use crate::recognition::service::awards;
    use crate::recognition::types::Colleague;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let reach = crate::org::scope::reach(&st.db, me.id, me.role).await?;
    let people: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(me.id))
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?
        .into_iter()
        .filter(|u| reach.covers(me.id, u.id))
        .collect();
    let mut sites: Vec<i32> = people.iter().filter_map(|u| u.site_id).collect();
    sites.sort_unstable();
    sites.dedup();
    let (quarter, quarter_label) = awards::quarter_of(&st.db, chrono::Utc::now()).await?;
    Ok(crate::recognition::types::AwardChoices {
        levels: awards::levels(&st.db, false).await?,
        people: people
            .into_iter()
            .map(|u| Colleague {
                place: [
                    index.site_name(u.site_id),
                    index.department_name(u.department_id),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
                pid: u.pid,
                name: u.name,
            })
            .collect(),
        budgets: awards::budgets(&st.db, Some(&sites), &quarter).await?,
        quarter_label,
        threshold: awards::threshold(&st.db).await?,
        request_key: uuid::Uuid::new_v4().to_string(),
        mine: awards::list(&st.db, tz, Some(me.id)).await?,
    })
}

/// One recognition as `me` reads it in the feed.
#[cfg(feature = "ssr")]
pub(crate) fn feed_item(
    s: thanks::Seen,
    me: &CurrentUser,
    tz: chrono_tz::Tz,
    may_hide: bool,
) -> crate::recognition::types::FeedItem {
    let now = chrono::Utc::now();
    crate::recognition::types::FeedItem {
        can_hide: may_hide,
        can_withdraw: s.giver_id == me.id
            && now - s.created_at
                <= chrono::Duration::hours(crate::recognition::rules::WITHDRAW_HOURS),
        when: s
            .created_at
            .with_timezone(&tz)
            .format("%-d %b %Y, %H:%M")
            .to_string(),
        pid: s.pid,
        giver: s.giver,
        recipients: s.recipients,
        value: s.value,
        message: s.message,
        points_each: s.points_each,
        private: s.visibility == crate::recognition::types::Visibility::Private,
        award: s.level,
        applause: 0,
        applauded: false,
        can_applaud: s.giver_id != me.id && !s.recipient_ids.contains(&me.id),
        comments: Vec::new(),
    }
}

/// What the home page shows of recognition for `me`.
#[cfg(feature = "ssr")]
pub(crate) async fn home(
    st: &AppState,
    me: &CurrentUser,
) -> Result<crate::recognition::types::HomeRecognition, AppError> {
    let settings = crate::org::settings::load(&st.db).await?;
    let tz = crate::org::settings::tz(&settings)?;
    let (latest, mine) = match thanks::latest_received(&st.db, me.id).await? {
        Some(s) => (Some(s), true),
        None => (thanks::visible(&st.db, me, 1, None).await?.pop(), false),
    };
    Ok(crate::recognition::types::HomeRecognition {
        latest: latest.map(|s| feed_item(s, me, tz, false)),
        latest_is_mine: mine,
        balance: ledger::balance(&st.db, me.id, me.role).await?,
    })
}

/// A person's recognition received and given, by value: themself, their managers, HR and admins.
#[server(endpoint = "person_recognition")]
pub async fn get_person_recognition(
    person: String,
) -> Result<Vec<crate::recognition::types::ValueCount>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let p = crate::people::service::viewable(&st.db, me.actor(), &person).await?;
            let all = p.id == me.id || allows(me.actor(), Permission::ModerateRecognition);
            thanks::by_value(&st.db, p.id, all).await
        }
        .await,
    )
}

/// Gives recognition from the caller (anyone signed in, to anyone active but themselves).
#[server(endpoint = "give_recognition")]
pub async fn give_recognition(input: ThanksInput) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                Ok(thanks::give(&st.db, &me, input).await?.message)
            }
            .await,
        )
        .await,
    )
}

/// Takes back the caller's own recognition within a day.
#[server(endpoint = "withdraw_recognition")]
pub async fn withdraw_recognition(recognition: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                thanks::withdraw(&st.db, &me, &recognition).await
            }
            .await,
        )
        .await,
    )
}

/// Hides a recognition from every feed, with a reason; its points are reversed (HR and admins).
#[server(endpoint = "hide_recognition")]
pub async fn hide_recognition(recognition: String, reason: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ModerateRecognition).await?;
                thanks::hide(&st.db, &me, &recognition, &reason).await
            }
            .await,
        )
        .await,
    )
}

/// The rewards page: the caller's points, the catalogue, their redemptions and history (`before`
/// pages the history).
#[server(endpoint = "rewards")]
pub async fn get_rewards(before: Option<i32>) -> Result<RewardsView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let tz = crate::org::settings::tz(&settings)?;
            let (history, older) = rewards::history(&st.db, tz, me.id, before).await?;
            Ok(RewardsView {
                balance: ledger::balance(&st.db, me.id, me.role).await?,
                catalogue: rewards::catalogue(&st.db, false).await?,
                mine: rewards::redemptions(&st.db, tz, Some(me.id), None, false, 50).await?,
                history,
                older,
                request_key: uuid::Uuid::new_v4().to_string(),
                may_manage: allows(me.actor(), Permission::ManageRewards),
            })
        }
        .await,
    )
}

/// Spends the caller's earned points on a reward.
#[server(endpoint = "redeem_reward")]
pub async fn redeem_reward(reward: String, request_key: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                Ok(rewards::redeem(&st.db, &me, &reward, &request_key)
                    .await?
                    .message)
            }
            .await,
        )
        .await,
    )
}

/// HR's rewards page: the whole catalogue, redemptions waiting and the latest decided.
#[server(endpoint = "rewards_admin")]
pub async fn get_rewards_admin() -> Result<RewardsAdminView, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageRewards).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let tz = crate::org::settings::tz(&settings)?;
            use crate::recognition::types::RedemptionStatus;
            Ok(RewardsAdminView {
                items: rewards::catalogue(&st.db, true).await?,
                pending: rewards::redemptions(
                    &st.db,
                    tz,
                    None,
                    Some(RedemptionStatus::Pending),
                    false,
                    500,
                )
                .await?,
                recent: rewards::redemptions(&st.db, tz, None, None, true, 30).await?,
            })
        }
        .await,
    )
}

#[server(endpoint = "create_reward")]
pub async fn create_reward(form: RewardForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageRewards).await?;
                rewards::create(&st.db, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "update_reward")]
pub async fn update_reward(reward: String, form: RewardForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageRewards).await?;
                rewards::update(&st.db, &reward, form).await
            }
            .await,
        )
        .await,
    )
}

/// Takes a reward off the catalogue (`to` = "inactive") or puts it back (`to` = "active").
#[server(endpoint = "set_reward_active")]
pub async fn set_reward_active(reward: String, to: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageRewards).await?;
                let active = choice(
                    &to,
                    "active",
                    "inactive",
                    "Say whether to take the reward off the catalogue or put it back.",
                )?;
                rewards::set_active(&st.db, &reward, active).await
            }
            .await,
        )
        .await,
    )
}

/// Fulfils (`decision` = "fulfil") or declines (`decision` = "decline", with a reason in `note`)
/// a waiting redemption.
#[server(endpoint = "decide_redemption")]
pub async fn decide_redemption(
    redemption: String,
    decision: String,
    note: String,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ManageRewards).await?;
                let fulfil = choice(
                    &decision,
                    "fulfil",
                    "decline",
                    "Say whether the redemption is fulfilled or declined.",
                )?;
                rewards::decide(&st.db, &me, &redemption, fulfil, &note).await
            }
            .await,
        )
        .await,
    )
}

/// Gives an award from a site's budget (managers to their own people, HR to anyone).
#[server(endpoint = "give_award")]
pub async fn give_award(input: crate::recognition::types::AwardInput) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::GiveAwards).await?;
                Ok(
                    crate::recognition::service::awards::give(&st.db, &me, input)
                        .await?
                        .message,
                )
            }
            .await,
        )
        .await,
    )
}

/// HR's awards page: awards waiting, this quarter's budgets (or `quarter`'s), levels, threshold.
#[server(endpoint = "awards_admin")]
pub async fn get_awards_admin(
    quarter: Option<String>,
) -> Result<crate::recognition::types::AwardsAdminView, AppError> {
    request::finish(
        async {
            use crate::recognition::service::awards;
            let (st, _) = caller(Permission::ManageAwards).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let tz = crate::org::settings::tz(&settings)?;
            let (now, now_label) = awards::quarter_of(&st.db, chrono::Utc::now()).await?;
            let (quarter, quarter_label) = match quarter.as_deref().map(str::trim) {
                None | Some("") => (now, now_label),
                Some(q) => awards::parse_quarter(q)?,
            };
            let peer_points = awards::peer_points(&st.db, &quarter).await?;
            Ok(crate::recognition::types::AwardsAdminView {
                waiting: awards::list(&st.db, tz, None).await?,
                budgets: awards::budgets(&st.db, None, &quarter).await?,
                quarter,
                quarter_label,
                levels: awards::levels(&st.db, true).await?,
                threshold: awards::threshold(&st.db).await?,
                money: ledger::money(&st.db).await?,
                peer_points,
            })
        }
        .await,
    )
}

/// Sets a site's award budget for a quarter (HR).
#[server(endpoint = "set_award_budget")]
pub async fn set_award_budget(
    site: String,
    quarter: String,
    amount: String,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ManageAwards).await?;
                crate::recognition::service::awards::set_budget(
                    &st.db, &me, &site, &quarter, &amount,
                )
                .await
            }
            .await,
        )
        .await,
    )
}

/// Adds an award level (`level` empty) or saves one.
#[server(endpoint = "save_award_level")]
pub async fn save_award_level(
    level: String,
    name: String,
    points: String,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageAwards).await?;
                crate::recognition::service::awards::save_level(&st.db, &level, &name, &points)
                    .await
            }
            .await,
        )
        .await,
    )
}

/// Archives (`to` = "archived") or restores (`to` = "current") an award level.
#[server(endpoint = "set_award_level_archived")]
pub async fn set_award_level_archived(level: String, to: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageAwards).await?;
                let archived = choice(
                    &to,
                    "archived",
                    "current",
                    "Say whether to archive the level or bring it back.",
                )?;
                crate::recognition::service::awards::set_level_archived(&st.db, &level, archived)
                    .await
            }
            .await,
        )
        .await,
    )
}

/// Sets the amount above which an award waits for HR.
#[server(endpoint = "set_award_threshold")]
pub async fn set_award_threshold(threshold: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageAwards).await?;
                crate::recognition::service::awards::set_threshold(&st.db, &threshold).await
            }
            .await,
        )
        .await,
    )
}

/// Approves (`decision` = "approve") or declines (`decision` = "decline", with a reason in
/// `note`) an award waiting for HR.
#[server(endpoint = "decide_award")]
pub async fn decide_award(
    award: String,
    decision: String,
    note: String,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ManageAwards).await?;
                let approve = choice(
                    &decision,
                    "approve",
                    "decline",
                    "Say whether the award is approved or declined.",
                )?;
                crate::recognition::service::awards::decide(&st.db, &me, &award, approve, &note)
                    .await
            }
            .await,
        )
        .await,
    )
}

/// The recognition report: the equity report (HR and admins for everyone, managers for their own
/// people) and, for HR and admins, the unit's last twelve months; narrowed to a region, site or
/// department.
#[server(endpoint = "recognition_report")]
pub async fn recognition_report(
    unit: crate::recognition::types::UnitQuery,
) -> Result<crate::recognition::types::RecognitionReport, AppError> {
    request::finish(
        async {
            use crate::recognition::service::{equity, figures};
            let (st, me) = caller(Permission::ViewRecognitionEquity).await?;
            let scope = unit.parse()?;
            let equity = equity::report(&st.db, me.actor(), &scope, chrono::Utc::now()).await?;
            let trend = if allows(me.actor(), Permission::ViewRecognitionReports) {
                Some(figures::trend(&st.db, &scope, 12).await?)
            } else {
                None
            };
            Ok(crate::recognition::types::RecognitionReport { equity, trend })
        }
        .await,
    )
}

/// Applauds a recognition (`applaud` = `yes`) or takes the applause back (`no`).
#[server(endpoint = "applaud_recognition")]
pub async fn applaud_recognition(recognition: String, applaud: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let on = choice(
                &applaud,
                "yes",
                "no",
                "Choose to applaud or to take it back.",
            )?;
            crate::recognition::service::reactions::applaud(&st.db, &me, &recognition, on).await
        }
        .await,
    )
}

/// Comments on a recognition the caller may see.
#[server(endpoint = "comment_recognition")]
pub async fn comment_recognition(
    input: crate::recognition::types::CommentInput,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                crate::recognition::service::reactions::comment(&st.db, &me, input).await
            }
            .await,
        )
        .await,
    )
}

/// Its author deletes a comment.
#[server(endpoint = "delete_comment")]
pub async fn delete_comment(comment: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                crate::recognition::service::reactions::delete_comment(&st.db, &me, &comment).await
            }
            .await,
        )
        .await,
    )
}

/// HR or an admin hides a comment, with a reason.
#[server(endpoint = "hide_comment")]
pub async fn hide_comment(comment: String, reason: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ModerateRecognition).await?;
                crate::recognition::service::reactions::hide_comment(&st.db, &me, &comment, &reason)
                    .await
            }
            .await,
        )
        .await,
    )
}
