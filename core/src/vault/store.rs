//! Row-level storage behind [`Vault`](super::Vault): the connection, the
//! data key, the SQL for each table, and sealing/opening of rows. Every
//! method here runs under the vault's mutex.

use super::cache::{AccountCache, CachedAccount, Stamp};
use super::manifest::{self, Manifest};
use super::records::{
    Account, AccountPayload, Listing, RecoveryCodeInfo, RecoveryPayload, UnreadableRow,
};
use super::sealing::{self, RowRef};
use super::slots::{self, KdfParams, KeyProvider, PasswordSlotParams, SlotInfo, SlotKind};
use super::VaultError;
use crate::crypto::{self, SymmetricKey};
use crate::secret::Secret;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

const ACCOUNTS: &str = "accounts";
const RECOVERY_CODES: &str = "recovery_codes";
const META: &str = "meta";
/// The key check of a vault from before the manifest (schema 1).
pub(super) const KEY_CHECK: &[u8] = b"twofold data key check";
/// The key check of a vault whose rows are listed in the sealed manifest.
/// It is sealed, so it also says, authenticated, that a manifest must exist.
pub(super) const KEY_CHECK_V2: &[u8] = b"twofold data key check v2: manifest";
const MANIFEST: &str = "manifest";

/// The state a [`Vault`](super::Vault) guards with its mutex.
pub(super) struct Inner {
    pub(super) conn: Connection,
    pub(super) vault_id: String,
    /// Present while unlocked; zeroized when dropped by `Vault::lock`.
    pub(super) data_key: Option<SymmetricKey>,
    /// Decrypted accounts while unlocked; dropped with the key.
    pub(super) cache: Option<AccountCache>,
    /// The copy a schema migration left when this vault was opened; removed
    /// by the first unlock, which proves the migrated file opens.
    pub(super) migration_backup: Option<std::path::PathBuf>,
    /// The opened manifest, as of the database state in the stamp.
    pub(super) manifest_cache: std::cell::RefCell<Option<(Stamp, std::sync::Arc<Manifest>)>>,
}

pub(super) fn to_sql_time(t: u64) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
}

pub(super) fn from_sql_time(t: i64) -> u64 {
    u64::try_from(t).unwrap_or(0)
}

pub(super) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A key slot row as stored.
pub(super) struct SlotRow {
    pub(super) id: String,
    pub(super) params: String,
    pub(super) wrapped: Vec<u8>,
}

/// An account row as stored.
pub(super) struct AccountRow {
    pub(super) id: String,
    pub(super) position: i64,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
    pub(super) deleted_at: Option<i64>,
    pub(super) sealed: Vec<u8>,
}

const ACCOUNT_COLUMNS: &str = "rowid, id, position, created_at, updated_at, deleted_at, sealed";

/// A text column, or `None` if the bytes stored there are not text (bit
/// rot, a torn page): one damaged row must not make a whole query fail.
pub(super) fn text_column(row: &rusqlite::Row<'_>, index: usize) -> Option<String> {
    row.get_ref(index).ok()?.as_str().ok().map(str::to_string)
}

const UNREADABLE_ID: &str = "(unreadable id:";

/// What stands for a row whose id cannot be read: SQLite's rowid and the
/// row's place in the list, so the user can tell which one it is.
fn unreadable_id(rowid: i64, position: &dyn std::fmt::Display) -> String {
    format!("{UNREADABLE_ID} rowid {rowid}, position {position})")
}

/// Reads an account row column by column. A row with any unreadable column
/// comes back with no sealed bytes, so opening it reports it like a
/// tampered row while every other row stays usable.
fn account_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    let rowid: i64 = row.get(0)?;
    let position: Option<i64> = row.get(2).ok();
    let created_at: Option<i64> = row.get(3).ok();
    let updated_at: Option<i64> = row.get(4).ok();
    let deleted_at: Option<Option<i64>> = row.get(5).ok();
    let sealed: Option<Vec<u8>> = row.get(6).ok();
    let id = text_column(row, 1);
    let whole = id.is_some()
        && position.is_some()
        && created_at.is_some()
        && updated_at.is_some()
        && deleted_at.is_some();
    let id = id.unwrap_or_else(|| match position {
        Some(position) => unreadable_id(rowid, &position),
        None => unreadable_id(rowid, &"unknown"),
    });
    Ok(AccountRow {
        id,
        position: position.unwrap_or(i64::MAX),
        created_at: created_at.unwrap_or(0),
        updated_at: updated_at.unwrap_or(0),
        deleted_at: deleted_at.flatten(),
        sealed: sealed.filter(|_| whole).unwrap_or_default(),
    })
}

