//! Building blocks the JSON importers share: a secret string that is wiped
//! when dropped, lenient numbers, and turning an entry's loose fields into a
//! validated [`NewAccount`] with one precise reason when it cannot be.

use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS};
use crate::key::{self, Field};
use crate::redact::Excerpt;
use crate::secret::Secret;
use serde::{Deserialize, Deserializer};
use std::fmt;
use zeroize::Zeroizing;

/// Keys arrive from sites as short as a single byte; importers take them as
/// they come (like the URI parser) rather than insisting on 80 bits.
const MIN_IMPORTED_KEY_BITS: usize = 8;

/// A secret field of an export file: deserialized straight into zeroizing
/// storage, never printed.
#[derive(Clone, Default)]
pub(crate) struct SecretText(pub Zeroizing<String>);

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| SecretText(Zeroizing::new(text)))
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

/// A number as exports write it: `6`, `6.0` or `"6"`. Anything else is kept
/// as "not a number" so the entry (not the whole file) is reported.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum LooseNumber {
    Integer(i64),
    Float(f64),
    Text(String),
    Other(serde::de::IgnoredAny),
}

impl LooseNumber {
    /// The whole number, or why it is not one (`field` names it).
    fn whole(&self, field: &str) -> Result<i64, String> {
        match self {
            LooseNumber::Integer(value) => Ok(*value),
            LooseNumber::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => {
                Ok(*value as i64)
            }
            LooseNumber::Float(value) if value.fract() == 0.0 => {
                Err(format!("{field}: {value} is out of range"))
            }
            LooseNumber::Float(value) => Err(format!("{field}: {value} is not a whole number")),
            LooseNumber::Text(text) => text
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("{field}: {} is not a whole number", Excerpt::of(text))),
            LooseNumber::Other(_) => Err(format!("{field}: expected a number")),
        }
    }
}

/// The fields of one entry as the source app spells them, before validation.
#[derive(Default)]
pub(crate) struct LooseEntry<'a> {
    pub issuer: Option<&'a str>,
    pub name: Option<&'a str>,
    pub secret: Option<&'a SecretText>,
    /// `TOTP`, `HOTP` or `STEAM` (any case); `None` means TOTP.
    pub kind: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<&'a LooseNumber>,
    pub period: Option<&'a LooseNumber>,
    pub counter: Option<&'a LooseNumber>,
    /// What the source calls the type field, for reasons ("type", "otp.tokenType").
    pub kind_field: &'static str,
}

impl LooseEntry<'_> {
    /// "Issuer (name)" for an [`EntryProblem`](super::EntryProblem), when readable.
    pub fn label(&self) -> Option<String> {
        problem_label(self.issuer, self.name.unwrap_or(""))
    }

    /// Validates every field and builds the account, or says which field is
    /// wrong and why. Missing optional fields take the usual defaults
    /// (TOTP, SHA1, 6 digits, 30 s, counter 0).
    pub fn build(&self) -> Result<NewAccount, String> {
        let secret = parse_secret("secret", self.secret.map(|s| s.0.as_str()))?;
        let issuer = clean_label(Field::Issuer, self.issuer)?;
        let name = clean_label(Field::Name, self.name)?.unwrap_or_default();
        let kind = self
            .kind
            .map(str::trim)
            .unwrap_or("TOTP")
            .to_ascii_uppercase();
        let params = match kind.as_str() {
            "STEAM" => OtpParams::STEAM,
            "TOTP" | "HOTP" | "" => {
                let algorithm = parse_algorithm(self.algorithm)?;
                let digits = number_in(
                    "digits",
                    self.digits,
                    6,
                    MIN_DIGITS as i64,
                    MAX_DIGITS as i64,
                )?;
                let kind = if kind == "HOTP" {
                    let counter = number_in("counter", self.counter, 0, 0, i64::MAX)?;
                    OtpKind::Hotp {
                        counter: counter as u64,
                    }
                } else {
                    let period = number_in("period", self.period, 30, 1, u32::MAX as i64)?;
                    OtpKind::Totp {
                        period: period as u32,
                    }
                };
                OtpParams {
                    kind,
                    algorithm,
                    digits: digits as u8,
                }
            }
            _ => {
                return Err(format!(
                    "{}: {} is not supported (expected TOTP, HOTP or STEAM)",
                    self.kind_field,
                    Excerpt::of(&kind)
                ))
            }
        };
        Ok(NewAccount {
            issuer,
            name,
            secret,
            params,
        })
    }
}

