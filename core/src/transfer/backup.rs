//! Twofold's own encrypted backup (format in `core/docs/backup-format.md`).
//!
//! A JSON header in the clear (format, version, Argon2id parameters, cipher)
//! and two XChaCha20-Poly1305 boxes under the password-derived key: a fixed
//! key check, which tells a wrong password from a damaged file, and the
//! payload, which authenticates the whole header as associated data.

use super::{
    EntryProblem, Format, ImportFile, PortableAccount, PortableRecoveryCode, TransferError,
};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams};
use crate::crypto::{self, KdfParams};
use crate::kdf_limits::KdfDemand;
use crate::otp;
use crate::redact::Excerpt;
use crate::secret::Secret;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// The value of the header's `format` field.
pub const FORMAT_NAME: &str = "twofold-backup";
/// The only version this build writes and reads.
pub const VERSION: u64 = 1;
const KDF_NAME: &str = "argon2id";
const ARGON2_VERSION: u64 = 19;
const CIPHER: &str = "xchacha20poly1305";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const KEY_CHECK: &[u8] = b"twofold-backup key check";

const FORMAT: Format = Format::TwofoldBackup;

fn malformed(reason: impl Into<String>) -> TransferError {
    TransferError::malformed(FORMAT, reason)
}

fn unsupported(what: impl Into<String>) -> TransferError {
    TransferError::Unsupported {
        format: FORMAT,
        what: what.into(),
    }
}

/// What a backup's clear header says: enough to show "backup of `<date>`" and
/// to judge the cost of opening it (`kdf.cost()`, checked by
/// [`crate::kdf_limits`]), before asking for the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub version: u64,
    pub created_at: u64,
    pub kdf: KdfParams,
}

/// The parsed, checked header; `salt_b64` is kept as written because the
/// payload's associated data quotes it verbatim.
struct Header {
    created_at: u64,
    kdf: KdfParams,
    salt_b64: String,
    salt: Vec<u8>,
    key_check: SealedBox,
    payload: SealedBox,
}

struct SealedBox {
    nonce: Vec<u8>,
    ciphertext: Vec<u8>,
}

impl SealedBox {
    /// `nonce || ciphertext || tag`, the layout `crypto::open` takes.
    fn joined(&self) -> Vec<u8> {
        [self.nonce.as_slice(), self.ciphertext.as_slice()].concat()
    }

    fn from_sealed(sealed: &[u8]) -> SealedBox {
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN.min(sealed.len()));
        SealedBox {
            nonce: nonce.to_vec(),
            ciphertext: ciphertext.to_vec(),
        }
    }

    fn to_file(&self) -> BoxOut {
        BoxOut {
            nonce: BASE64.encode(&self.nonce),
            ciphertext: BASE64.encode(&self.ciphertext),
        }
    }
}

// ----- the file as written (fields in the documented order) -----

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    created_at: u64,
    kdf: KdfOut<'a>,
    cipher: &'static str,
    key_check: BoxOut,
    payload: BoxOut,
}

#[derive(Serialize)]
struct KdfOut<'a> {
    name: &'static str,
    version: u64,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: &'a str,
}

#[derive(Serialize)]
struct BoxOut {
    nonce: String,
    ciphertext: String,
}

/// The key check's associated data. It needs no header fields: those that
/// shape the key (KDF, salt) already decide whether it opens.
const KEY_CHECK_AAD: &[u8] = b"twofold-backup\0key-check";

/// The payload's associated data: every header field, so any change to the
/// header is detected even when the key still comes out right.
fn payload_aad(created_at: u64, kdf: &KdfParams, salt_b64: &str) -> Vec<u8> {
    format!(
        "{FORMAT_NAME}\0v{VERSION}\0created_at={created_at}\0{KDF_NAME}\0v={ARGON2_VERSION}\0m={}\0t={}\0p={}\0salt={salt_b64}\0{CIPHER}\0payload",
        kdf.memory_kib, kdf.iterations, kdf.parallelism
    )
    .into_bytes()
}

// ----- payload (inside the payload box) -----

#[derive(Serialize)]
struct PayloadOut<'a> {
    accounts: Vec<AccountOut<'a>>,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    issuer: Option<&'a str>,
    name: &'a str,
    secret: &'a str,
    kind: &'static str,
    algorithm: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
    note: &'a str,
    groups: &'a [String],
    recovery_codes: Vec<CodeOut<'a>>,
}

