//! Sealing rows with the data key: XChaCha20-Poly1305 with a random 192-bit
//! nonce per write, and associated data that binds the sealed bytes to one row
//! of one table of one vault, written under one schema version. A blob moved to
//! another row, table or vault fails authentication.

use crate::vault::error::VaultError;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use std::fmt;
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// A 256-bit symmetric key (the data key or a key derived from a password).
/// Zeroized on drop; `Debug` redacts.
#[derive(Clone)]
pub struct SymmetricKey(Zeroizing<[u8; KEY_LEN]>);

impl SymmetricKey {
    pub fn random() -> Result<Self, VaultError> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(key.as_mut())?;
        Ok(SymmetricKey(key))
    }

    /// `None` unless `bytes` is exactly 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(SymmetricKey(Zeroizing::new(array)))
    }

    pub fn from_array(array: Zeroizing<[u8; KEY_LEN]>) -> Self {
        SymmetricKey(array)
    }

    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(self.0.as_ref()))
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

pub fn fill_random(buffer: &mut [u8]) -> Result<(), VaultError> {
    getrandom::fill(buffer).map_err(|_| VaultError::Random)
}

/// Seals `plaintext`: `nonce || ciphertext || tag`.
pub fn seal(key: &SymmetricKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    // Room for everything up front: a reallocation would leave a plaintext
    // copy behind in freed memory.
    let mut sealed = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(plaintext);
    let tag = key
        .cipher()
        .encrypt_in_place_detached(XNonce::from_slice(&nonce), aad, &mut sealed[NONCE_LEN..])
        .map_err(|_| VaultError::Storage("encryption failed".into()))?;
    sealed.extend_from_slice(&tag);
    Ok(sealed)
}

/// Opens a blob made by [`seal`]; `None` if it is too short, was made under
/// another key or associated data, or was altered.
pub fn open(key: &SymmetricKey, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, rest) = sealed.split_at(NONCE_LEN);
    let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    key.cipher()
        .decrypt_in_place_detached(
            XNonce::from_slice(nonce),
            aad,
            plaintext.as_mut_slice(),
            chacha20poly1305::Tag::from_slice(tag),
        )
        .ok()?;
    Some(plaintext)
}

/// Associated data for a row: vault, table, row id, the schema version the
/// row was sealed under, and any further binding (e.g. the owning account).
pub fn row_aad(vault_id: &str, table: &str, row_id: &str, version: u8, extra: &str) -> Vec<u8> {
    format!("twofold-vault\0{vault_id}\0{table}\0{row_id}\0v{version}\0{extra}").into_bytes()
}

/// Where a sealed row lives: the associated data is built from this.
pub struct RowRef<'a> {
    pub vault_id: &'a str,
    pub table: &'static str,
    pub id: &'a str,
    /// A further binding, e.g. the account a recovery code belongs to.
    pub extra: &'a str,
}

/// Seals a row under the current schema version, which is stored as the
/// blob's first byte and bound into the associated data.
pub fn seal_row(
    key: &SymmetricKey,
    row: &RowRef<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    let version = crate::vault::schema::ROW_FORMAT_VERSION;
    let aad = row_aad(row.vault_id, row.table, row.id, version, row.extra);
    let sealed = seal(key, &aad, plaintext)?;
    let mut blob = Vec::with_capacity(1 + sealed.len());
    blob.push(version);
    blob.extend_from_slice(&sealed);
    Ok(blob)
}

/// Opens a row sealed by [`seal_row`] under this or an earlier schema version.
pub fn open_row(key: &SymmetricKey, row: &RowRef<'_>, blob: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (&version, sealed) = blob.split_first()?;
    if version == 0 || version > crate::vault::schema::ROW_FORMAT_VERSION {
        return None;
    }
    open(
        key,
        &row_aad(row.vault_id, row.table, row.id, version, row.extra),
        sealed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_reverses_seal_only_with_the_same_key_and_aad() {
        let key = SymmetricKey::random().unwrap();
        let sealed = seal(&key, b"row-1", b"hello").unwrap();
        assert_eq!(open(&key, b"row-1", &sealed).unwrap().as_slice(), b"hello");
        assert!(open(&key, b"row-2", &sealed).is_none());
        let other = SymmetricKey::random().unwrap();
        assert!(open(&other, b"row-1", &sealed).is_none());
    }

    #[test]
    fn every_flipped_bit_is_detected() {
        let key = SymmetricKey::random().unwrap();
        let sealed = seal(&key, b"aad", b"some plaintext").unwrap();
        for index in 0..sealed.len() {
            let mut damaged = sealed.clone();
            damaged[index] ^= 0x01;
            assert!(open(&key, b"aad", &damaged).is_none(), "byte {index}");
        }
        assert!(open(&key, b"aad", &sealed[..10]).is_none());
    }

    #[test]
    fn nonces_differ_between_seals() {
        let key = SymmetricKey::random().unwrap();
        let a = seal(&key, b"", b"same").unwrap();
        let b = seal(&key, b"", b"same").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn debug_redacts_the_key() {
        let key = SymmetricKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "SymmetricKey(<redacted>)");
        assert!(SymmetricKey::from_slice(&[7u8; 31]).is_none());
    }
}
