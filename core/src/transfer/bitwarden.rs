//! Bitwarden's JSON export: items whose `login.totp` holds an otpauth URI, a
//! `steam://KEY` or a bare Base32 key. Items without one are not
//! authenticator accounts and are passed over. Password-protected exports
//! are opened by [`super::bitwarden_encrypted`], which hands the decrypted
//! JSON back here; account-restricted ones cannot be opened outside
//! Bitwarden.

use super::fields::{
    clean_label, json_error_reason, parse_secret, problem_label, without_bom, SecretText,
};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use crate::account::{NewAccount, OtpParams};
use crate::key::Field;
use crate::uri;
use serde::Deserialize;

const FORMAT: Format = Format::Bitwarden;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    encrypted: Option<bool>,
    #[serde(default, rename = "passwordProtected")]
    password_protected: Option<bool>,
    #[serde(default)]
    folders: Option<Vec<Folder>>,
    #[serde(default)]
    items: Option<Vec<Item>>,
}

#[derive(Deserialize)]
struct Folder {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default, rename = "folderId")]
    folder_id: Option<String>,
    #[serde(default)]
    login: Option<Login>,
}

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    totp: Option<SecretText>,
}

/// Parses the JSON text of the export. Problem positions count every item
/// (with or without a TOTP), so they point at the item in the file.
pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    parse_as(FORMAT, json)
}

/// [`parse`], naming `format` in the result and its errors (the decrypted
/// JSON of a password-protected export is read here too).
pub(super) fn parse_as(format: Format, json: &str) -> Result<ImportFile, TransferError> {
    let json = without_bom(json);
    if !json.trim_start().starts_with('{') {
        return Err(TransferError::malformed(
            format,
            "expected a JSON object with an 'items' list",
        ));
    }
    let export: Export = serde_json::from_str(json)
        .map_err(|error| TransferError::malformed(format, json_error_reason(&error)))?;
    if export.encrypted == Some(true) {
        if export.password_protected == Some(true) {
            return super::bitwarden_encrypted::parse(json, None);
        }
        return Err(TransferError::Unsupported {
            format,
            what: "account-restricted encrypted exports, which only the same Bitwarden account can open (in Bitwarden, export again as .json with the \"Password protected\" type, or as plain .json)"
                .into(),
        });
    }
    let items = export
        .items
        .ok_or_else(|| TransferError::malformed(format, "there is no 'items' list"))?;
    let folders = export.folders.unwrap_or_default();
    let folder_name = |id: &str| -> Option<String> {
        folders
            .iter()
            .find(|folder| folder.id.as_deref() == Some(id))
            .and_then(|folder| folder.name.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
    };

    let mut file = ImportFile::new(format);
    for (index, item) in items.iter().enumerate() {
        let Some(login) = &item.login else { continue };
        let Some(totp) = login.totp.as_ref().filter(|t| !t.0.trim().is_empty()) else {
            continue;
        };
        let item_name = item
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let username = login.username.as_deref().map(str::trim).unwrap_or("");
        match read_totp(totp.0.trim(), item_name, username) {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                portable.note = item.notes.clone().unwrap_or_default();
                portable.groups = item
                    .folder_id
                    .as_deref()
                    .and_then(folder_name)
                    .into_iter()
                    .collect();
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: problem_label(item_name, username),
                reason,
            }),
        }
    }
    Ok(file)
}

/// The account a `login.totp` value describes. The item's name and user name
/// fill in the issuer and account name when the value does not carry them.
pub(super) fn read_totp(
    totp: &str,
    item_name: Option<&str>,
    username: &str,
) -> Result<NewAccount, String> {
    let scheme = totp
        .split_once("://")
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    let mut account = match scheme.as_deref() {
        Some("otpauth") => uri::parse(totp).map_err(|error| format!("login.totp: {error}"))?,
        Some("steam") => {
            let key = totp.split_once("://").map_or("", |(_, key)| key);
            NewAccount {
                issuer: Some("Steam".into()),
                name: String::new(),
                secret: parse_secret("login.totp", Some(key.trim_end_matches('/')))?,
                params: OtpParams::STEAM,
            }
        }
        _ => NewAccount {
            issuer: None,
            name: String::new(),
            secret: parse_secret("login.totp", Some(totp))?,
            params: OtpParams::DEFAULT_TOTP,
        },
    };
    if account.issuer.is_none() || scheme.as_deref() == Some("steam") {
        if let Some(issuer) = clean_label(Field::Issuer, item_name)? {
            account.issuer = Some(issuer);
        }
    }
    if account.name.is_empty() {
        account.name = clean_label(Field::Name, Some(username))?.unwrap_or_default();
    }
    Ok(account)
}
