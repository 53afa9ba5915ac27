//! Rules for a person's fields, shared by the person form and the CSV import.

pub const MAX_NAME: usize = 120;
pub const MAX_EMAIL: usize = 254;

pub fn clean_person_name(raw: &str) -> Result<String, String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("The name is missing.".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("The name is longer than {MAX_NAME} characters."));
    }
    if name.chars().any(char::is_control) {
        return Err("The name contains characters that are not allowed.".into());
    }
    Ok(name)
}

/// A lower-cased, checked email address.
pub fn clean_email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("The email is missing.".into());
    }
    if email.len() > MAX_EMAIL {
        return Err(format!("The email is longer than {MAX_EMAIL} characters."));
    }
    let has_dot_domain = email
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
    if !email_address::EmailAddress::is_valid(&email) || !has_dot_domain {
        return Err(format!("\"{email}\" is not a valid email address."));
    }
    Ok(email)
}

/// Follows manager links from `start`; true when they come back to `start` (a loop).
pub fn manager_loop<K: PartialEq + Clone>(start: &K, manager_of: impl Fn(&K) -> Option<K>) -> bool {
    let mut visited: Vec<K> = Vec::new();
    let mut cur = manager_of(start);
    while let Some(k) = cur {
        if &k == start {
            return true;
        }
        if visited.contains(&k) {
            // A loop further up that does not include `start`.
            return false;
        }
        visited.push(k.clone());
        cur = manager_of(&k);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            clean_email(" Ana@Example.COM "),
            Ok("ana@example.com".into())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
        ] {
            assert!(clean_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(clean_person_name("  Ana   Lima "), Ok("Ana Lima".into()));
        assert!(clean_person_name(" ").is_err());
        assert!(clean_person_name(&"x".repeat(121)).is_err());
    }

    #[test]
    fn loops_are_found() {
        let m: HashMap<i32, i32> = [(1, 2), (2, 3), (3, 1), (4, 1)].into();
        assert!(manager_loop(&1, |k| m.get(k).copied()));
        assert!(!manager_loop(&4, |k| m.get(k).copied()));
        let chain: HashMap<i32, i32> = [(1, 2), (2, 3)].into();
        assert!(!manager_loop(&1, |k| chain.get(k).copied()));
    }
}