#[derive(Serialize)]
struct CodeOut<'a> {
    code: &'a str,
    saved_at: u64,
    used_at: Option<u64>,
}

#[derive(Deserialize)]
struct PayloadIn {
    accounts: Vec<AccountIn>,
}

#[derive(Deserialize)]
struct AccountIn {
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(deserialize_with = "zeroizing")]
    secret: Zeroizing<String>,
    kind: String,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    digits: Option<u8>,
    #[serde(default)]
    period: Option<u32>,
    #[serde(default)]
    counter: Option<u64>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    recovery_codes: Vec<CodeIn>,
}

#[derive(Deserialize)]
struct CodeIn {
    #[serde(deserialize_with = "zeroizing")]
    code: Zeroizing<String>,
    saved_at: u64,
    #[serde(default)]
    used_at: Option<u64>,
}

fn zeroizing<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Zeroizing<String>, D::Error> {
    String::deserialize(deserializer).map(Zeroizing::new)
}

fn kind_fields(kind: OtpKind) -> (&'static str, Option<u32>, Option<u64>) {
    match kind {
        OtpKind::Totp { period } => ("totp", Some(period), None),
        OtpKind::Hotp { counter } => ("hotp", None, Some(counter)),
        OtpKind::Steam => ("steam", None, None),
    }
}

/// Upper bound of the payload's JSON size, so the buffer never reallocates
/// (which would leave a plaintext copy in freed memory).
fn payload_capacity(accounts: &[PortableAccount]) -> usize {
    accounts
        .iter()
        .map(|portable| {
            let account = &portable.account;
            let text = account.issuer.as_deref().map_or(0, str::len)
                + account.name.len()
                + portable.note.len()
                + portable.groups.iter().map(|g| g.len() + 3).sum::<usize>()
                + portable
                    .recovery_codes
                    .iter()
                    .map(|c| c.code.len() + 80)
                    .sum::<usize>();
            // JSON escapes grow text at most 6x; Base32 is 8/5 of the bytes.
            300 + text * 6 + account.secret.expose().len() * 2
        })
        .sum::<usize>()
        + 64
}

