//! The encrypted vault: one SQLite file holding accounts, HOTP counters and
//! recovery codes, each row sealed under a random data key that is stored
//! only wrapped in key slots (docs/design.md §3).
//!
//! A [`Vault`] owns one connection (the writer) behind a mutex, so it can be
//! shared between threads. Every change goes through `Vault::write`: one
//! immediate transaction on an unlocked vault, its manifest re-sealed. Time
//! is always an argument. Here: opening, unlocking and locking; the methods
//! on accounts, codes, recovery codes and key slots are in the modules of
//! those names.

mod accounts;
mod cache;
mod codes;
pub mod error;
mod file;
mod manifest;
pub mod records;
mod recovery;
pub(crate) mod schema;
mod sealing;
pub mod slots;
mod store;
mod transfer;

pub use error::{StorageError, StorageKind, VaultError};
pub use records::{
    Account, AccountCode, CodesListing, Listing, RecoveryCodeInfo, RecoveryListing, TrashListing,
    TrashedAccount, UnreadableRow,
};
pub use slots::{KdfParams, KeyProvider, KeyProviderError, NewSlot, SlotInfo, SlotKind};
pub use transfer::{DuplicateInfo, ImportReport};

use crate::crypto::{self, SymmetricKey};
use rusqlite::TransactionBehavior;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use store::{new_id, prepare_password_slot, Inner};

/// Derives the password slots among `slots` (slow by design: call it
/// without holding the vault's mutex), after refusing a set of slots that
/// would cost more to unlock than `kdf_limits` allows.
fn prepare_slots(
    slots: &[NewSlot<'_>],
) -> Result<Vec<Option<store::PreparedPasswordSlot>>, VaultError> {
    slots::check_unlock_cost(slots.iter().filter_map(|slot| match slot {
        NewSlot::Password { params, .. } => Some(*params),
        NewSlot::Platform { .. } => None,
    }))?;
    slots
        .iter()
        .map(|slot| match slot {
            NewSlot::Password { password, params } => {
                prepare_password_slot(password, *params).map(Some)
            }
            NewSlot::Platform { .. } => Ok(None),
        })
        .collect()
}

/// An open vault file, locked or unlocked. `Send + Sync`.
pub struct Vault {
    path: PathBuf,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("unlocked", &self.is_unlocked())
            .finish()
    }
}

