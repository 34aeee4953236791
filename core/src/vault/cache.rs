//! The decrypted accounts of an unlocked vault, kept in memory so that codes
//! for a thousand accounts take well under a millisecond (decrypting and
//! parsing every row on each tick would not). Secrets stay in zeroizing
//! containers and the whole cache is dropped by `lock()`.
//!
//! The cache is stamped with SQLite's `data_version` (changes by other
//! connections, e.g. another process) and this connection's
//! `total_changes()`, so any write from anywhere makes it rebuild.

use crate::secret::Secret;
use crate::vault::records::{Account, UnreadableRow};
use rusqlite::Connection;

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

/// One readable account and its secret.
pub struct CachedAccount {
    pub account: Account,
    pub secret: Secret,
}

/// Every account outside the trash, in order, as of `stamp`.
pub struct AccountCache {
    pub stamp: Stamp,
    pub accounts: Vec<CachedAccount>,
    pub unreadable: Vec<UnreadableRow>,
}
