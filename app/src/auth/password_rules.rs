//! What the password policy asks for, in words both the browser and the server use.

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

pub fn hint() -> String {
    format!(
        "At least {MIN_LENGTH} characters and hard to guess: a phrase of unrelated words works well. \
         Common passwords and ones built from your name or email are refused."
    )
}
