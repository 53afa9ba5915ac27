//! Learning records as xAPI 1.0.3 statements, and a validator for the statement rules we rely on.
//!
//! Each attempt gives an "attempted" statement, one "responded" statement per choice (a
//! cmi.interaction of type choice) and, once finished, a "completed" statement with the score.
//! Statement ids are derived from the attempt and the move, so downloading the same period
//! twice gives the same ids and a learning record store does not store them twice.
use serde_json::{Value, json};

use crate::training::rules::model::Ending;

const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6f1f_6c2a_0b8e_4e43_9d2a_51c4_7a10_be01);

pub struct XapiMove {
    pub seq: i32,
    pub step: String,
    pub narration: String,
    pub choice: usize,
    /// The texts of every choice at the step, in order.
    pub choices: Vec<String>,
    pub at: String,
}

pub struct XapiAttempt {
    pub pid: String,
    pub name: String,
    pub email: String,
    pub slug: String,
    pub version: i32,
    pub title: String,
    pub summary: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub score: Option<i32>,
    pub ending: Option<Ending>,
    pub moves: Vec<XapiMove>,
}

fn verb(id: &str, display: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{id}"), "display": { "en-US": display } })
}

fn statement_id(attempt: &str, part: &str) -> String {
    uuid::Uuid::new_v5(&NAMESPACE, format!("{attempt}/{part}").as_bytes()).to_string()
}

pub fn scenario_iri(slug: &str, version: i32) -> String {
    format!("urn:rapport:scenario:{slug}:v{version}")
}

/// The statements for one attempt, in the order things happened.
pub fn statements(a: &XapiAttempt) -> Vec<Value> {
    let actor =
        json!({ "objectType": "Agent", "name": a.name, "mbox": format!("mailto:{}", a.email) });
    let scenario = json!({
        "objectType": "Activity",
        "id": scenario_iri(&a.slug, a.version),
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/simulation",
            "name": { "en-US": a.title },
            "description": { "en-US": a.summary },
        }
    });
    let context = |parent: bool| {
        let mut c = json!({ "registration": a.pid, "platform": "Rapport", "language": "en-US" });
        if parent {
            c["contextActivities"] = json!({ "parent": [{ "objectType": "Activity", "id": scenario_iri(&a.slug, a.version) }] });
        }
        c
    };
    let mut out = vec![json!({
        "id": statement_id(&a.pid, "attempted"),
        "actor": actor,
        "verb": verb("attempted", "attempted"),
        "object": scenario,
        "context": context(false),
        "timestamp": a.started_at,
    })];
    for m in &a.moves {
        out.push(json!({
            "id": statement_id(&a.pid, &format!("move-{}", m.seq)),
            "actor": actor,
            "verb": verb("responded", "responded"),
            "object": {
                "objectType": "Activity",
                "id": format!("{}:step:{}", scenario_iri(&a.slug, a.version), m.step),
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "name": { "en-US": format!("{}: {}", a.title, m.step) },
                    "description": { "en-US": m.narration },
                    "interactionType": "choice",
                    "choices": m.choices.iter().enumerate().map(|(i, t)| json!({ "id": format!("choice-{}", i + 1), "description": { "en-US": t } })).collect::<Vec<_>>(),
                }
            },
            "result": { "response": format!("choice-{}", m.choice + 1) },
            "context": context(true),
            "timestamp": m.at,
        }));
    }
    if let (Some(at), Some(score), Some(ending)) = (&a.finished_at, a.score, a.ending) {
        out.push(json!({
            "id": statement_id(&a.pid, "completed"),
            "actor": actor,
            "verb": verb("completed", "completed"),
            "object": scenario,
            "result": {
                "score": { "scaled": score as f64 / 100.0, "raw": score, "min": 0, "max": 100 },
                "completion": true,
                "success": ending != Ending::Misery,
                "extensions": { "urn:rapport:ending": ending.key() },
            },
            "context": context(false),
            "timestamp": at,
        }));
    }
    out
}

fn is_uuid(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 36 && uuid::Uuid::parse_str(s).is_ok())
}

/// An absolute IRI: a scheme of letters, digits, `+`, `-`, `.` starting with a letter, a colon, then no spaces.
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

