//! The encrypted vault as an object: key slots, accounts, codes and recovery
//! codes. Listings never carry secrets; `export_account` and
//! `reveal_recovery_code` are the only ways one leaves.

use crate::account::{OtpParams, PendingAccount};
use crate::codes::Code;
use crate::error::TwofoldError;
use crate::key_provider::{KeyProvider, ProviderBridge};
use std::path::Path;
use std::sync::Arc;
use twofold_core::vault::{self as core_vault, NewSlot};
use zeroize::Zeroizing;

/// Argon2id cost of a password slot. The default (`None` where asked) is
/// tuned for a mid-range phone: 64 MiB, 3 passes, 1 lane, about half a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

pub(crate) fn kdf(params: Option<KdfParams>) -> core_vault::KdfParams {
    params.map_or(core_vault::KdfParams::PHONE, |p| core_vault::KdfParams {
        memory_kib: p.memory_kib,
        iterations: p.iterations,
        parallelism: p.parallelism,
    })
}

/// The kind of a key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SlotKind {
    /// Opened with a password (Argon2id).
    Password,
    /// Opened through a platform key provider.
    Platform,
}

/// A key slot as listed (no key material).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotInfo {
    pub id: String,
    pub kind: SlotKind,
    /// The name the app gave a platform slot; empty for passwords.
    pub label: String,
    pub created_at: u64,
}

impl From<core_vault::SlotInfo> for SlotInfo {
    fn from(slot: core_vault::SlotInfo) -> Self {
        SlotInfo {
            id: slot.id,
            kind: match slot.kind {
                core_vault::SlotKind::Password => SlotKind::Password,
                core_vault::SlotKind::Platform => SlotKind::Platform,
            },
            label: slot.label,
            created_at: slot.created_at,
        }
    }
}

/// A saved account as listed and shown: no secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Account {
    /// UUID.
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
    /// "Issuer (name)", "Issuer" or "name" (empty when both are): the core's label.
    pub label: String,
    pub params: OtpParams,
    pub note: String,
    /// Group names (as imported from Aegis, or set by the user), in order.
    pub groups: Vec<String>,
    /// Place in the user's order (smaller first).
    pub position: i64,
    pub created_at: u64,
    pub updated_at: u64,
}

impl From<core_vault::Account> for Account {
    fn from(account: core_vault::Account) -> Self {
        Account {
            label: account.label(),
            id: account.id,
            issuer: account.issuer,
            name: account.name,
            params: account.params.into(),
            note: account.note,
            groups: account.groups,
            position: account.position,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// A row that failed authentication: reported, never fatal to the others.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnreadableRow {
    pub table: String,
    pub id: String,
}

pub(crate) fn unreadable(rows: Vec<core_vault::UnreadableRow>) -> Vec<UnreadableRow> {
    rows.into_iter()
        .map(|row| UnreadableRow {
            table: row.table.to_string(),
            id: row.id,
        })
        .collect()
}

/// The readable accounts in order, and the rows that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Listing {
    pub accounts: Vec<Account>,
    pub unreadable: Vec<UnreadableRow>,
}

/// One account's current code; `None` for HOTP accounts (use `next_hotp`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountCode {
    pub account: Account,
    pub code: Option<Code>,
}

/// Codes for every readable account, and the rows that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodesListing {
    pub codes: Vec<AccountCode>,
    pub unreadable: Vec<UnreadableRow>,
}

/// An account in the trash.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrashedAccount {
    pub account: Account,
    pub deleted_at: u64,
}

/// The trash: deleted accounts that can still be restored.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrashListing {
    pub accounts: Vec<TrashedAccount>,
    pub unreadable: Vec<UnreadableRow>,
}

/// A saved recovery code as listed: no code text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RecoveryCodeInfo {
    pub id: String,
    pub account_id: String,
    pub saved_at: u64,
    /// When it was used; `None` while it can still be used.
    pub used_at: Option<u64>,
}

impl From<core_vault::RecoveryCodeInfo> for RecoveryCodeInfo {
    fn from(info: core_vault::RecoveryCodeInfo) -> Self {
        RecoveryCodeInfo {
            id: info.id,
            account_id: info.account_id,
            saved_at: info.saved_at,
            used_at: info.used_at,
        }
    }
}

