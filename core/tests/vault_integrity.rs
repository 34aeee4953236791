//! Everything that changes an account's meaning is authenticated: attacks on
//! a real vault file through SQLite (order, trash state, deleted rows,
//! replayed older rows), and the schema 1 → 2 migration of a real file.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use rusqlite::Connection;
use std::path::Path;
use twofold_core::vault::{Vault, VaultError};
use vault_common::*;

/// Runs SQL on the closed vault file as an attacker with write access would.
fn attack(path: &Path, sql: &str, params: impl rusqlite::Params) {
    edit_raw(path, sql, params);
}

fn unreadable_ids(vault: &Vault) -> Vec<String> {
    let mut ids: Vec<String> = vault
        .list()
        .unwrap()
        .unreadable
        .into_iter()
        .map(|row| row.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn swapped_positions_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    attack(
        &path,
        "UPDATE accounts SET position = CASE id WHEN ?1 THEN 3 WHEN ?2 THEN 1 ELSE position END",
        [&ids[0], &ids[2]],
    );
    let vault = open_unlocked(&path);
    let mut expected = vec![ids[0].clone(), ids[2].clone()];
    expected.sort();
    assert_eq!(unreadable_ids(&vault), expected);
    let names: Vec<String> = vault
        .list()
        .unwrap()
        .accounts
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["acct-1"]);
}

#[test]
fn a_trashed_account_brought_back_behind_our_back_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    open_unlocked(&path).delete(&ids[1], NOW).unwrap();
    attack(
        &path,
        "UPDATE accounts SET deleted_at = NULL WHERE id = ?1",
        [&ids[1]],
    );
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), [ids[1].clone()]);
    assert_eq!(vault.list().unwrap().accounts.len(), 2);
    // And the reverse: a live account moved to the trash.
    attack(
        &path,
        "UPDATE accounts SET deleted_at = 1 WHERE id = ?1",
        [&ids[0]],
    );
    let vault = open_unlocked(&path);
    let trash = vault.trash().unwrap();
    assert!(trash.accounts.is_empty());
    assert_eq!(trash.unreadable.len(), 1);
    assert_eq!(trash.unreadable[0].id, ids[0]);
    // A forged trash date cannot get a row purged.
    assert_eq!(vault.purge_trash(0, NOW).unwrap(), 0);
}

#[test]
fn a_deleted_row_is_reported_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    attack(&path, "DELETE FROM accounts WHERE id = ?1", [&ids[2]]);
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), [ids[2].clone()]);
    assert_eq!(vault.codes(NOW).unwrap().unreadable.len(), 1);
    // Writing something else does not forget the missing row.
    vault.rename(&ids[0], None, "renamed", NOW).unwrap();
    drop(vault);
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), [ids[2].clone()]);
}

#[test]
fn an_export_refuses_to_skip_a_deleted_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    let vault = open_unlocked(&path);
    let code = vault.save_recovery_code(&ids[0], "kept", NOW).unwrap();
    drop(vault);
    attack(
        &path,
        "DELETE FROM recovery_codes WHERE id = ?1",
        [&code.id],
    );
    attack(&path, "DELETE FROM accounts WHERE id = ?1", [&ids[1]]);
    let vault = open_unlocked(&path);
    match vault.export_all() {
        Err(VaultError::Unreadable { rows }) => {
            let mut named: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
            named.sort_unstable();
            let mut expected = vec![ids[1].as_str(), code.id.as_str()];
            expected.sort_unstable();
            assert_eq!(named, expected);
        }
        other => panic!("{other:?}"),
    }
}

/// Every column of one row, to put back later.
fn save_row(path: &Path, table: &str, id: &str) -> Vec<rusqlite::types::Value> {
    let conn = Connection::open(path).unwrap();
    let mut statement = conn
        .prepare(&format!("SELECT * FROM {table} WHERE id = ?1"))
        .unwrap();
    let columns = statement.column_count();
    statement
        .query_row([id], |row| {
            (0..columns)
                .map(|i| row.get::<_, rusqlite::types::Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
}

fn put_back(path: &Path, table: &str, id: &str, row: Vec<rusqlite::types::Value>) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])
        .unwrap();
    let marks = vec!["?"; row.len()].join(", ");
    conn.execute(
        &format!("INSERT INTO {table} VALUES ({marks})"),
        rusqlite::params_from_iter(row),
    )
    .unwrap();
}

