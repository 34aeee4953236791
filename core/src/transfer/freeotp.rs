//! FreeOTP and FreeOTP+ tokens. Both apps keep them as Gson-serialised
//! `Token` objects: `issuerExt`/`issuerInt`/`issuerAlt`, `label`/`labelAlt`,
//! `type` (TOTP or HOTP), `algo`, `digits`, `period`, `counter`, and the key
//! as a list of signed byte values in `secret`.
//!
//! - FreeOTP (v1) and FreeOTP+'s internal file: `shared_prefs/tokens.xml`, a
//!   preferences map of one JSON token per entry plus `tokenOrder`, the JSON
//!   list of token ids in display order.
//! - FreeOTP+'s export: `{"tokenOrder": [...], "tokens": [token, ...]}`.
//!
//! The user-edited names (`issuerAlt`, `labelAlt`) win over the ones the QR
//! code set, as in the apps. Images (`image`, `imageAlt`: file or web
//! addresses, not image data) are not kept.

use super::fields::{json_error_reason, without_bom, LooseEntry, LooseNumber, SecretText};
use super::{
    prefs_xml, raw_keys, EntryProblem, Format, ImportFile, PortableAccount, TransferError,
};
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use zeroize::Zeroizing;

#[derive(Deserialize)]
struct Token {
    #[serde(default, rename = "issuerExt")]
    issuer_ext: Option<String>,
    #[serde(default, rename = "issuerInt")]
    issuer_int: Option<String>,
    #[serde(default, rename = "issuerAlt")]
    issuer_alt: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default, rename = "labelAlt")]
    label_alt: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    algo: Option<String>,
    #[serde(default)]
    digits: Option<LooseNumber>,
    #[serde(default)]
    period: Option<LooseNumber>,
    #[serde(default)]
    counter: Option<LooseNumber>,
    #[serde(default)]
    secret: Option<SignedBytes>,
}

#[derive(Deserialize)]
struct PlusExport {
    tokens: Vec<Token>,
}

/// FreeOTP+'s JSON export.
pub fn parse_plus_json(json: &str) -> Result<ImportFile, TransferError> {
    let format = Format::FreeOtpPlusJson;
    let export: PlusExport = serde_json::from_str(without_bom(json))
        .map_err(|error| TransferError::malformed(format, json_error_reason(&error)))?;
    let mut file = ImportFile::new(format);
    for (index, token) in export.tokens.iter().enumerate() {
        push(&mut file, index + 1, token);
    }
    Ok(file)
}

/// FreeOTP's `tokens.xml` (also FreeOTP+'s internal copy), in `tokenOrder`
/// order; tokens the order does not name follow in file order.
pub fn parse_xml(text: &str) -> Result<ImportFile, TransferError> {
    let format = Format::FreeOtpXml;
    let entries = prefs_xml::read(without_bom(text), format)?;
    let order: Vec<String> = match entries.iter().find(|e| e.name == "tokenOrder") {
        Some(entry) => serde_json::from_str(&entry.value).map_err(|error| {
            TransferError::malformed(format, format!("tokenOrder: {}", json_error_reason(&error)))
        })?,
        None => Vec::new(),
    };
    let mut tokens: Vec<(usize, usize, &prefs_xml::Preference)> = entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.name != "tokenOrder")
        .map(|(index, entry)| {
            let rank = order
                .iter()
                .position(|id| *id == entry.name)
                .unwrap_or(usize::MAX);
            (rank, index, entry)
        })
        .collect();
    tokens.sort_by_key(|(rank, index, _)| (*rank, *index));
    let mut file = ImportFile::new(format);
    for (_, index, entry) in tokens {
        match serde_json::from_str::<Token>(&entry.value) {
            Ok(token) => push(&mut file, index + 1, &token),
            Err(error) => file.problems.push(EntryProblem {
                position: index + 1,
                label: super::fields::problem_label(None, &entry.name),
                reason: format!("not a FreeOTP token: {}", json_error_reason(&error)),
            }),
        }
    }
    Ok(file)
}

