//! Manual key entry ("Trouble Scanning"): turn a Base32 key as people type or
//! paste it into a [`Secret`], and validate the rest of the manual form with
//! one precise error per field.

use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS};
use crate::secret::Secret;
use zeroize::Zeroizing;

/// Shortest key accepted from a person typing: 80 bits (16 Base32 characters),
/// which many real sites still issue.
pub const MIN_TYPED_KEY_BITS: usize = 80;
/// RFC 4226 asks for at least 128 bits; shorter keys work but are flagged.
pub const RECOMMENDED_KEY_BITS: usize = 128;
/// Longest key accepted (a SHA-512 block is 1024 bits).
pub const MAX_KEY_BITS: usize = 1024;

/// Why a typed key is not a usable Base32 secret. Positions are 1-based and
/// count characters of the text exactly as typed, so a UI can point at them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is empty")]
    Empty,
    #[error("character {position} ('{character}') is not Base32 (A-Z, 2-7){}", hint_suffix(*hint))]
    InvalidCharacter {
        character: char,
        position: usize,
        hint: Option<&'static str>,
    },
    #[error("character {position} is '=' padding, which may only come at the end of the key")]
    MisplacedPadding { position: usize },
    #[error("the key has {length} Base32 characters, which cannot encode whole bytes: a character is probably missing or extra")]
    InvalidLength { length: usize },
    #[error("the key is only {bits} bits long; at least {min_bits} bits ({} characters) are needed", min_bits / 5)]
    TooShort { bits: usize, min_bits: usize },
    #[error("the key is {bits} bits long; at most {MAX_KEY_BITS} bits are supported")]
    TooLong { bits: usize },
}

fn hint_suffix(hint: Option<&'static str>) -> String {
    hint.map(|h| format!("; {h}")).unwrap_or_default()
}

/// A key that decoded: the secret and whether it is shorter than RFC 4226's
/// recommended 128 bits (it still works; the UI may say so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedKey {
    pub secret: Secret,
    pub bits: usize,
    pub shorter_than_recommended: bool,
}

/// Parses a key as typed: spaces, dashes, tabs and line breaks between groups,
/// lower case and trailing `=` padding are all fine.
pub fn parse_key(typed: &str) -> Result<ParsedKey, KeyError> {
    parse_key_with_min_bits(typed, MIN_TYPED_KEY_BITS)
}

/// Like [`parse_key`] with a caller-chosen minimum length (URIs from sites are
/// taken as they come, down to a single byte).
pub fn parse_key_with_min_bits(typed: &str, min_bits: usize) -> Result<ParsedKey, KeyError> {
    let mut normalized = Zeroizing::new(String::with_capacity(typed.len()));
    let mut padding_started_at: Option<usize> = None;
    for (index, character) in typed.chars().enumerate() {
        let position = index + 1;
        if character.is_whitespace() || character == '-' {
            continue;
        }
        if character == '=' {
            padding_started_at.get_or_insert(position);
            continue;
        }
        if let Some(padding_position) = padding_started_at {
            return Err(KeyError::MisplacedPadding {
                position: padding_position,
            });
        }
        let upper = character.to_ascii_uppercase();
        if upper.is_ascii_uppercase() || ('2'..='7').contains(&upper) {
            normalized.push(upper);
        } else {
            return Err(KeyError::InvalidCharacter {
                character,
                position,
                hint: confusion_hint(character),
            });
        }
    }
    if normalized.is_empty() {
        return Err(KeyError::Empty);
    }
    // Base32 lengths of 1, 3 or 6 (mod 8) cannot come from whole bytes.
    if matches!(normalized.len() % 8, 1 | 3 | 6) {
        return Err(KeyError::InvalidLength {
            length: normalized.len(),
        });
    }
    let bits = normalized.len() * 5 / 8 * 8;
    if bits > MAX_KEY_BITS {
        return Err(KeyError::TooLong { bits });
    }
    if bits < min_bits {
        return Err(KeyError::TooShort { bits, min_bits });
    }
    let bytes = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &normalized).ok_or(
        KeyError::InvalidLength {
            length: normalized.len(),
        },
    )?;
    let secret = Secret::from_bytes(bytes);
    Ok(ParsedKey {
        bits: secret.bits(),
        shorter_than_recommended: secret.bits() < RECOMMENDED_KEY_BITS,
        secret,
    })
}