/// A language map: keys are language tags (letters, digits and `-`), values strings.
fn is_language_map(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.iter().all(|(k, v)| {
                v.is_string()
                    && !k.is_empty()
                    && k.split('-').all(|p| {
                        !p.is_empty()
                            && p.len() <= 8
                            && p.chars().all(|c| c.is_ascii_alphanumeric())
                    })
            })
    })
}

/// ISO 8601 date and time with a timezone, as the spec requires of timestamps.
fn is_timestamp(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

const INTERACTION_TYPES: [&str; 10] = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// Every rule the statement breaks, empty when it is valid (xAPI 1.0.3, part two, section 2.4).
pub fn validate(s: &Value) -> Vec<String> {
    let mut e = Vec::new();
    let Some(obj) = s.as_object() else {
        return vec!["a statement must be a JSON object".into()];
    };
    let allowed = [
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    ];
    for k in obj.keys().filter(|k| !allowed.contains(&k.as_str())) {
        e.push(format!("unknown property `{k}`"));
    }
    if let Some(id) = obj.get("id")
        && !is_uuid(id)
    {
        e.push("`id` must be a UUID".into());
    }
    // Actor: an Agent with exactly one inverse functional identifier.
    match obj.get("actor") {
        Some(a) => {
            if a.get("objectType")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "Agent" && t != "Group")
            {
                e.push("`actor.objectType` must be Agent or Group".into());
            }
            let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
                .iter()
                .filter(|k| a.get(**k).is_some())
                .count();
            if ifis != 1 {
                e.push(format!("`actor` must have exactly one identifier (mbox, mbox_sha1sum, openid, account); it has {ifis}"));
            }
            if let Some(m) = a.get("mbox")
                && !m
                    .as_str()
                    .is_some_and(|m| m.starts_with("mailto:") && m.len() > 7 && m.contains('@'))
            {
                e.push("`actor.mbox` must be a mailto: IRI".into());
            }
        }
        None => e.push("`actor` is required".into()),
    }
    match obj.get("verb") {
        Some(v) => {
            if !v.get("id").and_then(Value::as_str).is_some_and(is_iri) {
                e.push("`verb.id` must be an IRI".into());
            }
            if let Some(d) = v.get("display")
                && !is_language_map(d)
            {
                e.push("`verb.display` must be a language map".into());
            }
        }
        None => e.push("`verb` is required".into()),
    }
    match obj.get("object") {
        Some(o) => {
            let kind = o
                .get("objectType")
                .and_then(Value::as_str)
                .unwrap_or("Activity");
            if kind == "Activity" {
                if !o.get("id").and_then(Value::as_str).is_some_and(is_iri) {
                    e.push("`object.id` must be an IRI".into());
                }
                if let Some(d) = o.get("definition") {
                    for key in ["name", "description"] {
                        if let Some(m) = d.get(key)
                            && !is_language_map(m)
                        {
                            e.push(format!("`object.definition.{key}` must be a language map"));
                        }
                    }
                    if let Some(t) = d.get("type")
                        && !t.as_str().is_some_and(is_iri)
                    {
                        e.push("`object.definition.type` must be an IRI".into());
                    }
                    if let Some(t) = d.get("interactionType") {
                        if !t.as_str().is_some_and(|t| INTERACTION_TYPES.contains(&t)) {
                            e.push("`object.definition.interactionType` is not one of the spec's types".into());
                        }
                        let ids: Vec<&str> = d
                            .get("choices")
                            .and_then(Value::as_array)
                            .map(|c| {
                                c.iter()
                                    .filter_map(|c| c.get("id").and_then(Value::as_str))
                                    .collect()
                            })
                            .unwrap_or_default();
                        let mut unique = ids.clone();
                        unique.sort();
                        unique.dedup();
                        if unique.len() != ids.len() {
                            e.push("interaction component ids must be unique".into());
                        }
                        if let Some(r) = obj
                            .get("result")
                            .and_then(|r| r.get("response"))
                            .and_then(Value::as_str)
                            && t == "choice"
                            && !r.split("[,]").all(|x| ids.contains(&x))
                        {
                            e.push(
                                "`result.response` names a choice the interaction does not have"
                                    .into(),
                            );
                        }
                    }
                }
            }
        }
        None => e.push("`object` is required".into()),
    }
    if let Some(score) = obj.get("result").and_then(|r| r.get("score")) {
        let num = |k: &str| score.get(k).and_then(Value::as_f64);
        if let Some(scaled) = num("scaled")
            && !(-1.0..=1.0).contains(&scaled)
        {
            e.push("`result.score.scaled` must be between -1 and 1".into());
        }
        if let (Some(min), Some(max)) = (num("min"), num("max"))
            && min >= max
        {
            e.push("`result.score.min` must be less than `max`".into());
        }
        if let Some(raw) = num("raw")
            && (num("min").is_some_and(|m| raw < m) || num("max").is_some_and(|m| raw > m))
        {
            e.push("`result.score.raw` must lie between `min` and `max`".into());
        }
    }
    if let Some(c) = obj.get("context")
        && let Some(r) = c.get("registration")
        && !is_uuid(r)
    {
        e.push("`context.registration` must be a UUID".into());
    }
    if let Some(ext) = obj
        .get("result")
        .and_then(|r| r.get("extensions"))
        .and_then(Value::as_object)
    {
        for k in ext.keys().filter(|k| !is_iri(k)) {
            e.push(format!("extension key `{k}` must be an IRI"));
        }
    }
    if let Some(t) = obj.get("timestamp")
        && !is_timestamp(t)
    {
        e.push("`timestamp` must be an ISO 8601 date and time with a timezone".into());
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(finished: bool) -> XapiAttempt {
        XapiAttempt {
            pid: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
            name: "Ana Lima".into(),
            email: "ana.lima@example.com".into(),
            slug: "double-charge".into(),
            version: 2,
            title: "Charged twice".into(),
            summary: "A guest.".into(),
            started_at: "2026-11-20T09:00:00+00:00".into(),
            finished_at: finished.then(|| "2026-11-20T09:06:00+00:00".into()),
            score: finished.then_some(97),
            ending: finished.then_some(Ending::Magic),
            moves: vec![XapiMove {
                seq: 0,
                step: "arrival".into(),
                narration: "He arrives.".into(),
                choice: 1,
                choices: vec!["Listen".into(), "Argue".into()],
                at: "2026-11-20T09:01:00+00:00".into(),
            }],
        }
    }

    #[test]
    fn every_statement_is_valid_and_ids_are_stable() {
        let all = statements(&attempt(true));
        assert_eq!(all.len(), 3);
        for s in &all {
            assert_eq!(validate(s), Vec::<String>::new(), "{s}");
        }
        assert_eq!(all[1]["result"]["response"], "choice-2");
        assert_eq!(all[2]["result"]["score"]["scaled"], 0.97);
        let again = statements(&attempt(true));
        assert_eq!(all[0]["id"], again[0]["id"]);
        assert_ne!(all[0]["id"], all[1]["id"]);
        assert_eq!(
            statements(&attempt(false)).len(),
            2,
            "no completed statement before the end"
        );
    }

    #[test]
    fn the_validator_catches_broken_statements() {
        let good = statements(&attempt(true));
        let mut bad = good[2].clone();
        bad["id"] = json!("not-a-uuid");
        bad["actor"]["account"] = json!({ "homePage": "https://x", "name": "a" });
        bad["verb"]["id"] = json!("completed");
        bad["result"]["score"]["scaled"] = json!(1.5);
        bad["result"]["score"]["raw"] = json!(140);
        bad["timestamp"] = json!("yesterday");
        bad["colour"] = json!("red");
        let errors = validate(&bad).join("; ");
        for want in [
            "UUID",
            "exactly one identifier",
            "verb.id",
            "scaled",
            "raw",
            "timestamp",
            "unknown property `colour`",
        ] {
            assert!(errors.contains(want), "{want}: {errors}");
        }
        let mut wrong_choice = good[1].clone();
        wrong_choice["result"]["response"] = json!("choice-9");
        assert!(
            validate(&wrong_choice)
                .iter()
                .any(|e| e.contains("does not have"))
        );
        assert!(is_iri("urn:rapport:scenario:x:v1") && !is_iri("no scheme") && !is_iri("1http:x"));
    }
}
