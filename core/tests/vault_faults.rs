//! Crashes, concurrent processes and what lands on disk, with real child
//! processes: the test binary re-runs itself in "child" mode (an ignored test
//! that only acts when `TWOFOLD_VAULT_CHILD` is set).
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use twofold_core::vault::Vault;
use vault_common::*;

const CHILD_ENV: &str = "TWOFOLD_VAULT_CHILD";
const CHILD_PATH_ENV: &str = "TWOFOLD_VAULT_CHILD_PATH";

/// Child mode. `forever:START` adds accounts START, START+1, … until killed,
/// printing each index after its commit. `count:N:BASE` adds N accounts
/// numbered from BASE, then exits.
#[test]
#[ignore = "run by the other tests as a child process"]
fn child_writer() {
    // Run any other way (`cargo test -- --ignored`), it must fail, not pass
    // having done nothing.
    let mode = std::env::var(CHILD_ENV)
        .expect("child_writer runs only as a child of the other tests (TWOFOLD_VAULT_CHILD unset)");
    let path = std::env::var(CHILD_PATH_ENV).unwrap();
    let vault = open_unlocked(Path::new(&path));
    let parts: Vec<&str> = mode.split(':').collect();
    let (start, count) = match parts.as_slice() {
        ["forever", start] => (start.parse::<u32>().unwrap(), u32::MAX),
        ["count", n, base] => (base.parse::<u32>().unwrap(), n.parse::<u32>().unwrap()),
        _ => panic!("bad child mode"),
    };
    for index in start..start.saturating_add(count) {
        let account = vault
            .add(
                &totp_account("Crash Test", &format!("acct-{index}"), secret_for(index)),
                NOW,
            )
            .unwrap();
        vault
            .save_recovery_code(&account.id, &format!("rc-{index}"), NOW)
            .unwrap();
        println!("added {index}");
    }
}

fn spawn_child(path: &Path, mode: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .env(CHILD_PATH_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every listed account must be whole (name, secret and recovery code agree
/// with its index) and the indices must have no gaps. Returns them sorted.
fn check_whole(vault: &Vault) -> Vec<u32> {
    let listing = vault.list().unwrap();
    assert!(
        listing.unreadable.is_empty(),
        "unreadable rows: {:?}",
        listing.unreadable
    );
    let mut indices: Vec<u32> = listing
        .accounts
        .iter()
        .map(|account| {
            let index: u32 = account.name.strip_prefix("acct-").unwrap().parse().unwrap();
            assert_eq!(vault.reveal_secret(&account.id).unwrap(), secret_for(index));
            let codes = vault.recovery_codes(&account.id).unwrap();
            assert!(codes.unreadable.is_empty());
            for code in codes.codes {
                let text = vault.reveal_recovery_code(&code.id).unwrap();
                assert_eq!(text.as_str(), format!("rc-{index}"));
            }
            index
        })
        .collect();
    indices.sort_unstable();
    indices
}

fn integrity_check(path: &Path) {
    let raw = rusqlite::Connection::open(path).unwrap();
    let result: String = raw
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

#[test]
fn kill_9_while_adding_leaves_every_account_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(create(&path));
    let mut next = 0u32;
    for round in 0..4u32 {
        let mut child = spawn_child(&path, &format!("forever:{next}"));
        let stdout = child.stdout.take().unwrap();
        let mut confirmed = None;
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(index) = line.strip_prefix("added ") {
                let index: u32 = index.parse().unwrap();
                confirmed = Some(index);
                if index >= next + 15 + round * 11 {
                    break;
                }
            }
        }
        // Let it get into the middle of another write, then SIGKILL.
        std::thread::sleep(std::time::Duration::from_millis(u64::from(round) * 3));
        child.kill().unwrap();
        child.wait().unwrap();

        let confirmed = confirmed.expect("the child committed nothing");
        let vault = open_unlocked(&path);
        let indices = check_whole(&vault);
        let count = u32::try_from(indices.len()).unwrap();
        assert_eq!(indices, (0..count).collect::<Vec<_>>(), "gap after a crash");
        assert!(count > confirmed, "a confirmed commit was lost");
        drop(vault);
        integrity_check(&path);
        next = count;
    }
}

#[test]
fn two_processes_write_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(create(&path));
    let children: Vec<Child> = [0u32, 1000]
        .iter()
        .map(|base| spawn_child(&path, &format!("count:25:{base}")))
        .collect();
    for mut child in children {
        let stdout = child.stdout.take().unwrap();
        let lines = BufReader::new(stdout).lines().count();
        assert!(child.wait().unwrap().success());
        assert!(lines >= 25);
    }
    let vault = open_unlocked(&path);
    let indices = check_whole(&vault);
    let expected: Vec<u32> = (0..25).chain(1000..1025).collect();
    assert_eq!(indices, expected);
    drop(vault);
    integrity_check(&path);
}

#[test]
fn a_second_process_sees_changes_and_the_first_sees_its_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    vault
        .add(&totp_account("Crash Test", "acct-0", secret_for(0)), NOW)
        .unwrap();
    // Fill the in-memory view first: it must notice the other process's commit.
    assert_eq!(vault.codes(NOW).unwrap().codes.len(), 1);
    let mut child = spawn_child(&path, "count:3:1");
    let lines = BufReader::new(child.stdout.take().unwrap()).lines().count();
    assert!(child.wait().unwrap().success());
    assert!(lines >= 3);
    // The long-lived first "process" still works and sees the other's rows.
    assert_eq!(vault.list().unwrap().accounts.len(), 4);
    assert_eq!(vault.codes(NOW).unwrap().codes.len(), 4);
    assert_eq!(vault.find_same_secret(&secret_for(3)).unwrap().len(), 1);
}

