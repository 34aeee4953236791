//! Aegis vault exports, plain and encrypted, per Aegis `docs/vault.md`:
//!
//! ```text
//! { "version": 1,
//!   "header": { "slots": [...] | null, "params": { "nonce", "tag" } | null },
//!   "db": { "version", "entries", "groups" }   // plain
//!       | "<Base64 of the AES-256-GCM sealed db JSON>" }   // encrypted
//! ```
//!
//! An encrypted file keeps a random master key wrapped once per credential
//! ("slot"); only password slots (type 1, scrypt) can be opened here.

mod crypto;
mod model;

pub use crypto::ScryptParams;

use super::{Format, ImportFile, PortableAccount, TransferError};
use crate::kdf_limits::KdfDemand;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use crypto::{Sealed, KEY_LEN, NONCE_LEN, SALT_LEN, TAG_LEN};
use model::{kind, Wiped};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

/// The only file (outer) version Aegis has written.
const FILE_VERSION: u64 = 1;
/// Slot type of a password slot (0 is a raw key, 2 a biometric key).
const PASSWORD_SLOT: u64 = 1;

/// Base64 as Aegis writes it (padded), read without insisting on the padding.
const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Parses an Aegis export. `password` is needed for encrypted exports; it is
/// ignored for plain ones.
pub fn parse(json: &str, password: Option<&str>) -> Result<ImportFile, TransferError> {
    let guess = guess_format(json);
    let file = Wiped(read_json(json, guess)?);
    let encrypted = match classify(&file.0, guess)? {
        Layout::Plain(db) => return model::read_db(db, Format::AegisPlain),
        Layout::Encrypted(encrypted) => encrypted,
    };
    let format = Format::AegisEncrypted;
    // Refused before the password is even asked for: nothing is derived.
    encrypted
        .kdf_demand()
        .check()
        .map_err(|limit| TransferError::KdfTooCostly { format, limit })?;
    let password = password.ok_or(TransferError::PasswordRequired(format))?;
    let master_key = encrypted
        .slots
        .iter()
        .find_map(|slot| slot.unlock(password))
        .ok_or(TransferError::WrongPassword(format))?;
    let plaintext = crypto::open(&master_key, &encrypted.db).ok_or_else(|| {
        TransferError::malformed(
            format,
            "the password is right but the database fails its integrity check: the file is damaged or was altered",
        )
    })?;
    let text = std::str::from_utf8(&plaintext).map_err(|_| {
        TransferError::malformed(format, "the decrypted database is not UTF-8 text")
    })?;
    // The ciphertext was bounded as Base64 text; its JSON is bounded here.
    super::limits::check_json_values(text.as_bytes())?;
    let db = Wiped(serde_json::from_str::<Value>(text).map_err(|e| {
        TransferError::malformed(
            format,
            format!("the decrypted database is not valid JSON: {e}"),
        )
    })?);
    model::read_db(&db.0, format)
}

/// What opening an Aegis export would derive, without a password: `None` for
/// a plain export. The header is checked as [`parse`] checks it.
pub fn kdf_demand(json: &str) -> Result<Option<KdfDemand>, TransferError> {
    let guess = guess_format(json);
    let file = Wiped(read_json(json, guess)?);
    Ok(match classify(&file.0, guess)? {
        Layout::Plain(_) => None,
        Layout::Encrypted(encrypted) => Some(encrypted.kdf_demand()),
    })
}

/// Only to name the format in a syntax error; the header decides later.
fn guess_format(json: &str) -> Format {
    if json.contains("\"key_params\"") {
        Format::AegisEncrypted
    } else {
        Format::AegisPlain
    }
}

fn read_json(json: &str, guess: Format) -> Result<Value, TransferError> {
    serde_json::from_str::<Value>(json)
        .map_err(|e| TransferError::malformed(guess, format!("not valid JSON: {e}")))
}

/// A plain export's database, or an encrypted export's checked header.
enum Layout<'a> {
    Plain(&'a Value),
    Encrypted(Encrypted),
}

