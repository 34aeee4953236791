//! Bitwarden's password-protected JSON export:
//!
//! ```text
//! { "encrypted": true, "passwordProtected": true,
//!   "salt": "<text>", "kdfType": 0 | 1, "kdfIterations": n,
//!   "kdfMemory": MiB, "kdfParallelism": p,          // Argon2id only
//!   "encKeyValidation_DO_NOT_EDIT": "<EncString>",
//!   "data": "<EncString of the plain export's JSON>" }
//! ```
//!
//! The password key is PBKDF2-HMAC-SHA256 over the salt's UTF-8 bytes
//! (`kdfType` 0), or Argon2id over the SHA-256 of those bytes (`kdfType` 1,
//! memory in MiB); HKDF-Expand stretches it into an encryption key ("enc")
//! and a MAC key ("mac"). An EncString of type 2 is `2.<iv>|<ct>|<mac>` in
//! Base64: AES-256-CBC with PKCS#7 padding and HMAC-SHA256 over `iv || ct`.
//! `encKeyValidation_DO_NOT_EDIT` seals a random text: when its MAC
//! verifies the password is right. See `core/docs/import-formats.md`.

use super::file_crypto::{self, Pbkdf2Hash, AES_BLOCK_LEN, KEY_LEN};
use super::{bitwarden, limits, Format, ImportFile, TransferError};
use crate::crypto::KdfParams;
use crate::kdf_limits::{KdfAlgorithm, KdfCost, KdfDemand};
use serde::Deserialize;
use zeroize::Zeroizing;

const FORMAT: Format = Format::BitwardenEncrypted;
/// EncString type AesCbc256_HmacSha256_B64, the only one exports use.
const ENC_TYPE_AES_CBC_HMAC: &str = "2";
const MAC_LEN: usize = 32;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    salt: Option<String>,
    #[serde(default, rename = "kdfType")]
    kdf_type: Option<u64>,
    #[serde(default, rename = "kdfIterations")]
    kdf_iterations: Option<u64>,
    #[serde(default, rename = "kdfMemory")]
    kdf_memory: Option<u64>,
    #[serde(default, rename = "kdfParallelism")]
    kdf_parallelism: Option<u64>,
    #[serde(default, rename = "encKeyValidation_DO_NOT_EDIT")]
    validation: Option<String>,
    #[serde(default)]
    data: Option<String>,
}

/// The key derivation the export names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kdf {
    Pbkdf2 { iterations: u32 },
    Argon2id(KdfParams),
}

impl Kdf {
    fn cost(self) -> KdfCost {
        match self {
            Kdf::Pbkdf2 { iterations } => KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha256, iterations),
            Kdf::Argon2id(params) => params.cost(),
        }
    }
}

/// An EncString of type 2.
struct EncString {
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    mac: Vec<u8>,
}

struct Header {
    salt: String,
    kdf: Kdf,
    validation: EncString,
    data: EncString,
}

/// Reads a password-protected Bitwarden export. `None` for `password` fails
/// with `PasswordRequired` once the file is known to be well formed.
pub fn parse(json: &str, password: Option<&str>) -> Result<ImportFile, TransferError> {
    let header = read_header(json)?;
    KdfDemand::single(header.kdf.cost())
        .check()
        .map_err(|limit| TransferError::KdfTooCostly {
            format: FORMAT,
            limit,
        })?;
    let password = password.ok_or(TransferError::PasswordRequired(FORMAT))?;
    let key = derive(header.kdf, password, &header.salt)?;
    let enc_key = file_crypto::hkdf_expand(&key, b"enc");
    let mac_key = file_crypto::hkdf_expand(&key, b"mac");
    let open = |sealed: &EncString| {
        file_crypto::cbc_hmac_open(
            &enc_key,
            &mac_key,
            &sealed.iv,
            &sealed.ciphertext,
            &sealed.mac,
        )
    };
    open(&header.validation).ok_or(TransferError::WrongPassword(FORMAT))?;
    let plaintext = open(&header.data).ok_or_else(|| {
        TransferError::malformed(
            FORMAT,
            "the password is right (encKeyValidation_DO_NOT_EDIT opens) but 'data' fails its integrity check: the file is damaged or was altered",
        )
    })?;
    let text = std::str::from_utf8(&plaintext)
        .map_err(|_| TransferError::malformed(FORMAT, "the decrypted data is not UTF-8 text"))?;
    limits::check_json_values(text.as_bytes())?;
    bitwarden::parse_as(FORMAT, text)
}

/// What opening the export would derive, checked as [`parse`] checks it.
pub fn kdf_demand(json: &str) -> Result<KdfDemand, TransferError> {
    Ok(KdfDemand::single(read_header(json)?.kdf.cost()))
}