/// Whether a preferences file is FreeOTP's: it has `tokenOrder`, or its
/// first entry is a token.
pub(super) fn is_token_map(entries: &[prefs_xml::Preference]) -> bool {
    entries.iter().any(|entry| entry.name == "tokenOrder")
        || entries.first().is_some_and(|entry| {
            serde_json::from_str::<serde_json::Value>(&entry.value)
                .ok()
                .and_then(|value| {
                    value
                        .as_object()
                        .map(|o| o.contains_key("algo") && o.contains_key("secret"))
                })
                .unwrap_or(false)
        })
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn push(file: &mut ImportFile, position: usize, token: &Token) {
    let issuer = non_empty(&token.issuer_alt)
        .or(non_empty(&token.issuer_ext))
        .or(non_empty(&token.issuer_int));
    let name = non_empty(&token.label_alt)
        .or(non_empty(&token.label))
        .unwrap_or("");
    let label = super::fields::problem_label(issuer, name);
    let result = token_secret(token).and_then(|secret| {
        // As Aegis does: FreeOTP has no Steam type; a TOTP token issued by
        // Steam is one.
        let steam = token
            .kind
            .as_deref()
            .is_none_or(|k| k.eq_ignore_ascii_case("TOTP"))
            && non_empty(&token.issuer_ext).is_some_and(|i| i.eq_ignore_ascii_case("steam"));
        LooseEntry {
            issuer,
            name: Some(name),
            secret: Some(&secret),
            kind: if steam {
                Some("STEAM")
            } else {
                token.kind.as_deref()
            },
            algorithm: token.algo.as_deref(),
            digits: token.digits.as_ref(),
            period: token.period.as_ref(),
            counter: token.counter.as_ref(),
            kind_field: "type",
        }
        .build()
    });
    match result {
        Ok(account) => file.accounts.push(PortableAccount::bare(account)),
        Err(reason) => file.problems.push(EntryProblem {
            position,
            label,
            reason,
        }),
    }
}

/// The token's key as Base32 text, the form [`LooseEntry`] validates.
fn token_secret(token: &Token) -> Result<SecretText, String> {
    match &token.secret {
        None => Err("secret: missing".into()),
        Some(SignedBytes::Bad(reason)) => Err(format!("secret: {reason}")),
        Some(SignedBytes::Good(bytes)) => {
            let secret = raw_keys::from_bytes("secret", bytes.clone())?;
            Ok(SecretText(secret.to_base32()))
        }
    }
}

/// Java's `byte[]` as Gson writes it: numbers from -128 to 127. A value out
/// of range is kept as a reason, so only that token is refused.
enum SignedBytes {
    Good(Zeroizing<Vec<u8>>),
    Bad(String),
}

impl<'de> Deserialize<'de> for SignedBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SignedBytesVisitor)
    }
}

struct SignedBytesVisitor;

impl<'de> Visitor<'de> for SignedBytesVisitor {
    type Value = SignedBytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of byte values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SignedBytes, A::Error> {
        let mut bytes = Zeroizing::new(Vec::new());
        let mut problem = None;
        let mut index = 0usize;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            index += 1;
            match value.as_i64() {
                Some(byte @ -128..=127) => bytes.push(byte as i8 as u8),
                _ if problem.is_none() => {
                    problem = Some(format!("value {index} is not a byte (-128 to 127)"))
                }
                _ => {}
            }
        }
        Ok(match problem {
            Some(reason) => SignedBytes::Bad(reason),
            None => SignedBytes::Good(bytes),
        })
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<SignedBytes, E> {
        Ok(SignedBytes::Bad(
            "expected a list of byte values, found text".into(),
        ))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<SignedBytes, E> {
        Ok(SignedBytes::Bad(
            "expected a list of byte values, found null".into(),
        ))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<SignedBytes, E> {
        Ok(SignedBytes::Bad(
            "expected a list of byte values, found a number".into(),
        ))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<SignedBytes, E> {
        self.visit_i64(0)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<SignedBytes, E> {
        self.visit_i64(0)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<SignedBytes, E> {
        Ok(SignedBytes::Bad(
            "expected a list of byte values, found true/false".into(),
        ))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SignedBytes, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(SignedBytes::Bad(
            "expected a list of byte values, found an object".into(),
        ))
    }
}