fn classify(file: &Value, guess: Format) -> Result<Layout<'_>, TransferError> {
    let top = file.as_object().ok_or_else(|| {
        TransferError::malformed(
            guess,
            format!("expected a JSON object, found {}", kind(file)),
        )
    })?;
    check_file_version(top, guess)?;
    let header = match top.get("header") {
        Some(Value::Object(header)) => header,
        Some(other) => {
            return Err(TransferError::malformed(
                guess,
                format!("header: expected an object, found {}", kind(other)),
            ))
        }
        None => return Err(TransferError::malformed(guess, "header is missing")),
    };
    let db = top.get("db").unwrap_or(&Value::Null);

    // Aegis marks a plain file by setting both slots and params to null.
    let is_null = |field| header.get(field).is_none_or(Value::is_null);
    if is_null("slots") && is_null("params") {
        if !db.is_object() {
            return Err(TransferError::malformed(
                Format::AegisPlain,
                format!(
                    "db: expected an object (the header says the file is not encrypted), found {}",
                    kind(db)
                ),
            ));
        }
        return Ok(Layout::Plain(db));
    }
    read_encrypted(header, db).map(Layout::Encrypted)
}

fn check_file_version(top: &Map<String, Value>, format: Format) -> Result<(), TransferError> {
    match top.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(FILE_VERSION) => Ok(()),
        Some(Value::Number(n)) => Err(TransferError::Unsupported {
            format,
            what: format!("file version {n} (Twofold reads version {FILE_VERSION})"),
        }),
        Some(other) => Err(TransferError::malformed(
            format,
            format!("version: expected a number, found {}", kind(other)),
        )),
        None => Err(TransferError::malformed(format, "version is missing")),
    }
}

/// The parts of an encrypted file needed to open it.
struct Encrypted {
    slots: Vec<PasswordSlot>,
    db: Sealed,
}

impl Encrypted {
    /// Every scrypt run opening the file may take: each password slot, and
    /// the legacy retry of each slot made before Aegis's encoding fix (it
    /// only runs for long passwords, but the cost is judged without one).
    fn kdf_demand(&self) -> KdfDemand {
        let mut demand = KdfDemand::default();
        for slot in &self.slots {
            demand.add_slot(slot.params.cost(), !slot.repaired);
        }
        demand
    }
}

/// A password slot: the master key sealed under scrypt(password, salt).
struct PasswordSlot {
    /// False for slots made before Aegis fixed its password encoding (#95).
    repaired: bool,
    /// As the file wrote it, for the cost check.
    params: ScryptParams,
    /// The same, checked for scrypt.
    kdf: scrypt::Params,
    salt: Vec<u8>,
    wrapped_key: Sealed,
}

impl PasswordSlot {
    /// The master key, when `password` is the one this slot was made with.
    fn unlock(&self, password: &str) -> Option<Zeroizing<[u8; KEY_LEN]>> {
        self.unlock_with(password.as_bytes()).or_else(|| {
            // Like Aegis: old slots with long passwords may need the old bytes.
            let legacy = crypto::legacy_password_bytes(password);
            (!self.repaired && legacy.len() > crypto::LEGACY_SAME_KEY_UP_TO)
                .then(|| self.unlock_with(&legacy))
                .flatten()
        })
    }

    fn unlock_with(&self, password: &[u8]) -> Option<Zeroizing<[u8; KEY_LEN]>> {
        let key = crypto::derive_key(password, &self.salt, &self.kdf);
        let master = crypto::open(&key, &self.wrapped_key)?;
        let array = <[u8; KEY_LEN]>::try_from(master.as_slice()).ok()?;
        Some(Zeroizing::new(array))
    }
}

