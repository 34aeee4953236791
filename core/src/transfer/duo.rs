//! Duo Mobile's account list, `files/duokit/accounts.json` on the device
//! (as Aegis reads it): a JSON array of accounts, each with a `name` and,
//! for third-party accounts, an `otpGenerator` holding the Base32
//! `otpSecret` and, for HOTP ones, a `counter`. Duo's codes are always
//! SHA-1, 6 digits, 30 seconds. Duo's own push accounts (no
//! `otpGenerator`) have no codes and are reported, not imported. The logo
//! (`logoUri`) is not kept.

use super::fields::{
    json_error_reason, problem_label, without_bom, LooseEntry, LooseNumber, SecretText,
};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use serde::Deserialize;

const FORMAT: Format = Format::DuoMobile;

#[derive(Deserialize)]
struct Account {
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "otpGenerator")]
    otp_generator: Option<Generator>,
}

#[derive(Deserialize)]
struct Generator {
    #[serde(default, rename = "otpSecret")]
    otp_secret: Option<SecretText>,
    #[serde(default)]
    counter: Option<LooseNumber>,
}

/// Whether a JSON array is Duo's: its first element has `otpGenerator`,
/// or Duo's own `pkey` and `akey`.
pub(super) fn looks_like(array: &[serde_json::Value]) -> bool {
    array
        .first()
        .and_then(serde_json::Value::as_object)
        .is_some_and(|first| {
            first.contains_key("otpGenerator")
                || (first.contains_key("pkey") && first.contains_key("akey"))
        })
}

pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let accounts: Vec<Account> = serde_json::from_str(without_bom(json))
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let mut file = ImportFile::new(FORMAT);
    for (index, account) in accounts.iter().enumerate() {
        let name = account.name.as_deref().map(str::trim).unwrap_or("");
        let result = match &account.otp_generator {
            None => Err("a Duo push account: it has no codes to import".to_string()),
            Some(generator) => LooseEntry {
                issuer: None,
                name: Some(name),
                secret: generator.otp_secret.as_ref(),
                kind: Some(if generator.counter.is_some() {
                    "HOTP"
                } else {
                    "TOTP"
                }),
                counter: generator.counter.as_ref(),
                kind_field: "otpGenerator",
                ..LooseEntry::default()
            }
            .build()
            .map_err(|reason| reason.replacen("secret:", "otpGenerator.otpSecret:", 1)),
        };
        match result {
            Ok(account) => file.accounts.push(PortableAccount::bare(account)),
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: problem_label(None, name),
                reason,
            }),
        }
    }
    Ok(file)
}
