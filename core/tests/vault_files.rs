//! The vault as a file: exclusive creation under real threads and real
//! processes, owner-only file modes, and rows damaged byte by byte on disk.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use twofold_core::vault::{KdfParams, NewSlot, Vault, VaultError};
use vault_common::*;

const CHILD_ENV: &str = "TWOFOLD_CREATE_CHILD";

fn try_create(path: &Path) -> Result<Vault, VaultError> {
    Vault::create(
        path,
        &[NewSlot::Password {
            password: PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    )
}

/// Only the vault file itself may be left in the directory.
fn assert_only_the_vault(dir: &tempfile::TempDir) {
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
        .collect();
    names.sort();
    assert_eq!(names, ["vault.sqlite"], "left behind: {names:?}");
}

#[test]
fn threads_racing_to_create_one_vault_have_exactly_one_winner() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(vault_path(&dir));
        let threads = 8;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|index| {
                let path = Arc::clone(&path);
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    let vault = try_create(&path)?;
                    // The winner writes into the file it reported as created.
                    let name = format!("winner-{index}");
                    vault
                        .add(&totp_account("Race", &name, secret_for(index as u32)), NOW)
                        .unwrap();
                    Ok::<_, VaultError>(name)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for result in &results {
            if let Err(error) = result {
                assert_eq!(error, &VaultError::AlreadyExists, "round {round}");
            }
        }
        let listing = open_unlocked(&path).list().unwrap();
        let names: Vec<&str> = listing.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, [winners[0].as_str()], "round {round}");
        assert_only_the_vault(&dir);
    }
}

/// Child mode: create the vault at the path given, add one account named
/// after the child, print "won" or "lost".
#[test]
#[ignore = "run by the process race test as a child process"]
fn child_creator() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut parts = spec.splitn(3, ':');
    let (index, start, path) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    // Start together: sleep until the agreed moment (milliseconds since 1970).
    let start = std::time::UNIX_EPOCH + std::time::Duration::from_millis(start.parse().unwrap());
    if let Ok(wait) = start.duration_since(std::time::SystemTime::now()) {
        std::thread::sleep(wait);
    }
    match try_create(Path::new(path)) {
        Ok(vault) => {
            let index: u32 = index.parse().unwrap();
            vault
                .add(
                    &totp_account("Race", &format!("winner-{index}"), secret_for(index)),
                    NOW,
                )
                .unwrap();
            println!("won");
        }
        Err(VaultError::AlreadyExists) => println!("lost"),
        Err(other) => println!("error {other}"),
    }
}

#[test]
fn processes_racing_to_create_one_vault_have_exactly_one_winner() {
    for round in 0..30 {
        let dir = tempfile::tempdir().unwrap();
        let path = vault_path(&dir);
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            + 150;
        let children: Vec<_> = (0..6)
            .map(|index| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["--ignored", "--exact", "child_creator", "--nocapture"])
                    .env(CHILD_ENV, format!("{index}:{start}:{}", path.display()))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outcomes: Vec<(usize, String)> = children
            .into_iter()
            .enumerate()
            .map(|(index, child)| {
                let output = child.wait_with_output().unwrap();
                let text = String::from_utf8_lossy(&output.stdout);
                let outcome = text
                    .lines()
                    .find(|line| *line == "won" || *line == "lost" || line.starts_with("error"))
                    .unwrap_or("no outcome")
                    .to_string();
                (index, outcome)
            })
            .collect();
        let winners: Vec<usize> = outcomes
            .iter()
            .filter(|(_, outcome)| outcome == "won")
            .map(|(index, _)| *index)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        assert!(
            outcomes
                .iter()
                .all(|(_, outcome)| outcome == "won" || outcome == "lost"),
            "round {round}: {outcomes:?}"
        );
        let listing = open_unlocked(&path).list().unwrap();
        let names: Vec<String> = listing.accounts.into_iter().map(|a| a.name).collect();
        assert_eq!(names, [format!("winner-{}", winners[0])], "round {round}");
        assert_only_the_vault(&dir);
    }
}