/// Characters people type for look-alikes that Base32 leaves out.
fn confusion_hint(character: char) -> Option<&'static str> {
    match character {
        '0' => Some("Base32 has no zero: did you mean the letter O?"),
        '1' => Some("Base32 has no one: did you mean the letter I or L?"),
        '8' => Some("Base32 has no eight: did you mean the letter B?"),
        '9' => Some("Base32 has no nine: did you mean the letter g?"),
        _ => None,
    }
}

/// Code type chosen in the manual form's advanced options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ManualKind {
    #[default]
    Totp,
    Hotp,
    Steam,
}

/// The "Trouble Scanning" form: what the user typed, before validation.
#[derive(Clone, PartialEq, Eq)]
pub struct ManualEntry {
    pub key: Zeroizing<String>,
    pub name: String,
    pub issuer: String,
    pub kind: ManualKind,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u32,
    pub counter: u64,
}

impl std::fmt::Debug for ManualEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualEntry")
            .field("key", &"<redacted>")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("kind", &self.kind)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("counter", &self.counter)
            .finish()
    }
}

impl Default for ManualEntry {
    fn default() -> Self {
        ManualEntry {
            key: Zeroizing::new(String::new()),
            name: String::new(),
            issuer: String::new(),
            kind: ManualKind::Totp,
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
            counter: 0,
        }
    }
}

/// A field of the manual form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Key,
    Name,
    Issuer,
    Digits,
    Period,
}

/// Longest issuer or account name accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 256;

/// One problem with one field of the manual form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("key: {0}")]
    Key(KeyError),
    #[error("account name: required (for example the email you sign in with)")]
    NameRequired,
    #[error("{}: longer than {MAX_LABEL_CHARS} characters", field_name(*field))]
    TooLong { field: Field },
    #[error("{}: character {position} is a control character", field_name(*field))]
    ControlCharacter { field: Field, position: usize },
    #[error("digits: must be between {MIN_DIGITS} and {MAX_DIGITS}, got {digits}")]
    DigitsOutOfRange { digits: u8 },
    #[error("period: must be at least 1 second")]
    ZeroPeriod,
}

impl FieldError {
    /// The form field this error belongs to.
    pub fn field(&self) -> Field {
        match self {
            FieldError::Key(_) => Field::Key,
            FieldError::NameRequired => Field::Name,
            FieldError::TooLong { field } | FieldError::ControlCharacter { field, .. } => *field,
            FieldError::DigitsOutOfRange { .. } => Field::Digits,
            FieldError::ZeroPeriod => Field::Period,
        }
    }
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Key => "key",
        Field::Name => "account name",
        Field::Issuer => "issuer",
        Field::Digits => "digits",
        Field::Period => "period",
    }
}

/// A validated manual entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatedEntry {
    pub account: NewAccount,
    /// True when the key is shorter than 128 bits (it works; say so gently).
    pub shorter_than_recommended: bool,
}

