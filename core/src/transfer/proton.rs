//! Proton Authenticator's JSON export: `{"version": 1, "entries": [...]}`,
//! each entry `{"id", "content": {"uri", "entry_type", "name"}, "note"}`.
//! `entry_type` is `Totp` (an otpauth URI) or `Steam` (`steam://KEY`), as
//! Proton's `authenticator` crate writes them. The note is kept. A
//! password-protected export (`salt` and `content` instead of `entries`)
//! is refused: Twofold does not decrypt it.

use super::bitwarden::read_totp;
use super::fields::{json_error_reason, problem_label, without_bom, LooseNumber, SecretText};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use serde::Deserialize;

const FORMAT: Format = Format::ProtonAuthenticator;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    version: Option<LooseNumber>,
    #[serde(default)]
    entries: Option<Vec<Entry>>,
    #[serde(default)]
    salt: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    content: Option<Content>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    uri: Option<SecretText>,
    #[serde(default)]
    entry_type: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// Whether a JSON object is a Proton Authenticator export.
pub(super) fn looks_like(object: &serde_json::Map<String, serde_json::Value>) -> bool {
    let first_entry_has_content = object
        .get("entries")
        .and_then(serde_json::Value::as_array)
        .and_then(|entries| entries.first())
        .and_then(serde_json::Value::as_object)
        .is_some_and(|entry| entry.contains_key("content"));
    object.contains_key("version")
        && (first_entry_has_content
            || (object.contains_key("salt") && object.contains_key("content")))
}

pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let export: Export = serde_json::from_str(without_bom(json))
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let Some(entries) = export.entries else {
        if export.salt.is_some() {
            return Err(TransferError::Unsupported {
                format: FORMAT,
                what: "password-protected exports (in Proton Authenticator, export again without a password)".into(),
            });
        }
        return Err(TransferError::malformed(
            FORMAT,
            "there is no 'entries' list",
        ));
    };
    match &export.version {
        Some(LooseNumber::Integer(1)) | None => {}
        Some(_) => {
            return Err(TransferError::Unsupported {
                format: FORMAT,
                what: "export versions other than 1".into(),
            })
        }
    }
    let mut file = ImportFile::new(FORMAT);
    for (index, entry) in entries.iter().enumerate() {
        let name = entry
            .content
            .as_ref()
            .and_then(|c| c.name.as_deref())
            .map(str::trim)
            .unwrap_or("");
        match read_entry(entry, name) {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                portable.note = entry.note.clone().unwrap_or_default();
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: problem_label(None, name),
                reason,
            }),
        }
    }
    Ok(file)
}

fn read_entry(entry: &Entry, name: &str) -> Result<crate::account::NewAccount, String> {
    let content = entry.content.as_ref().ok_or("content: missing")?;
    let uri = content.uri.as_ref().ok_or("content.uri: missing")?;
    let uri = uri.0.trim();
    let is_steam_uri = uri
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("steam://"));
    match content.entry_type.as_deref() {
        Some("Totp") if is_steam_uri => {
            Err("content.entry_type: Totp, but the URI is a steam:// one".into())
        }
        Some("Steam") if !is_steam_uri => {
            Err("content.entry_type: Steam, but the URI is not a steam:// one".into())
        }
        Some("Totp" | "Steam") => read_totp(uri, None, name)
            .map_err(|reason| reason.replacen("login.totp", "content.uri", 1)),
        Some(other) => Err(format!(
            "content.entry_type: {} is not supported (expected Totp or Steam)",
            crate::redact::Excerpt::of(other)
        )),
        None => Err("content.entry_type: missing".into()),
    }
}
