//! The Aegis database (`db`): entries and groups as JSON, read into
//! [`PortableAccount`]s one entry at a time and written back the way Aegis
//! itself writes them (database version 3).

use super::super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS};
use crate::key::{self, Field};
use crate::redact::Excerpt;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use zeroize::Zeroize;

/// Newest database version this reader knows (and the one it writes).
pub(super) const DB_VERSION: u64 = 3;

/// A JSON value that held secrets: every string in it is wiped on drop.
pub(super) struct Wiped(pub Value);

impl Drop for Wiped {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

fn wipe(value: &mut Value) {
    match value {
        Value::String(text) => text.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(fields) => fields.values_mut().for_each(wipe),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// What kind of JSON value this is, for messages ("expected a string, found a number").
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A misplaced value as a message shows it: a text only as a short
/// [`Excerpt`] (it may be a key), a number as written unless it is longer
/// than any whole number a field takes, anything else by its kind.
fn shown(value: &Value) -> String {
    /// Digits of `u64::MAX`, with a sign.
    const LONGEST_NUMBER: usize = 21;
    match value {
        Value::String(text) => format!("the text {}", Excerpt::of(text)),
        Value::Number(number) => {
            let text = number.to_string();
            if text.len() <= LONGEST_NUMBER {
                text
            } else {
                Excerpt::of(&text).to_string()
            }
        }
        other => kind(other).to_string(),
    }
}

/// Reads the decrypted (or plain) database object.
pub(super) fn read_db(db: &Value, format: Format) -> Result<ImportFile, TransferError> {
    let malformed = |reason: String| TransferError::malformed(format, reason);
    let db = db
        .as_object()
        .ok_or_else(|| malformed(format!("db: expected an object, found {}", kind(db))))?;
    let version = match db.get("version") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(other) => {
            return Err(malformed(format!(
                "db.version: expected a number, found {}",
                kind(other)
            )))
        }
        None => return Err(malformed("db.version is missing".into())),
    };
    match version {
        Some(v) if (1..=DB_VERSION).contains(&v) => {}
        _ => {
            return Err(TransferError::Unsupported {
                format,
                what: format!(
                    "database version {} (Twofold reads versions 1 to {DB_VERSION})",
                    shown(db.get("version").unwrap_or(&Value::Null))
                ),
            })
        }
    }
    let groups = read_groups(db).map_err(malformed)?;
    let entries = match db.get("entries") {
        Some(Value::Array(entries)) => entries,
        Some(other) => {
            return Err(malformed(format!(
                "db.entries: expected a list, found {}",
                kind(other)
            )))
        }
        None => return Err(malformed("db.entries is missing".into())),
    };

    let mut file = ImportFile::new(format);
    for (index, entry) in entries.iter().enumerate() {
        let position = index + 1;
        let label = entry.as_object().and_then(entry_label);
        match read_entry(entry, &groups) {
            Ok(account) => file.accounts.push(account),
            Err(reason) => file.problems.push(EntryProblem {
                position,
                label,
                reason,
            }),
        }
    }
    Ok(file)
}

/// Group uuid → name from the database's `groups` list (version 3).
fn read_groups(db: &Map<String, Value>) -> Result<HashMap<String, String>, String> {
    let list = match db.get("groups") {
        None | Some(Value::Null) => return Ok(HashMap::new()),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(format!("db.groups: expected a list, found {}", kind(other))),
    };
    let mut groups = HashMap::new();
    for (index, group) in list.iter().enumerate() {
        let at = |field: &str| format!("db.groups[{}].{field}", index + 1);
        let group = group
            .as_object()
            .ok_or_else(|| format!("db.groups[{}]: expected an object", index + 1))?;
        let uuid = required_str(group, "uuid").map_err(|e| format!("{}: {e}", at("uuid")))?;
        let name = required_str(group, "name").map_err(|e| format!("{}: {e}", at("name")))?;
        groups.insert(uuid.to_ascii_lowercase(), name.to_string());
    }
    Ok(groups)
}

/// "Issuer (name)" as far as those fields are readable, for problem reports.
fn entry_label(entry: &Map<String, Value>) -> Option<String> {
    let text = |field| {
        entry
            .get(field)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    let label = crate::display::label(text("issuer"), text("name").unwrap_or_default());
    (!label.is_empty()).then_some(label)
}

/// One entry; the error is the reason for its [`EntryProblem`].
fn read_entry(entry: &Value, groups: &HashMap<String, String>) -> Result<PortableAccount, String> {
    let entry = entry
        .as_object()
        .ok_or_else(|| format!("expected an object, found {}", kind(entry)))?;
    let otp_type = required_str(entry, "type").map_err(|e| format!("type: {e}"))?;
    let info = match entry.get("info") {
        Some(Value::Object(info)) => info,
        Some(other) => return Err(format!("info: expected an object, found {}", kind(other))),
        None => return Err("info is missing".into()),
    };

    let params = match otp_type.to_ascii_lowercase().as_str() {
        "totp" => OtpParams {
            kind: OtpKind::Totp {
                period: read_period(info)?,
            },
            algorithm: read_algorithm(info)?,
            digits: read_digits(info)?,
        },
        "hotp" => {
            let counter = match info.get("counter") {
                Some(value) => value.as_u64().ok_or_else(|| {
                    format!(
                        "info.counter: expected a whole number of at least 0, found {}",
                        shown(value)
                    )
                })?,
                None => return Err("info.counter is missing".into()),
            };
            OtpParams {
                kind: OtpKind::Hotp { counter },
                algorithm: read_algorithm(info)?,
                digits: read_digits(info)?,
            }
        }
        // Steam codes are always SHA1, 30 s, 5 characters.
        "steam" => OtpParams::STEAM,
        "motp" => return Err("type 'motp' (mOTP) is not supported by Twofold".into()),
        "yandex" => return Err("type 'yandex' (Yandex Key) is not supported by Twofold".into()),
        other => {
            return Err(format!(
                "type {} is not supported (expected totp, hotp or steam)",
                Excerpt::of(other)
            ))
        }
    };

    let secret_text = required_str(info, "secret").map_err(|e| format!("info.secret: {e}"))?;
    // Keys come as the site issued them: accept any whole number of bytes.
    let secret = key::parse_key_with_min_bits(secret_text, 8)
        .map_err(|e| format!("secret: {e}"))?
        .secret;

    let name = optional_str(entry, "name")?
        .unwrap_or("")
        .trim()
        .to_string();
    let issuer = optional_str(entry, "issuer")?
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    for (field, text) in [
        (Field::Name, Some(name.as_str())),
        (Field::Issuer, issuer.as_deref()),
    ] {
        if let Some(problem) = text.and_then(|t| key::label_problem(field, t)) {
            return Err(problem.to_string());
        }
    }
    let note = optional_str(entry, "note")?.unwrap_or("").to_string();

    Ok(PortableAccount {
        account: NewAccount {
            issuer,
            name,
            secret,
            params,
        },
        note,
        groups: read_entry_groups(entry, groups)?,
        recovery_codes: Vec::new(),
    })
}

/// Group names of an entry: database version 3 lists group uuids in `groups`;
/// older versions name one group in `group`. Like Aegis, uuids of groups
/// the database does not define are dropped.
fn read_entry_groups(
    entry: &Map<String, Value>,
    groups: &HashMap<String, String>,
) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    match entry.get("groups") {
        Some(Value::Array(uuids)) => {
            for uuid in uuids {
                let uuid = uuid.as_str().ok_or_else(|| {
                    format!("groups: expected a list of group ids, found {}", kind(uuid))
                })?;
                if let Some(name) = groups.get(&uuid.to_ascii_lowercase()) {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
        Some(Value::Null) | None => {
            if let Some(group) = optional_str(entry, "group")? {
                let group = group.trim();
                if !group.is_empty() {
                    names.push(group.to_string());
                }
            }
        }
        Some(other) => return Err(format!("groups: expected a list, found {}", kind(other))),
    }
    Ok(names)
}

fn required_str<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(format!("expected a string, found {}", kind(other))),
        None => Err("missing".into()),
    }
}

/// A string field that may be absent or null.
fn optional_str<'a>(
    object: &'a Map<String, Value>,
    field: &str,
) -> Result<Option<&'a str>, String> {
    match object.get(field) {
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Null) | None => Ok(None),
        Some(other) => Err(format!("{field}: expected a string, found {}", kind(other))),
    }
}