#[test]
fn no_plaintext_reaches_the_database_wal_or_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = create(&path);
    let issuers = ["Zyxwvut Savings Bank", "Quokka Cloud"];
    let names = ["quentin.marlowe@example.org", "Ursula Vandersnoot"];
    let recovery = ["RC-QWERTY-98765", "plugh-xyzzy-31337"];
    let mut secrets = Vec::new();
    for (i, (issuer, name)) in issuers.iter().zip(names).enumerate() {
        let index = u32::try_from(i).unwrap() + 40;
        let account = vault
            .add(&totp_account(issuer, name, secret_for(index)), NOW)
            .unwrap();
        vault
            .save_recovery_code(&account.id, recovery[i], NOW)
            .unwrap();
        vault
            .set_note(&account.id, "Glimmerwick backup phone", NOW)
            .unwrap();
        secrets.push(secret_for(index));
    }
    let hotp = vault
        .add(&hotp_account("Hotpotato Counter", secret_for(77), 5), NOW)
        .unwrap();
    vault.next_hotp(&hotp.id, NOW).unwrap();
    secrets.push(secret_for(77));

    let mut needles: Vec<Vec<u8>> = Vec::new();
    for secret in &secrets {
        needles.push(secret.expose().to_vec());
        needles.push(secret.to_base32().as_bytes().to_vec());
        needles.push(secret.to_base32().to_lowercase().into_bytes());
    }
    for text in issuers.iter().chain(&names).chain(&recovery) {
        needles.push(text.as_bytes().to_vec());
    }
    needles.push(b"Glimmerwick".to_vec());
    needles.push(b"Hotpotato".to_vec());
    needles.push(PASSWORD.as_bytes().to_vec());

    let check = |when: &str| {
        let files = file_bytes(&path);
        assert!(files.iter().map(|(_, bytes)| bytes.len()).sum::<usize>() > 4096);
        for (file, bytes) in &files {
            for needle in &needles {
                assert!(
                    !contains(bytes, needle),
                    "{when}: {file} contains plaintext {:?}",
                    String::from_utf8_lossy(needle)
                );
            }
        }
    };
    // While open the rows live in the WAL; after closing, in the main file.
    let wal_len = file_bytes(&path)[1].1.len();
    assert!(wal_len > 0, "expected the WAL to hold the recent writes");
    check("while open");
    drop(vault);
    check("after close");
    // A sanity check that the grep would find plaintext if it were there.
    assert!(contains(
        b"xxquentin.marlowe@example.orgxx",
        names[0].as_bytes()
    ));
}
