//! The decrypted accounts of an unlocked vault, kept in memory so that codes
//! for a thousand accounts take well under a millisecond (decrypting and
//! parsing every row on each tick would not). Secrets stay in zeroizing
//! containers and the whole cache is dropped by `lock()`.
//!
//! The cache is stamped with SQLite's `data_version` (changes by other
//! connections, e.g. another process) and this connection's
//! `total_changes()`, so any write from anywhere makes it rebuild.

use crate::otp::{Code, Generator, OtpError};
use crate::secret::Secret;
use crate::vault::records::{Account, UnreadableRow};
use rusqlite::Connection;
use std::cell::OnceCell;

/// What identifies one state of the database, as far as reads can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    data_version: i64,
    total_changes: u64,
}

impl Stamp {
    pub fn of(conn: &Connection) -> rusqlite::Result<Stamp> {
        Ok(Stamp {
            data_version: conn.query_row("PRAGMA data_version", [], |row| row.get(0))?,
            total_changes: conn.total_changes(),
        })
    }
}

/// One readable account, its secret, and its code maker (keyed on first use,
/// so opening a large vault does not pay for accounts nobody looks at).
pub struct CachedAccount {
    pub account: Account,
    pub secret: Secret,
    generator: OnceCell<Result<Generator, OtpError>>,
}

impl CachedAccount {
    pub fn new(account: Account, secret: Secret) -> Self {
        CachedAccount {
            account,
            secret,
            generator: OnceCell::new(),
        }
    }

    /// The account's code at `at` (for HOTP: for the stored counter).
    pub fn code_at(&self, at: u64) -> Result<Code, OtpError> {
        self.generator
            .get_or_init(|| Generator::new(&self.secret, &self.account.params))
            .as_ref()
            .map(|generator| generator.code_at(at))
            .map_err(Clone::clone)
    }
}

/// Every account outside the trash, in order, as of `stamp`.
pub struct AccountCache {
    pub stamp: Stamp,
    pub accounts: Vec<CachedAccount>,
    pub unreadable: Vec<UnreadableRow>,
}
