//! The primitives other apps' encrypted exports are built from (2FAS,
//! andOTP, Bitwarden): PBKDF2, AES-256-GCM, AES-256-CBC with an
//! HMAC-SHA256 tag. Keys and plaintexts are returned in `Zeroizing`; every
//! "could not open" is `None`, and the caller says what it means for its
//! format (a wrong password, or a damaged file).
//!
//! Callers check the PBKDF2 iterations against [`crate::kdf_limits`] before
//! calling [`pbkdf2`].

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// AES-256 key length, and the length of every key derived here.
pub(super) const KEY_LEN: usize = 32;
/// AES-GCM nonce length all these formats use.
pub(super) const GCM_NONCE_LEN: usize = 12;
/// AES-GCM tag length.
pub(super) const GCM_TAG_LEN: usize = 16;
/// AES block (and CBC IV) length.
pub(super) const AES_BLOCK_LEN: usize = 16;

/// The hash PBKDF2's HMAC is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pbkdf2Hash {
    Sha1,
    Sha256,
}

/// A 32-byte key from `password` by PBKDF2-HMAC-`hash`.
pub(super) fn pbkdf2(
    hash: Pbkdf2Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    match hash {
        Pbkdf2Hash::Sha1 => {
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, key.as_mut_slice())
        }
        Pbkdf2Hash::Sha256 => {
            pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, key.as_mut_slice())
        }
    }
    key
}

/// AES-256-GCM decryption of `ciphertext_and_tag` (the tag is its last 16
/// bytes) without associated data. `None` when the tag does not verify (a
/// wrong key or altered data) or the nonce is not 12 bytes.
pub(super) fn gcm_open(
    key: &[u8; KEY_LEN],
    nonce: &[u8],
    ciphertext_and_tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; GCM_NONCE_LEN] = nonce.try_into().ok()?;
    let split = ciphertext_and_tag.len().checked_sub(GCM_TAG_LEN)?;
    let (ciphertext, tag) = ciphertext_and_tag.split_at(split);
    let tag: [u8; GCM_TAG_LEN] = tag.try_into().ok()?;
    let cipher = Aes256Gcm::new_from_slice(key).ok()?;
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    cipher
        .decrypt_inout_detached(
            &Nonce::from(nonce),
            b"",
            plaintext.as_mut_slice().into(),
            &Tag::from(tag),
        )
        .ok()?;
    Some(plaintext)
}

/// Bitwarden's "type 2" sealing: AES-256-CBC with PKCS#7 padding, then
/// HMAC-SHA256 over `iv || ciphertext` with a separate key. `None` when the
/// MAC does not verify (checked first, in constant time) or the padding is
/// wrong.
pub(super) fn cbc_hmac_open(
    enc_key: &[u8; KEY_LEN],
    mac_key: &[u8; KEY_LEN],
    iv: &[u8],
    ciphertext: &[u8],
    mac: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let mut check = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(mac_key).ok()?;
    check.update(iv);
    check.update(ciphertext);
    check.verify_slice(mac).ok()?;
    cbc_open(enc_key, iv, ciphertext)
}

/// AES-256-CBC decryption with PKCS#7 padding. `None` for a wrong IV or
/// ciphertext length, or bad padding.
pub(super) fn cbc_open(
    key: &[u8; KEY_LEN],
    iv: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let length = decryptor.decrypt_padded::<Pkcs7>(&mut buffer).ok()?.len();
    buffer.truncate(length);
    Some(buffer)
}

/// HKDF-Expand (SHA-256) of `prk` with `info` to 32 bytes: how Bitwarden
/// stretches a password key into its encryption and MAC keys.
pub(super) fn hkdf_expand(prk: &[u8; KEY_LEN], info: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    // A 32-byte PRK and a 32-byte output are always valid for HKDF-SHA256.
    if let Ok(hkdf) = hkdf::Hkdf::<Sha256>::from_prk(prk) {
        let _ = hkdf.expand(info, out.as_mut_slice());
    }
    out
}

/// Standard Base64 (as Java's and JavaScript's encoders write it), read
/// with or without padding and with no whitespace. The error names `what`.
pub(super) fn base64_decode(what: &str, text: &str) -> Result<Vec<u8>, String> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    LENIENT
        .decode(text.trim())
        .map_err(|error| format!("{what} is not valid Base64 ({error})"))
}

/// SHA-256 of `bytes`.
pub(super) fn sha256(bytes: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    use sha2::Digest;
    Zeroizing::new(Sha256::digest(bytes).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn pbkdf2_matches_published_vectors() {
        // RFC 6070, "password"/"salt", 2 iterations (first 20 bytes).
        let key = pbkdf2(Pbkdf2Hash::Sha1, b"password", b"salt", 2);
        assert_eq!(&key[..20], hex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"));
        // RFC 7914 §11, PBKDF2-HMAC-SHA256 "passwd"/"salt", 1 iteration.
        let key = pbkdf2(Pbkdf2Hash::Sha256, b"passwd", b"salt", 1);
        assert_eq!(
            key.as_slice(),
            hex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        );
    }

    #[test]
    fn gcm_opens_the_nist_vector_and_refuses_a_flipped_bit() {
        // NIST GCM test case 14: 256-bit zero key, zero IV, one zero block.
        let key = [0u8; KEY_LEN];
        let nonce = [0u8; GCM_NONCE_LEN];
        let mut sealed = hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
        assert_eq!(
            gcm_open(&key, &nonce, &sealed).unwrap().as_slice(),
            [0u8; 16]
        );
        sealed[20] ^= 1;
        assert!(gcm_open(&key, &nonce, &sealed).is_none());
        assert!(gcm_open(&key, &nonce[..8], &sealed).is_none());
        assert!(gcm_open(&key, &nonce, &sealed[..10]).is_none());
    }

    #[test]
    fn hkdf_expand_matches_rfc5869() {
        // RFC 5869 test case 1's PRK and info, first 32 bytes of the OKM.
        let prk: [u8; 32] = hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
            .try_into()
            .unwrap();
        let okm = hkdf_expand(&prk, &hex("f0f1f2f3f4f5f6f7f8f9"));
        assert_eq!(
            okm.as_slice(),
            hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf")
        );
    }

    #[test]
    fn cbc_rejects_bad_mac_and_bad_lengths() {
        let key = [1u8; KEY_LEN];
        assert!(cbc_hmac_open(&key, &key, &[0u8; 16], &[0u8; 16], &[0u8; 32]).is_none());
        assert!(cbc_open(&key, &[0u8; 15], &[0u8; 16]).is_none());
        assert!(cbc_open(&key, &[0u8; 16], &[0u8; 15]).is_none());
    }
}
