//! `twofold passwd`, with and without `--rotate`, as a user runs it.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use twofold_test_support::cli;

const OLD: &str = "old cli password";
const NEW: &str = "new cli password";
const URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co";

fn twofold(vault: &Path, password: &str, new_password: Option<&str>, args: &[&str]) -> Output {
    let mut command = cli::command(env!("CARGO_BIN_EXE_twofold"), vault, password);
    command.args(args);
    if let Some(new_password) = new_password {
        command.env("TWOFOLD_NEW_PASSWORD", new_password);
    }
    cli::run(&mut command)
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn vault_with_one_account() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.sqlite");
    ok(twofold(&path, OLD, None, &["init"]));
    ok(twofold(&path, OLD, None, &["add", "--uri", URI]));
    (dir, path)
}

fn assert_only_new_password_opens(path: &Path) {
    let refused = twofold(path, OLD, None, &["list"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("wrong password"));
    let listed = ok(twofold(path, NEW, None, &["list"]));
    assert!(listed.contains("alice@example.com"), "{listed}");
}

#[test]
fn passwd_changes_the_password() {
    let (_dir, path) = vault_with_one_account();
    let out = ok(twofold(&path, OLD, Some(NEW), &["passwd"]));
    assert!(out.contains("changed the password"), "{out}");
    assert_only_new_password_opens(&path);
}

#[test]
fn passwd_rotate_replaces_the_data_key() {
    let (_dir, path) = vault_with_one_account();
    let before = std::fs::read(&path).unwrap();
    let out = ok(twofold(&path, OLD, Some(NEW), &["passwd", "--rotate"]));
    assert!(out.contains("replaced the data key"), "{out}");
    assert_only_new_password_opens(&path);
    // Every sealed byte changed: no sealed row of the old file survives.
    assert!(
        no_old_sealed_bytes_remain(&before, &path),
        "a row is still sealed as before"
    );
}

/// True if no random-looking 40-byte run of the old file (sealed rows,
/// wrapped keys, salts) is left in the new file or its WAL.
fn no_old_sealed_bytes_remain(before: &[u8], path: &Path) -> bool {
    let after = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let after_wal = std::fs::read(PathBuf::from(wal)).unwrap_or_default();
    before
        .windows(40)
        .filter(|window| {
            let mut seen = [false; 256];
            window.iter().for_each(|b| seen[*b as usize] = true);
            seen.iter().filter(|s| **s).count() > 34
        })
        .all(|window| {
            !after.windows(40).any(|w| w == window) && !after_wal.windows(40).any(|w| w == window)
        })
}

#[test]
fn passwd_help_says_when_to_rotate() {
    let output = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args(["passwd", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("--rotate"), "{help}");
    assert!(help.contains("may have leaked"), "{help}");
}

#[test]
fn passwd_with_a_wrong_current_password_changes_nothing() {
    let (_dir, path) = vault_with_one_account();
    let refused = twofold(&path, "not it", Some(NEW), &["passwd", "--rotate"]);
    assert!(!refused.status.success());
    ok(twofold(&path, OLD, None, &["list"]));
}

#[test]
fn passwd_refuses_a_weak_new_password_and_keeps_the_old_one() {
    let (_dir, path) = vault_with_one_account();
    for weak in ["", "password1", "qwertyuiop"] {
        let refused = twofold(&path, OLD, Some(weak), &["passwd", "--rotate"]);
        assert_eq!(refused.status.code(), Some(2), "{weak:?}");
        ok(twofold(&path, OLD, None, &["list"]));
    }
}
