//! The password rules. An empty password is never accepted (the vault checks
//! that on every call that takes one). A *new* password that protects data —
//! a vault's, a new key slot's, an encrypted export's or backup's — must also
//! reach a strength floor, checked by [`check_new_password`]: the apps and
//! the CLI call it before they create anything.
//!
//! The strength is an estimate of the guesses an attacker needs
//! ([`estimate`]), scored 0–4 on zxcvbn's scale. zxcvbn itself was measured
//! and left out: it grew the phone library from 3.5 to 6.2 MB.

mod common;
pub mod estimate;

use estimate::Pattern;

/// The lowest score (0–4) a new password may have. Score 2 means at least
/// 10^8 guesses: against the vault's Argon2id (64 MiB per guess) that is
/// years of one machine's work, where score 1 (10^6) is days.
pub const MIN_SCORE: u8 = 2;

/// How guessable a password is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (more than 10^10 guesses).
    pub score: u8,
    /// The guesses an attacker needs (saturates at u64::MAX).
    pub guesses: u64,
    /// The same estimate as a power of ten, for display ("10^9 guesses").
    pub guesses_log10: f64,
    /// The main reason the password is weak (only below score 3).
    pub weakness: Option<Weakness>,
}

impl Strength {
    /// Whether a new vault, key slot or encrypted export may use this password.
    pub fn is_acceptable(&self) -> bool {
        self.score >= MIN_SCORE
    }
}

/// Why a password is easy to guess. A stable list of reasons (no sentences)
/// so each app can say it in its own words and language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    Empty,
    /// Nothing to blame but length: add another word or two.
    TooShort,
    TopTenPassword,
    TopHundredPassword,
    CommonPassword,
    SimilarToCommonPassword,
    /// A single dictionary word (or a reversed or l33t one).
    SingleWord,
    /// A straight row of keys ("qwerty", "asdf").
    StraightRow,
    /// A short keyboard pattern with few turns.
    KeyboardPattern,
    /// One character repeated ("aaa").
    RepeatedCharacter,
    /// A group repeated ("abcabc").
    RepeatedGroup,
    /// A sequence ("abc", "6543").
    Sequence,
    RecentYear,
    Date,
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Weakness::Empty => "it is empty",
            Weakness::TooShort => "it is too short: add another word or two",
            Weakness::TopTenPassword => "it is one of the ten most common passwords",
            Weakness::TopHundredPassword => "it is one of the hundred most common passwords",
            Weakness::CommonPassword => "it is a very common password",
            Weakness::SimilarToCommonPassword => "it is close to a commonly used password",
            Weakness::SingleWord => "a word on its own is easy to guess",
            Weakness::StraightRow => "a straight row of keys is easy to guess",
            Weakness::KeyboardPattern => "a short keyboard pattern is easy to guess",
            Weakness::RepeatedCharacter => "repeated characters are easy to guess",
            Weakness::RepeatedGroup => "a repeated group is barely harder to guess than one",
            Weakness::Sequence => "sequences like abc or 6543 are easy to guess",
            Weakness::RecentYear => "recent years are easy to guess",
            Weakness::Date => "dates are easy to guess",
        })
    }
}

/// Why a password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must not be empty")]
    Empty,
    #[error("{}", describe_too_weak(*.score, *.weakness))]
    TooWeak {
        score: u8,
        weakness: Option<Weakness>,
    },
}

fn describe_too_weak(score: u8, weakness: Option<Weakness>) -> String {
    let why = weakness.map(|w| format!(": {w}")).unwrap_or_default();
    format!("the password is too easy to guess (strength {score} of 4, at least {MIN_SCORE} is needed){why}")
}

/// Refuses the empty password. Every vault call that takes a password
/// starts with this.
pub fn refuse_empty(password: &str) -> Result<(), PasswordError> {
    if password.is_empty() {
        Err(PasswordError::Empty)
    } else {
        Ok(())
    }
}

/// The estimate for `password` (only the first 100 characters are read,
/// so the cost is bounded whatever is pasted).
pub fn strength(password: &str) -> Strength {
    if password.is_empty() {
        return Strength {
            score: 0,
            guesses: 0,
            guesses_log10: 0.0,
            weakness: Some(Weakness::Empty),
        };
    }
    let estimate = estimate::estimate(password);
    let score = score_of(estimate.guesses_log10);
    Strength {
        score,
        guesses: 10f64.powf(estimate.guesses_log10).min(u64::MAX as f64) as u64,
        guesses_log10: estimate.guesses_log10,
        weakness: (score < 3).then(|| weakness_of(&estimate.pieces)),
    }
}

/// zxcvbn's scale: below 10^3, 10^6, 10^8 and 10^10 guesses.
fn score_of(guesses_log10: f64) -> u8 {
    match guesses_log10 {
        g if g < 3.0 => 0,
        g if g < 6.0 => 1,
        g if g < 8.0 => 2,
        g if g < 10.0 => 3,
        _ => 4,
    }
}

