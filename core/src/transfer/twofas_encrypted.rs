//! 2FAS's password-protected `.2fas` backup (schema versions 2 to 4): the
//! outer JSON of a plain backup, with `services` empty and the services
//! list sealed in `servicesEncrypted`:
//!
//! ```text
//! "servicesEncrypted": "<Base64 ciphertext+tag>:<Base64 salt>:<Base64 IV>"
//! "reference":         "<Base64 ciphertext+tag>:<Base64 salt>:<Base64 IV>"
//! ```
//!
//! The key is PBKDF2-HMAC-SHA256 of the password, 10,000 iterations (fixed
//! by 2FAS, not stored), 32 bytes; both parts are AES-256-GCM with a 12-byte
//! IV and the 16-byte tag at the end. `reference` seals a fixed text under
//! the same key: when it opens the password is right, so a services part
//! that then fails is a damaged file, not a wrong password. Groups stay in
//! the clear. See `core/docs/import-formats.md`.

use super::file_crypto::{self, Pbkdf2Hash};
use super::twofas::{self, Group, Service};
use super::{limits, Format, ImportFile, TransferError};
use crate::kdf_limits::{KdfAlgorithm, KdfCost, KdfDemand};
use serde::Deserialize;
use zeroize::Zeroizing;

const FORMAT: Format = Format::TwoFasEncrypted;
/// 2FAS's PBKDF2 iteration count, the same in every
/// schema version.
pub const ITERATIONS: u32 = 10_000;
/// The newest schema version this reader knows; later ones are refused.
const NEWEST_SCHEMA: u64 = 4;

#[derive(Deserialize)]
struct Backup {
    #[serde(default, rename = "schemaVersion")]
    schema_version: Option<u64>,
    #[serde(default, rename = "servicesEncrypted")]
    services_encrypted: Option<String>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    groups: Option<Vec<Group>>,
}

/// One sealed part: ciphertext with its tag, the salt and the IV.
struct Sealed {
    ciphertext: Vec<u8>,
    salt: Vec<u8>,
    iv: Vec<u8>,
}

/// The outer file, checked; nothing derived yet.
struct Header {
    services: Sealed,
    reference: Option<Sealed>,
    groups: Vec<Group>,
}

impl Header {
    /// One derivation, or two when `reference` was sealed under another salt.
    fn kdf_demand(&self) -> KdfDemand {
        let cost = KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha256, ITERATIONS);
        let mut demand = KdfDemand::single(cost);
        if self
            .reference
            .as_ref()
            .is_some_and(|reference| reference.salt != self.services.salt)
        {
            demand.derivations.push(cost);
        }
        demand
    }
}

/// Reads a password-protected 2FAS backup. `None` for `password` fails with
/// `PasswordRequired` once the file is known to be well formed.
pub fn parse(json: &str, password: Option<&str>) -> Result<ImportFile, TransferError> {
    let header = read_header(json)?;
    header
        .kdf_demand()
        .check()
        .map_err(|limit| TransferError::KdfTooCostly {
            format: FORMAT,
            limit,
        })?;
    let password = password.ok_or(TransferError::PasswordRequired(FORMAT))?;
    let derive = |salt: &[u8]| {
        file_crypto::pbkdf2(Pbkdf2Hash::Sha256, password.as_bytes(), salt, ITERATIONS)
    };
    let key = derive(&header.services.salt);
    if let Some(reference) = &header.reference {
        let reference_key = if reference.salt == header.services.salt {
            key.clone()
        } else {
            derive(&reference.salt)
        };
        open(&reference_key, reference).ok_or(TransferError::WrongPassword(FORMAT))?;
    }
    let plaintext = match (open(&key, &header.services), &header.reference) {
        (Some(plaintext), _) => plaintext,
        (None, None) => return Err(TransferError::WrongPassword(FORMAT)),
        (None, Some(_)) => {
            return Err(TransferError::malformed(
                FORMAT,
                "the password is right (the reference opens) but servicesEncrypted fails its integrity check: the file is damaged or was altered",
            ))
        }
    };
    let text = std::str::from_utf8(&plaintext).map_err(|_| {
        TransferError::malformed(FORMAT, "the decrypted services are not UTF-8 text")
    })?;
    limits::check_json_values(text.as_bytes())?;
    let services: Vec<Service> = serde_json::from_str(text).map_err(|error| {
        TransferError::malformed(
            FORMAT,
            format!(
                "the decrypted services are not a JSON list of services: {}",
                super::fields::json_error_reason(&error)
            ),
        )
    })?;
    Ok(twofas::read_services(FORMAT, &services, &header.groups))
}

/// What opening the backup would derive, checked as [`parse`] checks it.
pub fn kdf_demand(json: &str) -> Result<KdfDemand, TransferError> {
    Ok(read_header(json)?.kdf_demand())
}

fn open(key: &[u8; file_crypto::KEY_LEN], sealed: &Sealed) -> Option<Zeroizing<Vec<u8>>> {
    file_crypto::gcm_open(key, &sealed.iv, &sealed.ciphertext)
}

fn read_header(json: &str) -> Result<Header, TransferError> {
    let json = super::fields::without_bom(json);
    let backup: Backup = serde_json::from_str(json).map_err(|error| {
        TransferError::malformed(FORMAT, super::fields::json_error_reason(&error))
    })?;
    if let Some(version) = backup.schema_version.filter(|v| *v > NEWEST_SCHEMA) {
        return Err(TransferError::Unsupported {
            format: FORMAT,
            what: format!("schema version {version} (Twofold reads 2FAS schema versions up to {NEWEST_SCHEMA})"),
        });
    }
    let services = backup
        .services_encrypted
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| TransferError::malformed(FORMAT, "servicesEncrypted is missing or empty"))?;
    let services = read_sealed("servicesEncrypted", services)?;
    let reference = backup
        .reference
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .map(|text| read_sealed("reference", text))
        .transpose()?;
    Ok(Header {
        services,
        reference,
        groups: backup.groups.unwrap_or_default(),
    })
}

fn read_sealed(field: &str, text: &str) -> Result<Sealed, TransferError> {
    let parts: Vec<&str> = text.split(':').collect();
    let [ciphertext, salt, iv] = parts.as_slice() else {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "{field}: expected three Base64 parts separated by ':' (ciphertext, salt, IV), found {}",
                parts.len()
            ),
        ));
    };
    let decode = |part: &str, what: &str| {
        file_crypto::base64_decode(&format!("{field}'s {what}"), part)
            .map_err(|reason| TransferError::malformed(FORMAT, reason))
    };
    let sealed = Sealed {
        ciphertext: decode(ciphertext, "ciphertext")?,
        salt: decode(salt, "salt")?,
        iv: decode(iv, "IV")?,
    };
    if sealed.iv.len() != file_crypto::GCM_NONCE_LEN {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "{field}'s IV is {} bytes; AES-GCM here uses {}",
                sealed.iv.len(),
                file_crypto::GCM_NONCE_LEN
            ),
        ));
    }
    if sealed.salt.is_empty() {
        return Err(TransferError::malformed(
            FORMAT,
            format!("{field}'s salt is empty"),
        ));
    }
    if sealed.ciphertext.len() < file_crypto::GCM_TAG_LEN {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "{field}'s ciphertext is {} bytes, shorter than its 16-byte tag",
                sealed.ciphertext.len()
            ),
        ));
    }
    Ok(sealed)
}
