//! andOTP's encrypted backup (`.json.aes`): the plain backup's JSON sealed
//! with AES-256-GCM, in one of two binary layouts.
//!
//! ```text
//! current:                 iterations (4 bytes, big-endian) | salt (12)
//!                           | IV (12) | ciphertext | tag (16)
//!                           key = PBKDF2-HMAC-SHA1(password, salt, iterations), 32 bytes
//! old:                      IV (12) | ciphertext | tag (16)
//!                           key = SHA-256(password as UTF-8)
//! ```
//!
//! Neither layout carries a signature, so a binary file that is no other
//! known format is taken for one of these (as Aegis does). The current
//! layout is tried first when its iteration count is plausible (1 to
//! [`MAX_PBKDF2_ITERATIONS`]; andOTP writes 140,000 to 160,000), then the
//! old one, which costs one hash. See `core/docs/import-formats.md`.

use super::file_crypto::{self, Pbkdf2Hash, GCM_NONCE_LEN, GCM_TAG_LEN};
use super::{andotp, limits, Format, ImportFile, TransferError};
use crate::kdf_limits::{KdfAlgorithm, KdfCost, KdfDemand, MAX_PBKDF2_ITERATIONS};
use zeroize::Zeroizing;

const FORMAT: Format = Format::AndOtpEncrypted;
const ITERATIONS_LEN: usize = 4;
const SALT_LEN: usize = 12;
/// Where the current layout's IV starts.
const CURRENT_HEADER_LEN: usize = ITERATIONS_LEN + SALT_LEN;
/// The shortest sealed payload: an IV and a tag around nothing.
const OLD_MIN_LEN: usize = GCM_NONCE_LEN + GCM_TAG_LEN;

/// Signatures of binary files that are something else, so they are never
/// taken for an andOTP backup: images, archives, databases, Java streams.
const OTHER_SIGNATURES: &[&[u8]] = &[
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"RIFF",
    b"BM",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"SQLite format 3\0",
    b"\xac\xed\x00\x05",
    b"%PDF",
    b"AUTHENTICATORPRO",
];

/// Whether `bytes` (not UTF-8 text) may be an encrypted andOTP backup.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.len() >= OLD_MIN_LEN
        && std::str::from_utf8(bytes).is_err()
        && !OTHER_SIGNATURES
            .iter()
            .any(|magic| bytes.starts_with(magic))
}

/// The iteration count of the current layout, when the header has a
/// plausible one and the file is long enough for that layout.
fn current_iterations(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < CURRENT_HEADER_LEN + OLD_MIN_LEN {
        return None;
    }
    let header: [u8; ITERATIONS_LEN] = bytes.get(..ITERATIONS_LEN)?.try_into().ok()?;
    let iterations = u32::from_be_bytes(header);
    (1..=MAX_PBKDF2_ITERATIONS)
        .contains(&iterations)
        .then_some(iterations)
}

/// What opening `bytes` would derive: the current layout's PBKDF2 when its
/// header is plausible (the old layout's SHA-256 is no key derivation).
pub fn kdf_demand(bytes: &[u8]) -> KdfDemand {
    match current_iterations(bytes) {
        Some(iterations) => {
            KdfDemand::single(KdfCost::pbkdf2(KdfAlgorithm::Pbkdf2Sha1, iterations))
        }
        None => KdfDemand::default(),
    }
}

/// Decrypts and reads an encrypted andOTP backup.
pub fn parse(bytes: &[u8], password: Option<&str>) -> Result<ImportFile, TransferError> {
    if !looks_like(bytes) {
        return Err(TransferError::malformed(
            FORMAT,
            format!("an encrypted andOTP backup is binary and at least {OLD_MIN_LEN} bytes long"),
        ));
    }
    // Bounded by construction (see `current_iterations`); checked all the same.
    kdf_demand(bytes)
        .check()
        .map_err(|limit| TransferError::KdfTooCostly {
            format: FORMAT,
            limit,
        })?;
    let password = password.ok_or(TransferError::PasswordRequired(FORMAT))?;
    let plaintext = open_current(bytes, password)
        .or_else(|| open_old(bytes, password))
        .ok_or(TransferError::WrongPassword(FORMAT))?;
    let text = std::str::from_utf8(&plaintext)
        .map_err(|_| TransferError::malformed(FORMAT, "the decrypted backup is not UTF-8 text"))?;
    limits::check_json_values(text.as_bytes())?;
    let mut file = andotp::parse(text).map_err(|error| match error {
        TransferError::Malformed { reason, .. } => TransferError::malformed(
            FORMAT,
            format!("the decrypted backup is not andOTP's JSON: {reason}"),
        ),
        other => other,
    })?;
    file.format = FORMAT;
    Ok(file)
}

fn open_current(bytes: &[u8], password: &str) -> Option<Zeroizing<Vec<u8>>> {
    let iterations = current_iterations(bytes)?;
    let salt = bytes.get(ITERATIONS_LEN..CURRENT_HEADER_LEN)?;
    let key = file_crypto::pbkdf2(Pbkdf2Hash::Sha1, password.as_bytes(), salt, iterations);
    open_sealed(&key, bytes.get(CURRENT_HEADER_LEN..)?)
}

fn open_old(bytes: &[u8], password: &str) -> Option<Zeroizing<Vec<u8>>> {
    // andOTP's first format: the key is a bare hash of the password.
    let key = file_crypto::sha256(password.as_bytes());
    open_sealed(&key, bytes)
}

/// `IV | ciphertext | tag`.
fn open_sealed(key: &[u8; file_crypto::KEY_LEN], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < OLD_MIN_LEN {
        return None;
    }
    let (iv, ciphertext_and_tag) = sealed.split_at(GCM_NONCE_LEN);
    file_crypto::gcm_open(key, iv, ciphertext_and_tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unknown_binary_files_are_taken_for_andotp() {
        let mut current = 150_000u32.to_be_bytes().to_vec();
        current.extend([0xa5; 60]);
        assert!(looks_like(&current));
        assert_eq!(current_iterations(&current), Some(150_000));
        assert!(!looks_like(
            b"[{\"secret\": \"JBSWY3DPEHPK3PXP\"}] padding padding"
        ));
        assert!(!looks_like(&[0xa5; 27]));
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend([0xa5; 60]);
        assert!(!looks_like(&png));
        // An implausible header is read as the old layout only.
        let mut old = vec![0xff; 4];
        old.extend([0xa5; 60]);
        assert!(looks_like(&old));
        assert_eq!(current_iterations(&old), None);
        assert_eq!(kdf_demand(&old).derivations.len(), 0);
    }
}
