//! The core's own cryptography, shared by the vault and Twofold's backup
//! file: 256-bit keys, randomness from the operating system, sealing with
//! XChaCha20-Poly1305 (a random 192-bit nonce per seal), Argon2id key
//! derivation, and constant-time comparison. Formats of other apps (Aegis'
//! scrypt and AES-GCM) keep their cryptography beside their parser.

use crate::kdf_limits::{KdfCost, KdfLimitError};
use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 24;
pub const TAG_LEN: usize = 16;

/// What can go wrong here. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the operating system's random generator failed")]
    Random,
    #[error("encryption failed")]
    Encrypt,
    #[error("invalid key-derivation parameters: {reason}")]
    BadKdfParams { reason: String },
    /// Refused before deriving (see [`crate::kdf_limits`]).
    #[error("the key derivation asks for more than this device allows: {0}")]
    KdfTooCostly(#[from] KdfLimitError),
}

/// A 256-bit symmetric key (the data key or a key derived from a password).
/// Zeroized on drop; `Debug` redacts.
#[derive(Clone)]
pub struct SymmetricKey(Zeroizing<[u8; KEY_LEN]>);

impl SymmetricKey {
    pub fn random() -> Result<Self, CryptoError> {
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
        XChaCha20Poly1305::new(self.expose().into())
    }
}

/// Two keys are the same key; in constant time.
impl PartialEq for SymmetricKey {
    fn eq(&self, other: &Self) -> bool {
        equal(self.expose(), other.expose())
    }
}

impl Eq for SymmetricKey {}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SymmetricKey(<redacted>)")
    }
}

/// Fills `buffer` from the operating system's random generator.
pub fn fill_random(buffer: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buffer).map_err(|_| CryptoError::Random)
}

/// `N` random bytes from the operating system.
pub fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    fill_random(&mut bytes)?;
    Ok(bytes)
}

/// Whether two byte strings are equal, in time that does not depend on where
/// they differ (their lengths are not secret).
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Seals `plaintext`: `nonce || ciphertext || tag`.
pub fn seal(key: &SymmetricKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let nonce: [u8; NONCE_LEN] = random()?;
    // Room for everything up front: a reallocation would leave a plaintext
    // copy behind in freed memory.
    let mut sealed = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(plaintext);
    let tag = key
        .cipher()
        .encrypt_inout_detached(
            &XNonce::from(nonce),
            aad,
            sealed[NONCE_LEN..].as_mut().into(),
        )
        .map_err(|_| CryptoError::Encrypt)?;
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
    let nonce = XNonce::try_from(nonce).ok()?;
    let tag = Tag::try_from(tag).ok()?;
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    key.cipher()
        .decrypt_inout_detached(&nonce, aad, plaintext.as_mut_slice().into(), &tag)
        .ok()?;
    Some(plaintext)
}

/// Argon2id cost parameters, stored with each password slot and in a
/// backup's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// Tuned for a mid-range phone: 64 MiB and 3 passes, about half a second.
    pub const PHONE: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// Deliberately weak parameters for tests only: they make a password
    /// cheap to guess. Never use them for a real vault.
    pub const INSECURE_FOR_TESTS: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    /// The cost of one derivation, for [`crate::kdf_limits`].
    pub fn cost(&self) -> KdfCost {
        KdfCost::argon2id(self.memory_kib, self.iterations, self.parallelism)
    }

    /// A 256-bit key from `password` and `salt` (Argon2id v1.3), after the
    /// bounds check: a tampered slot or header must not make us allocate
    /// gigabytes.
    pub fn derive_key(&self, password: &str, salt: &[u8]) -> Result<SymmetricKey, CryptoError> {
        self.cost().check()?;
        let bad = |e: argon2::Error| CryptoError::BadKdfParams {
            reason: e.to_string(),
        };
        let params = argon2::Params::new(
            self.memory_kib,
            self.iterations,
            self.parallelism,
            Some(KEY_LEN),
        )
        .map_err(bad)?;
        let argon2 =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        argon2
            .hash_password_into(password.as_bytes(), salt, key.as_mut())
            .map_err(bad)?;
        Ok(SymmetricKey::from_array(key))
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams::PHONE
    }
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

    /// draft-irtf-cfrg-xchacha-03, appendix A.3.1: the published
    /// XChaCha20-Poly1305 vector, through our `nonce || ciphertext || tag`
    /// layout, so an upgrade of the cipher crate cannot change what opens.
    #[test]
    fn opens_the_published_xchacha20_poly1305_vector() {
        let hex = |text: &str| -> Vec<u8> {
            let text: String = text.split_whitespace().collect();
            (0..text.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
                .collect()
        };
        let key = SymmetricKey::from_slice(&hex(
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
        ))
        .unwrap();
        let aad = hex("50515253c0c1c2c3c4c5c6c7");
        let nonce = hex("404142434445464748494a4b4c4d4e4f5051525354555657");
        let ciphertext = hex(
            "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
             731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
             2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
             21f9664c97637da9768812f615c68b13b52e",
        );
        let tag = hex("c0875924c1c7987947deafd8780acf49");
        let sealed = [nonce, ciphertext, tag].concat();
        let plaintext = open(&key, &aad, &sealed).unwrap();
        assert_eq!(
            plaintext.as_slice(),
            b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
        );
    }

    /// Pins what Argon2id derives here. An upgrade of the argon2 crate that
    /// changed it would lock every existing vault and backup (the schema-v1
    /// vault fixture, written before the 0.5 -> 0.6 upgrade, proves the same
    /// end to end in tests/vault_integrity.rs).
    #[test]
    fn argon2id_derivation_is_pinned() {
        let key = KdfParams::INSECURE_FOR_TESTS
            .derive_key("password", b"somesaltsomesalt")
            .unwrap();
        let hex: String = key.expose().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "e793d64ef75d58f503d4631b2b149f7f80127c5f3993d89b1c9b781e51d0b413"
        );
    }

    #[test]
    fn too_costly_parameters_are_refused_before_deriving() {
        let huge = KdfParams {
            memory_kib: 4 * 1024 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        assert!(matches!(
            huge.derive_key("pw", b"somesaltsomesalt"),
            Err(CryptoError::KdfTooCostly(_))
        ));
        let invalid = KdfParams {
            memory_kib: 1,
            iterations: 1,
            parallelism: 1,
        };
        assert!(matches!(
            invalid.derive_key("pw", b"somesaltsomesalt"),
            Err(CryptoError::BadKdfParams { .. })
        ));
    }

    #[test]
    fn equal_compares_whole_strings() {
        assert!(equal(b"abc", b"abc"));
        assert!(!equal(b"abc", b"abd"));
        assert!(!equal(b"abc", b"ab"));
    }

    #[test]
    fn debug_redacts_the_key() {
        let key = SymmetricKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "SymmetricKey(<redacted>)");
        assert!(SymmetricKey::from_slice(&[7u8; 31]).is_none());
    }
}
