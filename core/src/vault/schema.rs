//! The file format: a check that a file is a SQLite database of ours before
//! anything touches it, the DDL, and `PRAGMA user_version` migrations that
//! copy the file aside first and run in one transaction.

use crate::vault::error::VaultError;
pub use crate::vault::file::sidecar;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Marks the file as a Twofold vault (`PRAGMA application_id`, "2FAV").
pub const APPLICATION_ID: i32 = 0x3246_4156;
/// The schema version this build writes and understands.
pub const CURRENT_VERSION: i64 = 2;
/// The schema version stored in (and bound to) every sealed row.
pub const ROW_FORMAT_VERSION: u8 = 1;

/// `MIGRATIONS[v]` turns schema `v` into `v + 1`. Version 0 is an empty file.
pub const MIGRATIONS: &[&str] = &[V1, V2];

const V1: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
CREATE TABLE key_slots (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    params     TEXT NOT NULL,
    wrapped    BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    sealed     BLOB NOT NULL
) STRICT;
CREATE INDEX accounts_by_position ON accounts (deleted_at, position);
CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    saved_at   INTEGER NOT NULL,
    used_at    INTEGER,
    sealed     BLOB NOT NULL
) STRICT;
CREATE INDEX recovery_codes_by_account ON recovery_codes (account_id);
";

/// Schema 2 lists every row in a sealed manifest (`meta` key `manifest`).
/// Building it needs the data key, so the first unlock does it (see
/// `store::Inner::list_rows_if_unlisted`); the tables are unchanged.
const V2: &str = "SELECT 1;";

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

fn not_a_vault(reason: impl Into<String>) -> VaultError {
    VaultError::NotAVault {
        reason: reason.into(),
    }
}

/// Reads the SQLite header without SQLite: refuses short, foreign or
/// truncated files before SQLite gets a chance to "repair" anything.
fn check_header(path: &Path) -> Result<(), VaultError> {
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => VaultError::NoSuchFile,
        _ => VaultError::from(e),
    })?;
    let size = file.metadata()?.len();
    let mut header = [0u8; HEADER_LEN];
    if size < HEADER_LEN as u64 || file.read_exact(&mut header).is_err() {
        return Err(not_a_vault("the file is too short"));
    }
    if &header[..16] != SQLITE_MAGIC {
        return Err(not_a_vault("not a SQLite database"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => return Err(not_a_vault("bad page size")),
    };
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The in-header size is only trustworthy when "version-valid-for" matches
    // the change counter. A non-empty WAL may still hold pages a checkpoint was
    // copying when the process died; SQLite completes that itself.
    let wal_pending = std::fs::metadata(sidecar(path, "-wal"))
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if valid_for == change_counter && !wal_pending && size < page_count.saturating_mul(page_size) {
        return Err(not_a_vault("the file is truncated"));
    }
    Ok(())
}

fn configure(conn: &Connection) -> Result<(), VaultError> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // WAL: readers never block the writer; a crash leaves the last commit.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(VaultError::Storage(
            format!("cannot use write-ahead logging (journal mode {mode})").into(),
        ));
    }
    // FULL: a commit is on disk when it returns, even if power fails next.
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    // Deleted content (an old key slot, rows sealed under a rotated key) is
    // overwritten with zeros instead of lingering in free pages.
    conn.execute_batch("PRAGMA secure_delete = ON;")?;
    Ok(())
}

fn storage_or_damaged(error: rusqlite::Error) -> VaultError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => not_a_vault("not a SQLite database"),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => not_a_vault("the database is damaged"),
        _ => VaultError::from(error),
    }
}

/// Opens an existing vault file and brings its schema up to date. Nothing is
/// written unless the file is a Twofold vault of a version we understand.
/// An opened vault file. `migration_backup` is the copy a migration made
/// during this open: it is removed once the data key has been verified.
pub struct OpenedFile {
    pub conn: Connection,
    pub vault_id: String,
    pub migration_backup: Option<PathBuf>,
}

