//! Steam Desktop Authenticator's `.maFile` (and steamguard-cli's, which
//! reads and writes the same): one JSON object per Steam account with the
//! Base64 `shared_secret` the codes come from, `account_name`, and the
//! `revocation_code` that removes the authenticator from the account.
//! Older files carry a `Session` of web cookies, newer ones the account's
//! `steamid` and OAuth tokens; both keep the fields read here. The
//! revocation code becomes the account's recovery code; `identity_secret`
//! (trade confirmations) and the session are not kept. Encrypted maFiles
//! (SDA's `manifest.json` with a password) are not read.

use super::fields::{clean_label, json_error_reason, without_bom, LooseNumber, SecretText};
use super::{
    raw_keys, EntryProblem, Format, ImportFile, PortableAccount, PortableRecoveryCode,
    TransferError,
};
use crate::account::{NewAccount, OtpParams};
use crate::key::Field;
use serde::Deserialize;
use zeroize::Zeroizing;

const FORMAT: Format = Format::SteamMaFile;

#[derive(Deserialize)]
struct MaFile {
    #[serde(default)]
    shared_secret: Option<SecretText>,
    #[serde(default)]
    account_name: Option<String>,
    #[serde(default)]
    revocation_code: Option<SecretText>,
    /// When the authenticator was added (Unix seconds), a number or text.
    #[serde(default)]
    server_time: Option<LooseNumber>,
}

/// Whether a JSON object is a maFile (it has `shared_secret` and
/// `account_name`) or SDA's `manifest.json` beside them (`entries` naming
/// each maFile's `filename` and `steamid`).
pub(super) fn looks_like(object: &serde_json::Map<String, serde_json::Value>) -> bool {
    (object.contains_key("shared_secret") && object.contains_key("account_name"))
        || is_manifest(object)
}

fn is_manifest(object: &serde_json::Map<String, serde_json::Value>) -> bool {
    object
        .get("entries")
        .and_then(serde_json::Value::as_array)
        .and_then(|entries| entries.first())
        .and_then(serde_json::Value::as_object)
        .is_some_and(|entry| entry.contains_key("filename") && entry.contains_key("steamid"))
}

/// Parses one maFile. An encrypted one (SDA stores those as Base64 text,
/// not JSON) never reaches here.
pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let json = without_bom(json);
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_str(json) {
        if is_manifest(&object) {
            return Err(TransferError::Unsupported {
                format: FORMAT,
                what: "SDA's manifest.json, which only lists the maFiles: import each .maFile (an encrypted one after turning encryption off in SDA)".into(),
            });
        }
    }
    let mafile: MaFile = serde_json::from_str(without_bom(json))
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let mut file = ImportFile::new(FORMAT);
    let name = mafile.account_name.as_deref().unwrap_or("").trim();
    match read_account(&mafile, name) {
        Ok(portable) => file.accounts.push(portable),
        Err(reason) => file.problems.push(EntryProblem {
            position: 1,
            label: super::fields::problem_label(Some("Steam"), name),
            reason,
        }),
    }
    Ok(file)
}

fn read_account(mafile: &MaFile, name: &str) -> Result<PortableAccount, String> {
    let secret_text = mafile
        .shared_secret
        .as_ref()
        .ok_or("shared_secret: missing")?;
    let secret = raw_keys::from_base64("shared_secret", &secret_text.0)?;
    let account = NewAccount {
        issuer: Some("Steam".into()),
        name: clean_label(Field::Name, Some(name))?.unwrap_or_default(),
        secret,
        params: OtpParams::STEAM,
    };
    let mut portable = PortableAccount::bare(account);
    if let Some(code) = mafile
        .revocation_code
        .as_ref()
        .map(|c| c.0.trim())
        .filter(|c| !c.is_empty())
    {
        let saved_at = match &mafile.server_time {
            Some(LooseNumber::Integer(seconds)) if *seconds > 0 => *seconds as u64,
            Some(LooseNumber::Text(text)) => text.trim().parse().unwrap_or(0),
            _ => 0,
        };
        portable.recovery_codes.push(PortableRecoveryCode {
            code: Zeroizing::new(code.to_string()),
            saved_at,
            used_at: None,
        });
    }
    Ok(portable)
}
