//! The encrypted vault: one SQLite file holding accounts, HOTP counters and
//! recovery codes, each row sealed under a random data key that is stored
//! only wrapped in key slots (docs/design.md §3).
//!
//! A [`Vault`] owns one connection (the writer) behind a mutex, so it can be
//! shared between threads. Every change is one immediate transaction. Time is
//! always an argument.

mod cache;
pub mod error;
mod file;
mod manifest;
pub mod records;
pub(crate) mod schema;
mod sealing;
pub mod slots;
mod store;
mod transfer;

pub use error::VaultError;
pub use records::{
    Account, AccountCode, CodesListing, Listing, RecoveryCodeInfo, RecoveryListing, TrashListing,
    TrashedAccount, UnreadableRow,
};
pub use slots::{KdfParams, KeyProvider, KeyProviderError, NewSlot, SlotInfo, SlotKind};
pub use transfer::{DuplicateInfo, ImportReport};

use crate::account::{NewAccount, OtpKind};
use crate::crypto::{self, SymmetricKey};
use crate::otp::{self, Code};
use crate::secret::Secret;
use records::{AccountPayload, RecoveryPayload};
use rusqlite::{params, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use store::{
    from_sql_time, new_id, prepare_password_slot, to_account, to_sql_time, AccountRow, Inner,
};
use zeroize::Zeroizing;

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

    // ----- key slots -----

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
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let info = inner.insert_password_slot(&prepared, now)?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(info)
    }

    /// Refuses a new password slot of cost `params` (replacing `replaced`)
    /// when unlocking would then cost more than this device allows.
    fn check_cost_with(&self, params: KdfParams, replaced: Option<&str>) -> Result<(), VaultError> {
        let stored = self.inner().slot_rows(SlotKind::Password)?;
        let kept = stored
            .iter()
            .filter(|slot| Some(slot.id.as_str()) != replaced)
            .filter_map(|slot| slots::read_params(&slot.id, &slot.params).ok());
        slots::check_unlock_cost(kept.map(|p| p.kdf_params).chain([params]))
    }

    /// Adds a platform slot (the vault must be unlocked).
    pub fn add_platform_slot(
        &self,
        provider: &dyn KeyProvider,
        label: &str,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let info = inner.insert_platform_slot(provider, label, now)?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(info)
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
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let removed = inner.conn.execute(
            "DELETE FROM key_slots WHERE id = ?1 AND kind = 'password'",
            [slot_id],
        )?;
        if removed == 0 {
            return Err(VaultError::SlotNotFound {
                id: slot_id.to_string(),
            });
        }
        let info = inner.insert_password_slot(&prepared, now)?;
        inner.seal_manifest()?;
        tx.commit()?;
        // The old slot must not linger where the old password could open it.
        inner.flush_wal();
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
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
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
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(())
    }

    // ----- accounts -----

    /// Adds an account at the end of the list and returns it (without secret).
    pub fn add(&self, account: &NewAccount, now: u64) -> Result<Account, VaultError> {
        let mut added = self.add_all(std::slice::from_ref(account), now)?;
        added
            .pop()
            .ok_or_else(|| VaultError::Storage("the account was not added".into()))
    }

    /// Adds several accounts (an import, a migration batch) in one
    /// transaction: all of them or none.
    pub fn add_all(&self, accounts: &[NewAccount], now: u64) -> Result<Vec<Account>, VaultError> {
        for account in accounts {
            otp::validate(&account.params)?;
        }
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let mut position: i64 = inner.conn.query_row(
            "SELECT COALESCE(MAX(position), 0) FROM accounts",
            [],
            |row| row.get(0),
        )?;
        let t = to_sql_time(now);
        let mut added = Vec::with_capacity(accounts.len());
        for account in accounts {
            let payload = AccountPayload {
                issuer: account.issuer.clone(),
                name: account.name.clone(),
                note: String::new(),
                secret: account.secret.expose().to_vec(),
                params: account.params,
                groups: Vec::new(),
            };
            let id = new_id();
            let sealed = inner.seal_account(&id, &payload)?;
            position += 1;
            inner.conn.prepare_cached(
                "INSERT INTO accounts (id, position, created_at, updated_at, deleted_at, sealed) VALUES (?1, ?2, ?3, ?3, NULL, ?4)",
            )?.execute(params![id, position, t, sealed])?;
            let row = AccountRow {
                id,
                position,
                created_at: t,
                updated_at: t,
                deleted_at: None,
                sealed: Vec::new(),
            };
            added.push(to_account(&row, &payload));
        }
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(added)
    }

    /// The accounts in the user's order. Rows that fail authentication are
    /// reported in `unreadable`; they do not hide the others.
    pub fn list(&self) -> Result<Listing, VaultError> {
        self.inner().listing()
    }

    /// One account (not in the trash).
    pub fn get(&self, id: &str) -> Result<Account, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        let row = inner.live_account_row(id)?;
        let payload = inner.open_account(&row)?;
        Ok(to_account(&row, &payload))
    }

    /// The accounts the codes list's search finds for `query`, in order
    /// ([`crate::display::SearchQuery`]: every word, case and accents folded).
    pub fn search(&self, query: &str) -> Result<Vec<Account>, VaultError> {
        let query = crate::display::SearchQuery::new(query);
        let mut accounts = self.list()?.accounts;
        accounts.retain(|account| query.matches(account.issuer.as_deref(), &account.name));
        Ok(accounts)
    }

    pub fn rename(
        &self,
        id: &str,
        issuer: Option<&str>,
        name: &str,
        now: u64,
    ) -> Result<Account, VaultError> {
        self.inner().modify_account(id, now, |payload| {
            payload.issuer = issuer.map(str::to_string);
            payload.name = name.to_string();
            Ok(())
        })
    }

    pub fn set_note(&self, id: &str, note: &str, now: u64) -> Result<Account, VaultError> {
        self.inner().modify_account(id, now, |payload| {
            payload.note = note.to_string();
            Ok(())
        })
    }

    /// Replaces an account's groups (kept in the given order).
    pub fn set_groups(&self, id: &str, groups: &[String], now: u64) -> Result<Account, VaultError> {
        self.inner().modify_account(id, now, |payload| {
            payload.groups = groups.to_vec();
            Ok(())
        })
    }

    /// Puts the accounts in the given order; `ids` must name every readable
    /// account outside the trash exactly once. Unreadable rows keep their
    /// place.
    pub fn reorder(&self, ids: &[String]) -> Result<(), VaultError> {
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        inner.key()?;
        let genuine = inner.genuine_account_ids()?;
        let rows: Vec<_> = inner
            .order_rows()?
            .into_iter()
            .map(|mut row| {
                // A row that fails authentication is not moved (moving it
                // would list it anew): it keeps its place.
                if row.id.as_ref().is_some_and(|id| !genuine.contains(id)) {
                    row.id = None;
                }
                row
            })
            .collect();
        let mut live: Vec<&str> = rows
            .iter()
            .filter(|row| !row.in_trash)
            .filter_map(|row| row.id.as_deref())
            .collect();
        let mut wanted: Vec<&str> = ids.iter().map(String::as_str).collect();
        live.sort_unstable();
        wanted.sort_unstable();
        if live != wanted {
            return Err(VaultError::BadOrder);
        }
        let rowid_of: std::collections::HashMap<&str, i64> = rows
            .iter()
            .filter_map(|row| row.id.as_deref().map(|id| (id, row.rowid)))
            .collect();
        // Trashed accounts follow the new order, keeping theirs: an account
        // restored after a reorder then lands at the end, never in a tie.
        let trashed = rows
            .iter()
            .filter(|row| row.in_trash && row.id.is_some())
            .map(|row| row.rowid);
        let new_order = ids
            .iter()
            .filter_map(|id| rowid_of.get(id.as_str()).copied())
            .chain(trashed);
        for (index, rowid) in new_order.enumerate() {
            let position = i64::try_from(index).map_err(|_| VaultError::BadOrder)? + 1;
            inner.conn.execute(
                "UPDATE accounts SET position = ?1 WHERE rowid = ?2",
                params![position, rowid],
            )?;
        }
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(())
    }

    /// Moves an account to the trash (undo with [`Vault::restore`]).
    pub fn delete(&self, id: &str, now: u64) -> Result<(), VaultError> {
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        // Only a genuine row may be changed (and so listed anew).
        inner.open_account(&inner.live_account_row(id)?)?;
        inner.conn.execute(
            "UPDATE accounts SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL",
            params![to_sql_time(now), id],
        )?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(())
    }

    /// The accounts in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<TrashListing, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let _snapshot = inner.snapshot()?;
        let mut rows = inner.account_rows(true)?;
        rows.sort_by_key(|row| std::cmp::Reverse(row.deleted_at));
        let mut listing = TrashListing::default();
        for row in rows {
            match inner.open_account(&row) {
                Ok(payload) => listing.accounts.push(TrashedAccount {
                    account: to_account(&row, &payload),
                    deleted_at: from_sql_time(row.deleted_at.unwrap_or(0)),
                }),
                Err(VaultError::Tampered { table, id }) => {
                    listing.unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        Ok(listing)
    }

    /// Brings an account back from the trash, at its old place (at the end if
    /// the list was reordered meanwhile).
    pub fn restore(&self, id: &str, now: u64) -> Result<(), VaultError> {
        let inner = self.inner();
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let row = inner.trashed_account_row(id)?;
        inner.open_account(&row)?;
        inner.conn.execute(
            "UPDATE accounts SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL",
            params![to_sql_time(now), id],
        )?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(())
    }

    /// Permanently deletes accounts (and their recovery codes) that have been
    /// in the trash for at least `older_than` seconds. Returns how many.
    /// Rows that fail authentication are left alone: their trash date may
    /// be forged.
    pub fn purge_trash(&self, older_than: u64, now: u64) -> Result<usize, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let cutoff = to_sql_time(now.saturating_sub(older_than));
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let mut purged = 0;
        for row in inner.account_rows(true)? {
            if row.deleted_at.is_some_and(|at| at <= cutoff) && inner.open_account(&row).is_ok() {
                purged += inner
                    .conn
                    .execute("DELETE FROM accounts WHERE id = ?1", [&row.id])?;
            }
        }
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(purged)
    }

    /// The current code of every account at `at` (HOTP accounts get `None`:
    /// use [`Vault::next_hotp`]).
    pub fn codes(&self, at: u64) -> Result<CodesListing, VaultError> {
        let mut inner = self.inner();
        let cache = inner.accounts()?;
        let mut listing = CodesListing {
            codes: Vec::with_capacity(cache.accounts.len()),
            unreadable: cache.unreadable.clone(),
        };
        for cached in &cache.accounts {
            let params = &cached.account.params;
            let code = match params.kind {
                OtpKind::Hotp { .. } => None,
                OtpKind::Totp { .. } | OtpKind::Steam => Some(cached.code_at(at)?),
            };
            listing.codes.push(AccountCode {
                account: cached.account.clone(),
                code,
            });
        }
        Ok(listing)
    }

    /// One account's code at `now`: the current TOTP/Steam code, or for HOTP
    /// the next code (advancing and committing the counter first).
    pub fn code(&self, id: &str, now: u64) -> Result<Code, VaultError> {
        let mut inner = self.inner();
        let found = inner
            .accounts()?
            .accounts
            .iter()
            .find(|cached| cached.account.id == id)
            .map(|cached| match cached.account.params.kind {
                OtpKind::Hotp { .. } => None,
                OtpKind::Totp { .. } | OtpKind::Steam => Some(cached.code_at(now)),
            });
        drop(inner);
        match found {
            Some(Some(code)) => Ok(code?),
            Some(None) => self.next_hotp(id, now),
            // Not readable from the cache: say why (missing or tampered).
            None => self
                .get(id)
                .and_then(|_| Err(VaultError::AccountNotFound { id: id.to_string() })),
        }
    }

    /// The next HOTP code. The advanced counter is committed before the code
    /// is returned, so a code is never shown twice, even after a crash.
    pub fn next_hotp(&self, id: &str, now: u64) -> Result<Code, VaultError> {
        let mut code = None;
        self.inner().modify_account(id, now, |payload| {
            let OtpKind::Hotp { counter } = payload.params.kind else {
                return Err(VaultError::NotHotp { id: id.to_string() });
            };
            let secret = Secret::from_bytes(payload.secret.clone());
            code = Some(otp::generate(&secret, &payload.params, now)?);
            payload.params.kind = OtpKind::Hotp {
                counter: counter.saturating_add(1),
            };
            Ok(())
        })?;
        code.ok_or_else(|| VaultError::Storage("no code was produced".into()))
    }

    /// Accounts (outside the trash) that already hold `secret`, so enrollment
    /// can offer "replace" or "keep both".
    pub fn find_same_secret(&self, secret: &Secret) -> Result<Vec<Account>, VaultError> {
        let mut inner = self.inner();
        Ok(inner
            .accounts()?
            .accounts
            .iter()
            .filter(|cached| &cached.secret == secret)
            .map(|cached| cached.account.clone())
            .collect())
    }

    /// The secret of one account. The only way, with [`Vault::export_account`],
    /// that a secret leaves the vault.
    pub fn reveal_secret(&self, id: &str) -> Result<Secret, VaultError> {
        Ok(self.export_account(id)?.secret)
    }

    /// One account with its secret, for export.
    pub fn export_account(&self, id: &str) -> Result<NewAccount, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        let row = inner.live_account_row(id)?;
        let mut payload = inner.open_account(&row)?;
        Ok(NewAccount {
            issuer: payload.issuer.clone(),
            name: payload.name.clone(),
            secret: Secret::from_bytes(std::mem::take(&mut payload.secret)),
            params: payload.params,
        })
    }

    // ----- recovery codes -----

    /// Saves a recovery code the site gave for an account.
    pub fn save_recovery_code(
        &self,
        account_id: &str,
        code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(VaultError::EmptyRecoveryCode);
        }
        let inner = self.inner();
        let id = new_id();
        let payload = RecoveryPayload {
            code: code.to_string(),
            used_at: None,
        };
        let sealed = inner.seal_recovery(&id, account_id, &payload)?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        inner.live_account_row(account_id)?;
        inner.conn.execute(
            "INSERT INTO recovery_codes (id, account_id, saved_at, used_at, sealed) VALUES (?1, ?2, ?3, NULL, ?4)",
            params![id, account_id, to_sql_time(now), sealed],
        )?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(RecoveryCodeInfo {
            id,
            account_id: account_id.to_string(),
            saved_at: now,
            used_at: None,
        })
    }

    /// An account's recovery codes, without their text.
    pub fn recovery_codes(&self, account_id: &str) -> Result<RecoveryListing, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let _snapshot = inner.snapshot()?;
        inner.live_account_row(account_id)?;
        let mut listing = RecoveryListing::default();
        let rows = inner.recovery_rows(account_id)?;
        listing.unreadable = inner.missing_codes(account_id, &rows)?;
        for row in rows {
            match inner.recovery_info(&row) {
                Ok(info) => listing.codes.push(info),
                Err(VaultError::Tampered { table, id }) => {
                    listing.unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        Ok(listing)
    }

    /// The text of one recovery code: only on explicit request.
    pub fn reveal_recovery_code(&self, code_id: &str) -> Result<Zeroizing<String>, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        let row = inner.recovery_row_by_id(code_id)?;
        let mut payload = inner.open_recovery(&row)?;
        Ok(Zeroizing::new(std::mem::take(&mut payload.code)))
    }

    /// Marks the account's recovery code with text `code` used. Using it a
    /// second time is refused with [`VaultError::RecoveryCodeAlreadyUsed`].
    pub fn use_recovery_code(
        &self,
        account_id: &str,
        code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let wanted = code.trim();
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        inner.live_account_row(account_id)?;
        for row in inner.recovery_rows(account_id)? {
            let Ok(payload) = inner.open_recovery(&row) else {
                continue;
            };
            if payload.code == wanted {
                let info = inner.mark_used(&row, payload, now)?;
                inner.seal_manifest()?;
                tx.commit()?;
                return Ok(info);
            }
        }
        Err(VaultError::RecoveryCodeNotFound {
            what: format!("matching that text for account {account_id}"),
        })
    }

    /// Marks one recovery code used, by id (a second use is refused).
    pub fn mark_recovery_code_used(
        &self,
        code_id: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let row = inner.recovery_row_by_id(code_id)?;
        let payload = inner.open_recovery(&row)?;
        let info = inner.mark_used(&row, payload, now)?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(info)
    }

    /// Replaces a recovery code's text with the new one the site offered; the
    /// new code is unused.
    pub fn replace_recovery_code(
        &self,
        code_id: &str,
        new_code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let new_code = new_code.trim();
        if new_code.is_empty() {
            return Err(VaultError::EmptyRecoveryCode);
        }
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Immediate)?;
        let row = inner.recovery_row_by_id(code_id)?;
        inner.open_recovery(&row)?;
        let payload = RecoveryPayload {
            code: new_code.to_string(),
            used_at: None,
        };
        let sealed = inner.seal_recovery(&row.id, &row.account_id, &payload)?;
        inner.conn.execute(
            "UPDATE recovery_codes SET sealed = ?1, saved_at = ?2, used_at = NULL WHERE id = ?3",
            params![sealed, to_sql_time(now), code_id],
        )?;
        inner.seal_manifest()?;
        tx.commit()?;
        Ok(RecoveryCodeInfo {
            id: row.id,
            account_id: row.account_id,
            saved_at: now,
            used_at: None,
        })
    }
}