#[test]
fn a_failed_create_leaves_nothing_and_an_existing_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    std::fs::write(&path, b"not mine").unwrap();
    assert_eq!(try_create(&path).unwrap_err(), VaultError::AlreadyExists);
    assert_eq!(std::fs::read(&path).unwrap(), b"not mine");
    assert_only_the_vault(&dir);

    // A platform key store that refuses: the call fails, nothing is left.
    let other = dir.path().join("other.sqlite");
    let error = Vault::create(
        &other,
        &[NewSlot::Platform {
            provider: &CancellingKeystore,
            label: "phone",
        }],
        NOW,
    )
    .unwrap_err();
    assert!(matches!(error, VaultError::KeyProvider(_)), "{error:?}");
    assert_only_the_vault(&dir);
}

/// Three accounts with one recovery code each, then the vault is closed.
fn vault_with_three(path: &Path) -> Vec<String> {
    let ids = three_accounts(path, "Damage");
    let vault = open_unlocked(path);
    for (index, id) in ids.iter().enumerate() {
        vault
            .save_recovery_code(id, &format!("rc-{index}"), NOW)
            .unwrap();
    }
    ids
}

/// Writes bytes that are not UTF-8 into a TEXT column, as bit rot would.
fn damage_text(path: &Path, sql: &str, id: &str) {
    assert_eq!(edit_raw(path, sql, [id]), 1);
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn an_account_id_that_is_not_text_hides_only_that_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = vault_with_three(&path);
    damage_text(
        &path,
        "UPDATE accounts SET id = CAST(X'ff' || CAST(substr(id, 2) AS BLOB) AS TEXT) WHERE id = ?1",
        &ids[1],
    );
    let vault = open_unlocked(&path);
    let listing = vault.list().unwrap();
    let names: Vec<&str> = listing.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["acct-0", "acct-2"]);
    assert_eq!(listing.unreadable.len(), 1);
    let reported = &listing.unreadable[0];
    assert_eq!(reported.table, "accounts");
    assert!(
        reported.id.contains("rowid 2") && reported.id.contains("position 2"),
        "{reported:?}"
    );
    let codes = vault.codes(NOW).unwrap();
    assert_eq!(codes.codes.len(), 2);
    assert_eq!(codes.unreadable, listing.unreadable);
    // The export refuses an incomplete set and names the row.
    match vault.export_all() {
        Err(VaultError::Unreadable { rows }) => assert_eq!(rows, listing.unreadable),
        other => panic!("{other:?}"),
    }
    // The readable accounts stay fully usable.
    assert_eq!(vault.reveal_secret(&ids[2]).unwrap(), secret_for(2));
    vault.reorder(&[ids[2].clone(), ids[0].clone()]).unwrap();
    let names: Vec<String> = vault
        .list()
        .unwrap()
        .accounts
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["acct-2", "acct-0"]);
    vault.delete(&ids[0], NOW).unwrap();
    assert_eq!(vault.trash().unwrap().accounts.len(), 1);
}

#[test]
fn a_trashed_account_that_is_not_text_is_reported_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = vault_with_three(&path);
    let vault = open_unlocked(&path);
    vault.delete(&ids[0], NOW).unwrap();
    vault.delete(&ids[1], NOW).unwrap();
    drop(vault);
    damage_text(
        &path,
        "UPDATE accounts SET id = CAST(X'c3' || CAST(substr(id, 2) AS BLOB) AS TEXT) WHERE id = ?1",
        &ids[0],
    );
    let vault = open_unlocked(&path);
    let trash = vault.trash().unwrap();
    assert_eq!(trash.accounts.len(), 1);
    assert_eq!(trash.accounts[0].account.id, ids[1]);
    assert_eq!(trash.unreadable.len(), 1);
    assert_eq!(vault.list().unwrap().accounts.len(), 1);
}