#[test]
fn a_purged_account_put_back_from_an_old_copy_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    let old_row = save_row(&path, "accounts", &ids[0]);
    let vault = open_unlocked(&path);
    vault.delete(&ids[0], NOW).unwrap();
    assert_eq!(vault.purge_trash(0, NOW).unwrap(), 1);
    drop(vault);
    put_back(&path, "accounts", &ids[0], old_row);
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), std::slice::from_ref(&ids[0]));
    assert_eq!(vault.list().unwrap().accounts.len(), 2);
}

#[test]
fn a_replayed_hotp_row_cannot_roll_the_counter_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let hotp = vault
        .add(&hotp_account("counter", secret_for(7), 0), NOW)
        .unwrap();
    drop(vault);
    let before = save_row(&path, "accounts", &hotp.id);
    let vault = open_unlocked(&path);
    let shown = vault.next_hotp(&hotp.id, NOW).unwrap();
    drop(vault);
    put_back(&path, "accounts", &hotp.id, before);
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), std::slice::from_ref(&hotp.id));
    match vault.next_hotp(&hotp.id, NOW) {
        Err(VaultError::Tampered { id, .. }) => assert_eq!(id, hotp.id),
        other => panic!("the code {shown:?} could be shown again: {other:?}"),
    }
}

#[test]
fn a_replayed_recovery_code_row_cannot_make_a_used_code_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let account = vault
        .add(&totp_account("Site", "me", secret_for(1)), NOW)
        .unwrap();
    let code = vault
        .save_recovery_code(&account.id, "once-only", NOW)
        .unwrap();
    vault.save_recovery_code(&account.id, "other", NOW).unwrap();
    drop(vault);
    let unused = save_row(&path, "recovery_codes", &code.id);
    let vault = open_unlocked(&path);
    vault
        .use_recovery_code(&account.id, "once-only", NOW)
        .unwrap();
    drop(vault);
    put_back(&path, "recovery_codes", &code.id, unused);
    let vault = open_unlocked(&path);
    let listing = vault.recovery_codes(&account.id).unwrap();
    assert_eq!(listing.codes.len(), 1);
    assert_eq!(listing.unreadable.len(), 1);
    assert_eq!(listing.unreadable[0].id, code.id);
    assert!(vault
        .use_recovery_code(&account.id, "once-only", NOW)
        .is_err());
    assert!(vault.mark_recovery_code_used(&code.id, NOW).is_err());
    assert!(vault.reveal_recovery_code(&code.id).is_err());
}

#[test]
fn a_deleted_recovery_code_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let account = vault
        .add(&totp_account("Site", "me", secret_for(1)), NOW)
        .unwrap();
    let code = vault.save_recovery_code(&account.id, "gone", NOW).unwrap();
    drop(vault);
    attack(
        &path,
        "DELETE FROM recovery_codes WHERE id = ?1",
        [&code.id],
    );
    let vault = open_unlocked(&path);
    let listing = vault.recovery_codes(&account.id).unwrap();
    assert!(listing.codes.is_empty());
    assert_eq!(listing.unreadable[0].id, code.id);
}

#[test]
fn writes_never_bless_a_forged_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = three_accounts(&path, "Meaning");
    attack(
        &path,
        "UPDATE accounts SET position = 0 WHERE id = ?1",
        [&ids[2]],
    );
    let vault = open_unlocked(&path);
    assert!(matches!(
        vault.delete(&ids[2], NOW),
        Err(VaultError::Tampered { .. })
    ));
    assert!(vault.rename(&ids[2], None, "x", NOW).is_err());
    vault.reorder(&[ids[1].clone(), ids[0].clone()]).unwrap();
    vault
        .add(&totp_account("New", "n", secret_for(5)), NOW)
        .unwrap();
    drop(vault);
    let vault = open_unlocked(&path);
    assert_eq!(unreadable_ids(&vault), [ids[2].clone()]);
    let names: Vec<String> = vault
        .list()
        .unwrap()
        .accounts
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["acct-1", "acct-0", "n"]);
}

