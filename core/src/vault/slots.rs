//! Key slots: the data key is stored only wrapped, once per slot. A password
//! slot wraps it under a key derived by Argon2id (its parameters and salt are
//! stored in the slot, so they can be raised later without breaking old
//! vaults); a platform slot hands it to a [`KeyProvider`] that the app
//! implements with the Android Keystore or the iOS Keychain/Secure Enclave.

pub use crate::crypto::KdfParams;
use crate::crypto::{self, SymmetricKey};
use crate::kdf_limits::KdfDemand;
use crate::vault::error::VaultError;
use crate::vault::store::{self, from_sql_time, prepare_password_slot};
use crate::vault::{prepare_slots, Vault};
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

impl Vault {
    /// The key slots, without key material. Works while locked.
    pub fn slots(&self) -> Result<Vec<SlotInfo>, VaultError> {
        let inner = self.inner();
        let mut statement = inner
            .conn
            .prepare("SELECT id, kind, label, created_at FROM key_slots ORDER BY created_at, id")?;
        let mut rows = statement.query([])?;
        let mut slots = Vec::new();
        // A slot row that cannot be read is left out; it cannot unlock anyway.
        while let Some(row) = rows.next()? {
            let kind = store::text_column(row, 1).and_then(|kind| SlotKind::parse(&kind));
            if let (Some(id), Some(kind), Some(label), Ok(created_at)) = (
                store::text_column(row, 0),
                kind,
                store::text_column(row, 2),
                row.get::<_, i64>(3),
            ) {
                slots.push(SlotInfo {
                    id,
                    kind,
                    label,
                    created_at: from_sql_time(created_at),
                });
            }
        }
        Ok(slots)
    }

    /// Adds a password slot (the vault must be unlocked).
    pub fn add_password_slot(
        &self,
        password: &str,
        params: KdfParams,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        crate::password::refuse_empty(password)?;
        self.inner().key()?;
        self.check_cost_with(params, None)?;
        let prepared = prepare_password_slot(password, params)?;
        self.write(|inner| inner.insert_password_slot(&prepared, now))
    }

    /// Refuses a new password slot of cost `params` (replacing `replaced`)
    /// when unlocking would then cost more than this device allows.
    fn check_cost_with(&self, params: KdfParams, replaced: Option<&str>) -> Result<(), VaultError> {
        let stored = self.inner().slot_rows(SlotKind::Password)?;
        let kept = stored
            .iter()
            .filter(|slot| Some(slot.id.as_str()) != replaced)
            .filter_map(|slot| read_params(&slot.id, &slot.params).ok());
        check_unlock_cost(kept.map(|p| p.kdf_params).chain([params]))
    }

    /// Adds a platform slot (the vault must be unlocked).
    pub fn add_platform_slot(
        &self,
        provider: &dyn KeyProvider,
        label: &str,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        self.write(|inner| inner.insert_platform_slot(provider, label, now))
    }

    /// Replaces a password slot's password (and parameters). Only the data
    /// key is re-wrapped; no account is re-encrypted.
    pub fn change_password(
        &self,
        slot_id: &str,
        new_password: &str,
        params: KdfParams,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        crate::password::refuse_empty(new_password)?;
        self.inner().key()?;
        self.check_cost_with(params, Some(slot_id))?;
        let mut prepared = prepare_password_slot(new_password, params)?;
        prepared.id = slot_id.to_string();
        let info = self.write(|inner| {
            let removed = inner.conn.execute(
                "DELETE FROM key_slots WHERE id = ?1 AND kind = 'password'",
                [slot_id],
            )?;
            if removed == 0 {
                return Err(VaultError::SlotNotFound {
                    id: slot_id.to_string(),
                });
            }
            inner.insert_password_slot(&prepared, now)
        })?;
        // The old slot must not linger where the old password could open it.
        self.inner().flush_wal();
        Ok(info)
    }

    /// Key rotation, for when an old password may have leaked: a new random
    /// data key, every sealed row (accounts in and out of the trash, recovery
    /// codes, the key check) re-sealed under it, and every key slot replaced
    /// by `slots`, all in one transaction. A copy of the file taken before
    /// (and its old password) opens nothing written afterwards. Refused with
    /// [`VaultError::Unreadable`] if any row cannot be opened: it would be
    /// lost for good under the new key.
    pub fn rotate_data_key(
        &self,
        slots: &[NewSlot<'_>],
        now: u64,
    ) -> Result<Vec<SlotInfo>, VaultError> {
        if slots.is_empty() {
            return Err(VaultError::NoSlots);
        }
        self.inner().key()?;
        let prepared = prepare_slots(slots)?;
        let mut inner = self.inner();
        let new_key = SymmetricKey::random()?;
        inner.cache = None;
        let result = inner.rotate(new_key, slots, &prepared, now);
        inner.cache = None;
        if result.is_ok() {
            inner.flush_wal();
        }
        result
    }

    /// Removes a key slot; removing the last one is refused.
    pub fn remove_slot(&self, slot_id: &str) -> Result<(), VaultError> {
        self.write(|inner| {
            let exists: bool = inner.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM key_slots WHERE id = ?1)",
                [slot_id],
                |row| row.get(0),
            )?;
            if !exists {
                return Err(VaultError::SlotNotFound {
                    id: slot_id.to_string(),
                });
            }
            let count: i64 = inner
                .conn
                .query_row("SELECT COUNT(*) FROM key_slots", [], |row| row.get(0))?;
            if count <= 1 {
                return Err(VaultError::LastSlot);
            }
            inner
                .conn
                .execute("DELETE FROM key_slots WHERE id = ?1", [slot_id])?;
            Ok(())
        })
    }
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
