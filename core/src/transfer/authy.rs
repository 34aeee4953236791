//! Authy's token files from a rooted Android device:
//! `shared_prefs/com.authy.storage.tokens.authenticator.xml` (third-party
//! accounts) and `…tokens.authy.xml` (Authy's own). Each is a preferences
//! map whose `….key` entry holds a JSON list of tokens: `name`,
//! `originalName`, `originalIssuer`, `accountType`, `digits`, and the key as
//! Base32 `decryptedSecret` (third-party, 30 s) or hex `secretSeed`
//! (Authy's own, 10 s), as Aegis reads them. Tokens whose key is still
//! encrypted with the backup password (`encryptedSecret`, `salt`) are the
//! encrypted variant. Logos (`logo`, `accountType` is only used for the
//! issuer) are not kept.

use super::fields::{clean_label, problem_label, without_bom, LooseNumber, SecretText};
use super::{
    prefs_xml, raw_keys, EntryProblem, Format, ImportFile, PortableAccount, TransferError,
};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS};
use crate::key::Field;
use serde::Deserialize;

const FORMAT: Format = Format::AuthyXml;
const TOKEN_KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "originalName")]
    original_name: Option<String>,
    #[serde(default, rename = "originalIssuer")]
    original_issuer: Option<String>,
    #[serde(default, rename = "accountType")]
    account_type: Option<String>,
    #[serde(default)]
    digits: Option<LooseNumber>,
    #[serde(default, rename = "decryptedSecret")]
    decrypted_secret: Option<SecretText>,
    #[serde(default, rename = "secretSeed")]
    secret_seed: Option<SecretText>,
    #[serde(default, rename = "encryptedSecret")]
    encrypted_secret: Option<serde::de::IgnoredAny>,
}

/// Whether a preferences file is Authy's: it has one of the token lists.
pub(super) fn is_token_map(entries: &[prefs_xml::Preference]) -> bool {
    entries
        .iter()
        .any(|entry| TOKEN_KEYS.contains(&entry.name.as_str()))
}

pub fn parse(text: &str) -> Result<ImportFile, TransferError> {
    let entries = prefs_xml::read(without_bom(text), FORMAT)?;
    let list = entries
        .iter()
        .find(|entry| TOKEN_KEYS.contains(&entry.name.as_str()))
        .ok_or_else(|| {
            TransferError::malformed(FORMAT, "there is no com.authy.storage.tokens….key entry")
        })?;
    let tokens: Vec<Token> = serde_json::from_str(&list.value).map_err(|error| {
        TransferError::malformed(
            FORMAT,
            format!(
                "{}: {}",
                list.name,
                super::fields::json_error_reason(&error)
            ),
        )
    })?;
    if tokens
        .iter()
        .any(|t| t.encrypted_secret.is_some() && t.decrypted_secret.is_none())
    {
        return Err(TransferError::Unsupported {
            format: FORMAT,
            what: "tokens encrypted with Authy's backup password".into(),
        });
    }
    let mut file = ImportFile::new(FORMAT);
    for (index, token) in tokens.iter().enumerate() {
        let (issuer, name) = names(token);
        match read_token(token, issuer.as_deref(), &name) {
            Ok(account) => file.accounts.push(PortableAccount::bare(account)),
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: problem_label(issuer.as_deref(), &name),
                reason,
            }),
        }
    }
    Ok(file)
}

/// Issuer and account name the way Authy shows them: the original issuer,
/// else the "Issuer:" prefix of the original name, else the "Issuer - "
/// prefix of the name, else the account type capitalised. Authy's own
/// tokens are named after the service alone.
fn names(token: &Token) -> (Option<String>, String) {
    let name = token.name.as_deref().unwrap_or("").trim();
    if token.secret_seed.is_some() && token.decrypted_secret.is_none() {
        return ((!name.is_empty()).then(|| name.to_string()), String::new());
    }
    let original_issuer = token
        .original_issuer
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty());
    let from_original_name = token
        .original_name
        .as_deref()
        .and_then(|original| original.split_once(':'))
        .map(|(issuer, _)| issuer.trim())
        .filter(|i| !i.is_empty());
    let from_name = name.split_once(" - ").map(|(issuer, _)| issuer.trim());
    let from_type = token
        .account_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let mut chars = t.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        });
    let issuer = original_issuer
        .or(from_original_name)
        .or(from_name)
        .map(str::to_string)
        .or(from_type);
    let mut name = name.to_string();
    if let Some(issuer) = &issuer {
        for separator in [":", " - "] {
            if let Some(rest) = name.strip_prefix(&format!("{issuer}{separator}")) {
                name = rest.to_string();
                break;
            }
        }
    }
    (issuer, name.trim_start_matches(": ").trim().to_string())
}

fn read_token(token: &Token, issuer: Option<&str>, name: &str) -> Result<NewAccount, String> {
    let (secret, period) = match (&token.decrypted_secret, &token.secret_seed) {
        (Some(base32), _) => (
            super::fields::parse_secret("decryptedSecret", Some(&base32.0))?,
            30,
        ),
        (None, Some(hex)) => (raw_keys::from_hex("secretSeed", &hex.0)?, 10),
        (None, None) => return Err("decryptedSecret: missing".into()),
    };
    let digits = match &token.digits {
        None => return Err("digits: missing".into()),
        Some(LooseNumber::Integer(d)) if (MIN_DIGITS as i64..=MAX_DIGITS as i64).contains(d) => {
            *d as u8
        }
        Some(LooseNumber::Text(t))
            if t.trim()
                .parse::<u8>()
                .is_ok_and(|d| (MIN_DIGITS..=MAX_DIGITS).contains(&d)) =>
        {
            t.trim().parse::<u8>().unwrap_or(6)
        }
        Some(_) => {
            return Err(format!(
                "digits: expected a number from {MIN_DIGITS} to {MAX_DIGITS}"
            ))
        }
    };
    Ok(NewAccount {
        issuer: clean_label(Field::Issuer, issuer)?,
        name: clean_label(Field::Name, Some(name))?.unwrap_or_default(),
        secret,
        params: OtpParams {
            kind: OtpKind::Totp { period },
            algorithm: Algorithm::Sha1,
            digits,
        },
    })
}