#[test]
fn a_recovery_code_id_that_is_not_text_hides_only_that_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let ids = vault_with_three(&path);
    let vault = open_unlocked(&path);
    vault
        .save_recovery_code(&ids[1], "second", NOW + 1)
        .unwrap();
    let first = vault.recovery_codes(&ids[1]).unwrap().codes[0].id.clone();
    drop(vault);
    damage_text(
        &path,
        "UPDATE recovery_codes SET id = CAST(X'80' || CAST(substr(id, 2) AS BLOB) AS TEXT) WHERE id = ?1",
        &first,
    );
    let vault = open_unlocked(&path);
    let listing = vault.recovery_codes(&ids[1]).unwrap();
    assert_eq!(listing.codes.len(), 1);
    assert_eq!(
        *vault.reveal_recovery_code(&listing.codes[0].id).unwrap(),
        "second"
    );
    assert_eq!(listing.unreadable.len(), 1);
    assert_eq!(listing.unreadable[0].table, "recovery_codes");
    assert!(
        listing.unreadable[0].id.contains("position 1"),
        "{:?}",
        listing.unreadable
    );
    // Every account and every other code is still there.
    assert_eq!(vault.list().unwrap().accounts.len(), 3);
    vault.use_recovery_code(&ids[1], "second", NOW).unwrap();
    assert_eq!(vault.recovery_codes(&ids[0]).unwrap().codes.len(), 1);
}

#[test]
fn a_missing_key_check_is_a_damaged_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    vault_with_three(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'key_check'", [])
        .unwrap();
    drop(conn);
    let vault = Vault::open(&path).unwrap();
    let error = vault.unlock_with_password(PASSWORD).unwrap_err();
    assert!(
        matches!(&error, VaultError::NotAVault { reason } if reason.contains("key check")),
        "{error:?}"
    );
    assert!(!error.to_string().contains("no rows"), "{error}");
}

#[cfg(unix)]
fn mode_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|metadata| metadata.permissions().mode() & 0o777)
}

/// The vault, `-wal` and `-shm`, as "name=mode" for those that exist.
#[cfg(unix)]
fn modes(path: &Path) -> Vec<String> {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            mode_of(Path::new(&name)).map(|mode| format!("vault{suffix}={mode:o}"))
        })
        .collect()
}

const MODES_CHILD_ENV: &str = "TWOFOLD_MODES_CHILD";

/// Child mode: create a vault, write to it, print the modes while it is open.
#[cfg(unix)]
#[test]
#[ignore = "run by the file mode test as a child process"]
fn child_modes() {
    let Ok(path) = std::env::var(MODES_CHILD_ENV) else {
        return;
    };
    let vault = create(Path::new(&path));
    vault
        .add(&totp_account("Modes", "acct", secret_for(1)), NOW)
        .unwrap();
    println!("modes {}", modes(Path::new(&path)).join(" "));
}

#[cfg(unix)]
#[test]
fn a_new_vault_and_its_sidecars_are_owner_only_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    // A real process with the most permissive umask.
    let output = Command::new("sh")
        .args([
            "-c",
            "umask 000; exec \"$0\" --ignored --exact child_modes --nocapture",
        ])
        .arg(std::env::current_exe().unwrap())
        .env(MODES_CHILD_ENV, &path)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|line| line.starts_with("modes "))
        .unwrap_or_else(|| panic!("no modes line in {text}"));
    assert_eq!(line, "modes vault=600 vault-wal=600 vault-shm=600");
}

#[cfg(unix)]
#[test]
fn opening_tightens_an_existing_vault_and_its_sidecars() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    vault_with_three(&path);
    // Another connection keeps the `-wal` and `-shm` in place.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .query_row("SELECT COUNT(*) FROM accounts", [], |row| {
            row.get::<_, i64>(0)
        })
        .unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::fs::set_permissions(&name, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert_eq!(
        modes(&path),
        ["vault=644", "vault-wal=644", "vault-shm=644"]
    );
    let vault = open_unlocked(&path);
    assert_eq!(
        modes(&path),
        ["vault=600", "vault-wal=600", "vault-shm=600"]
    );
    vault
        .add(&totp_account("Modes", "more", secret_for(9)), NOW)
        .unwrap();
    assert_eq!(
        modes(&path),
        ["vault=600", "vault-wal=600", "vault-shm=600"]
    );
    drop(other);
}

#[cfg(unix)]
#[test]
fn a_vault_whose_sidecars_are_recreated_keeps_them_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    vault_with_three(&path);
    // All companions gone (last connection closed); the file was made 0644.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let vault = open_unlocked(&path);
    vault
        .add(&totp_account("Modes", "more", secret_for(9)), NOW)
        .unwrap();
    assert_eq!(
        modes(&path),
        ["vault=600", "vault-wal=600", "vault-shm=600"]
    );
}
