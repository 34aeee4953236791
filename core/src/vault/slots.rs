//! Key slots: the data key is stored only wrapped, once per slot. A password
//! slot wraps it under a key derived by Argon2id (its parameters and salt are
//! stored in the slot, so they can be raised later without breaking old
//! vaults); a platform slot hands it to a [`KeyProvider`] that the app
//! implements with the Android Keystore or the iOS Keychain/Secure Enclave.

pub use crate::crypto::KdfParams;
use crate::crypto::{self, SymmetricKey};
use crate::kdf_limits::KdfDemand;
use crate::vault::error::VaultError;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// A platform key store that wraps and unwraps small secrets (the data key).
/// Implemented by the apps (through the FFI layer) and by tests.
pub trait KeyProvider: Send + Sync {
    /// Encrypts `plaintext` under a key the platform keeps; returns opaque bytes.
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyProviderError>;
    /// Reverses [`KeyProvider::wrap`].
    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError>;
}

/// Why the platform key store failed. Messages come from the platform and
/// must not contain secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProviderError {
    #[error("the user cancelled authentication")]
    Cancelled,
    /// The platform's key no longer exists (a new fingerprint, the passcode
    /// turned off…): it can never open this vault again.
    #[error("the platform key no longer exists")]
    KeyGone,
    #[error("{0}")]
    Failed(String),
}

const SALT_LEN: usize = 16;

/// What a password slot stores next to the wrapped key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordSlotParams {
    pub kdf: String,
    pub kdf_params: KdfParams,
    /// Hex.
    pub salt: String,
}

impl PasswordSlotParams {
    pub fn new(kdf_params: KdfParams) -> Result<Self, VaultError> {
        let mut salt = [0u8; SALT_LEN];
        crypto::fill_random(&mut salt)?;
        Ok(PasswordSlotParams {
            kdf: "argon2id-v19".into(),
            kdf_params,
            salt: hex(&salt),
        })
    }

    /// The key-encryption key for `password`.
    pub fn derive(&self, password: &str) -> Result<SymmetricKey, VaultError> {
        if self.kdf != "argon2id-v19" {
            return Err(VaultError::DamagedSlot {
                reason: format!("unknown key derivation {:?}", self.kdf),
            });
        }
        let salt = unhex(&self.salt).ok_or_else(|| VaultError::DamagedSlot {
            reason: "the salt is not hex".into(),
        })?;
        Ok(self.kdf_params.derive_key(password, &salt)?)
    }
}

/// A stored password slot's parameters, read from its JSON.
pub(super) fn read_params(slot_id: &str, json: &str) -> Result<PasswordSlotParams, VaultError> {
    serde_json::from_str(json).map_err(|_| VaultError::DamagedSlot {
        reason: format!("slot {slot_id} parameters are unreadable"),
    })
}

/// Refuses a set of password slots that one unlock, trying them all, could
/// not pay for on this device (too many, or too costly together). Checked
/// before unlocking and before a slot is written, so a vault is never made
/// that its own device would refuse to open. Nothing is derived.
pub(super) fn check_unlock_cost(
    slots: impl IntoIterator<Item = KdfParams>,
) -> Result<(), VaultError> {
    let mut demand = KdfDemand::default();
    for params in slots {
        demand.add_slot(params.cost(), false);
    }
    Ok(demand.check()?)
}

/// The kind of a key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SlotKind {
    Password,
    Platform,
}

impl SlotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SlotKind::Password => "password",
            SlotKind::Platform => "platform",
        }
    }

    pub fn parse(text: &str) -> Option<SlotKind> {
        match text {
            "password" => Some(SlotKind::Password),
            "platform" => Some(SlotKind::Platform),
            _ => None,
        }
    }
}

/// A key slot as listed (no key material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotInfo {
    pub id: String,
    pub kind: SlotKind,
    /// A name the app gives a platform slot ("Pixel 8 keystore"); empty for passwords.
    pub label: String,
    pub created_at: u64,
}

/// A slot to create together with a new vault.
pub enum NewSlot<'a> {
    Password {
        password: &'a str,
        params: KdfParams,
    },
    Platform {
        provider: &'a dyn KeyProvider,
        label: &'a str,
    },
}

/// Associated data for a password slot's wrapped key: binds it to the slot
/// and to its parameters.
pub fn slot_aad(vault_id: &str, slot_id: &str, params_json: &str) -> Vec<u8> {
    format!("twofold-slot\0{vault_id}\0{slot_id}\0{params_json}").into_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf_limits::KdfLimitError;

    #[test]
    fn derivation_depends_on_password_and_salt() {
        let params = PasswordSlotParams::new(KdfParams::INSECURE_FOR_TESTS).unwrap();
        let a = params.derive("correct horse").unwrap();
        let b = params.derive("correct horse").unwrap();
        let c = params.derive("wrong horse").unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
        let other_salt = PasswordSlotParams::new(KdfParams::INSECURE_FOR_TESTS).unwrap();
        assert_ne!(
            other_salt.derive("correct horse").unwrap().expose(),
            a.expose()
        );
    }

    #[test]
    fn absurd_parameters_are_refused_before_allocating() {
        let mut params = PasswordSlotParams::new(KdfParams::INSECURE_FOR_TESTS).unwrap();
        params.kdf_params.memory_kib = u32::MAX;
        assert!(matches!(
            params.derive("x"),
            Err(VaultError::KdfTooCostly(
                KdfLimitError::TooMuchMemory { .. }
            ))
        ));
        params.kdf_params = KdfParams::INSECURE_FOR_TESTS;
        params.salt = "zz".into();
        assert!(matches!(
            params.derive("x"),
            Err(VaultError::DamagedSlot { .. })
        ));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(
            unhex(&hex(&[0, 1, 0xab, 0xff])).unwrap(),
            vec![0, 1, 0xab, 0xff]
        );
        assert!(unhex("abc").is_none());
        assert!(unhex("é1").is_none());
    }
}