pub(super) struct RecoveryRow {
    pub(super) id: String,
    pub(super) account_id: String,
    pub(super) saved_at: i64,
    pub(super) sealed: Vec<u8>,
}

const RECOVERY_COLUMNS: &str = "rowid, id, account_id, saved_at, sealed";

/// Like [`account_row`]; `position` is the code's place in its account's list.
fn recovery_row(row: &rusqlite::Row<'_>, position: usize) -> rusqlite::Result<RecoveryRow> {
    let rowid: i64 = row.get(0)?;
    let id = text_column(row, 1);
    let account_id = text_column(row, 2);
    let saved_at: Option<i64> = row.get(3).ok();
    let sealed: Option<Vec<u8>> = row.get(4).ok();
    let whole = id.is_some() && account_id.is_some() && saved_at.is_some();
    Ok(RecoveryRow {
        id: id.unwrap_or_else(|| unreadable_id(rowid, &(position + 1))),
        account_id: account_id.unwrap_or_default(),
        saved_at: saved_at.unwrap_or(0),
        sealed: sealed.filter(|_| whole).unwrap_or_default(),
    })
}

/// Serialises a payload into a buffer sized up front (a reallocation would
/// leave a copy of the plaintext in freed memory) and wiped on drop.
fn encode<T: serde::Serialize>(
    payload: &T,
    capacity: usize,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let mut buffer = Zeroizing::new(Vec::with_capacity(capacity));
    serde_json::to_writer(&mut *buffer, payload)
        .map_err(|_| VaultError::Internal("could not encode a row"))?;
    Ok(buffer)
}

fn account_capacity(payload: &AccountPayload) -> usize {
    let groups: usize = payload.groups.iter().map(|group| group.len() + 3).sum();
    let text = payload.issuer.as_deref().map_or(0, str::len)
        + payload.name.len()
        + payload.note.len()
        + groups;
    // JSON escapes grow text at most 6x (\uXXXX) and bytes to "255,".
    256 + text * 6 + payload.secret.len() * 4
}

impl Inner {
    pub(super) fn key(&self) -> Result<&SymmetricKey, VaultError> {
        self.data_key.as_ref().ok_or(VaultError::Locked)
    }

    pub(super) fn account_ref<'a>(&'a self, id: &'a str) -> RowRef<'a> {
        RowRef {
            vault_id: &self.vault_id,
            table: ACCOUNTS,
            id,
            extra: "",
        }
    }

    pub(super) fn open_account(&self, row: &AccountRow) -> Result<AccountPayload, VaultError> {
        self.open_account_listed(row, &*self.manifest()?)
    }

    /// [`Inner::open_account`] against a manifest already read (for loops
    /// over many rows in one snapshot).
    pub(super) fn open_account_listed(
        &self,
        row: &AccountRow,
        listed: &Manifest,
    ) -> Result<AccountPayload, VaultError> {
        let tampered = || VaultError::Tampered {
            table: ACCOUNTS,
            id: row.id.clone(),
        };
        if !listed.lists(
            &manifest::account_key(&row.id),
            &manifest::account_digest(row),
        ) {
            return Err(tampered());
        }
        let plaintext = sealing::open_row(self.key()?, &self.account_ref(&row.id), &row.sealed)
            .ok_or_else(tampered)?;
        serde_json::from_slice(&plaintext).map_err(|_| tampered())
    }

    pub(super) fn seal_account(
        &self,
        id: &str,
        payload: &AccountPayload,
    ) -> Result<Vec<u8>, VaultError> {
        let plaintext = encode(payload, account_capacity(payload))?;
        sealing::seal_row(self.key()?, &self.account_ref(id), &plaintext)
    }

