//! Stratum's (formerly Authenticator Pro) unencrypted backup: a JSON object
//! with `Authenticators` (`Type`, `Issuer`, `Username`, Base32 `Secret`,
//! `Algorithm` 0/1/2 for SHA-1/256/512, `Digits`, `Period`, `Counter`,
//! `Icon`), `Categories` (`Id`, `Name`) and `AuthenticatorCategories`
//! linking an authenticator's `Secret` to a category's `Id`. Types are
//! 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex (Stratum's `AuthenticatorType`).
//! Categories become groups. Icons (`Icon` names one of Stratum's built-in
//! icons, `CustomIcons` hold images) and mOTP/Yandex accounts (their `Pin`
//! is needed for codes Twofold does not compute) are not kept.

use super::fields::{
    json_error_reason, problem_label, without_bom, LooseEntry, LooseNumber, SecretText,
};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use serde::Deserialize;

const FORMAT: Format = Format::StratumPlain;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Backup {
    authenticators: Vec<Authenticator>,
    #[serde(default)]
    categories: Option<Vec<Category>>,
    #[serde(default)]
    authenticator_categories: Option<Vec<Link>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Authenticator {
    #[serde(default, rename = "Type")]
    kind: Option<LooseNumber>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    secret: Option<SecretText>,
    #[serde(default)]
    algorithm: Option<LooseNumber>,
    #[serde(default)]
    digits: Option<LooseNumber>,
    #[serde(default)]
    period: Option<LooseNumber>,
    #[serde(default)]
    counter: Option<LooseNumber>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Category {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Link {
    #[serde(default)]
    category_id: Option<String>,
    #[serde(default)]
    authenticator_secret: Option<SecretText>,
}

/// Whether a JSON object is a Stratum backup.
pub(super) fn looks_like(object: &serde_json::Map<String, serde_json::Value>) -> bool {
    object
        .get("Authenticators")
        .is_some_and(serde_json::Value::is_array)
}

pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let backup: Backup = serde_json::from_str(without_bom(json))
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let categories = backup.categories.unwrap_or_default();
    let links = backup.authenticator_categories.unwrap_or_default();
    let groups_of = |secret: &str| -> Vec<String> {
        links
            .iter()
            .filter(|link| {
                link.authenticator_secret
                    .as_ref()
                    .is_some_and(|s| s.0.as_str() == secret)
            })
            .filter_map(|link| {
                categories
                    .iter()
                    .find(|c| c.id.is_some() && c.id == link.category_id)
                    .and_then(|c| c.name.as_deref())
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_string)
            })
            .collect()
    };
    let mut file = ImportFile::new(FORMAT);
    for (index, entry) in backup.authenticators.iter().enumerate() {
        let issuer = entry.issuer.as_deref();
        let name = entry.username.as_deref().unwrap_or("");
        match read_entry(entry) {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                if let Some(secret) = &entry.secret {
                    portable.groups = groups_of(&secret.0);
                }
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: problem_label(issuer, name),
                reason,
            }),
        }
    }
    Ok(file)
}

fn read_entry(entry: &Authenticator) -> Result<crate::account::NewAccount, String> {
    let kind = match whole(entry.kind.as_ref()) {
        Some(1) => "HOTP",
        Some(2) => "TOTP",
        Some(4) => "STEAM",
        Some(3) => return Err("Type: 3 (mOTP) is not supported".into()),
        Some(5) => return Err("Type: 5 (Yandex) is not supported".into()),
        Some(other) => {
            return Err(format!(
                "Type: {other} is not a Stratum type (expected 1 to 5)"
            ))
        }
        None => return Err("Type: missing or not a number".into()),
    };
    let algorithm = match whole(entry.algorithm.as_ref()) {
        None if entry.algorithm.is_none() => "SHA1",
        Some(0) => "SHA1",
        Some(1) => "SHA256",
        Some(2) => "SHA512",
        _ => return Err("Algorithm: expected 0 (SHA-1), 1 (SHA-256) or 2 (SHA-512)".into()),
    };
    LooseEntry {
        issuer: entry.issuer.as_deref(),
        name: entry.username.as_deref(),
        secret: entry.secret.as_ref(),
        kind: Some(kind),
        algorithm: Some(algorithm),
        digits: entry.digits.as_ref(),
        period: entry.period.as_ref(),
        counter: entry.counter.as_ref(),
        kind_field: "Type",
    }
    .build()
    .map_err(|reason| {
        // Stratum spells its fields in PascalCase.
        for (ours, theirs) in [
            ("secret:", "Secret:"),
            ("digits:", "Digits:"),
            ("period:", "Period:"),
            ("counter:", "Counter:"),
        ] {
            if let Some(rest) = reason.strip_prefix(ours) {
                return format!("{theirs}{rest}");
            }
        }
        reason
    })
}

fn whole(number: Option<&LooseNumber>) -> Option<i64> {
    match number? {
        LooseNumber::Integer(value) => Some(*value),
        LooseNumber::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}
