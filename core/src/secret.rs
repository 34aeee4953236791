//! The shared secret of an OTP account: raw key bytes that are wiped from
//! memory when dropped and never printed.

use std::fmt;
use zeroize::Zeroizing;

/// Raw key bytes of an account. `Debug` prints `Secret(<redacted>)`; the bytes
/// are zeroized on drop. Comparison is constant-time.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The raw key bytes. Callers must not copy them into non-zeroizing storage.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length of the key in bits.
    pub fn bits(&self) -> usize {
        self.0.len() * 8
    }

    /// Unpadded upper-case RFC 4648 Base32, the form otpauth URIs carry.
    ///
    /// `base32::encode` reserves too little room for longer inputs (25 bytes
    /// for a 20-byte key's 32 characters) and grows, freeing a copy of the
    /// key's text unwiped. Five bytes at a time it stays within its buffer,
    /// and each piece is wiped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(self.0.len().div_ceil(5) * 8));
        for group in self.0.chunks(5) {
            let piece = Zeroizing::new(base32::encode(
                base32::Alphabet::Rfc4648 { padding: false },
                group,
            ));
            text.push_str(&piece);
        }
        text
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Constant-time: do not leak the length of a common prefix.
        crate::crypto::equal(&self.0, &other.0)
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let secret = Secret::from_bytes(b"Hello!\xde\xad\xbe\xef".to_vec());
        let printed = format!("{secret:?}");
        assert_eq!(printed, "Secret(<redacted>)");
    }

    #[test]
    fn base32_is_unpadded_upper_case() {
        let secret = Secret::from_bytes(b"Hello!\xde\xad\xbe\xef".to_vec());
        assert_eq!(secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(secret.bits(), 80);
    }

    #[test]
    fn base32_of_every_length_matches_the_crate() {
        let bytes: Vec<u8> = (0..=70u8).map(|b| b.wrapping_mul(37)).collect();
        for length in 0..bytes.len() {
            let secret = Secret::from_bytes(bytes[..length].to_vec());
            let expected = base32::encode(
                base32::Alphabet::Rfc4648 { padding: false },
                &bytes[..length],
            );
            assert_eq!(secret.to_base32().as_str(), expected, "{length} bytes");
        }
    }

    #[test]
    fn equality_compares_content_and_length() {
        let a = Secret::from_bytes(vec![1, 2, 3]);
        assert_eq!(a, Secret::from_bytes(vec![1, 2, 3]));
        assert_ne!(a, Secret::from_bytes(vec![1, 2, 4]));
        assert_ne!(a, Secret::from_bytes(vec![1, 2]));
    }
}