/// What to tell the user: the longest piece explains most of the weakness.
fn weakness_of(pieces: &[(Pattern, usize)]) -> Weakness {
    let whole = pieces.len() == 1;
    let Some((pattern, _)) = pieces.iter().max_by_key(|(_, len)| *len) else {
        return Weakness::Empty;
    };
    match *pattern {
        Pattern::Common { rank } if whole && rank < 10 => Weakness::TopTenPassword,
        Pattern::Common { rank } if whole && rank < 100 => Weakness::TopHundredPassword,
        Pattern::Common { .. } if whole => Weakness::CommonPassword,
        Pattern::Common { .. } => Weakness::SimilarToCommonPassword,
        Pattern::Word if whole => Weakness::SingleWord,
        Pattern::KeyboardWalk { turns: 1 } => Weakness::StraightRow,
        Pattern::KeyboardWalk { .. } => Weakness::KeyboardPattern,
        Pattern::RepeatedCharacter => Weakness::RepeatedCharacter,
        Pattern::RepeatedGroup => Weakness::RepeatedGroup,
        Pattern::Sequence => Weakness::Sequence,
        Pattern::Year => Weakness::RecentYear,
        Pattern::Date => Weakness::Date,
        Pattern::Word | Pattern::BruteForce => Weakness::TooShort,
    }
}

/// The rule for a new password: not empty, and at least [`MIN_SCORE`].
/// Returns the estimate so a caller can show it.
pub fn check_new_password(password: &str) -> Result<Strength, PasswordError> {
    refuse_empty(password)?;
    let strength = strength(password);
    if strength.is_acceptable() {
        Ok(strength)
    } else {
        Err(PasswordError::TooWeak {
            score: strength.score,
            weakness: strength.weakness,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_refused_everywhere() {
        assert_eq!(refuse_empty(""), Err(PasswordError::Empty));
        assert_eq!(check_new_password(""), Err(PasswordError::Empty));
        assert_eq!(strength("").weakness, Some(Weakness::Empty));
        assert!(refuse_empty("x").is_ok());
    }

    #[test]
    fn trivial_passwords_are_below_the_floor_with_a_reason() {
        for (password, weakness) in [
            ("a", Weakness::TooShort),
            ("password", Weakness::TopTenPassword),
            ("qwertyuiop", Weakness::TopHundredPassword),
            ("sdfghjkl;", Weakness::StraightRow),
            ("aaaaaaaaaaaa", Weakness::RepeatedCharacter),
            ("abcdefghijk", Weakness::Sequence),
            ("twofold", Weakness::CommonPassword),
            ("kettle", Weakness::SingleWord),
            ("Password1!", Weakness::SimilarToCommonPassword),
            ("24/12/1987", Weakness::Date),
        ] {
            let strength = strength(password);
            assert!(!strength.is_acceptable(), "{password}: {strength:?}");
            assert_eq!(strength.weakness, Some(weakness), "{password}");
            assert!(
                matches!(check_new_password(password), Err(PasswordError::TooWeak { score, .. }) if score < MIN_SCORE),
                "{password}"
            );
        }
    }

    #[test]
    fn a_few_uncommon_words_pass() {
        for password in ["correct horse battery staple", "plum kettle ravine 42"] {
            let strength = check_new_password(password).expect(password);
            assert!(strength.score >= 3, "{password}: {strength:?}");
            assert!(strength.guesses_log10 >= 10.0, "{password}: {strength:?}");
        }
    }

    #[test]
    fn the_estimate_is_monotonic_in_guesses() {
        let weak = strength("monkey1");
        let strong = strength("monkey1 drifts over teal gravel");
        assert!(weak.guesses < strong.guesses);
        assert!(weak.score < strong.score);
    }

    #[test]
    fn a_huge_paste_is_estimated_quickly() {
        let pasted = "x7#Lq".repeat(200_000);
        let started = std::time::Instant::now();
        let _ = strength(&pasted);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn the_refusal_names_the_floor_and_the_reason() {
        let message = check_new_password("iloveyou").unwrap_err().to_string();
        assert!(message.contains("at least 2"), "{message}");
        assert!(message.contains("most common"), "{message}");
        assert!(!message.contains("iloveyou"), "{message}");
    }

    proptest::proptest! {
        /// Any text a user can type (any script, control characters, far
        /// past the 100 characters the estimate reads) gets a score in
        /// range and the floor's verdict, never a panic.
        #[test]
        fn any_password_gets_a_score_in_range(password in "\\PC{0,160}") {
            let estimate = strength(&password);
            proptest::prop_assert!(estimate.score <= 4);
            proptest::prop_assert!(estimate.guesses_log10.is_finite());
            proptest::prop_assert!(estimate.guesses_log10 >= 0.0);
            proptest::prop_assert_eq!(check_new_password(&password).is_ok(), !password.is_empty() && estimate.score >= MIN_SCORE);
        }
    }
}