fn read_algorithm(info: &Map<String, Value>) -> Result<Algorithm, String> {
    let algo = required_str(info, "algo").map_err(|e| format!("info.algo: {e}"))?;
    // Aegis accepts Java's names too ("HmacSHA256").
    let bare = algo.strip_prefix("Hmac").unwrap_or(algo);
    Algorithm::parse(bare).ok_or_else(|| {
        format!(
            "info.algo: {} is not supported (expected SHA1, SHA256 or SHA512)",
            Excerpt::of(algo)
        )
    })
}

fn read_digits(info: &Map<String, Value>) -> Result<u8, String> {
    let value = info.get("digits").ok_or("info.digits is missing")?;
    match value.as_u64().and_then(|d| u8::try_from(d).ok()) {
        Some(digits) if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) => Ok(digits),
        _ => Err(format!(
            "info.digits: {} is not supported (Twofold shows {MIN_DIGITS} to {MAX_DIGITS} digits)",
            shown(value)
        )),
    }
}

fn read_period(info: &Map<String, Value>) -> Result<u32, String> {
    let value = info.get("period").ok_or("info.period is missing")?;
    match value.as_u64().and_then(|p| u32::try_from(p).ok()) {
        Some(period) if period > 0 => Ok(period),
        _ => Err(format!(
            "info.period: expected a whole number of seconds of at least 1, found {}",
            shown(value)
        )),
    }
}