/// An account's recovery codes (no text), and any that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RecoveryListing {
    pub codes: Vec<RecoveryCodeInfo>,
    pub unreadable: Vec<UnreadableRow>,
}

/// An open vault file, locked or unlocked. Safe to share between threads.
/// Release it (`close()` in Kotlin) to close the file; locking forgets the
/// data key (it is zeroized).
#[derive(uniffi::Object)]
pub struct Vault {
    inner: Arc<core_vault::Vault>,
}

impl Vault {
    fn wrap(vault: core_vault::Vault) -> Arc<Self> {
        Arc::new(Vault {
            inner: Arc::new(vault),
        })
    }

    /// The shared core vault (for the enrollment flow).
    pub(crate) fn core(&self) -> Arc<core_vault::Vault> {
        Arc::clone(&self.inner)
    }
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("unlocked", &self.inner.is_unlocked())
            .finish()
    }
}

#[uniffi::export]
impl Vault {
    /// Creates a new vault at `path` protected by a password and returns it
    /// unlocked. Refuses to overwrite an existing file, and a password below
    /// the strength floor (see `password_strength`).
    #[uniffi::constructor]
    pub fn create_with_password(
        path: String,
        password: String,
        kdf_params: Option<KdfParams>,
        now: u64,
    ) -> Result<Arc<Self>, TwofoldError> {
        let password = Zeroizing::new(password);
        crate::password::require_new_password(&password)?;
        let slot = NewSlot::Password {
            password: &password,
            params: kdf(kdf_params),
        };
        Ok(Self::wrap(core_vault::Vault::create(
            Path::new(&path),
            &[slot],
            now,
        )?))
    }

    /// Creates a new vault at `path` protected by the platform key store and
    /// returns it unlocked. `label` names the slot ("Pixel 8 keystore").
    #[uniffi::constructor]
    pub fn create_with_key_provider(
        path: String,
        provider: Arc<dyn KeyProvider>,
        label: String,
        now: u64,
    ) -> Result<Arc<Self>, TwofoldError> {
        let bridge = ProviderBridge(provider);
        let slot = NewSlot::Platform {
            provider: &bridge,
            label: &label,
        };
        Ok(Self::wrap(core_vault::Vault::create(
            Path::new(&path),
            &[slot],
            now,
        )?))
    }

