//! The ingest API's contract, written once: the fields of a response, which the readable page
//! lists and the OpenAPI 3 document (`/api/v1/openapi.json`) describes, and which the ingest
//! checks.
use crate::feedback::types::Channel;

/// Responses in one request, at most (one insert statement: see `service::BATCH`).
pub const MAX_BATCH: usize = 1_000;
/// A request body, at most (bytes).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// The longest comment, contact and id (characters); the same as a CSV import's.
pub const MAX_COMMENT: usize = 5_000;
pub const MAX_SHORT: usize = 200;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text {
        max: usize,
    },
    /// An integer from `min` to `max`.
    Rating {
        min: u8,
        max: u8,
    },
    /// An id (integer) or a name (text).
    IdOrName,
    DateTime,
    Email,
    Channel,
}

impl Kind {
    /// How the readable page names the type.
    pub fn label(self) -> String {
        match self {
            Kind::Text { max } => format!("text, at most {max} characters"),
            Kind::Rating { min, max } => format!("integer {min}–{max}"),
            Kind::IdOrName => "integer id or text name".into(),
            Kind::DateTime => "date and time".into(),
            Kind::Email => "email address".into(),
            Kind::Channel => Channel::ALL
                .iter()
                .map(|c| c.key())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One field of a response.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub about: &'static str,
}

pub const FIELDS: [Field; 11] = [
    Field {
        name: "external_id",
        kind: Kind::Text { max: MAX_SHORT },
        required: true,
        about: "Your system's id for the response. Sending the same id again (with the same token name) adds nothing, so a request can always be retried.",
    },
    Field {
        name: "occurred_at",
        kind: Kind::DateTime,
        required: true,
        about: "When the customer was served: RFC 3339 with an offset (2026-11-30T14:05:00Z, converted to the organisation's time zone), or the organisation's local time (2026-11-30T14:05 or 2026-11-30). At most a day ahead.",
    },
    Field {
        name: "site",
        kind: Kind::IdOrName,
        required: true,
        about: "The site: its id or its name (any case). The token must be allowed to send for it.",
    },
    Field {
        name: "department",
        kind: Kind::IdOrName,
        required: false,
        about: "A department of that site: its id or its name.",
    },
    Field {
        name: "person",
        kind: Kind::Email,
        required: false,
        about: "The email address of the person who served the customer. One that matches nobody is refused.",
    },
    Field {
        name: "channel",
        kind: Kind::Channel,
        required: false,
        about: "Where the customer was served; \"other\" when left out.",
    },
    Field {
        name: "csat",
        kind: Kind::Rating { min: 1, max: 5 },
        required: false,
        about: "Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied). Give at least one of csat, nps and ces.",
    },
    Field {
        name: "nps",
        kind: Kind::Rating { min: 0, max: 10 },
        required: false,
        about: "How likely the customer is to recommend you, 0 to 10.",
    },
    Field {
        name: "ces",
        kind: Kind::Rating { min: 1, max: 7 },
        required: false,
        about: "Customer effort, 1 (very hard) to 7 (very easy).",
    },
    Field {
        name: "comment",
        kind: Kind::Text { max: MAX_COMMENT },
        required: false,
        about: "What the customer wrote.",
    },
    Field {
        name: "contact",
        kind: Kind::Text { max: MAX_SHORT },
        required: false,
        about: "How to reach the customer, kept only for follow-up and removed after the retention period.",
    },
];

/// An example request body: a batch of two.
pub const EXAMPLE: &str = r#"[
  {"external_id": "kiosk-20261130-0042", "occurred_at": "2026-11-30T14:05:00Z",
   "site": "Harbour View Hotel", "department": "Front desk", "channel": "front_desk",
   "csat": 5, "nps": 9, "comment": "Checked in within two minutes, thank you Carla."},
  {"external_id": "kiosk-20261130-0043", "occurred_at": "2026-11-30T14:20:00Z",
   "site": "Harbour View Hotel", "ces": 3}
]"#;

/// The OpenAPI 3 document.
#[cfg(feature = "ssr")]
pub fn openapi() -> serde_json::Value {
    use serde_json::{Value, json};
    let schema = |f: &Field| -> Value {
        let mut s = match f.kind {
            Kind::Text { max } => json!({"type": "string", "minLength": 1, "maxLength": max}),
            Kind::Rating { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
            Kind::IdOrName => json!({"oneOf": [{"type": "integer"}, {"type": "string"}]}),
            Kind::DateTime => json!({"type": "string", "example": "2026-11-30T14:05:00Z"}),
            Kind::Email => json!({"type": "string", "format": "email"}),
            Kind::Channel => json!({
                "type": "string",
                "enum": Channel::ALL.iter().map(|c| c.key()).collect::<Vec<_>>(),
                "default": "other",
            }),
        };
        s["description"] = Value::from(f.about);
        s
    };
    let properties: serde_json::Map<String, Value> = FIELDS
        .iter()
        .map(|f| (f.name.to_owned(), schema(f)))
        .collect();
    let required: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let example: Value = serde_json::from_str(EXAMPLE).unwrap_or(Value::Null);
    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        })
    };
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Rapport feedback ingest API",
            "version": "1",
            "description": format!("Send customer feedback (CSAT, NPS, CES and comments) to Rapport from another system: one response or a batch of up to {MAX_BATCH}. A batch is all or nothing: if any response has a problem, nothing is added and every problem is listed by index and field. Every response carries your id for it, so a request can be retried safely. Each token may make 120 requests a minute."),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/feedback": {
                "post": {
                    "summary": "Add customer feedback",
                    "operationId": "addFeedback",
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {
                            "schema": {"oneOf": [
                                {"$ref": "#/components/schemas/Response"},
                                {"type": "array", "minItems": 1, "maxItems": MAX_BATCH,
                                 "items": {"$ref": "#/components/schemas/Response"}}
                            ]},
                            "example": example,
                        }},
                    },
                    "responses": {
                        "200": {
                            "description": "Every response is in Rapport: added now, or already there from an earlier request.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outcome"}}}
                        },
                        "400": error("The body is not JSON, or not a response or an array of them."),
                        "401": error("No token, or one that is unknown or revoked."),
                        "403": error("A response is for a site the token may not send for; nothing was added."),
                        "413": error("More than 1,000 responses, or a body over 8 MiB."),
                        "415": error("The body is not sent as application/json."),
                        "422": error("Some responses have problems; nothing was added."),
                        "429": error("The token made 120 requests this minute; retry after the seconds in Retry-After."),
                        "503": error("The database is busy; nothing was added; retry after the seconds in Retry-After."),
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token an administrator created under Guests → Feedback API."}},
            "schemas": {
                "Response": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": required,
                    "properties": properties,
                },
                "Outcome": {
                    "type": "object",
                    "required": ["added", "already", "results"],
                    "properties": {
                        "added": {"type": "integer", "description": "Responses added by this request."},
                        "already": {"type": "integer", "description": "Responses that were already there (same external_id)."},
                        "results": {"type": "array", "items": {
                            "type": "object",
                            "required": ["index", "external_id", "status"],
                            "properties": {
                                "index": {"type": "integer"},
                                "external_id": {"type": "string"},
                                "status": {"type": "string", "enum": ["added", "already"]},
                            }
                        }},
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {
                        "type": "object",
                        "required": ["status", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "message": {"type": "string"},
                            "problems": {"type": "array", "items": {
                                "type": "object",
                                "required": ["index", "field", "message"],
                                "properties": {
                                    "index": {"type": "integer", "description": "The response's place in the batch, from 0 (0 for a single response)."},
                                    "field": {"type": "string", "description": "The field at fault, or \"\" for the response as a whole."},
                                    "message": {"type": "string"},
                                }
                            }},
                        }
                    }},
                },
            },
        },
    })
}
