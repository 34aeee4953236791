//! Adding, reading, editing, ordering and trashing accounts.

use super::records::{AccountPayload, TrashListing, TrashedAccount, UnreadableRow};
use super::store::{from_sql_time, to_account, to_sql_time};
use super::{Account, Listing, Vault, VaultError};
use crate::account::NewAccount;
use crate::otp;
use rusqlite::params;

impl Vault {
    /// Adds an account at the end of the list and returns it (without secret).
    pub fn add(&self, account: &NewAccount, now: u64) -> Result<Account, VaultError> {
        let mut added = self.add_all(std::slice::from_ref(account), now)?;
        added
            .pop()
            .ok_or(VaultError::Internal("the account was not added"))
    }

    /// Adds several accounts (an import, a migration batch) in one
    /// transaction: all of them or none.
    pub fn add_all(&self, accounts: &[NewAccount], now: u64) -> Result<Vec<Account>, VaultError> {
        for account in accounts {
            otp::validate(&account.params)?;
        }
        self.write(|inner| {
            let mut position = inner.last_position()?;
            let mut added = Vec::with_capacity(accounts.len());
            for account in accounts {
                position += 1;
                let payload = AccountPayload::new(account, String::new(), Vec::new());
                added.push(inner.insert_account(&payload, position, now)?);
            }
            Ok(added)
        })
    }

    /// Replaces `existing_id` by `account` in one transaction: the old
    /// account goes to the trash (restorable) and the new one is added at
    /// the end of the list. Either both happen or neither.
    pub fn replace(
        &self,
        existing_id: &str,
        account: &NewAccount,
        now: u64,
    ) -> Result<Account, VaultError> {
        otp::validate(&account.params)?;
        self.write(|inner| {
            inner.trash_account(existing_id, now)?;
            let position = inner.last_position()? + 1;
            let payload = AccountPayload::new(account, String::new(), Vec::new());
            inner.insert_account(&payload, position, now)
        })
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
        self.write(|inner| {
            inner.modify_account(id, now, |payload| {
                payload.issuer = issuer.map(str::to_string);
                payload.name = name.to_string();
                Ok(())
            })
        })
    }

    pub fn set_note(&self, id: &str, note: &str, now: u64) -> Result<Account, VaultError> {
        self.write(|inner| {
            inner.modify_account(id, now, |payload| {
                payload.note = note.to_string();
                Ok(())
            })
        })
    }

    /// Replaces an account's groups (kept in the given order).
    pub fn set_groups(&self, id: &str, groups: &[String], now: u64) -> Result<Account, VaultError> {
        self.write(|inner| {
            inner.modify_account(id, now, |payload| {
                payload.groups = groups.to_vec();
                Ok(())
            })
        })
    }

    /// Puts the accounts in the given order; `ids` must name every readable
    /// account outside the trash exactly once. Unreadable rows keep their
    /// place.
    pub fn reorder(&self, ids: &[String]) -> Result<(), VaultError> {
        self.write(|inner| {
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
            Ok(())
        })
    }

    /// Moves an account to the trash (undo with [`Vault::restore`]).
    pub fn delete(&self, id: &str, now: u64) -> Result<(), VaultError> {
        self.write(|inner| inner.trash_account(id, now))
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
        self.write(|inner| {
            let row = inner.trashed_account_row(id)?;
            inner.open_account(&row)?;
            inner.conn.execute(
                "UPDATE accounts SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL",
                params![to_sql_time(now), id],
            )?;
            Ok(())
        })
    }

    /// Permanently deletes accounts (and their recovery codes) that have been
    /// in the trash for at least `older_than` seconds. Returns how many.
    /// Rows that fail authentication are left alone: their trash date may
    /// be forged.
    pub fn purge_trash(&self, older_than: u64, now: u64) -> Result<usize, VaultError> {
        let cutoff = to_sql_time(now.saturating_sub(older_than));
        self.write(|inner| {
            let mut purged = 0;
            for row in inner.account_rows(true)? {
                if row.deleted_at.is_some_and(|at| at <= cutoff) && inner.open_account(&row).is_ok()
                {
                    purged += inner
                        .conn
                        .execute("DELETE FROM accounts WHERE id = ?1", [&row.id])?;
                }
            }
            Ok(purged)
        })
    }
}