/// Checks the whole header and the encrypted db before any password is tried,
/// so a damaged or hostile file gets its precise error first.
fn read_encrypted(header: &Map<String, Value>, db: &Value) -> Result<Encrypted, TransferError> {
    let format = Format::AegisEncrypted;
    let malformed = |reason: String| TransferError::malformed(format, reason);
    let slots = match header.get("slots") {
        Some(Value::Array(slots)) => slots,
        other => {
            return Err(malformed(format!(
                "header.slots: expected a list, found {}",
                kind(other.unwrap_or(&Value::Null))
            )))
        }
    };
    let mut password_slots = Vec::new();
    for (index, slot) in slots.iter().enumerate() {
        let at = format!("header.slots[{}]", index + 1);
        let slot = slot
            .as_object()
            .ok_or_else(|| malformed(format!("{at}: expected an object, found {}", kind(slot))))?;
        // Raw and biometric slots need a key from the Android keystore.
        if number(slot, "type").map_err(|e| malformed(format!("{at}.{e}")))? != PASSWORD_SLOT {
            continue;
        }
        password_slots.push(read_password_slot(slot).map_err(|e| match e {
            SlotError::Malformed(reason) => malformed(format!("{at}.{reason}")),
            SlotError::Kdf(what) => TransferError::Unsupported { format, what },
        })?);
    }
    if password_slots.is_empty() {
        return Err(TransferError::Unsupported {
            format,
            what: "no password slot (only a biometric or raw key can open it): export again from Aegis with a password".into(),
        });
    }

    let params = match header.get("params") {
        Some(Value::Object(params)) => params,
        other => {
            return Err(malformed(format!(
                "header.params: expected an object, found {}",
                kind(other.unwrap_or(&Value::Null))
            )))
        }
    };
    let (nonce, tag) =
        nonce_and_tag(params).map_err(|e| malformed(format!("header.params.{e}")))?;
    let db_text = db.as_str().ok_or_else(|| {
        malformed(format!(
            "db: expected a Base64 string (the header says the file is encrypted), found {}",
            kind(db)
        ))
    })?;
    let ciphertext = BASE64_LENIENT
        .decode(db_text)
        .map_err(|e| malformed(format!("db: not valid Base64: {e}")))?;
    Ok(Encrypted {
        slots: password_slots,
        db: Sealed {
            ciphertext,
            nonce,
            tag,
        },
    })
}

enum SlotError {
    Malformed(String),
    Kdf(String),
}

fn read_password_slot(slot: &Map<String, Value>) -> Result<PasswordSlot, SlotError> {
    let bad = SlotError::Malformed;
    let key = hex_field::<KEY_LEN>(slot, "key").map_err(bad)?;
    let key_params = match slot.get("key_params") {
        Some(Value::Object(params)) => params,
        _ => {
            return Err(bad(
                "key_params: expected an object with nonce and tag".into()
            ))
        }
    };
    let (nonce, tag) = nonce_and_tag(key_params).map_err(|e| bad(format!("key_params.{e}")))?;
    let salt_text = text(slot, "salt").map_err(bad)?;
    let salt = crypto::from_hex(salt_text).map_err(|e| bad(format!("salt: {e}")))?;
    let small = |field: &str| -> Result<u32, SlotError> {
        let value = number(slot, field).map_err(bad)?;
        u32::try_from(value).map_err(|_| {
            SlotError::Kdf(format!("scrypt parameter {field}={value} is far too large"))
        })
    };
    let kdf = ScryptParams {
        n: number(slot, "n").map_err(bad)?,
        r: small("r")?,
        p: small("p")?,
    };
    let repaired = match slot.get("repaired") {
        Some(Value::Bool(repaired)) => *repaired,
        Some(Value::Null) | None => false,
        Some(other) => {
            return Err(bad(format!(
                "repaired: expected true or false, found {}",
                kind(other)
            )))
        }
    };
    Ok(PasswordSlot {
        repaired,
        params: kdf,
        kdf: kdf.to_scrypt().map_err(SlotError::Kdf)?,
        salt,
        wrapped_key: Sealed {
            ciphertext: key.to_vec(),
            nonce,
            tag,
        },
    })
}

fn nonce_and_tag(params: &Map<String, Value>) -> Result<([u8; NONCE_LEN], [u8; TAG_LEN]), String> {
    Ok((hex_field(params, "nonce")?, hex_field(params, "tag")?))
}