/// "Issuer (name)", "Issuer" or "name" for a problem report; `None` when both
/// are empty. Control characters are dropped so a report stays one line.
pub(crate) fn problem_label(issuer: Option<&str>, name: &str) -> Option<String> {
    let tidy = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_control())
            .take(key::MAX_LABEL_CHARS)
            .collect::<String>()
            .trim()
            .to_string()
    };
    let label = crate::display::label(issuer.map(tidy).as_deref(), &tidy(name));
    (!label.is_empty()).then_some(label)
}

/// Decodes a Base32 key field (spaces, dashes, lower case and `=` padding
/// allowed). The reason names `field` and the offending character, never the key.
pub(crate) fn parse_secret(field: &str, text: Option<&str>) -> Result<Secret, String> {
    let text = text.ok_or_else(|| format!("{field}: missing"))?;
    key::parse_key_with_min_bits(text, MIN_IMPORTED_KEY_BITS)
        .map(|parsed| parsed.secret)
        .map_err(|error| format!("{field}: {error}"))
}

/// Trims an issuer or account name; empty becomes `None`. Too long or with
/// control characters is an error naming the field.
pub(crate) fn clean_label(field: Field, text: Option<&str>) -> Result<Option<String>, String> {
    let text = text.map(str::trim).unwrap_or("");
    if let Some(problem) = key::label_problem(field, text) {
        return Err(problem.to_string());
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

fn parse_algorithm(text: Option<&str>) -> Result<Algorithm, String> {
    match text.map(str::trim) {
        None | Some("") => Ok(Algorithm::Sha1),
        Some(text) => Algorithm::parse(text).ok_or_else(|| {
            format!(
                "algorithm: {} is not supported (expected SHA1, SHA256 or SHA512)",
                Excerpt::of(text)
            )
        }),
    }
}

/// Reads an optional whole number, `default` when absent, within `min..=max`.
fn number_in(
    field: &str,
    value: Option<&LooseNumber>,
    default: i64,
    min: i64,
    max: i64,
) -> Result<i64, String> {
    let value = match value {
        None => return Ok(default),
        Some(value) => value.whole(field)?,
    };
    if value < min || value > max {
        return Err(match field {
            "period" if value < 1 => format!("period: must be at least 1 second, got {value}"),
            "counter" if value < 0 => format!("counter: must not be negative, got {value}"),
            _ => format!("{field}: must be between {min} and {max}, got {value}"),
        });
    }
    Ok(value)
}

/// The text without a leading byte-order mark (Windows editors add one;
/// serde_json rejects it).
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Why a JSON export could not be read at all, with its line and column.
/// serde_json quotes the offending value in type errors ("invalid type:
/// string \"…\""), which could be a secret: only the kind of value is kept.
pub(crate) fn json_error_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let place = format!("line {}, column {}", error.line(), error.column());
    let message = error.to_string();
    // serde_json appends " at line L column C"; we say it our own way.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    match error.classify() {
        Category::Eof => format!("the file ends too early ({place})"),
        Category::Syntax => format!("not valid JSON at {place}: {message}"),
        Category::Io => format!("could not read the file: {message}"),
        Category::Data => {
            let expected = message
                .split_once(", expected ")
                .map(|(_, expected)| expected);
            let found = ["invalid type: ", "invalid value: "]
                .iter()
                .find_map(|prefix| message.strip_prefix(prefix))
                .and_then(|rest| rest.split([' ', ',']).next());
            match (found, expected) {
                (Some(found), Some(expected)) => {
                    format!("unexpected {found} at {place}, expected {expected}")
                }
                // "missing field `services`" and the like quote no values.
                _ if message.starts_with("missing field") => format!("{message} ({place})"),
                _ => format!("unexpected content at {place}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> SecretText {
        SecretText(Zeroizing::new(text.to_string()))
    }

    #[test]
    fn defaults_make_a_standard_totp_account() {
        let key = secret("JBSWY3DPEHPK3PXP");
        let entry = LooseEntry {
            issuer: Some(" ACME "),
            name: Some("me"),
            secret: Some(&key),
            kind_field: "type",
            ..LooseEntry::default()
        };
        let account = entry.build().unwrap();
        assert_eq!(account.params, OtpParams::DEFAULT_TOTP);
        assert_eq!(account.issuer.as_deref(), Some("ACME"));
    }

    #[test]
    fn reasons_name_the_field() {
        let key = secret("JBSWY3DPEHPK3PX1");
        let digits = LooseNumber::Integer(4);
        let mut entry = LooseEntry {
            secret: Some(&key),
            kind_field: "type",
            ..LooseEntry::default()
        };
        let reason = entry.build().unwrap_err();
        assert!(reason.starts_with("secret: character 16 ('1')"), "{reason}");
        assert!(!reason.contains("JBSW"), "{reason}");

        let key = secret("JBSWY3DPEHPK3PXP");
        entry.secret = Some(&key);
        entry.digits = Some(&digits);
        assert_eq!(
            entry.build().unwrap_err(),
            "digits: must be between 6 and 10, got 4"
        );
        entry.digits = None;
        entry.kind = Some("motp");
        assert_eq!(
            entry.build().unwrap_err(),
            "type: 'MOTP' is not supported (expected TOTP, HOTP or STEAM)"
        );
        entry.kind = None;
        entry.secret = None;
        assert_eq!(entry.build().unwrap_err(), "secret: missing");
    }

    /// Whether `text` holds any six consecutive characters of `key`, in any case.
    fn holds_part_of(text: &str, key: &str) -> bool {
        let text = text.to_ascii_uppercase();
        (0..=key.len() - 6).any(|start| text.contains(&key[start..start + 6]))
    }

    #[test]
    fn a_key_in_another_field_is_not_echoed() {
        const KEY: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
        let good = secret("JBSWY3DPEHPK3PXP");
        let misplaced = LooseNumber::Text(KEY.into());
        let base = LooseEntry {
            secret: Some(&good),
            kind_field: "otp.tokenType",
            ..LooseEntry::default()
        };
        let cases = [
            (
                "otp.tokenType",
                LooseEntry {
                    kind: Some(KEY),
                    ..base
                },
            ),
            (
                "algorithm",
                LooseEntry {
                    algorithm: Some(KEY),
                    ..base
                },
            ),
            (
                "digits",
                LooseEntry {
                    digits: Some(&misplaced),
                    ..base
                },
            ),
            (
                "period",
                LooseEntry {
                    period: Some(&misplaced),
                    ..base
                },
            ),
            (
                "counter",
                LooseEntry {
                    kind: Some("HOTP"),
                    counter: Some(&misplaced),
                    ..base
                },
            ),
        ];
        for (field, entry) in cases {
            let reason = entry.build().unwrap_err();
            assert!(!holds_part_of(&reason, KEY), "{field}: {reason}");
            assert!(reason.starts_with(&format!("{field}: ")), "{reason}");
            assert!(reason.contains("(32 characters)"), "{reason}");
        }
    }

    #[test]
    fn loose_numbers() {
        assert_eq!(LooseNumber::Text(" 8 ".into()).whole("digits"), Ok(8));
        assert_eq!(LooseNumber::Float(30.0).whole("period"), Ok(30));
        assert!(LooseNumber::Float(30.5).whole("period").is_err());
        assert_eq!(
            LooseNumber::Float(1e19).whole("counter"),
            Err("counter: 10000000000000000000 is out of range".to_string())
        );
    }

    #[test]
    fn json_type_errors_do_not_quote_values() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            #[allow(dead_code)]
            list: Vec<u8>,
        }
        let error = serde_json::from_str::<Holder>(r#"{"list": "JBSWY3DPEHPK3PXP"}"#).unwrap_err();
        let reason = json_error_reason(&error);
        assert!(!reason.contains("JBSW"), "{reason}");
        assert!(reason.contains("line 1"), "{reason}");
        assert!(reason.contains("expected a sequence"), "{reason}");
    }
}
