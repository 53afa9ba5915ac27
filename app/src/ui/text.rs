//! Text inside raw-text elements (`<textarea>`, `<title>`), the one way pages write it.
//!
//! Leptos writes the children of these elements into the server-rendered page without escaping
//! (the browser does not parse markup inside them), so a value containing `</textarea>` or
//! `</title>` would end the element early and whatever follows would become live markup. Every
//! textarea is a [`TextArea`] and every title passes through [`raw_text`] in the shell's title
//! formatter; a test below keeps it that way.
use leptos::prelude::*;

/// A query-string value, percent-encoded.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "1 person", "3 people".
pub fn people_count(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

/// "1,234,567": a count with its thousands grouped.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text for a raw-text element. On the server `&`, `<` and `>` become character references,
/// which the browser decodes back inside `<textarea>` and `<title>`; in the browser the text goes
/// into the DOM as a text node, so it is left as it is.
pub fn raw_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    } else {
        text.to_owned()
    }
}

/// A `<textarea>` whose initial text is written safely.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    rows: u32,
    #[prop(into)] value: String,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    view! { <textarea id=id name=name rows=rows placeholder=placeholder maxlength=maxlength.map(|m| m.to_string())>{raw_text(&value)}</textarea> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_tags_cannot_end_the_element() {
        let hostile =
            "</textarea><meta http-equiv=\"refresh\" content=\"1;url=https://evil.example/\">&amp;";
        let text = raw_text(hostile);
        assert!(!text.contains('<') && !text.contains('>'));
        assert!(text.starts_with("&lt;/textarea&gt;"));
        assert!(
            text.ends_with("&amp;amp;"),
            "an & is escaped too, so it reads back as typed"
        );
    }

    /// Every textarea and title goes through this module: a raw `<textarea>` or a second title
    /// formatter elsewhere would bypass the escaping.
    #[test]
    fn no_raw_text_element_is_written_elsewhere() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("ui/text.rs")
                {
                    let src = std::fs::read_to_string(&path).unwrap_or_default();
                    // The document's title comes from leptos_meta's `<Title>` only; a `<title>`
                    // inside an `<svg>` is an SVG element, whose text Leptos escapes.
                    for needle in ["<textarea", "<script", "<style", "inner_html", "formatter="] {
                        let allowed = needle == "formatter=" && path.ends_with("src/lib.rs");
                        if src.contains(needle) && !allowed {
                            found.push(format!("{} writes {needle}", path.display()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "use ui::TextArea and the shell's title formatter:\n{}",
            found.join("\n")
        );
    }
}
