//! The vault as a file: exclusive creation under real threads and real
//! processes, owner-only file modes, and rows damaged byte by byte on disk.

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
    let (index, path) = spec.split_once(':').unwrap();
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
    for round in 0..15 {
        let dir = tempfile::tempdir().unwrap();
        let path = vault_path(&dir);
        let children: Vec<_> = (0..4)
            .map(|index| {
                Command::new(std::env::current_exe().unwrap())
                    .args(["--ignored", "--exact", "child_creator", "--nocapture"])
                    .env(CHILD_ENV, format!("{index}:{}", path.display()))
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
