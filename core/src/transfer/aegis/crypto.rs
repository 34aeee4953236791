//! The cryptography of an encrypted Aegis export: scrypt turns the password
//! into a key that unwraps the master key of a password slot, and the master
//! key opens the database. Both layers are AES-256-GCM with a 12-byte nonce
//! and the 16-byte tag stored apart from the ciphertext, all hex-encoded.

use crate::kdf_limits::KdfCost;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use zeroize::Zeroizing;

/// Length of the master key and of the password-derived key.
pub(super) const KEY_LEN: usize = 32;
pub(super) const NONCE_LEN: usize = 12;
pub(super) const TAG_LEN: usize = 16;
/// Aegis uses 32-byte salts.
pub(super) const SALT_LEN: usize = 32;

/// scrypt cost of a password slot. Aegis itself always writes
/// N = 2^15, r = 8, p = 1 ([`ScryptParams::AEGIS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScryptParams {
    /// CPU/memory cost; a power of two.
    pub n: u64,
    /// Block size.
    pub r: u32,
    /// Parallelism (run one after the other here).
    pub p: u32,
}

impl ScryptParams {
    /// What Aegis writes: N = 2^15, r = 8, p = 1 (32 MiB).
    pub const AEGIS: ScryptParams = ScryptParams {
        n: 1 << 15,
        r: 8,
        p: 1,
    };

    /// The cost of one derivation, for [`crate::kdf_limits`].
    pub fn cost(self) -> KdfCost {
        KdfCost::scrypt(self.n, self.r, self.p)
    }

    /// Checks the parameters against what scrypt allows (not against what
    /// this device can pay: that is [`ScryptParams::cost`]'s check). The error
    /// says what is wrong, for `TransferError::Unsupported`.
    pub(super) fn to_scrypt(self) -> Result<scrypt::Params, String> {
        let shown = format!("scrypt parameters N={} r={} p={}", self.n, self.r, self.p);
        if self.n < 2 || !self.n.is_power_of_two() {
            return Err(format!("{shown}: N must be a power of two of at least 2"));
        }
        if self.r == 0 || self.p == 0 {
            return Err(format!("{shown}: r and p must be at least 1"));
        }
        // N is a power of two below 2^64, so its log fits in a u8.
        let log_n = self.n.trailing_zeros() as u8;
        scrypt::Params::new(log_n, self.r, self.p)
            .map_err(|_| format!("{shown} are not valid for scrypt"))
    }
}

/// The key scrypt derives from `password` for a slot.
pub(super) fn derive_key(
    password: &[u8],
    salt: &[u8],
    params: &scrypt::Params,
) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    // Only fails for an output length scrypt cannot produce; 32 is fine.
    let _ = scrypt::scrypt(password, salt, params, key.as_mut_slice());
    key
}

/// Passwords whose old encoding is at most this long derive the same key
/// either way: scrypt's HMAC pads short keys with zeros to 64 bytes anyway.
pub(super) const LEGACY_SAME_KEY_UP_TO: usize = 64;

/// The password bytes Aegis used before its fix for issue #95: the UTF-8
/// bytes followed by the zeros of the unused end of Java's encode buffer.
/// That buffer starts at `(int)(utf16_units * 1.1f)` bytes and grows to
/// `2n + 1` until the text fits.
pub(super) fn legacy_password_bytes(password: &str) -> Zeroizing<Vec<u8>> {
    let units = password.encode_utf16().count();
    // Java multiplies in single precision and truncates.
    let mut capacity = (units as f32 * 1.1f32) as usize;
    while capacity < password.len() {
        capacity = capacity.saturating_mul(2).saturating_add(1);
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    bytes.extend_from_slice(password.as_bytes());
    bytes.resize(capacity, 0);
    bytes
}

/// Ciphertext with its nonce and tag, as a slot key or the database stores them.
pub(super) struct Sealed {
    pub ciphertext: Vec<u8>,
    pub nonce: [u8; NONCE_LEN],
    pub tag: [u8; TAG_LEN],
}

/// AES-256-GCM decryption without associated data. `None` when the tag does
/// not verify: a wrong key or altered data.
pub(super) fn open(key: &[u8; KEY_LEN], sealed: &Sealed) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = Aes256Gcm::new(key.into());
    let mut plaintext = Zeroizing::new(sealed.ciphertext.clone());
    cipher
        .decrypt_inout_detached(
            &Nonce::from(sealed.nonce),
            b"",
            plaintext.as_mut_slice().into(),
            &Tag::from(sealed.tag),
        )
        .ok()?;
    Some(plaintext)
}

