//! Rules for organisation names.

pub const MAX_NAME: usize = 100;

/// A trimmed, single-spaced name of 1 to 100 characters without control characters.
pub fn clean_name(kind: &str, raw: &str) -> Result<String, String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(format!("Enter a name for the {kind}."));
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!(
            "The {kind} name must be at most {MAX_NAME} characters."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "The {kind} name contains characters that are not allowed."
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(
            clean_name("site", "  Harbour   Hotel "),
            Ok("Harbour Hotel".into())
        );
        assert!(clean_name("site", "   ").is_err());
        assert!(clean_name("site", &"x".repeat(101)).is_err());
        assert!(clean_name("site", "a\u{7}b").is_err());
    }
}
