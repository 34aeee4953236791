//! The vault commands as a user or script runs them (docs/design.md §8).
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::{Path, PathBuf};
use std::process::Output;
use twofold_test_support::cli;

const PASSWORD: &str = "cli test password";
const URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co";

fn twofold(vault: &Path, args: &[&str]) -> Output {
    twofold_with_password(vault, PASSWORD, args)
}

fn twofold_with_password(vault: &Path, password: &str, args: &[&str]) -> Output {
    cli::run(cli::command(env!("CARGO_BIN_EXE_twofold"), vault, password).args(args))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn new_vault() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("vault.sqlite");
    let output = twofold(&path, &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, path)
}

fn json(output: &Output) -> Vec<serde_json::Value> {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

#[test]
fn init_add_list_and_codes() {
    let (_dir, path) = new_vault();
    let added = twofold(&path, &["add", "--uri", URI]);
    assert!(added.status.success(), "{}", stderr(&added));
    let id = stdout(&added).trim().to_string();
    let by_key = twofold(
        &path,
        &[
            "add",
            "--key",
            "JBSW Y3DP EHPK 3PXP",
            "--issuer",
            "Example",
            "--account",
            "bob",
            "--digits",
            "8",
        ],
    );
    assert!(by_key.status.success(), "{}", stderr(&by_key));
    let hotp = twofold(
        &path,
        &[
            "add",
            "--key",
            "JBSWY3DPEHPK3PXP",
            "--account",
            "counter",
            "--hotp",
            "--counter",
            "7",
        ],
    );
    assert!(hotp.status.success(), "{}", stderr(&hotp));

    let accounts = json(&twofold(&path, &["list", "--json"]));
    assert_eq!(accounts.len(), 3);
    assert_eq!(accounts[0]["id"], id.as_str());
    assert_eq!(accounts[0]["issuer"], "ACME Co");
    assert_eq!(accounts[0]["name"], "alice@example.com");
    assert_eq!(accounts[0]["type"], "totp");
    assert_eq!(accounts[0]["algorithm"], "SHA1");
    assert_eq!(accounts[0]["period"], 30);
    assert_eq!(accounts[1]["digits"], 8);
    assert_eq!(accounts[2]["type"], "hotp");
    assert_eq!(accounts[2]["counter"], 7);
    assert!(!stdout(&twofold(&path, &["list", "--json"])).contains("GEZDGNBV"));

    // RFC 6238's SHA1 seed "12345678901234567890" at T=59: 94287082 (8 digits) → 287082.
    let codes = json(&twofold(&path, &["codes", "--at", "59", "--json"]));
    assert_eq!(codes[0]["code"], "287082");
    assert_eq!(codes[0]["valid_from"], 30);
    assert_eq!(codes[0]["valid_until"], 60);
    assert_eq!(codes[2]["code"], serde_json::Value::Null);

    let plain = twofold(&path, &["codes", "--at", "59"]);
    assert!(stdout(&plain).starts_with("287082\tACME Co (alice@example.com)\t1s\n"));
    let list = stdout(&twofold(&path, &["list"]));
    assert!(list.starts_with(&format!("{id}\tACME Co (alice@example.com)\n")));
}

#[test]
fn wrong_password_is_exit_1_with_a_clear_message() {
    let (_dir, path) = new_vault();
    let output = twofold_with_password(&path, "not it", &["list"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "twofold: wrong password\n");
}

#[test]
fn bad_input_is_exit_2() {
    let (_dir, path) = new_vault();
    let bad_uri = twofold(&path, &["add", "--uri", "https://example.com"]);
    assert_eq!(bad_uri.status.code(), Some(2));
    let bad_key = twofold(&path, &["add", "--key", "0000", "--account", "a"]);
    assert_eq!(bad_key.status.code(), Some(2));
    let unknown = twofold(&path, &["remove", "no-such-id"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no account with id no-such-id"));
    let missing_account = twofold(&path, &["add", "--key", "JBSWY3DPEHPK3PXP"]);
    assert_eq!(missing_account.status.code(), Some(2));
    for output in [&bad_uri, &bad_key, &unknown, &missing_account] {
        assert_eq!(stderr(output).lines().count(), 1, "{}", stderr(output));
    }
}

#[test]
fn remove_moves_to_the_trash() {
    let (_dir, path) = new_vault();
    let id = stdout(&twofold(&path, &["add", "--uri", URI]))
        .trim()
        .to_string();
    assert!(twofold(&path, &["remove", &id]).status.success());
    assert!(json(&twofold(&path, &["list", "--json"])).is_empty());
    assert_eq!(twofold(&path, &["remove", &id]).status.code(), Some(2));
}

#[test]
fn recovery_codes_add_use_list() {
    let (_dir, path) = new_vault();
    let id = stdout(&twofold(&path, &["add", "--uri", URI]))
        .trim()
        .to_string();
    let saved = twofold(&path, &["recovery", "add", &id, "ABCD-EFGH-1234"]);
    assert!(saved.status.success(), "{}", stderr(&saved));
    let listed = stdout(&twofold(&path, &["recovery", "list", &id]));
    assert!(listed.contains("unused"));
    assert!(!listed.contains("ABCD"), "list must not show the code text");
    assert!(twofold(&path, &["recovery", "use", &id, "ABCD-EFGH-1234"])
        .status
        .success());
    let again = twofold(&path, &["recovery", "use", &id, "ABCD-EFGH-1234"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already used"));
    let unknown = twofold(&path, &["recovery", "use", &id, "NOPE"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stdout(&twofold(&path, &["recovery", "list", &id])).contains("used "));
}

#[test]
fn missing_vault_and_existing_file_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.sqlite");
    let output = twofold(&path, &["list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("twofold init"));
    assert!(!path.exists());

    std::fs::write(&path, b"not a vault").unwrap();
    assert_eq!(twofold(&path, &["init"]).status.code(), Some(1));
    let output = twofold(&path, &["list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not a Twofold vault"));
    assert_eq!(std::fs::read(&path).unwrap(), b"not a vault");
}

#[test]
fn add_from_a_missing_qr_image_is_one_line_and_adds_nothing() {
    let (dir, path) = new_vault();
    let missing = dir.path().join("missing.png");
    let output = twofold(&path, &["add", "--qr", missing.to_str().unwrap()]);
    assert_ne!(output.status.code(), Some(0));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(json(&twofold(&path, &["list", "--json"])).is_empty());
}

fn added_id(output: &Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    stdout(output).trim().to_string()
}

#[test]
fn rename_changes_only_the_fields_given() {
    let (_dir, path) = new_vault();
    let id = added_id(&twofold(&path, &["add", "--uri", URI]));
    let renamed = twofold(&path, &["rename", &id, "--account", "alice@work.example"]);
    assert!(renamed.status.success(), "{}", stderr(&renamed));
    assert_eq!(
        stdout(&renamed).trim(),
        format!("{id}\tACME Co (alice@work.example)")
    );
    let renamed = twofold(&path, &["rename", &id, "--issuer", "ACME"]);
    assert!(stdout(&renamed).ends_with("\tACME (alice@work.example)\n"));
    let listed = json(&twofold(&path, &["list", "--json"]));
    assert_eq!(listed[0]["issuer"], "ACME");
    assert_eq!(listed[0]["name"], "alice@work.example");
    // An empty issuer removes it; nothing given is bad input.
    twofold(&path, &["rename", &id, "--issuer", ""]);
    assert_eq!(
        json(&twofold(&path, &["list", "--json"]))[0]["issuer"],
        serde_json::Value::Null
    );
    assert_eq!(twofold(&path, &["rename", &id]).status.code(), Some(2));
    assert_eq!(
        twofold(&path, &["rename", "no-such-id", "--issuer", "X"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn note_trash_and_restore() {
    let (_dir, path) = new_vault();
    let id = added_id(&twofold(&path, &["add", "--uri", URI]));
    assert!(twofold(&path, &["note", &id, "the work login"])
        .status
        .success());
    assert_eq!(
        json(&twofold(&path, &["list", "--json"]))[0]["note"],
        "the work login"
    );

    assert!(json(&twofold(&path, &["trash", "--json"])).is_empty());
    assert!(twofold(&path, &["remove", &id]).status.success());
    assert!(json(&twofold(&path, &["list", "--json"])).is_empty());
    let trashed = json(&twofold(&path, &["trash", "--json"]));
    assert_eq!(trashed.len(), 1);
    assert_eq!(trashed[0]["id"], id.as_str());
    assert!(trashed[0]["deleted_at"].as_u64().is_some());
    let plain = twofold(&path, &["trash"]);
    assert!(stdout(&plain).starts_with(&format!("{id}\tACME Co (alice@example.com)\tdeleted at ")));

    let restored = twofold(&path, &["restore", &id]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(
        json(&twofold(&path, &["list", "--json"]))[0]["id"],
        id.as_str()
    );
    assert!(json(&twofold(&path, &["trash", "--json"])).is_empty());
    // Restoring what is not in the trash is bad input.
    assert_eq!(twofold(&path, &["restore", &id]).status.code(), Some(2));
}

#[test]
fn next_commits_the_hotp_counter_and_prints_rfc_4226_codes() {
    let (_dir, path) = new_vault();
    // RFC 4226 appendix D: the key "12345678901234567890".
    let hotp = "otpauth://hotp/Example:hotp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0";
    let id = added_id(&twofold(&path, &["add", "--uri", hotp]));
    let first = twofold(&path, &["next", &id]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first).trim(), "755224");
    // A new process: the counter was saved, so the next code follows.
    let second = json(&twofold(&path, &["next", &id, "--json"]));
    assert_eq!(second[0]["code"], "287082");
    assert_eq!(second[0]["counter"], 2);
    assert_eq!(stdout(&twofold(&path, &["next", &id])).trim(), "359152");

    // A time-based account has no "next" code.
    let totp = added_id(&twofold(&path, &["add", "--uri", URI]));
    assert_eq!(twofold(&path, &["next", &totp]).status.code(), Some(2));
}
