//! Key rotation and what old copies of the file can still open.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use std::path::Path;
use twofold_core::vault::{KdfParams, NewSlot, SlotKind, Vault, VaultError};
use vault_common::*;

const NEW_PASSWORD: &str = "a brand new passphrase";

fn new_password_slot() -> [NewSlot<'static>; 1] {
    [NewSlot::Password {
        password: NEW_PASSWORD,
        params: KdfParams::INSECURE_FOR_TESTS,
    }]
}

/// The attacker's move: put the key slots and key check of an old copy (whose
/// password they know) into the current file, then unlock with that password.
fn transplant_old_slots(old_copy: &Path, current: &Path) {
    let conn = rusqlite::Connection::open(current).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS old", [old_copy.to_string_lossy()])
        .unwrap();
    conn.execute_batch(
        "DELETE FROM main.key_slots;
         INSERT INTO main.key_slots SELECT * FROM old.key_slots;
         UPDATE main.meta SET value = (SELECT value FROM old.meta WHERE key = 'key_check')
             WHERE key = 'key_check';",
    )
    .unwrap();
}

fn copy_of(path: &Path, name: &str) -> std::path::PathBuf {
    let copy = path.with_file_name(name);
    std::fs::copy(path, &copy).unwrap();
    copy
}

#[test]
fn after_rotation_an_old_copy_and_its_password_open_nothing_added_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    vault
        .add(&totp_account("Before", "old", secret_for(1)), NOW)
        .unwrap();
    drop(vault);
    let old_copy = copy_of(&path, "stolen.sqlite");

    let vault = open_unlocked(&path);
    let slots = vault
        .rotate_data_key(&new_password_slot(), NOW + 1)
        .unwrap();
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].kind, SlotKind::Password);
    let added = vault
        .add(&totp_account("After", "new", secret_for(2)), NOW + 2)
        .unwrap();
    drop(vault);

    transplant_old_slots(&old_copy, &path);
    let attacked = Vault::open(&path).unwrap();
    attacked.unlock_with_password(PASSWORD).unwrap();
    let listing = attacked.list().unwrap();
    assert!(listing.accounts.is_empty(), "{:?}", listing.accounts);
    assert_eq!(listing.unreadable.len(), 2);
    assert!(attacked.reveal_secret(&added.id).is_err());
}

/// The contrast that motivates rotation: a password change alone re-wraps
/// the same data key, so the old copy's slot opens accounts added later.
#[test]
fn a_password_change_alone_leaves_new_accounts_open_to_an_old_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(create(&path));
    let old_copy = copy_of(&path, "stolen.sqlite");
    let vault = open_unlocked(&path);
    let slot = vault.slots().unwrap()[0].id.clone();
    vault
        .change_password(&slot, NEW_PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW)
        .unwrap();
    let added = vault
        .add(&totp_account("After", "new", secret_for(2)), NOW)
        .unwrap();
    drop(vault);
    transplant_old_slots(&old_copy, &path);
    let attacked = Vault::open(&path).unwrap();
    attacked.unlock_with_password(PASSWORD).unwrap();
    assert_eq!(attacked.reveal_secret(&added.id).unwrap(), secret_for(2));
}