/// AES-256-GCM encryption under a fresh random nonce.
pub(super) fn seal(key: &[u8; KEY_LEN], plaintext: &[u8]) -> Result<Sealed, String> {
    let nonce: [u8; NONCE_LEN] = random()?;
    let cipher = Aes256Gcm::new(key.into());
    let mut ciphertext = plaintext.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&Nonce::from(nonce), b"", ciphertext.as_mut_slice().into())
        .map_err(|_| "encryption failed".to_string())?;
    Ok(Sealed {
        ciphertext,
        nonce,
        tag: tag.into(),
    })
}

/// Random bytes from the operating system.
pub(super) fn random<const N: usize>() -> Result<[u8; N], String> {
    crate::crypto::random().map_err(|e| e.to_string())
}

/// Lower-case hex, as Aegis writes keys, salts, nonces and tags.
pub(super) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Parses hex of either case. The error names what is wrong, not the text.
pub(super) fn from_hex(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!(
            "hex text has an odd number of characters ({})",
            text.len()
        ));
    }
    let nibble = |(index, c): (usize, char)| {
        c.to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("character {} is not a hex digit", index + 1))
    };
    let digits = text
        .chars()
        .enumerate()
        .map(nibble)
        .collect::<Result<Vec<u8>, String>>()?;
    Ok(digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair[1])
        .collect())
}

/// Hex that must decode to exactly `N` bytes.
pub(super) fn from_hex_exact<const N: usize>(text: &str) -> Result<[u8; N], String> {
    let bytes = from_hex(text)?;
    <[u8; N]>::try_from(bytes.as_slice())
        .map_err(|_| format!("expected {N} bytes, found {}", bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_junk() {
        assert_eq!(to_hex(&[0x00, 0xab, 0x7f]), "00ab7f");
        assert_eq!(from_hex("00AB7f").unwrap(), vec![0x00, 0xab, 0x7f]);
        assert!(from_hex("abc").unwrap_err().contains("odd"));
        assert!(from_hex("zz").unwrap_err().contains("character 1"));
        assert!(from_hex_exact::<2>("aabbcc")
            .unwrap_err()
            .contains("expected 2 bytes"));
    }

    #[test]
    fn scrypt_validity_is_checked_apart_from_cost() {
        assert!(ScryptParams::AEGIS.to_scrypt().is_ok());
        assert!(ScryptParams::AEGIS.cost().check().is_ok());
        // Valid for scrypt, too costly for the device: two separate answers.
        let huge = ScryptParams {
            n: 1 << 20,
            r: 8,
            p: 1,
        };
        assert!(huge.to_scrypt().is_ok());
        assert!(huge.cost().check().is_err());
        let odd = ScryptParams {
            n: 1000,
            r: 8,
            p: 1,
        };
        assert!(odd.to_scrypt().unwrap_err().contains("power of two"));
        let zero = ScryptParams {
            n: 1024,
            r: 0,
            p: 1,
        };
        assert!(zero.to_scrypt().is_err());
    }

    #[test]
    fn legacy_password_bytes_pad_like_java() {
        assert_eq!(legacy_password_bytes("").as_slice(), b"");
        // 10 ASCII characters: an 11-byte buffer.
        assert_eq!(
            legacy_password_bytes("0123456789").as_slice(),
            b"0123456789\0"
        );
        // 60 characters: 66 bytes, past HMAC's 64-byte block.
        assert_eq!(legacy_password_bytes(&"a".repeat(60)).len(), 66);
        // "é" is 2 bytes for 1 unit: the 1-byte buffer grows to 3.
        assert_eq!(legacy_password_bytes("é").as_slice(), b"\xc3\xa9\0");
    }

    #[test]
    fn seal_then_open_and_tamper() {
        let key = [7u8; KEY_LEN];
        let mut sealed = seal(&key, b"hello").unwrap();
        assert_eq!(open(&key, &sealed).unwrap().as_slice(), b"hello");
        sealed.tag[0] ^= 1;
        assert!(open(&key, &sealed).is_none());
    }
}