fn hex_field<const N: usize>(object: &Map<String, Value>, field: &str) -> Result<[u8; N], String> {
    crypto::from_hex_exact(text(object, field)?).map_err(|e| format!("{field}: {e}"))
}

fn text<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(format!(
            "{field}: expected a hex string, found {}",
            kind(other)
        )),
        None => Err(format!("{field} is missing")),
    }
}

fn number(object: &Map<String, Value>, field: &str) -> Result<u64, String> {
    match object.get(field) {
        Some(value) => value
            .as_u64()
            .ok_or_else(|| format!("{field}: expected a whole number, found {}", kind(value))),
        None => Err(format!("{field} is missing")),
    }
}

/// Writes an Aegis export: encrypted under `password` with Aegis's own scrypt
/// cost ([`ScryptParams::AEGIS`]), or plain when `None`.
pub fn export(
    accounts: &[PortableAccount],
    password: Option<&str>,
) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    export_with_kdf(accounts, password, ScryptParams::AEGIS)
}

/// Like [`export`] with a chosen scrypt cost. Anything below
/// [`ScryptParams::AEGIS`] is only meant for tests.
pub fn export_with_kdf(
    accounts: &[PortableAccount],
    password: Option<&str>,
    kdf: ScryptParams,
) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    let mut db = model::write_db(accounts)?;
    let Some(password) = password else {
        let file = Wiped(json!({
            "version": FILE_VERSION,
            "header": { "slots": null, "params": null },
            "db": std::mem::take(&mut db.0),
        }));
        return to_json(&file.0);
    };
    if password.is_empty() {
        return Err(TransferError::Export("the password is empty".into()));
    }
    let scrypt_params = kdf.to_scrypt().map_err(TransferError::Export)?;
    // Never write a file this device would refuse to open.
    kdf.cost().check().map_err(|limit| {
        TransferError::Export(format!(
            "the chosen scrypt cost is more than this device allows: {limit}"
        ))
    })?;
    let failed = TransferError::Export;

    let master_key = Zeroizing::new(crypto::random::<KEY_LEN>().map_err(failed)?);
    let salt = crypto::random::<SALT_LEN>().map_err(failed)?;
    let slot_key = crypto::derive_key(password.as_bytes(), &salt, &scrypt_params);
    let wrapped = crypto::seal(&slot_key, master_key.as_slice()).map_err(failed)?;
    let sealed_db = crypto::seal(&master_key, &to_json(&db.0)?).map_err(failed)?;

    let file = json!({
        "version": FILE_VERSION,
        "header": {
            "slots": [{
                "type": PASSWORD_SLOT,
                "uuid": model::new_uuid()?,
                "key": crypto::to_hex(&wrapped.ciphertext),
                "key_params": {
                    "nonce": crypto::to_hex(&wrapped.nonce),
                    "tag": crypto::to_hex(&wrapped.tag),
                },
                "n": kdf.n,
                "r": kdf.r,
                "p": kdf.p,
                "salt": crypto::to_hex(&salt),
                // Made with the correct password encoding (Aegis issue #95).
                "repaired": true,
                "is_backup": false,
            }],
            "params": {
                "nonce": crypto::to_hex(&sealed_db.nonce),
                "tag": crypto::to_hex(&sealed_db.tag),
            },
        },
        "db": STANDARD.encode(&sealed_db.ciphertext),
    });
    to_json(&file)
}

/// Pretty JSON (Aegis indents its files too) in a buffer sized up front, so
/// no half-written copy of the secrets is left behind by reallocation.
fn to_json(value: &Value) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let failed = |e: serde_json::Error| TransferError::Export(format!("cannot write JSON: {e}"));
    let mut count = Count(0);
    serde_json::to_writer_pretty(&mut count, value).map_err(failed)?;
    let mut out = Zeroizing::new(Vec::with_capacity(count.0));
    serde_json::to_writer_pretty(&mut *out, value).map_err(failed)?;
    Ok(out)
}