    pub(super) fn recovery_ref<'a>(&'a self, id: &'a str, account_id: &'a str) -> RowRef<'a> {
        RowRef {
            vault_id: &self.vault_id,
            table: RECOVERY_CODES,
            id,
            extra: account_id,
        }
    }

    pub(super) fn open_recovery(&self, row: &RecoveryRow) -> Result<RecoveryPayload, VaultError> {
        let tampered = || VaultError::Tampered {
            table: RECOVERY_CODES,
            id: row.id.clone(),
        };
        let listed = self.manifest()?;
        let key = manifest::recovery_key(&row.account_id, &row.id);
        if !listed.lists(&key, &manifest::recovery_digest(row)) {
            return Err(tampered());
        }
        let plaintext = sealing::open_row(
            self.key()?,
            &self.recovery_ref(&row.id, &row.account_id),
            &row.sealed,
        )
        .ok_or_else(tampered)?;
        serde_json::from_slice(&plaintext).map_err(|_| tampered())
    }

    pub(super) fn seal_recovery(
        &self,
        id: &str,
        account_id: &str,
        payload: &RecoveryPayload,
    ) -> Result<Vec<u8>, VaultError> {
        let plaintext = encode(payload, 64 + payload.code.len() * 6)?;
        sealing::seal_row(self.key()?, &self.recovery_ref(id, account_id), &plaintext)
    }

    pub(super) fn recovery_info(&self, row: &RecoveryRow) -> Result<RecoveryCodeInfo, VaultError> {
        let payload = self.open_recovery(row)?;
        Ok(RecoveryCodeInfo {
            id: row.id.clone(),
            account_id: row.account_id.clone(),
            saved_at: from_sql_time(row.saved_at),
            used_at: payload.used_at,
        })
    }

    pub(super) fn key_check_ref(&self) -> RowRef<'_> {
        RowRef {
            vault_id: &self.vault_id,
            table: META,
            id: "key_check",
            extra: "",
        }
    }

    /// True if `key` is this vault's data key.
    pub(super) fn is_data_key(&self, key: &SymmetricKey) -> Result<bool, VaultError> {
        let damaged = || VaultError::NotAVault {
            reason: "the vault is damaged: its key check row is missing or unreadable".into(),
        };
        let check: Vec<u8> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'key_check'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|error| match error {
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..) => damaged(),
                other => VaultError::from(other),
            })?
            .ok_or_else(damaged)?;
        Ok(
            sealing::open_row(key, &self.key_check_ref(), &check).is_some_and(|plain| {
                crypto::equal(&plain, KEY_CHECK) || crypto::equal(&plain, KEY_CHECK_V2)
            }),
        )
    }

    /// The slots of one kind. A slot row that cannot be read is skipped:
    /// the others may still unlock the vault.
    pub(super) fn slot_rows(&self, kind: SlotKind) -> Result<Vec<SlotRow>, VaultError> {
        let mut statement = self.conn.prepare(
            "SELECT id, params, wrapped FROM key_slots WHERE kind = ?1 ORDER BY created_at, id",
        )?;
        let mut rows = statement.query([kind.as_str()])?;
        let mut slots = Vec::new();
        while let Some(row) = rows.next()? {
            if let (Some(id), Some(params), Ok(wrapped)) =
                (text_column(row, 0), text_column(row, 1), row.get(2))
            {
                slots.push(SlotRow {
                    id,
                    params,
                    wrapped,
                });
            }
        }
        Ok(slots)
    }

    pub(super) fn live_account_row(&self, id: &str) -> Result<AccountRow, VaultError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1 AND deleted_at IS NULL"
                ),
                [id],
                account_row,
            )
            .optional()?
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })
    }

    pub(super) fn account_rows(&self, deleted: bool) -> Result<Vec<AccountRow>, VaultError> {
        let filter = if deleted { "IS NOT NULL" } else { "IS NULL" };
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE deleted_at {filter} ORDER BY position, created_at, id"
        ))?;
        let rows = statement
            .query_map([], account_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The decrypted live accounts, rebuilt if anything was written since.
    pub(super) fn accounts(&mut self) -> Result<&AccountCache, VaultError> {
        self.key()?;
        let stamp = Stamp::of(&self.conn)?;
        if !self
            .cache
            .as_ref()
            .is_some_and(|cache| cache.stamp == stamp)
        {
            self.cache = None;
            let fresh = self.decrypt_all(stamp)?;
            self.cache = Some(fresh);
        }
        self.cache
            .as_ref()
            .ok_or(VaultError::Internal("the account cache is missing"))
    }

    pub(super) fn decrypt_all(&self, stamp: Stamp) -> Result<AccountCache, VaultError> {
        let mut fresh = AccountCache {
            stamp,
            accounts: Vec::new(),
            unreadable: Vec::new(),
        };
        let _snapshot = self.snapshot()?;
        fresh.unreadable = self.missing_accounts()?;
        let listed = self.manifest()?;
        for row in self.account_rows(false)? {
            match self.open_account_listed(&row, &listed) {
                Ok(mut payload) => fresh.accounts.push(CachedAccount::new(
                    to_account(&row, &payload),
                    Secret::from_bytes(std::mem::take(&mut payload.secret)),
                )),
                Err(VaultError::Tampered { table, id }) => {
                    fresh.unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        Ok(fresh)
    }

    pub(super) fn listing(&mut self) -> Result<Listing, VaultError> {
        let cache = self.accounts()?;
        Ok(Listing {
            accounts: cache.accounts.iter().map(|c| c.account.clone()).collect(),
            unreadable: cache.unreadable.clone(),
        })
    }

    /// Reads, changes and re-seals one live account in one transaction.
    /// Opens, changes and re-seals one live account (inside [`Vault::write`]).
    pub(super) fn modify_account(
        &self,
        id: &str,
        now: u64,
        change: impl FnOnce(&mut AccountPayload) -> Result<(), VaultError>,
    ) -> Result<Account, VaultError> {
        let row = self.live_account_row(id)?;
        let mut payload = self.open_account(&row)?;
        change(&mut payload)?;
        let sealed = self.seal_account(id, &payload)?;
        self.conn.execute(
            "UPDATE accounts SET sealed = ?1, updated_at = ?2 WHERE id = ?3",
            params![sealed, to_sql_time(now), id],
        )?;
        let row = AccountRow {
            updated_at: to_sql_time(now),
            ..row
        };
        Ok(to_account(&row, &payload))
    }

    /// The highest list position in use (0 for an empty vault).
    pub(super) fn last_position(&self) -> Result<i64, VaultError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(position), 0) FROM accounts",
            [],
            |row| row.get(0),
        )?)
    }

    /// Seals and inserts a new account at `position`: the one insert behind
    /// add, replace and import (inside [`Vault::write`]).
    pub(super) fn insert_account(
        &self,
        payload: &AccountPayload,
        position: i64,
        now: u64,
    ) -> Result<Account, VaultError> {
        let id = new_id();
        let sealed = self.seal_account(&id, payload)?;
        let t = to_sql_time(now);
        self.conn
            .prepare_cached(
                "INSERT INTO accounts (id, position, created_at, updated_at, deleted_at, sealed) VALUES (?1, ?2, ?3, ?3, NULL, ?4)",
            )?
            .execute(params![id, position, t, sealed])?;
        let row = AccountRow {
            id,
            position,
            created_at: t,
            updated_at: t,
            deleted_at: None,
            sealed: Vec::new(),
        };
        Ok(to_account(&row, payload))
    }

    /// Moves a live account to the trash (inside [`Vault::write`]). Only a
    /// genuine row may be changed, and so listed anew.
    pub(super) fn trash_account(&self, id: &str, now: u64) -> Result<(), VaultError> {
        self.open_account(&self.live_account_row(id)?)?;
        self.conn.execute(
            "UPDATE accounts SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL",
            params![to_sql_time(now), id],
        )?;
        Ok(())
    }

    pub(super) fn recovery_rows(&self, account_id: &str) -> Result<Vec<RecoveryRow>, VaultError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {RECOVERY_COLUMNS} FROM recovery_codes WHERE account_id = ?1 ORDER BY saved_at, id"
        ))?;
        let mut rows = statement.query([account_id])?;
        let mut codes = Vec::new();
        while let Some(row) = rows.next()? {
            codes.push(recovery_row(row, codes.len())?);
        }
        Ok(codes)
    }

    pub(super) fn recovery_row_by_id(&self, id: &str) -> Result<RecoveryRow, VaultError> {
        self.conn
            .query_row(
                &format!("SELECT {RECOVERY_COLUMNS} FROM recovery_codes WHERE id = ?1"),
                [id],
                |row| recovery_row(row, 0),
            )
            .optional()?
            .ok_or_else(|| VaultError::RecoveryCodeNotFound {
                what: format!("with id {id}"),
            })
    }

    /// Marks one recovery code used (refusing a second use) inside `tx`'s transaction.
    pub(super) fn mark_used(
        &self,
        row: &RecoveryRow,
        mut payload: RecoveryPayload,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        if payload.used_at.is_some() {
            return Err(VaultError::RecoveryCodeAlreadyUsed { id: row.id.clone() });
        }
        payload.used_at = Some(now);
        let sealed = self.seal_recovery(&row.id, &row.account_id, &payload)?;
        self.conn.execute(
            "UPDATE recovery_codes SET sealed = ?1, used_at = ?2 WHERE id = ?3",
            params![sealed, to_sql_time(now), row.id],
        )?;
        Ok(RecoveryCodeInfo {
            id: row.id.clone(),
            account_id: row.account_id.clone(),
            saved_at: from_sql_time(row.saved_at),
            used_at: Some(now),
        })
    }

    pub(super) fn insert_slot(
        &self,
        kind: SlotKind,
        label: &str,
        params: &str,
        wrapped: &[u8],
        now: u64,
        id: &str,
    ) -> Result<SlotInfo, VaultError> {
        self.conn.execute(
            "INSERT INTO key_slots (id, kind, label, params, wrapped, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, kind.as_str(), label, params, wrapped, to_sql_time(now)],
        )?;
        Ok(SlotInfo {
            id: id.to_string(),
            kind,
            label: label.to_string(),
            created_at: now,
        })
    }
}

