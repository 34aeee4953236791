//! The rule for a password that will protect something new (a vault, an
//! encrypted export or backup): the core's floor, shown to the user. The
//! test-only cheap key derivation does not bypass it.

use crate::failure::Failure;
use twofold_core::password::{self, Strength};
use twofold_core::Error;

/// Shows the estimate on stderr, or refuses a password below the floor
/// (exit 2), naming the reason and never the password.
pub fn require_strong(password: &str) -> Result<Strength, Failure> {
    let strength = password::check_new_password(password).map_err(Error::from)?;
    eprintln!("twofold: {}", describe(&strength));
    Ok(strength)
}

/// "password strength 3 of 4 (about 10^9 guesses)".
pub fn describe(strength: &Strength) -> String {
    let note = strength
        .weakness
        .map(|w| format!("; note: {w}"))
        .unwrap_or_default();
    format!(
        "password strength {} of 4 (about 10^{:.0} guesses){note}",
        strength.score, strength.guesses_log10
    )
}