pub fn open_existing(path: &Path) -> Result<OpenedFile, VaultError> {
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(storage_or_damaged)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(storage_or_damaged)?;
    if application_id != APPLICATION_ID {
        return Err(not_a_vault("a SQLite database, but not a Twofold vault"));
    }
    // Ours: owner-only, with any `-wal`/`-shm` SQLite made already, before
    // anything is written (later companions copy the file's mode).
    crate::vault::file::make_vault_private(path)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(storage_or_damaged)?;
    if version > CURRENT_VERSION {
        return Err(VaultError::NewerSchema {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    if version < 1 {
        return Err(not_a_vault("the vault was never initialised"));
    }
    let vault_id = read_vault_id(&conn)?;
    // Only now may SQLite write (switching to WAL rewrites the header).
    configure(&conn)?;
    let migration_backup = if version < CURRENT_VERSION {
        Some(migrate(&conn, path, version, MIGRATIONS)?)
    } else {
        None
    };
    conn.execute_batch(crate::vault::manifest::TOUCHED_SQL)?;
    Ok(OpenedFile {
        conn,
        vault_id,
        migration_backup,
    })
}

/// The random identity bound into every row's associated data.
fn read_vault_id(conn: &Connection) -> Result<String, VaultError> {
    let id: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |row| {
            row.get(0)
        })
        .optional()
        .map_err(|_| not_a_vault("the vault has no identity"))?;
    let id = id.ok_or_else(|| not_a_vault("the vault has no identity"))?;
    String::from_utf8(id).map_err(|_| not_a_vault("the vault identity is damaged"))
}

/// Applies every migration to a fresh file inside the caller's transaction.
pub fn create_schema(conn: &Connection) -> Result<(), VaultError> {
    for step in MIGRATIONS {
        conn.execute_batch(step)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", CURRENT_VERSION)?;
    Ok(())
}

/// Copies the vault aside (`<path>.schema-v<from>.bak`, a consistent snapshot
/// including the WAL), then applies `migrations[from..]` in one transaction.
/// On failure the transaction rolls back and the file stays at `from`.
pub(crate) fn migrate(
    conn: &Connection,
    path: &Path,
    from: i64,
    migrations: &[&str],
) -> Result<PathBuf, VaultError> {
    let failed = |reason: String| VaultError::Migration { from, reason };
    let backup = free_backup_path(path, from);
    // Created empty and owner-only first: VACUUM INTO fills an empty file.
    crate::vault::file::create_private(&backup)
        .map_err(|e| failed(format!("could not create the copy: {e}")))?;
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .map_err(|e| {
            let _ = std::fs::remove_file(&backup);
            failed(format!("could not copy the vault aside: {e}"))
        })?;
    let start = usize::try_from(from).map_err(|_| failed("negative version".into()))?;
    let steps = migrations.get(start..).unwrap_or_default();
    let target = i64::try_from(migrations.len()).map_err(|_| failed("too many steps".into()))?;
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
        .map_err(|e| failed(e.to_string()))?;
    for step in steps {
        tx.execute_batch(step).map_err(|e| failed(e.to_string()))?;
    }
    tx.pragma_update(None, "user_version", target)
        .map_err(|e| failed(e.to_string()))?;
    tx.commit().map_err(|e| failed(e.to_string()))?;
    Ok(backup)
}

fn free_backup_path(path: &Path, from: i64) -> PathBuf {
    let first = sidecar(path, &format!(".schema-v{from}.bak"));
    if !first.exists() {
        return first;
    }
    (1..)
        .map(|n| sidecar(path, &format!(".schema-v{from}.{n}.bak")))
        .find(|candidate| !candidate.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v1_file_with_a_row(dir: &tempfile::TempDir) -> (PathBuf, Connection) {
        let path = dir.path().join("vault.sqlite");
        let conn = Connection::open(&path).unwrap();
        configure(&conn).unwrap();
        create_schema(&conn).unwrap();
        // A file as schema 1 left it (schema 2 changed no table).
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO accounts VALUES ('a', 1, 0, 0, NULL, X'0102');",
            [],
        )
        .unwrap();
        conn.execute("INSERT INTO meta VALUES ('vault_id', X'6964')", [])
            .unwrap();
        (path, conn)
    }

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn a_migration_copies_the_file_aside_then_upgrades() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = v1_file_with_a_row(&dir);
        let steps = [V1, "ALTER TABLE accounts ADD COLUMN colour TEXT"];
        let backup = migrate(&conn, &path, 1, &steps).unwrap();
        assert_eq!(version(&conn), 2);
        let copy = Connection::open(&backup).unwrap();
        assert_eq!(version(&copy), 1);
        let rows: i64 = copy
            .query_row("SELECT COUNT(*) FROM accounts", [], |row| row.get(0))
            .unwrap();
        assert_eq!(rows, 1);
        // A second migration from the same version keeps the first copy.
        let again = migrate(&conn, &path, 1, &steps[..1]).unwrap();
        assert_ne!(again, backup);
        assert!(backup.exists());
    }

    #[test]
    fn a_failed_migration_leaves_the_vault_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn) = v1_file_with_a_row(&dir);
        let steps = [
            V1,
            "ALTER TABLE accounts ADD COLUMN colour TEXT; INSERT INTO no_such_table VALUES (1);",
        ];
        let error = migrate(&conn, &path, 1, &steps).unwrap_err();
        assert!(matches!(error, VaultError::Migration { from: 1, .. }));
        assert_eq!(version(&conn), 1);
        let has_colour: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_table_info('accounts') WHERE name = 'colour')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(!has_colour, "the half-applied step must be rolled back");
        drop(conn);
        // And the file still opens (and migrates the real way).
        let reopened = open_existing(&path).unwrap();
        assert_eq!(version(&reopened.conn), CURRENT_VERSION);
    }

    #[test]
    fn sidecar_appends_to_the_file_name() {
        assert_eq!(
            sidecar(Path::new("/x/vault.sqlite"), "-wal"),
            PathBuf::from("/x/vault.sqlite-wal")
        );
    }
}