impl Vault {
    /// Creates a new vault file at `path` protected by `slots` (at least one)
    /// and returns it unlocked. Refuses to overwrite an existing file.
    pub fn create(path: &Path, slots: &[NewSlot<'_>], now: u64) -> Result<Vault, VaultError> {
        for slot in slots {
            if let NewSlot::Password { password, .. } = slot {
                crate::password::refuse_empty(password)?;
            }
        }
        if slots.is_empty() {
            return Err(VaultError::NoSlots);
        }
        if path.exists() {
            return Err(VaultError::AlreadyExists);
        }
        let prepared = prepare_slots(slots)?;
        let (new_file, conn) = file::NewVaultFile::start(path)?;
        let inner = Inner {
            conn,
            vault_id: new_id(),
            data_key: Some(SymmetricKey::random()?),
            cache: None,
            migration_backup: None,
            manifest_cache: Default::default(),
        };
        inner.build_new(slots, &prepared, now)?;
        let Inner {
            conn,
            vault_id,
            data_key,
            ..
        } = inner;
        let installed = new_file.install(conn)?;
        // From here on the file is the one at `path`, opened like any other.
        let opened = match schema::open_existing(path) {
            Ok(opened) if opened.vault_id == vault_id => opened,
            Ok(_) => return Err(VaultError::AlreadyExists),
            Err(error) => {
                file::remove_if_installed(path, &installed);
                return Err(error);
            }
        };
        Ok(Vault {
            path: path.to_path_buf(),
            inner: Mutex::new(Inner {
                conn: opened.conn,
                vault_id,
                data_key,
                cache: None,
                migration_backup: None,
                manifest_cache: Default::default(),
            }),
        })
    }

    /// Opens an existing vault, locked. Refuses (and leaves untouched) files
    /// that are not Twofold vaults or come from a newer version.
    pub fn open(path: &Path) -> Result<Vault, VaultError> {
        let opened = schema::open_existing(path)?;
        Ok(Vault {
            path: path.to_path_buf(),
            inner: Mutex::new(Inner {
                conn: opened.conn,
                vault_id: opened.vault_id,
                data_key: None,
                cache: None,
                migration_backup: opened.migration_backup,
                manifest_cache: Default::default(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves no half-done change behind
        // (uncommitted transactions roll back on drop), so keep going.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn is_unlocked(&self) -> bool {
        self.inner().data_key.is_some()
    }

    /// Unlocks with a password. A wrong password is [`VaultError::WrongPassword`]
    /// and writes nothing.
    pub fn unlock_with_password(&self, password: &str) -> Result<(), VaultError> {
        crate::password::refuse_empty(password)?;
        let (vault_id, slots) = {
            let inner = self.inner();
            (inner.vault_id.clone(), inner.slot_rows(SlotKind::Password)?)
        };
        if slots.is_empty() {
            return Err(VaultError::NoSuchSlotKind { kind: "password" });
        }
        let params: Vec<_> = slots
            .iter()
            .map(|slot| slots::read_params(&slot.id, &slot.params))
            .collect();
        // The file chose these costs: refuse them all before deriving any.
        slots::check_unlock_cost(params.iter().flatten().map(|p| p.kdf_params))?;
        // Derive without holding the lock: other threads keep working.
        for (slot, params) in slots.iter().zip(params) {
            let kek = params?.derive(password)?;
            let aad = slots::slot_aad(&vault_id, &slot.id, &slot.params);
            if let Some(key) = crypto::open(&kek, &aad, &slot.wrapped)
                .and_then(|plain| SymmetricKey::from_slice(&plain))
            {
                let mut inner = self.inner();
                if inner.is_data_key(&key)? {
                    inner.accept_data_key(key)?;
                    return Ok(());
                }
            }
        }
        Err(VaultError::WrongPassword)
    }

    /// Unlocks through the platform key store.
    pub fn unlock_with_provider(&self, provider: &dyn KeyProvider) -> Result<(), VaultError> {
        let mut inner = self.inner();
        let slots = inner.slot_rows(SlotKind::Platform)?;
        if slots.is_empty() {
            return Err(VaultError::NoSuchSlotKind { kind: "platform" });
        }
        let mut last_error = VaultError::PlatformKeyMismatch;
        for slot in &slots {
            match provider.unwrap(&slot.wrapped) {
                Ok(plain) => {
                    if let Some(key) = SymmetricKey::from_slice(&plain) {
                        if inner.is_data_key(&key)? {
                            inner.accept_data_key(key)?;
                            return Ok(());
                        }
                    }
                }
                Err(error) => last_error = VaultError::KeyProvider(error),
            }
        }
        Err(last_error)
    }

    /// Forgets the data key (it is zeroized). Listing and codes need a new unlock.
    pub fn lock(&self) {
        let mut inner = self.inner();
        inner.data_key = None;
        inner.cache = None;
    }

    /// The manifest's generation: raised by one on every committed change to
    /// accounts or recovery codes. A platform key store that keeps the last
    /// generation it saw can tell a whole-file rollback (an older copy put
    /// back), which nothing inside the file can reveal. Needs the vault
    /// unlocked.
    pub fn generation(&self) -> Result<u64, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        inner.generation()
    }

    /// One change, all or nothing: takes the mutex, refuses a locked vault,
    /// runs `change` in one immediate transaction, re-seals the manifest and
    /// commits. An error (or a panic) in `change` rolls everything back.
    fn write<T>(
        &self,
        change: impl FnOnce(&Inner) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let value = change(&inner)?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(value)
    }
}