pub(super) fn to_account(row: &AccountRow, payload: &AccountPayload) -> Account {
    Account {
        id: row.id.clone(),
        issuer: payload.issuer.clone(),
        name: payload.name.clone(),
        params: payload.params,
        note: payload.note.clone(),
        groups: payload.groups.clone(),
        position: row.position,
        created_at: from_sql_time(row.created_at),
        updated_at: from_sql_time(row.updated_at),
    }
}

/// A password slot ready to insert: derived outside the vault's mutex, since
/// Argon2 takes about half a second by design.
pub(super) struct PreparedPasswordSlot {
    pub(super) id: String,
    pub(super) params_json: String,
    pub(super) key_encryption_key: SymmetricKey,
}

pub(super) fn prepare_password_slot(
    password: &str,
    kdf: KdfParams,
) -> Result<PreparedPasswordSlot, VaultError> {
    let params = PasswordSlotParams::new(kdf)?;
    let key_encryption_key = params.derive(password)?;
    let params_json = serde_json::to_string(&params)
        .map_err(|_| VaultError::Internal("could not encode slot parameters"))?;
    Ok(PreparedPasswordSlot {
        id: new_id(),
        params_json,
        key_encryption_key,
    })
}

impl Inner {
    pub(super) fn insert_password_slot(
        &self,
        slot: &PreparedPasswordSlot,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        let aad = slots::slot_aad(&self.vault_id, &slot.id, &slot.params_json);
        let wrapped = crypto::seal(&slot.key_encryption_key, &aad, self.key()?.expose())?;
        self.insert_slot(
            SlotKind::Password,
            "",
            &slot.params_json,
            &wrapped,
            now,
            &slot.id,
        )
    }