#[test]
fn rotation_keeps_every_row_and_replaces_every_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let keystore = FakeKeystore { pad: [7; 32] };
    vault.add_platform_slot(&keystore, "phone", NOW).unwrap();
    let live = vault
        .add(&totp_account("Live", "alice", secret_for(1)), NOW)
        .unwrap();
    let hotp = vault
        .add(&hotp_account("counter", secret_for(2), 5), NOW)
        .unwrap();
    let trashed = vault
        .add(&totp_account("Trash", "bob", secret_for(3)), NOW)
        .unwrap();
    vault.next_hotp(&hotp.id, NOW).unwrap();
    let code = vault.save_recovery_code(&live.id, "used-one", NOW).unwrap();
    vault.mark_recovery_code_used(&code.id, NOW).unwrap();
    vault
        .save_recovery_code(&live.id, "fresh-one", NOW)
        .unwrap();
    vault.delete(&trashed.id, NOW).unwrap();
    let before_list = vault.list().unwrap();
    let before_codes = vault.recovery_codes(&live.id).unwrap();
    // The counter was 5 and one code was shown: the next code is for 6.
    let next_before = twofold_core::otp::generate(
        &secret_for(2),
        &hotp_account("x", secret_for(2), 6).params,
        NOW,
    )
    .unwrap();

    let keystore2 = FakeKeystore { pad: [9; 32] };
    let slots = [
        NewSlot::Password {
            password: NEW_PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        },
        NewSlot::Platform {
            provider: &keystore2,
            label: "new phone",
        },
    ];
    vault.rotate_data_key(&slots, NOW + 10).unwrap();
    drop(vault);

    let vault = Vault::open(&path).unwrap();
    assert_eq!(
        vault.unlock_with_password(PASSWORD).unwrap_err(),
        VaultError::WrongPassword
    );
    assert!(vault.unlock_with_provider(&keystore).is_err());
    let mut kinds: Vec<&str> = vault
        .slots()
        .unwrap()
        .iter()
        .map(|s| s.kind.as_str())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["password", "platform"]);
    vault.unlock_with_provider(&keystore2).unwrap();
    vault.lock();
    vault.unlock_with_password(NEW_PASSWORD).unwrap();
    assert_eq!(vault.list().unwrap(), before_list);
    assert_eq!(vault.recovery_codes(&live.id).unwrap(), before_codes);
    assert_eq!(vault.trash().unwrap().accounts.len(), 1);
    assert_eq!(vault.reveal_secret(&live.id).unwrap(), secret_for(1));
    assert_eq!(vault.next_hotp(&hotp.id, NOW).unwrap(), next_before);
    assert_eq!(
        vault
            .use_recovery_code(&live.id, "used-one", NOW)
            .unwrap_err(),
        VaultError::RecoveryCodeAlreadyUsed { id: code.id }
    );
    vault.use_recovery_code(&live.id, "fresh-one", NOW).unwrap();
    vault.restore(&trashed.id, NOW).unwrap();
    assert_eq!(vault.reveal_secret(&trashed.id).unwrap(), secret_for(3));
}

#[test]
fn rotation_is_refused_while_a_row_is_unreadable_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let a = vault
        .add(&totp_account("A", "a", secret_for(1)), NOW)
        .unwrap();
    vault
        .add(&totp_account("B", "b", secret_for(2)), NOW)
        .unwrap();
    drop(vault);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut sealed: Vec<u8> = conn
        .query_row(
            "SELECT sealed FROM accounts WHERE id = ?1",
            [&a.id],
            |row| row.get(0),
        )
        .unwrap();
    sealed[30] ^= 1;
    conn.execute(
        "UPDATE accounts SET sealed = ?1 WHERE id = ?2",
        rusqlite::params![sealed, a.id],
    )
    .unwrap();
    drop(conn);
    let vault = open_unlocked(&path);
    match vault.rotate_data_key(&new_password_slot(), NOW) {
        Err(VaultError::Unreadable { rows }) => assert_eq!(rows[0].id, a.id),
        other => panic!("{other:?}"),
    }
    // Still the old key and the old slot.
    assert_eq!(vault.list().unwrap().accounts.len(), 1);
    drop(vault);
    let vault = open_unlocked(&path);
    assert_eq!(vault.list().unwrap().accounts[0].name, "b");
}

#[test]
fn rotation_needs_an_unlocked_vault_and_a_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(create(&path));
    let vault = Vault::open(&path).unwrap();
    assert_eq!(
        vault
            .rotate_data_key(&new_password_slot(), NOW)
            .unwrap_err(),
        VaultError::Locked
    );
    vault.unlock_with_password(PASSWORD).unwrap();
    assert_eq!(
        vault.rotate_data_key(&[], NOW).unwrap_err(),
        VaultError::NoSlots
    );
}
