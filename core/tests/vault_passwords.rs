//! The vault refuses the empty password on every call that takes one, before
//! it touches the file (issue 14, item 11).
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use twofold_core::password::PasswordError;
use twofold_core::vault::{KdfParams, NewSlot, SlotKind, Vault, VaultError};
use vault_common::*;

const EMPTY: VaultError = VaultError::Password(PasswordError::Empty);

#[test]
fn create_with_an_empty_password_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let result = Vault::create(
        &path,
        &[NewSlot::Password {
            password: "",
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    );
    assert_eq!(result.err(), Some(EMPTY));
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn unlock_with_an_empty_password_is_refused_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(create(&path));
    let vault = Vault::open(&path).unwrap();
    assert_eq!(vault.unlock_with_password(""), Err(EMPTY));
    assert!(!vault.is_unlocked());
    vault.unlock_with_password(PASSWORD).unwrap();
}

#[test]
fn an_empty_slot_password_or_new_password_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let slots = vault.slots().unwrap();
    assert_eq!(
        vault
            .add_password_slot("", KdfParams::INSECURE_FOR_TESTS, NOW)
            .err(),
        Some(EMPTY)
    );
    let password_slot = slots
        .iter()
        .find(|slot| slot.kind == SlotKind::Password)
        .unwrap();
    assert_eq!(
        vault
            .change_password(&password_slot.id, "", KdfParams::INSECURE_FOR_TESTS, NOW)
            .err(),
        Some(EMPTY)
    );
    assert_eq!(vault.slots().unwrap(), slots);
    drop(vault);
    // The old password still opens the vault.
    open_unlocked(&path);
}
