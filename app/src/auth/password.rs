//! Password hashing (argon2id, OWASP parameters, off the async threads) and the password policy.
use std::sync::OnceLock;

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;
use crate::state::AppState;

pub use crate::auth::password_rules::{MAX_LENGTH, MIN_LENGTH};

fn hasher() -> Result<Argon2<'static>, AppError> {
    // OWASP: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19_456, 2, 1, None).map_err(|e| {
        tracing::error!(error = %e, "argon2 parameters");
        AppError::Internal
    })?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hash");
            AppError::Internal
        })
}

/// A hash of a random password, verified against when the account does not exist,
/// so a wrong email costs the same time as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking("rapport-dummy-password-never-matches")
            .unwrap_or_else(|_| String::from("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$invalid"))
    })
}

async fn run_bounded<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = state
        .hash_permits
        .acquire()
        .await
        .map_err(|_| AppError::Unavailable)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        AppError::Internal
    })
}

pub async fn hash(state: &AppState, password: String) -> Result<String, AppError> {
    run_bounded(state, move || hash_blocking(&password)).await?
}

/// Verifies `password` against `stored`; with no stored hash, verifies against a dummy and fails.
pub async fn verify(
    state: &AppState,
    stored: Option<String>,
    password: String,
) -> Result<bool, AppError> {
    run_bounded(state, move || {
        let exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = match PasswordHash::new(&phc) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        exists && ok
    })
    .await
}

/// Refuses passwords that are short, very long, or easy to guess (zxcvbn score below 3),
/// taking the person's name and email into account.
pub fn check_policy(password: &str, context: &[&str]) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(AppError::invalid(format!(
            "The password must be at least {MIN_LENGTH} characters long."
        )));
    }
    if len > MAX_LENGTH {
        return Err(AppError::invalid(format!(
            "The password must be at most {MAX_LENGTH} characters long."
        )));
    }
    let estimate = zxcvbn::zxcvbn(password, context);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| format!(" ({w})")))
            .unwrap_or_default();
        return Err(AppError::invalid(format!(
            "That password is too easy to guess{hint}. Try a longer phrase of unrelated words."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_short_common_and_personal_passwords() {
        assert!(check_policy("short", &[]).is_err());
        assert!(check_policy("password123", &[]).is_err());
        assert!(check_policy("qwertyuiop", &[]).is_err());
        let who = ["Alice Smith", "alice.smith@example.com", "alice.smith"];
        assert!(check_policy("alice.smith1", &who).is_err());
        assert!(check_policy(&"a".repeat(200), &[]).is_err());
    }

    #[test]
    fn policy_accepts_a_long_unusual_phrase() {
        assert!(check_policy("copper-lantern-orbit-71", &[]).is_ok());
    }

    #[test]
    fn hash_is_argon2id_with_owasp_parameters_and_verifies() -> Result<(), AppError> {
        let h = hash_blocking("copper-lantern-orbit-71")?;
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let parsed = PasswordHash::new(&h).map_err(|_| AppError::Internal)?;
        assert!(
            Argon2::default()
                .verify_password(b"copper-lantern-orbit-71", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"wrong", &parsed)
                .is_err()
        );
        Ok(())
    }
}