fn encode_payload(accounts: &[PortableAccount]) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    let secrets: Vec<Zeroizing<String>> = accounts
        .iter()
        .map(|portable| portable.account.secret.to_base32())
        .collect();
    let payload = PayloadOut {
        accounts: accounts
            .iter()
            .zip(&secrets)
            .map(|(portable, secret)| {
                let account = &portable.account;
                let (kind, period, counter) = kind_fields(account.params.kind);
                AccountOut {
                    issuer: account.issuer.as_deref(),
                    name: &account.name,
                    secret: secret.as_str(),
                    kind,
                    algorithm: account.params.algorithm.as_str(),
                    digits: account.params.digits,
                    period,
                    counter,
                    note: &portable.note,
                    groups: &portable.groups,
                    recovery_codes: portable
                        .recovery_codes
                        .iter()
                        .map(|code| CodeOut {
                            code: code.code.as_str(),
                            saved_at: code.saved_at,
                            used_at: code.used_at,
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut buffer = Zeroizing::new(Vec::with_capacity(payload_capacity(accounts)));
    serde_json::to_writer(&mut *buffer, &payload)
        .map_err(|_| TransferError::Export("could not encode the backup".into()))?;
    Ok(buffer)
}

/// Seals `accounts` under `password` with Argon2id `kdf`. `now` is recorded
/// as the backup's creation time. The result holds no plaintext.
pub fn write(
    accounts: &[PortableAccount],
    password: &str,
    kdf: KdfParams,
    now: u64,
) -> Result<Vec<u8>, TransferError> {
    let export = |reason: &str| TransferError::Export(reason.to_string());
    if password.is_empty() {
        return Err(export("the backup password is empty"));
    }
    for portable in accounts {
        let label = portable.account.label();
        otp::validate(&portable.account.params).map_err(|e| export(&format!("{label}: {e}")))?;
        if portable.account.secret.expose().is_empty() {
            return Err(export(&format!("{label}: the secret is empty")));
        }
    }
    // Never write a backup this device would refuse to open.
    kdf.cost().check().map_err(|limit| {
        export(&format!(
            "the chosen key-derivation cost is more than this device allows: {limit}"
        ))
    })?;
    let mut salt = [0u8; SALT_LEN];
    crypto::fill_random(&mut salt).map_err(|e| export(&e.to_string()))?;
    let salt_b64 = BASE64.encode(salt);
    let key = kdf
        .derive_key(password, &salt)
        .map_err(|e| export(&e.to_string()))?;
    let plaintext = encode_payload(accounts)?;
    let seal = |aad: &[u8], plain: &[u8]| {
        crypto::seal(&key, aad, plain)
            .map(|sealed| SealedBox::from_sealed(&sealed))
            .map_err(|e| export(&e.to_string()))
    };
    let key_check = seal(KEY_CHECK_AAD, KEY_CHECK)?;
    let payload = seal(&payload_aad(now, &kdf, &salt_b64), &plaintext)?;
    let file = FileOut {
        format: FORMAT_NAME,
        version: VERSION,
        created_at: now,
        kdf: KdfOut {
            name: KDF_NAME,
            version: ARGON2_VERSION,
            memory_kib: kdf.memory_kib,
            iterations: kdf.iterations,
            parallelism: kdf.parallelism,
            salt: &salt_b64,
        },
        cipher: CIPHER,
        key_check: key_check.to_file(),
        payload: payload.to_file(),
    };
    let mut bytes =
        serde_json::to_vec_pretty(&file).map_err(|_| export("could not encode the backup"))?;
    bytes.push(b'\n');
    Ok(bytes)
}

// ----- reading -----

fn field<'a>(
    object: &'a Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<&'a Value, TransferError> {
    object
        .get(name)
        .ok_or_else(|| malformed(format!("the header has no `{path}{name}` field")))
}

fn string<'a>(
    object: &'a Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<&'a str, TransferError> {
    field(object, path, name)?
        .as_str()
        .ok_or_else(|| malformed(format!("`{path}{name}` must be a string")))
}

fn number(object: &Map<String, Value>, path: &str, name: &str) -> Result<u64, TransferError> {
    field(object, path, name)?
        .as_u64()
        .ok_or_else(|| malformed(format!("`{path}{name}` must be a whole number")))
}

fn number_u32(object: &Map<String, Value>, path: &str, name: &str) -> Result<u32, TransferError> {
    u32::try_from(number(object, path, name)?)
        .map_err(|_| malformed(format!("`{path}{name}` is too large")))
}

fn base64_field(
    object: &Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<Vec<u8>, TransferError> {
    BASE64
        .decode(string(object, path, name)?)
        .map_err(|_| malformed(format!("`{path}{name}` is not Base64")))
}

fn sealed_box(object: &Map<String, Value>, name: &str) -> Result<SealedBox, TransferError> {
    let inner = field(object, "", name)?
        .as_object()
        .ok_or_else(|| malformed(format!("`{name}` must be an object")))?;
    let path = format!("{name}.");
    let nonce = base64_field(inner, &path, "nonce")?;
    if nonce.len() != NONCE_LEN {
        return Err(malformed(format!(
            "`{name}.nonce` must be {NONCE_LEN} bytes"
        )));
    }
    let ciphertext = base64_field(inner, &path, "ciphertext")?;
    if ciphertext.len() < TAG_LEN {
        return Err(malformed(format!(
            "`{name}.ciphertext` is shorter than its tag"
        )));
    }
    Ok(SealedBox { nonce, ciphertext })
}

/// Parses and checks the clear header; nothing is derived or decrypted.
fn parse_header(bytes: &[u8]) -> Result<Header, TransferError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            malformed("the file is truncated")
        } else {
            // Not JSON at all, or JSON with junk: not a backup we wrote.
            TransferError::UnknownFormat
        }
    })?;
    let object = value.as_object().ok_or(TransferError::UnknownFormat)?;
    if object.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(TransferError::UnknownFormat);
    }
    let version = number(object, "", "version")?;
    if version > VERSION {
        return Err(unsupported(format!(
            "it was written by a newer Twofold: version {version}, this app reads {VERSION}"
        )));
    }
    if version != VERSION {
        return Err(malformed(format!("unknown version {version}")));
    }
    let created_at = number(object, "", "created_at")?;
    let kdf = field(object, "", "kdf")?
        .as_object()
        .ok_or_else(|| malformed("`kdf` must be an object"))?;
    let name = string(kdf, "kdf.", "name")?;
    if name != KDF_NAME {
        return Err(unsupported(format!("key derivation {name:?}")));
    }
    let argon2_version = number(kdf, "kdf.", "version")?;
    if argon2_version != ARGON2_VERSION {
        return Err(unsupported(format!("Argon2 version {argon2_version}")));
    }
    let params = KdfParams {
        memory_kib: number_u32(kdf, "kdf.", "memory_kib")?,
        iterations: number_u32(kdf, "kdf.", "iterations")?,
        parallelism: number_u32(kdf, "kdf.", "parallelism")?,
    };
    let salt_b64 = string(kdf, "kdf.", "salt")?.to_string();
    let salt = base64_field(kdf, "kdf.", "salt")?;
    if salt.len() < SALT_LEN {
        return Err(malformed(format!(
            "`kdf.salt` must be at least {SALT_LEN} bytes"
        )));
    }
    let cipher = string(object, "", "cipher")?;
    if cipher != CIPHER {
        return Err(unsupported(format!("cipher {cipher:?}")));
    }
    Ok(Header {
        created_at,
        kdf: params,
        salt_b64,
        salt,
        key_check: sealed_box(object, "key_check")?,
        payload: sealed_box(object, "payload")?,
    })
}

/// The clear header of a backup, without the password: its version,
/// creation time and key-derivation cost.
pub fn inspect(bytes: &[u8]) -> Result<BackupInfo, TransferError> {
    let header = parse_header(bytes)?;
    Ok(BackupInfo {
        version: VERSION,
        created_at: header.created_at,
        kdf: header.kdf,
    })
}

/// Opens a backup written by [`write()`]. A wrong password (or an altered key
/// derivation or salt in the header, which cannot be told apart from one) is
/// `WrongPassword`; any other change to the header or the ciphertext is
/// `Malformed` ("altered or damaged"). Entries that cannot be used are
/// reported in `problems`, one each.
pub fn read(bytes: &[u8], password: &str) -> Result<ImportFile, TransferError> {
    let header = parse_header(bytes)?;
    // Refused before anything is derived: the header chose this cost.
    KdfDemand::single(header.kdf.cost())
        .check()
        .map_err(|limit| TransferError::KdfTooCostly {
            format: FORMAT,
            limit,
        })?;
    let key = header
        .kdf
        .derive_key(password, &header.salt)
        .map_err(|e| malformed(format!("kdf: {e}")))?;
    match crypto::open(&key, KEY_CHECK_AAD, &header.key_check.joined()) {
        Some(check) if crypto::equal(&check, KEY_CHECK) => {}
        _ => return Err(TransferError::WrongPassword(FORMAT)),
    }
    let aad = payload_aad(header.created_at, &header.kdf, &header.salt_b64);
    let plaintext = crypto::open(&key, &aad, &header.payload.joined()).ok_or_else(|| {
        malformed("the file was altered or damaged after it was written (authentication failed)")
    })?;
    decode_payload(&plaintext)
}

/// The payload decoder alone, for the fuzzer: authentication keeps mutated
/// payloads from ever reaching it through [`read`]. Not part of the API.
#[doc(hidden)]
pub fn fuzz_decode_payload(plaintext: &[u8]) -> Result<ImportFile, TransferError> {
    decode_payload(plaintext)
}

fn decode_payload(plaintext: &[u8]) -> Result<ImportFile, TransferError> {
    super::limits::check_json_values(plaintext)?;
    // Serde's messages may quote values (secrets): report only where.
    let payload: PayloadIn = serde_json::from_slice(plaintext).map_err(|e| {
        malformed(format!(
            "the decrypted accounts are not in the expected shape (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let mut file = ImportFile::new(FORMAT);
    for (index, entry) in payload.accounts.into_iter().enumerate() {
        let label = crate::display::label(entry.issuer.as_deref(), &entry.name);
        match to_portable(entry) {
            Ok(account) => file.accounts.push(account),
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: Some(label),
                reason,
            }),
        }
    }
    Ok(file)
}

/// One payload entry as an account; the error never quotes the secret.
fn to_portable(entry: AccountIn) -> Result<PortableAccount, String> {
    let algorithm = || match entry.algorithm.as_deref() {
        None => Ok(Algorithm::Sha1),
        Some(text) => {
            Algorithm::parse(text).ok_or_else(|| format!("unknown algorithm {}", Excerpt::of(text)))
        }
    };
    let digits = entry.digits.unwrap_or(6);
    let params = match entry.kind.as_str() {
        "totp" => OtpParams {
            kind: OtpKind::Totp {
                period: entry.period.unwrap_or(30),
            },
            algorithm: algorithm()?,
            digits,
        },
        "hotp" => OtpParams {
            kind: OtpKind::Hotp {
                counter: entry.counter.unwrap_or(0),
            },
            algorithm: algorithm()?,
            digits,
        },
        // Steam's parameters are fixed; the written ones are informative.
        "steam" => OtpParams::STEAM,
        other => return Err(format!("unknown kind {}", Excerpt::of(other))),
    };
    otp::validate(&params).map_err(|e| e.to_string())?;
    let bytes = base32::decode(
        base32::Alphabet::Rfc4648 { padding: false },
        entry.secret.trim_end_matches('='),
    )
    .ok_or("the secret is not Base32")?;
    let secret = Secret::from_bytes(bytes);
    if secret.expose().is_empty() {
        return Err("the secret is empty".into());
    }
    let mut recovery_codes = Vec::with_capacity(entry.recovery_codes.len());
    for code in entry.recovery_codes {
        if code.code.trim().is_empty() {
            return Err("a recovery code is empty".into());
        }
        recovery_codes.push(PortableRecoveryCode {
            code: code.code,
            saved_at: code.saved_at,
            used_at: code.used_at,
        });
    }
    Ok(PortableAccount {
        account: NewAccount {
            issuer: entry.issuer,
            name: entry.name,
            secret,
            params,
        },
        note: entry.note,
        groups: entry.groups,
        recovery_codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_entries_are_reported_one_by_one_without_their_secret() {
        let payload = br#"{"accounts":[
            {"issuer":"A","name":"ok","secret":"JBSWY3DPEHPK3PXP","kind":"totp"},
            {"issuer":"B","name":"","secret":"JBSWY3DPEHPK3PX1","kind":"totp"},
            {"issuer":null,"name":"c","secret":"JBSWY3DPEHPK3PXP","kind":"motp"},
            {"issuer":"D","name":"d","secret":"JBSWY3DPEHPK3PXP","kind":"hotp","digits":4},
            {"issuer":"Steam","name":"s","secret":"JBSWY3DPEHPK3PXP","kind":"steam","algorithm":"?","digits":9},
            {"issuer":"E","name":"e","secret":"JBSWY3DPEHPK3PXP","kind":"totp",
             "recovery_codes":[{"code":" ","saved_at":1}]}
        ],"future_field":true}"#;
        let file = decode_payload(payload).unwrap();
        let names: Vec<_> = file
            .accounts
            .iter()
            .map(|a| a.account.name.as_str())
            .collect();
        assert_eq!(names, ["ok", "s"]);
        assert_eq!(file.accounts[0].account.params, OtpParams::DEFAULT_TOTP);
        assert_eq!(file.accounts[1].account.params, OtpParams::STEAM);
        let problems: Vec<_> = file
            .problems
            .iter()
            .map(|p| (p.position, p.label.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            problems,
            [
                (2, "B".to_string()),
                (3, "c".to_string()),
                (4, "D (d)".to_string()),
                (6, "E (e)".to_string())
            ]
        );
        assert!(file.problems[0].reason.contains("Base32"));
        assert!(file.problems[1].reason.contains("motp"));
        let printed = format!("{file:?}");
        assert!(!printed.contains("JBSWY3DPEHPK3PX"), "{printed}");
    }

    #[test]
    fn a_payload_of_the_wrong_shape_is_refused_without_quoting_it() {
        let error =
            decode_payload(br#"{"accounts":[{"secret":12345678,"kind":"totp"}]}"#).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("expected shape"), "{text}");
        assert!(!text.contains("12345678"), "{text}");
        assert!(decode_payload(b"").is_err());
    }
}