fn derive(kdf: Kdf, password: &str, salt: &str) -> Result<Zeroizing<[u8; KEY_LEN]>, TransferError> {
    match kdf {
        Kdf::Pbkdf2 { iterations } => Ok(file_crypto::pbkdf2(
            Pbkdf2Hash::Sha256,
            password.as_bytes(),
            salt.as_bytes(),
            iterations,
        )),
        Kdf::Argon2id(params) => {
            // Bitwarden hashes the salt first: Argon2 wants at least 8 bytes.
            let salt = file_crypto::sha256(salt.as_bytes());
            let key = params
                .derive_key(password, salt.as_slice())
                .map_err(|error| TransferError::Unsupported {
                    format: FORMAT,
                    what: format!("these Argon2id parameters ({error})"),
                })?;
            Ok(Zeroizing::new(*key.expose()))
        }
    }
}

fn read_header(json: &str) -> Result<Header, TransferError> {
    let json = super::fields::without_bom(json);
    let export: Export = serde_json::from_str(json).map_err(|error| {
        TransferError::malformed(FORMAT, super::fields::json_error_reason(&error))
    })?;
    let salt = export
        .salt
        .clone()
        .filter(|salt| !salt.is_empty())
        .ok_or_else(|| TransferError::malformed(FORMAT, "'salt' is missing or empty"))?;
    let kdf = read_kdf(&export)?;
    let validation = read_enc_string("encKeyValidation_DO_NOT_EDIT", export.validation.as_deref())?;
    let data = read_enc_string("data", export.data.as_deref())?;
    Ok(Header {
        salt,
        kdf,
        validation,
        data,
    })
}

fn read_kdf(export: &Export) -> Result<Kdf, TransferError> {
    let number = |field: &str, value: Option<u64>| -> Result<u32, TransferError> {
        let value = value
            .ok_or_else(|| TransferError::malformed(FORMAT, format!("'{field}' is missing")))?;
        u32::try_from(value)
            .ok()
            .filter(|value| *value >= 1)
            .ok_or_else(|| {
                TransferError::malformed(
                    FORMAT,
                    format!(
                        "'{field}' is {value}; expected a whole number from 1 to {}",
                        u32::MAX
                    ),
                )
            })
    };
    match export.kdf_type {
        Some(0) => Ok(Kdf::Pbkdf2 {
            iterations: number("kdfIterations", export.kdf_iterations)?,
        }),
        Some(1) => {
            let memory_mib = number("kdfMemory", export.kdf_memory)?;
            let memory_kib = memory_mib.checked_mul(1024).ok_or_else(|| {
                TransferError::malformed(
                    FORMAT,
                    format!("'kdfMemory' is {memory_mib} MiB, too large to be real"),
                )
            })?;
            Ok(Kdf::Argon2id(KdfParams {
                memory_kib,
                iterations: number("kdfIterations", export.kdf_iterations)?,
                parallelism: number("kdfParallelism", export.kdf_parallelism)?,
            }))
        }
        Some(other) => Err(TransferError::Unsupported {
            format: FORMAT,
            what: format!("key derivation type {other} (Bitwarden has 0, PBKDF2, and 1, Argon2id)"),
        }),
        None => Err(TransferError::malformed(FORMAT, "'kdfType' is missing")),
    }
}

fn read_enc_string(field: &str, text: Option<&str>) -> Result<EncString, TransferError> {
    let text = text
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .ok_or_else(|| {
            TransferError::malformed(FORMAT, format!("'{field}' is missing or empty"))
        })?;
    let (kind, rest) = text.split_once('.').ok_or_else(|| {
        TransferError::malformed(
            FORMAT,
            format!("'{field}' is not an encrypted string (expected '2.<iv>|<data>|<mac>')"),
        )
    })?;
    if kind != ENC_TYPE_AES_CBC_HMAC {
        return Err(TransferError::Unsupported {
            format: FORMAT,
            what: format!("'{field}' is encrypted with type {kind}; exports use type 2 (AES-CBC with HMAC-SHA256)"),
        });
    }
    let parts: Vec<&str> = rest.split('|').collect();
    let [iv, ciphertext, mac] = parts.as_slice() else {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "'{field}' has {} parts separated by '|'; expected 3 (IV, data, MAC)",
                parts.len()
            ),
        ));
    };
    let decode = |part: &str, what: &str| {
        file_crypto::base64_decode(&format!("{field}'s {what}"), part)
            .map_err(|reason| TransferError::malformed(FORMAT, reason))
    };
    let sealed = EncString {
        iv: decode(iv, "IV")?,
        ciphertext: decode(ciphertext, "data")?,
        mac: decode(mac, "MAC")?,
    };
    let lengths_ok = sealed.iv.len() == AES_BLOCK_LEN
        && sealed.mac.len() == MAC_LEN
        && !sealed.ciphertext.is_empty()
        && sealed.ciphertext.len().is_multiple_of(AES_BLOCK_LEN);
    if !lengths_ok {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "'{field}' has a {}-byte IV, {} bytes of data and a {}-byte MAC; expected 16, a multiple of 16, and 32",
                sealed.iv.len(),
                sealed.ciphertext.len(),
                sealed.mac.len()
            ),
        ));
    }
    Ok(sealed)
}