    pub(super) fn insert_platform_slot(
        &self,
        provider: &dyn KeyProvider,
        label: &str,
        now: u64,
    ) -> Result<SlotInfo, VaultError> {
        let wrapped = provider.wrap(self.key()?.expose())?;
        self.insert_slot(SlotKind::Platform, label, "", &wrapped, now, &new_id())
    }
}

impl Inner {
    /// Writes a new vault's schema, identity, key check and slots in one
    /// transaction (on the not-yet-installed file).
    pub(super) fn build_new(
        &self,
        slots: &[super::NewSlot<'_>],
        prepared: &[Option<PreparedPasswordSlot>],
        now: u64,
    ) -> Result<(), VaultError> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        super::schema::create_schema(&self.conn)?;
        let check = sealing::seal_row(self.key()?, &self.key_check_ref(), KEY_CHECK_V2)?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('vault_id', ?1), ('key_check', ?2)",
            params![self.vault_id.as_bytes(), check],
        )?;
        self.store_manifest(&Manifest::default())?;
        self.insert_slots(slots, prepared, now)?;
        tx.commit()?;
        Ok(())
    }

    fn insert_slots(
        &self,
        slots: &[super::NewSlot<'_>],
        prepared: &[Option<PreparedPasswordSlot>],
        now: u64,
    ) -> Result<Vec<SlotInfo>, VaultError> {
        let mut inserted = Vec::with_capacity(slots.len());
        for (slot, prepared) in slots.iter().zip(prepared) {
            inserted.push(match (slot, prepared) {
                (_, Some(password_slot)) => self.insert_password_slot(password_slot, now)?,
                (super::NewSlot::Platform { provider, label }, None) => {
                    self.insert_platform_slot(*provider, label, now)?
                }
                (super::NewSlot::Password { .. }, None) => return Err(VaultError::NoSlots),
            });
        }
        Ok(inserted)
    }

    /// Every account row, in the trash or not.
    fn all_account_rows(&self) -> Result<Vec<AccountRow>, VaultError> {
        let mut rows = self.account_rows(false)?;
        rows.extend(self.account_rows(true)?);
        Ok(rows)
    }

    fn all_recovery_rows(&self) -> Result<Vec<RecoveryRow>, VaultError> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {RECOVERY_COLUMNS} FROM recovery_codes ORDER BY account_id, saved_at, id"
        ))?;
        let mut rows = statement.query([])?;
        let mut codes = Vec::new();
        while let Some(row) = rows.next()? {
            codes.push(recovery_row(row, codes.len())?);
        }
        Ok(codes)
    }

    /// See [`Vault::rotate_data_key`](super::Vault::rotate_data_key). On
    /// failure the transaction rolls back and the old key stays in use.
    pub(super) fn rotate(
        &mut self,
        new_key: SymmetricKey,
        slots: &[super::NewSlot<'_>],
        prepared: &[Option<PreparedPasswordSlot>],
        now: u64,
    ) -> Result<Vec<SlotInfo>, VaultError> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut unreadable = Vec::new();
        let mut accounts = Vec::new();
        for row in self.all_account_rows()? {
            match self.open_account(&row) {
                Ok(payload) => accounts.push((row.id, payload)),
                Err(VaultError::Tampered { table, id }) => {
                    unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        let mut codes = Vec::new();
        for row in self.all_recovery_rows()? {
            match self.open_recovery(&row) {
                Ok(payload) => codes.push((row, payload)),
                Err(VaultError::Tampered { table, id }) => {
                    unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        if !unreadable.is_empty() {
            return Err(VaultError::Unreadable { rows: unreadable });
        }
        let generation = self.manifest()?.generation;
        let old_key = self.data_key.replace(new_key);
        let resealed = (|| {
            for (id, payload) in &accounts {
                let sealed = self.seal_account(id, payload)?;
                self.conn
                    .prepare_cached("UPDATE accounts SET sealed = ?1 WHERE id = ?2")?
                    .execute(params![sealed, id])?;
            }
            for (row, payload) in &codes {
                let sealed = self.seal_recovery(&row.id, &row.account_id, payload)?;
                self.conn
                    .prepare_cached("UPDATE recovery_codes SET sealed = ?1 WHERE id = ?2")?
                    .execute(params![sealed, row.id])?;
            }
            let check = sealing::seal_row(self.key()?, &self.key_check_ref(), KEY_CHECK_V2)?;
            self.conn.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'key_check'",
                [check],
            )?;
            // Every row was rewritten: list them all under the new key.
            self.conn.execute("DELETE FROM temp.touched", [])?;
            self.store_manifest(&Manifest {
                generation: generation.saturating_add(1),
                rows: self.digest_all_rows()?,
            })?;
            self.conn.execute("DELETE FROM key_slots", [])?;
            let inserted = self.insert_slots(slots, prepared, now)?;
            tx.commit()?;
            Ok(inserted)
        })();
        if resealed.is_err() {
            self.data_key = old_key;
        }
        resealed
    }
}

/// An account row's place, as `reorder` needs it: readable even when the
/// row's other columns are not.
pub(super) struct OrderRow {
    pub(super) rowid: i64,
    /// `None` if the stored id is not text.
    pub(super) id: Option<String>,
    pub(super) in_trash: bool,
}

impl Inner {
    pub(super) fn order_rows(&self) -> Result<Vec<OrderRow>, VaultError> {
        let mut statement = self.conn.prepare(
            "SELECT rowid, id, deleted_at IS NOT NULL FROM accounts ORDER BY position, created_at, id",
        )?;
        let mut rows = statement.query([])?;
        let mut order = Vec::new();
        while let Some(row) = rows.next()? {
            order.push(OrderRow {
                rowid: row.get(0)?,
                id: text_column(row, 1),
                in_trash: row.get(2)?,
            });
        }
        Ok(order)
    }
}

impl Inner {
    /// Moves every committed page into the main file and empties the WAL, so
    /// pages from before a key change do not linger there. Best effort: a
    /// reader in another process may hold the WAL; its pages are then reused
    /// by later writes.
    pub(super) fn flush_wal(&self) {
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

impl Inner {
    /// Takes `key` (already checked with [`Inner::is_data_key`]) as the data
    /// key. The migrated file has now opened and verified, so the copy the
    /// migration made is no longer needed (it would keep the old state, and
    /// its slots, around).
    pub(super) fn accept_data_key(&mut self, key: SymmetricKey) -> Result<(), VaultError> {
        self.data_key = Some(key);
        if let Err(error) = self.list_rows_if_unlisted() {
            self.data_key = None;
            return Err(error);
        }
        if let Some(backup) = self.migration_backup.take() {
            let _ = std::fs::remove_file(backup);
        }
        Ok(())
    }

    /// A vault from before the manifest (its key check says so, sealed):
    /// list every row that opens, and seal the new key check, in one
    /// transaction. Rows that do not open stay unlisted, hence unreadable.
    fn list_rows_if_unlisted(&self) -> Result<(), VaultError> {
        if !self.is_unlisted()? {
            return Ok(());
        }
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        // Another process may have listed them while we waited for the lock.
        if !self.is_unlisted()? {
            return Ok(());
        }
        let mut rows = BTreeMap::new();
        for row in self.all_account_rows()? {
            if sealing::open_row(self.key()?, &self.account_ref(&row.id), &row.sealed).is_some() {
                rows.insert(
                    manifest::account_key(&row.id),
                    manifest::account_digest(&row),
                );
            }
        }
        for row in self.all_recovery_rows()? {
            let place = self.recovery_ref(&row.id, &row.account_id);
            if sealing::open_row(self.key()?, &place, &row.sealed).is_some() {
                rows.insert(
                    manifest::recovery_key(&row.account_id, &row.id),
                    manifest::recovery_digest(&row),
                );
            }
        }
        self.store_manifest(&Manifest {
            generation: 1,
            rows,
        })?;
        let check = sealing::seal_row(self.key()?, &self.key_check_ref(), KEY_CHECK_V2)?;
        self.conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'key_check'",
            [check],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// True if the (sealed) key check says the vault predates the manifest.
    fn is_unlisted(&self) -> Result<bool, VaultError> {
        let check: Vec<u8> = self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'key_check'",
            [],
            |row| row.get(0),
        )?;
        let plain = sealing::open_row(self.key()?, &self.key_check_ref(), &check);
        Ok(plain.is_some_and(|plain| crypto::equal(&plain, KEY_CHECK)))
    }

    fn manifest_ref(&self) -> RowRef<'_> {
        RowRef {
            vault_id: &self.vault_id,
            table: META,
            id: MANIFEST,
            extra: "",
        }
    }

    /// The sealed manifest as stored now. A missing or unreadable manifest
    /// lists nothing, so every row is reported as unreadable: there is no
    /// way to tell which of them are genuine.
    pub(super) fn manifest(&self) -> Result<std::sync::Arc<Manifest>, VaultError> {
        self.key()?;
        let stamp = Stamp::of(&self.conn)?;
        if let Some((cached_at, cached)) = &*self.manifest_cache.borrow() {
            if *cached_at == stamp {
                return Ok(std::sync::Arc::clone(cached));
            }
        }
        let sealed: Option<Vec<u8>> = match self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [MANIFEST], |row| {
                row.get(0)
            })
            .optional()
        {
            Ok(sealed) => sealed,
            // Damaged bytes in the row: no manifest (every row is reported).
            Err(
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..),
            ) => None,
            // A busy or failing database is not evidence of tampering.
            Err(other) => return Err(other.into()),
        };
        let opened = sealed
            .and_then(|sealed| sealing::open_row(self.key().ok()?, &self.manifest_ref(), &sealed))
            .and_then(|plain| serde_json::from_slice::<Manifest>(&plain).ok())
            .unwrap_or_default();
        let opened = std::sync::Arc::new(opened);
        *self.manifest_cache.borrow_mut() = Some((stamp, std::sync::Arc::clone(&opened)));
        Ok(opened)
    }

    fn store_manifest(&self, listed: &Manifest) -> Result<(), VaultError> {
        let plain = Zeroizing::new(
            serde_json::to_vec(listed)
                .map_err(|_| VaultError::Internal("could not encode the manifest"))?,
        );
        let sealed = sealing::seal_row(self.key()?, &self.manifest_ref(), &plain)?;
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![MANIFEST, sealed],
        )?;
        *self.manifest_cache.borrow_mut() = None;
        Ok(())
    }

    /// Digests of every row as stored now (after a rotation rewrote them all).
    fn digest_all_rows(&self) -> Result<BTreeMap<String, String>, VaultError> {
        let mut rows = BTreeMap::new();
        for row in self.all_account_rows()? {
            rows.insert(
                manifest::account_key(&row.id),
                manifest::account_digest(&row),
            );
        }
        for row in self.all_recovery_rows()? {
            rows.insert(
                manifest::recovery_key(&row.account_id, &row.id),
                manifest::recovery_digest(&row),
            );
        }
        Ok(rows)
    }

    /// Brings the manifest up to date with the rows this connection changed
    /// in the current transaction and raises the generation. Every write
    /// calls it just before committing.
    pub(crate) fn seal_manifest(&self) -> Result<(), VaultError> {
        let touched: Vec<(String, String, String)> = {
            let mut statement = self
                .conn
                .prepare_cached("SELECT tbl, id, owner FROM temp.touched")?;
            let mut rows = statement.query([])?;
            let mut touched = Vec::new();
            while let Some(row) = rows.next()? {
                if let (Some(table), Some(id), Some(owner)) = (
                    text_column(row, 0),
                    text_column(row, 1),
                    text_column(row, 2),
                ) {
                    touched.push((table, id, owner));
                }
            }
            touched
        };
        if touched.is_empty() {
            return Ok(());
        }
        let mut listed = (*self.manifest()?).clone();
        for (table, id, owner) in &touched {
            if table == ACCOUNTS {
                let key = manifest::account_key(id);
                let row = self
                    .conn
                    .query_row(
                        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"),
                        [id],
                        account_row,
                    )
                    .optional()?;
                match row {
                    Some(row) => listed.rows.insert(key, manifest::account_digest(&row)),
                    None => listed.rows.remove(&key),
                };
            } else {
                listed.rows.remove(&manifest::recovery_key(owner, id));
                let row = self
                    .conn
                    .query_row(
                        &format!("SELECT {RECOVERY_COLUMNS} FROM recovery_codes WHERE id = ?1"),
                        [id],
                        |row| recovery_row(row, 0),
                    )
                    .optional()?;
                if let Some(row) = row {
                    listed.rows.insert(
                        manifest::recovery_key(&row.account_id, &row.id),
                        manifest::recovery_digest(&row),
                    );
                }
            }
        }
        listed.generation = listed.generation.saturating_add(1);
        self.store_manifest(&listed)?;
        self.conn.execute("DELETE FROM temp.touched", [])?;
        Ok(())
    }

    /// Listed accounts that have no row at all (deleted behind our back).
    pub(super) fn missing_accounts(&self) -> Result<Vec<UnreadableRow>, VaultError> {
        let listed = self.manifest()?;
        let mut statement = self.conn.prepare_cached("SELECT id FROM accounts")?;
        let mut rows = statement.query([])?;
        let mut present = std::collections::HashSet::new();
        let mut unreadable_ids = 0;
        while let Some(row) = rows.next()? {
            match text_column(row, 0) {
                Some(id) => {
                    present.insert(manifest::account_key(&id));
                }
                None => unreadable_ids += 1,
            }
        }
        // A row whose id cannot be read is one of the listed ids; it is
        // already reported (by rowid and position), so do not count it twice.
        Ok(listed
            .rows
            .keys()
            .filter(|key| key.starts_with("accounts/") && !present.contains(*key))
            .skip(unreadable_ids)
            .map(|key| UnreadableRow {
                table: ACCOUNTS,
                id: key["accounts/".len()..].to_string(),
            })
            .collect())
    }

    /// Listed recovery codes of `account_id` that are not among `rows`.
    pub(super) fn missing_codes(
        &self,
        account_id: &str,
        rows: &[RecoveryRow],
    ) -> Result<Vec<UnreadableRow>, VaultError> {
        let listed = self.manifest()?;
        let prefix = manifest::recovery_prefix(account_id);
        let unreadable_ids = rows
            .iter()
            .filter(|row| row.id.starts_with(UNREADABLE_ID))
            .count();
        Ok(listed
            .rows
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .map(|(key, _)| key[prefix.len()..].to_string())
            .filter(|id| !rows.iter().any(|row| &row.id == id))
            .skip(unreadable_ids)
            .map(|id| UnreadableRow {
                table: RECOVERY_CODES,
                id,
            })
            .collect())
    }

    /// The generation counter of the manifest (see [`Manifest`]).
    pub(super) fn generation(&self) -> Result<u64, VaultError> {
        self.key()?;
        Ok(self.manifest()?.generation)
    }

    /// Starts a read snapshot unless a transaction is already open, so rows
    /// and the manifest are read from one state even while another process
    /// writes.
    pub(super) fn snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>, VaultError> {
        if self.conn.is_autocommit() {
            Ok(Some(rusqlite::Transaction::new_unchecked(
                &self.conn,
                TransactionBehavior::Deferred,
            )?))
        } else {
            Ok(None)
        }
    }
}

impl Inner {
    pub(super) fn trashed_account_row(&self, id: &str) -> Result<AccountRow, VaultError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1 AND deleted_at IS NOT NULL"
                ),
                [id],
                account_row,
            )
            .optional()?
            .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })
    }

    /// Ids of the account rows (in the trash or not) that open and match
    /// the manifest.
    pub(super) fn genuine_account_ids(
        &self,
    ) -> Result<std::collections::HashSet<String>, VaultError> {
        let listed = self.manifest()?;
        Ok(self
            .all_account_rows()?
            .into_iter()
            .filter(|row| self.open_account_listed(row, &listed).is_ok())
            .map(|row| row.id)
            .collect())
    }
}