/// Validates the whole form, returning every field's problem at once so the UI
/// can mark them all.
pub fn validate_entry(entry: &ManualEntry) -> Result<ValidatedEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let key = parse_key(&entry.key)
        .map_err(|e| errors.push(FieldError::Key(e)))
        .ok();

    let name = entry.name.trim();
    if name.is_empty() {
        errors.push(FieldError::NameRequired);
    }
    check_label(Field::Name, name, &mut errors);
    let issuer = entry.issuer.trim();
    check_label(Field::Issuer, issuer, &mut errors);

    let params = match entry.kind {
        ManualKind::Steam => OtpParams::STEAM,
        ManualKind::Totp | ManualKind::Hotp => {
            if !(MIN_DIGITS..=MAX_DIGITS).contains(&entry.digits) {
                errors.push(FieldError::DigitsOutOfRange {
                    digits: entry.digits,
                });
            }
            let kind = if entry.kind == ManualKind::Hotp {
                OtpKind::Hotp {
                    counter: entry.counter,
                }
            } else {
                if entry.period == 0 {
                    errors.push(FieldError::ZeroPeriod);
                }
                OtpKind::Totp {
                    period: entry.period,
                }
            };
            OtpParams {
                kind,
                algorithm: entry.algorithm,
                digits: entry.digits,
            }
        }
    };

    match key {
        Some(key) if errors.is_empty() => Ok(ValidatedEntry {
            shorter_than_recommended: key.shorter_than_recommended,
            account: NewAccount {
                issuer: (!issuer.is_empty()).then(|| issuer.to_string()),
                name: name.to_string(),
                secret: key.secret,
                params,
            },
        }),
        _ => Err(errors),
    }
}

/// Shared checks for issuer and account name (also used by the URI parser).
pub(crate) fn label_problem(field: Field, text: &str) -> Option<FieldError> {
    if text.chars().count() > MAX_LABEL_CHARS {
        return Some(FieldError::TooLong { field });
    }
    text.chars()
        .position(char::is_control)
        .map(|index| FieldError::ControlCharacter {
            field,
            position: index + 1,
        })
}