/// Builds the database object (version 3) for `accounts`. Every entry and
/// group gets a fresh uuid; groups are listed once, in order of first use.
pub(super) fn write_db(accounts: &[PortableAccount]) -> Result<Wiped, TransferError> {
    let mut group_ids: Vec<(String, String)> = Vec::new();
    let mut entries = Vec::with_capacity(accounts.len());
    for portable in accounts {
        let mut entry_groups = Vec::new();
        for name in &portable.groups {
            let id = match group_ids.iter().find(|(n, _)| n == name) {
                Some((_, id)) => id.clone(),
                None => {
                    let id = new_uuid()?;
                    group_ids.push((name.clone(), id.clone()));
                    id
                }
            };
            if !entry_groups.contains(&id) {
                entry_groups.push(id);
            }
        }
        entries.push(write_entry(portable, entry_groups)?);
    }
    let groups: Vec<Value> = group_ids
        .into_iter()
        .map(|(name, uuid)| json!({ "uuid": uuid, "name": name }))
        .collect();
    Ok(Wiped(json!({
        "version": DB_VERSION,
        "entries": entries,
        "groups": groups,
        "icons_optimized": true,
    })))
}

fn write_entry(portable: &PortableAccount, groups: Vec<String>) -> Result<Value, TransferError> {
    let account = &portable.account;
    let too_big = |what: &str| {
        TransferError::Export(format!(
            "{}: {what} is too large for Aegis",
            account.label()
        ))
    };
    let secret = Value::String(account.secret.to_base32().to_string());
    let algo = account.params.algorithm.as_str();
    let digits = account.params.digits;
    // Aegis reads period as a Java int and counter as a Java long.
    let (otp_type, info) = match account.params.kind {
        OtpKind::Totp { period } => {
            if i32::try_from(period).is_err() {
                return Err(too_big("the period"));
            }
            let info =
                json!({ "secret": secret, "algo": algo, "digits": digits, "period": period });
            ("totp", info)
        }
        OtpKind::Hotp { counter } => {
            if i64::try_from(counter).is_err() {
                return Err(too_big("the counter"));
            }
            let info =
                json!({ "secret": secret, "algo": algo, "digits": digits, "counter": counter });
            ("hotp", info)
        }
        OtpKind::Steam => {
            let info = json!({
                "secret": secret,
                "algo": Algorithm::Sha1.as_str(),
                "digits": crate::account::STEAM_DIGITS,
                "period": crate::account::STEAM_PERIOD,
            });
            ("steam", info)
        }
    };
    Ok(json!({
        "type": otp_type,
        "uuid": new_uuid()?,
        "name": account.name,
        "issuer": account.issuer.as_deref().unwrap_or(""),
        "note": portable.note,
        "favorite": false,
        // Aegis requires the key to be present, null when there is no icon.
        "icon": null,
        "info": info,
        "groups": groups,
    }))
}

/// A random (version 4) uuid, as Aegis gives every entry, group and slot.
pub(super) fn new_uuid() -> Result<String, TransferError> {
    let bytes: [u8; 16] = super::crypto::random().map_err(TransferError::Export)?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string())
}