    /// Opens an existing vault, locked. Files that are not Twofold vaults or
    /// come from a newer version are refused and left untouched.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, TwofoldError> {
        Ok(Self::wrap(core_vault::Vault::open(Path::new(&path))?))
    }

    /// True while the data key is in memory.
    pub fn is_unlocked(&self) -> bool {
        self.inner.is_unlocked()
    }

    /// Unlocks with a password; a wrong one is `WrongPassword` and writes nothing.
    pub fn unlock_with_password(&self, password: String) -> Result<(), TwofoldError> {
        let password = Zeroizing::new(password);
        Ok(self.inner.unlock_with_password(&password)?)
    }

    /// Unlocks through the platform key store.
    pub fn unlock_with_key_provider(
        &self,
        provider: Arc<dyn KeyProvider>,
    ) -> Result<(), TwofoldError> {
        Ok(self.inner.unlock_with_provider(&ProviderBridge(provider))?)
    }

    /// Forgets the data key (zeroized). Listing and codes need a new unlock.
    pub fn lock(&self) {
        self.inner.lock()
    }

    /// The key slots, without key material. Works while locked.
    pub fn slots(&self) -> Result<Vec<SlotInfo>, TwofoldError> {
        Ok(self
            .inner
            .slots()?
            .into_iter()
            .map(SlotInfo::from)
            .collect())
    }

    /// Adds a password slot (the vault must be unlocked); the password must
    /// reach the strength floor.
    pub fn add_password_slot(
        &self,
        password: String,
        kdf_params: Option<KdfParams>,
        now: u64,
    ) -> Result<SlotInfo, TwofoldError> {
        let password = Zeroizing::new(password);
        crate::password::require_new_password(&password)?;
        Ok(self
            .inner
            .add_password_slot(&password, kdf(kdf_params), now)?
            .into())
    }

    /// Adds a platform slot (the vault must be unlocked).
    pub fn add_platform_slot(
        &self,
        provider: Arc<dyn KeyProvider>,
        label: String,
        now: u64,
    ) -> Result<SlotInfo, TwofoldError> {
        Ok(self
            .inner
            .add_platform_slot(&ProviderBridge(provider), &label, now)?
            .into())
    }

    /// Replaces a password slot's password (which must reach the strength
    /// floor); no account is re-encrypted.
    pub fn change_password(
        &self,
        slot_id: String,
        new_password: String,
        kdf_params: Option<KdfParams>,
        now: u64,
    ) -> Result<SlotInfo, TwofoldError> {
        let new_password = Zeroizing::new(new_password);
        crate::password::require_new_password(&new_password)?;
        Ok(self
            .inner
            .change_password(&slot_id, &new_password, kdf(kdf_params), now)?
            .into())
    }

    /// Key rotation, the choice when the old password may have leaked: a
    /// new data key, every row re-sealed, and every slot replaced by one
    /// password slot. Old copies of the file open nothing written after.
    pub fn rotate_data_key(
        &self,
        new_password: String,
        kdf_params: Option<KdfParams>,
        now: u64,
    ) -> Result<Vec<SlotInfo>, TwofoldError> {
        let new_password = Zeroizing::new(new_password);
        let slot = NewSlot::Password {
            password: &new_password,
            params: kdf(kdf_params),
        };
        Ok(self
            .inner
            .rotate_data_key(&[slot], now)?
            .into_iter()
            .map(SlotInfo::from)
            .collect())
    }

    /// Like `rotate_data_key`, keeping the platform key store as a second
    /// slot (`label` names it).
    pub fn rotate_data_key_with_key_provider(
        &self,
        new_password: String,
        kdf_params: Option<KdfParams>,
        provider: Arc<dyn KeyProvider>,
        label: String,
        now: u64,
    ) -> Result<Vec<SlotInfo>, TwofoldError> {
        let new_password = Zeroizing::new(new_password);
        let bridge = ProviderBridge(provider);
        let slots = [
            NewSlot::Password {
                password: &new_password,
                params: kdf(kdf_params),
            },
            NewSlot::Platform {
                provider: &bridge,
                label: &label,
            },
        ];
        Ok(self
            .inner
            .rotate_data_key(&slots, now)?
            .into_iter()
            .map(SlotInfo::from)
            .collect())
    }

    /// The vault's generation counter, raised by every change. Keep the last
    /// value in the platform key store: a vault that opens with a lower one
    /// was rolled back to an older copy (see core/docs/vault-integrity.md).
    pub fn generation(&self) -> Result<u64, TwofoldError> {
        Ok(self.inner.generation()?)
    }

    /// Removes a key slot; removing the last one is refused.
    pub fn remove_slot(&self, slot_id: String) -> Result<(), TwofoldError> {
        Ok(self.inner.remove_slot(&slot_id)?)
    }

    /// Saves a pending account at the end of the list; returns it without secret.
    pub fn add(&self, account: &PendingAccount, now: u64) -> Result<Account, TwofoldError> {
        Ok(self.inner.add(account.account(), now)?.into())
    }

    /// The accounts in the user's order; tampered rows are listed apart.
    pub fn list(&self) -> Result<Listing, TwofoldError> {
        let listing = self.inner.list()?;
        Ok(Listing {
            accounts: listing.accounts.into_iter().map(Account::from).collect(),
            unreadable: unreadable(listing.unreadable),
        })
    }

    /// One account (not in the trash).
    pub fn get(&self, id: String) -> Result<Account, TwofoldError> {
        Ok(self.inner.get(&id)?.into())
    }

    /// The accounts the codes list's search finds (`matches_search`'s rule), in order.
    pub fn search(&self, query: String) -> Result<Vec<Account>, TwofoldError> {
        Ok(self
            .inner
            .search(&query)?
            .into_iter()
            .map(Account::from)
            .collect())
    }

    /// Changes an account's issuer and name.
    pub fn rename(
        &self,
        id: String,
        issuer: Option<String>,
        name: String,
        now: u64,
    ) -> Result<Account, TwofoldError> {
        Ok(self
            .inner
            .rename(&id, issuer.as_deref(), &name, now)?
            .into())
    }

    /// Sets an account's free-text note (encrypted like the rest of the row).
    pub fn set_note(&self, id: String, note: String, now: u64) -> Result<Account, TwofoldError> {
        Ok(self.inner.set_note(&id, &note, now)?.into())
    }

    /// Puts the accounts in this order; `ids` must name each account once.
    pub fn reorder(&self, ids: Vec<String>) -> Result<(), TwofoldError> {
        Ok(self.inner.reorder(&ids)?)
    }

    /// Moves an account to the trash (undo with `restore`).
    pub fn delete(&self, id: String, now: u64) -> Result<(), TwofoldError> {
        Ok(self.inner.delete(&id, now)?)
    }

    /// The accounts in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<TrashListing, TwofoldError> {
        let listing = self.inner.trash()?;
        Ok(TrashListing {
            accounts: listing
                .accounts
                .into_iter()
                .map(|trashed| TrashedAccount {
                    account: trashed.account.into(),
                    deleted_at: trashed.deleted_at,
                })
                .collect(),
            unreadable: unreadable(listing.unreadable),
        })
    }

    /// Brings an account back from the trash, at its old place.
    pub fn restore(&self, id: String, now: u64) -> Result<(), TwofoldError> {
        Ok(self.inner.restore(&id, now)?)
    }

    /// The current code of every account at `at` (HOTP accounts get `None`).
    pub fn codes(&self, at: u64) -> Result<CodesListing, TwofoldError> {
        let listing = self.inner.codes(at)?;
        Ok(CodesListing {
            codes: listing
                .codes
                .into_iter()
                .map(|entry| AccountCode {
                    account: entry.account.into(),
                    code: entry.code.map(Code::from),
                })
                .collect(),
            unreadable: unreadable(listing.unreadable),
        })
    }

    /// The next HOTP code. The advanced counter is committed before the code
    /// is returned, so a code is never shown twice, even after a crash.
    pub fn next_hotp(&self, id: String, now: u64) -> Result<Code, TwofoldError> {
        Ok(self.inner.next_hotp(&id, now)?.into())
    }

    /// REVEALS THE SECRET: one account with its secret, for an export the
    /// user asked for (`export_uri()` on the result gives the otpauth URI).
    pub fn export_account(&self, id: String) -> Result<Arc<PendingAccount>, TwofoldError> {
        Ok(PendingAccount::new(self.inner.export_account(&id)?))
    }

    /// Saves a recovery code the site gave for an account (encrypted).
    pub fn save_recovery_code(
        &self,
        account_id: String,
        code: String,
        now: u64,
    ) -> Result<RecoveryCodeInfo, TwofoldError> {
        let code = Zeroizing::new(code);
        Ok(self
            .inner
            .save_recovery_code(&account_id, &code, now)?
            .into())
    }

    /// An account's recovery codes, without their text.
    pub fn recovery_codes(&self, account_id: String) -> Result<RecoveryListing, TwofoldError> {
        let listing = self.inner.recovery_codes(&account_id)?;
        Ok(RecoveryListing {
            codes: listing
                .codes
                .into_iter()
                .map(RecoveryCodeInfo::from)
                .collect(),
            unreadable: unreadable(listing.unreadable),
        })
    }

    /// REVEALS THE SECRET: the text of one recovery code, on explicit request.
    pub fn reveal_recovery_code(&self, code_id: String) -> Result<String, TwofoldError> {
        // Hand over the wiped buffer's contents rather than a second copy.
        Ok(std::mem::take(
            &mut *self.inner.reveal_recovery_code(&code_id)?,
        ))
    }

    /// Marks the account's recovery code with this text used; a second use
    /// is `RecoveryCodeAlreadyUsed`.
    pub fn use_recovery_code(
        &self,
        account_id: String,
        code: String,
        now: u64,
    ) -> Result<RecoveryCodeInfo, TwofoldError> {
        let code = Zeroizing::new(code);
        Ok(self
            .inner
            .use_recovery_code(&account_id, &code, now)?
            .into())
    }

    /// Replaces a recovery code's text with the new one the site offered
    /// after the old one was used; the new code is unused.
    pub fn replace_recovery_code(
        &self,
        code_id: String,
        new_code: String,
        now: u64,
    ) -> Result<RecoveryCodeInfo, TwofoldError> {
        let new_code = Zeroizing::new(new_code);
        Ok(self
            .inner
            .replace_recovery_code(&code_id, &new_code, now)?
            .into())
    }
}