fn check_label(field: Field, text: &str, errors: &mut Vec<FieldError>) {
    if let Some(problem) = label_problem(field, text) {
        errors.push(problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO_KEY_BYTES: &[u8] = b"Hello!\xde\xad\xbe\xef";

    #[test]
    fn accepts_keys_as_people_type_them() {
        for typed in [
            "JBSWY3DPEHPK3PXP",
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "jbswy3dpehpk3pxp====",
            "  JBSW Y3DP\nEHPK 3PXP\r\n",
            "JBSW\tY3DP\u{a0}EHPK 3PXP",
        ] {
            let key = parse_key(typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
            assert_eq!(key.secret.expose(), HELLO_KEY_BYTES, "{typed:?}");
            assert_eq!(key.bits, 80);
            assert!(key.shorter_than_recommended);
        }
    }

    #[test]
    fn a_160_bit_key_is_not_flagged() {
        let key = parse_key("HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ").unwrap();
        assert_eq!(key.bits, 160);
        assert!(!key.shorter_than_recommended);
    }

    #[test]
    fn invalid_characters_name_character_position_and_hint() {
        let error = parse_key("JBSW Y3DP EHPK 3PX0").unwrap_err();
        assert_eq!(
            error,
            KeyError::InvalidCharacter {
                character: '0',
                position: 19,
                hint: confusion_hint('0')
            }
        );
        let message = error.to_string();
        assert!(message.contains("character 19 ('0')"), "{message}");
        assert!(message.contains("letter O"), "{message}");

        assert!(
            matches!(parse_key("JBSW1"), Err(KeyError::InvalidCharacter { character: '1', position: 5, hint: Some(h) }) if h.contains("I or L"))
        );
        assert!(
            matches!(parse_key("8BSW"), Err(KeyError::InvalidCharacter { character: '8', position: 1, hint: Some(h) }) if h.contains("letter B"))
        );
        assert!(matches!(
            parse_key("ab_c"),
            Err(KeyError::InvalidCharacter {
                character: '_',
                position: 3,
                hint: None
            })
        ));
        // Positions count characters, not bytes.
        assert!(matches!(
            parse_key("éé!"),
            Err(KeyError::InvalidCharacter {
                character: 'é',
                position: 1,
                ..
            })
        ));
    }

    #[test]
    fn padding_only_at_the_end() {
        assert_eq!(
            parse_key("JBSW==Y3DPEHPK3PXP"),
            Err(KeyError::MisplacedPadding { position: 5 })
        );
    }

    #[test]
    fn empty_short_long_and_impossible_lengths() {
        assert_eq!(parse_key(""), Err(KeyError::Empty));
        assert_eq!(parse_key("  - \n"), Err(KeyError::Empty));
        assert_eq!(parse_key("===="), Err(KeyError::Empty));
        assert_eq!(
            parse_key("JBSWY3DPEHPK3P"),
            Err(KeyError::InvalidLength { length: 14 })
        );
        assert_eq!(
            parse_key("JBSWY3DPEHPK"),
            Err(KeyError::TooShort {
                bits: 56,
                min_bits: 80
            })
        );
        assert!(parse_key("JBSWY3DPEHPK3PXP").is_ok());
        let too_long = "A".repeat(MAX_KEY_BITS / 5 + 8);
        assert!(matches!(
            parse_key(&too_long),
            Err(KeyError::TooLong { .. })
        ));
        // URIs may carry shorter keys.
        assert_eq!(parse_key_with_min_bits("JBSWY3DP", 8).unwrap().bits, 40);
    }

    #[test]
    fn errors_never_echo_the_valid_part_of_the_key() {
        let error = parse_key("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBO0")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("HXDM"), "{error}");
    }

    fn form(key: &str, name: &str) -> ManualEntry {
        ManualEntry {
            key: Zeroizing::new(key.into()),
            name: name.into(),
            ..ManualEntry::default()
        }
    }

    #[test]
    fn manual_entry_builds_an_account() {
        let mut entry = form("jbsw y3dp ehpk 3pxp", "  john.doe@email.com ");
        entry.issuer = " ACME Co ".into();
        let valid = validate_entry(&entry).unwrap();
        assert_eq!(valid.account.name, "john.doe@email.com");
        assert_eq!(valid.account.issuer.as_deref(), Some("ACME Co"));
        assert_eq!(valid.account.params, OtpParams::DEFAULT_TOTP);
        assert!(valid.shorter_than_recommended);
    }

    #[test]
    fn manual_entry_reports_every_field_once() {
        let mut entry = form("JBSW0", "");
        entry.issuer = "bad\u{7}issuer".into();
        entry.digits = 4;
        entry.period = 0;
        let errors = validate_entry(&entry).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(FieldError::field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Key,
                Field::Name,
                Field::Issuer,
                Field::Digits,
                Field::Period
            ]
        );
        assert_eq!(
            errors[2],
            FieldError::ControlCharacter {
                field: Field::Issuer,
                position: 4
            }
        );
    }

    #[test]
    fn manual_entry_advanced_kinds() {
        let mut entry = form("JBSWY3DPEHPK3PXP", "me");
        entry.kind = ManualKind::Hotp;
        entry.counter = 7;
        entry.period = 0; // irrelevant for HOTP
        entry.algorithm = Algorithm::Sha512;
        entry.digits = 8;
        let account = validate_entry(&entry).unwrap().account;
        assert_eq!(account.params.kind, OtpKind::Hotp { counter: 7 });
        assert_eq!(account.params.algorithm, Algorithm::Sha512);

        entry.kind = ManualKind::Steam;
        entry.digits = 99; // Steam ignores digits
        assert_eq!(
            validate_entry(&entry).unwrap().account.params,
            OtpParams::STEAM
        );
    }

    #[test]
    fn manual_entry_debug_redacts_key() {
        let entry = form("JBSWY3DPEHPK3PXP", "me");
        // The typed text, and the key it decodes to in every encoding.
        let printed = format!("{entry:?}");
        assert!(!printed.contains("JBSW"));
        twofold_test_support::redaction::assert_hides(&printed, b"Hello!\xde\xad\xbe\xef");
    }
}