#[test]
fn the_generation_rises_with_every_change_and_shows_a_rolled_back_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let first = vault.generation().unwrap();
    let account = vault
        .add(&totp_account("G", "g", secret_for(1)), NOW)
        .unwrap();
    let second = vault.generation().unwrap();
    assert!(second > first);
    drop(vault);
    let old_copy = path.with_file_name("old.sqlite");
    std::fs::copy(&path, &old_copy).unwrap();
    let vault = open_unlocked(&path);
    vault.rename(&account.id, None, "h", NOW).unwrap();
    vault.delete(&account.id, NOW).unwrap();
    let latest = vault.generation().unwrap();
    assert_eq!(latest, second + 2);
    drop(vault);
    // The whole file put back is self-consistent: only a generation kept
    // outside it (by the platform) shows the rollback.
    std::fs::copy(&old_copy, &path).unwrap();
    let vault = open_unlocked(&path);
    assert!(vault.list().unwrap().unreadable.is_empty());
    assert!(vault.generation().unwrap() < latest);
    assert_eq!(
        Vault::open(&path).unwrap().generation().unwrap_err(),
        VaultError::Locked
    );
}

const FIXTURE_PASSWORD: &str = "fixture password v1";

/// A vault written by schema 1 (the `twofold` CLI before the manifest):
/// ACME/alice (TOTP) with two recovery codes, one used; Counter/bob (HOTP,
/// counter 5); Gone/carol in the trash.
fn schema_1_vault(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = vault_path(dir);
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault/schema-v1.sqlite");
    std::fs::copy(fixture, &path).unwrap();
    path
}

fn backups(dir: &tempfile::TempDir) -> Vec<String> {
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".bak"))
        .collect()
}

#[test]
fn a_schema_1_vault_migrates_keeps_everything_and_drops_its_copy_once_verified() {
    let dir = tempfile::tempdir().unwrap();
    let path = schema_1_vault(&dir);
    let vault = Vault::open(&path).unwrap();
    assert_eq!(backups(&dir), ["vault.sqlite.schema-v1.bak"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let copy = dir.path().join("vault.sqlite.schema-v1.bak");
        let mode = std::fs::metadata(copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A wrong password verifies nothing: the copy stays.
    assert!(vault.unlock_with_password("wrong").is_err());
    assert_eq!(backups(&dir).len(), 1);
    vault.unlock_with_password(FIXTURE_PASSWORD).unwrap();
    assert!(backups(&dir).is_empty(), "{:?}", backups(&dir));

    let listing = vault.list().unwrap();
    assert!(listing.unreadable.is_empty());
    let names: Vec<&str> = listing.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["alice@example.com", "bob"]);
    let trash = vault.trash().unwrap();
    assert_eq!(trash.accounts[0].account.name, "carol");
    let alice = &listing.accounts[0];
    let codes = vault.recovery_codes(&alice.id).unwrap();
    assert!(codes.unreadable.is_empty());
    assert_eq!(
        codes.codes.iter().filter(|c| c.used_at.is_some()).count(),
        1
    );
    assert!(vault
        .use_recovery_code(&alice.id, "rc-one-1111", NOW)
        .is_err());
    vault
        .use_recovery_code(&alice.id, "rc-two-2222", NOW)
        .unwrap();
    drop(vault);

    // From now on the migrated file is protected like a new one.
    let ids: Vec<String> = {
        let vault = Vault::open(&path).unwrap();
        vault.unlock_with_password(FIXTURE_PASSWORD).unwrap();
        vault
            .list()
            .unwrap()
            .accounts
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    attack(
        &path,
        "UPDATE accounts SET position = 99 WHERE id = ?1",
        [&ids[0]],
    );
    let vault = Vault::open(&path).unwrap();
    vault.unlock_with_password(FIXTURE_PASSWORD).unwrap();
    assert_eq!(unreadable_ids(&vault), [ids[0].clone()]);
    assert!(backups(&dir).is_empty());
}
