//! Password strength for the apps' "choose a password" screens, and the
//! core's floor on every call that protects something new with a password
//! (creating a vault, adding or changing a password slot, an encrypted
//! export or backup). The reasons are an enum: each app words them itself.

use crate::error::TwofoldError;
use twofold_core::password::{self, Strength, Weakness};
use zeroize::Zeroizing;

/// Why a password is easy to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PasswordWeakness {
    Empty,
    /// Nothing to blame but length: suggest another word or two.
    TooShort,
    TopTenPassword,
    TopHundredPassword,
    CommonPassword,
    SimilarToCommonPassword,
    /// A single dictionary word (or a reversed or l33t one).
    SingleWord,
    /// A straight row of keys ("qwerty").
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

impl From<Weakness> for PasswordWeakness {
    fn from(weakness: Weakness) -> Self {
        match weakness {
            Weakness::Empty => PasswordWeakness::Empty,
            Weakness::TooShort => PasswordWeakness::TooShort,
            Weakness::TopTenPassword => PasswordWeakness::TopTenPassword,
            Weakness::TopHundredPassword => PasswordWeakness::TopHundredPassword,
            Weakness::CommonPassword => PasswordWeakness::CommonPassword,
            Weakness::SimilarToCommonPassword => PasswordWeakness::SimilarToCommonPassword,
            Weakness::SingleWord => PasswordWeakness::SingleWord,
            Weakness::StraightRow => PasswordWeakness::StraightRow,
            Weakness::KeyboardPattern => PasswordWeakness::KeyboardPattern,
            Weakness::RepeatedCharacter => PasswordWeakness::RepeatedCharacter,
            Weakness::RepeatedGroup => PasswordWeakness::RepeatedGroup,
            Weakness::Sequence => PasswordWeakness::Sequence,
            Weakness::RecentYear => PasswordWeakness::RecentYear,
            Weakness::Date => PasswordWeakness::Date,
        }
    }
}

/// How guessable a password is (the core's estimate).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PasswordStrength {
    /// 0 (guessed at once) to 4 (more than 10^10 guesses).
    pub score: u8,
    /// Estimated guesses an attacker needs (saturates at the u64 maximum).
    pub guesses: u64,
    /// The same as a power of ten, for display.
    pub guesses_log10: f64,
    /// The main reason it is weak, if there is one to name.
    pub weakness: Option<PasswordWeakness>,
    /// Whether creating a vault, a password slot or an encrypted export with
    /// it is allowed (the core's floor; the calls refuse it otherwise).
    pub acceptable: bool,
}

impl From<Strength> for PasswordStrength {
    fn from(strength: Strength) -> Self {
        PasswordStrength {
            score: strength.score,
            guesses: strength.guesses,
            guesses_log10: strength.guesses_log10,
            weakness: strength.weakness.map(Into::into),
            acceptable: strength.is_acceptable(),
        }
    }
}

/// The estimate for a password being typed (cheap: call it as the user types).
#[uniffi::export]
pub fn password_strength(password: String) -> PasswordStrength {
    let password = Zeroizing::new(password);
    password::strength(&password).into()
}

/// The floor, for the calls that protect something new with `password`.
pub(crate) fn require_new_password(password: &str) -> Result<(), TwofoldError> {
    password::check_new_password(password)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_strong_passwords_are_told_apart() {
        let weak = password_strength("password".into());
        assert!(!weak.acceptable);
        assert_eq!(weak.weakness, Some(PasswordWeakness::TopTenPassword));
        let strong = password_strength("plum kettle ravine 42".into());
        assert!(strong.acceptable && strong.score >= 3, "{strong:?}");
        assert!(matches!(
            require_new_password("password"),
            Err(TwofoldError::PasswordTooWeak {
                weakness: Some(PasswordWeakness::TopTenPassword),
                reason,
                ..
            }) if reason.contains("too easy to guess")
        ));
        assert!(require_new_password("plum kettle ravine 42").is_ok());
    }

    #[test]
    fn the_vault_calls_enforce_the_floor() {
        use crate::vault::{KdfParams, SlotKind, Vault};
        let cheap = || {
            Some(KdfParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            })
        };
        let refused = |result: Result<_, TwofoldError>| matches!(result, Err(TwofoldError::PasswordTooWeak { score, .. }) if score < password::MIN_SCORE);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db").to_string_lossy().into_owned();
        assert!(refused(
            Vault::create_with_password(path.clone(), "letmein".into(), cheap(), 0).map(drop)
        ));
        assert!(!dir.path().join("vault.db").exists());
        let empty = Vault::create_with_password(path.clone(), String::new(), cheap(), 0);
        assert!(matches!(
            empty,
            Err(TwofoldError::PasswordTooWeak {
                weakness: Some(PasswordWeakness::Empty),
                ..
            })
        ));
        let vault =
            Vault::create_with_password(path, "plum kettle ravine 42".into(), cheap(), 0).unwrap();
        let slot = vault
            .slots()
            .unwrap()
            .into_iter()
            .find(|slot| slot.kind == SlotKind::Password)
            .unwrap();
        assert!(refused(
            vault
                .add_password_slot("123456".into(), cheap(), 0)
                .map(drop)
        ));
        assert!(refused(
            vault
                .change_password(slot.id, "qwerty".into(), cheap(), 0)
                .map(drop)
        ));
        assert!(refused(
            vault.export_backup("iloveyou".into(), cheap(), 0).map(drop)
        ));
        assert!(refused(vault.export_aegis("dragon".into()).map(drop)));
        assert_eq!(vault.slots().unwrap().len(), 1);
    }
}
