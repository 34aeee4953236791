//! `twofold import` and `twofold add --qr` on hostile and odd files, as real
//! processes: a clean exit 2 with a clear message (never an abort), the
//! problem list capped, and accounts sharing a secret all imported.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use twofold_test_support::cli;

const PASSWORD: &str = "vault password 42";

fn twofold(vault: &Path, args: &[&str]) -> Output {
    cli::run(cli::command(env!("CARGO_BIN_EXE_twofold"), vault, PASSWORD).args(args))
}

/// The same, in a shell whose address space is capped at `kib`: a command
/// that tries to allocate more aborts instead of succeeding slowly.
fn twofold_in_kib(kib: u64, vault: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_twofold"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env("TWOFOLD_INSECURE_TEST_KDF", "1")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn new_vault(dir: &Path) -> PathBuf {
    let path = dir.join("vault.sqlite");
    let output = twofold(&path, &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    path
}

fn account_count(vault: &Path) -> usize {
    let output = twofold(vault, &["list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    rows.len()
}

/// Bad input: exit 2, one clear message, no panic or abort.
fn assert_refused(output: &Output, needle: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains(needle), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

fn varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// URL-safe unpadded Base64 (the CLI has no Base64 crate of its own).
fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A Google migration URI: `entries` raw entries, then batch size and index.
fn migration_uri(entries: &[&[u8]], batch_size: i32) -> String {
    let mut bytes = entries.concat();
    for (tag, value) in [(3u64, batch_size as u64), (4, 0), (5, 7)] {
        varint(tag << 3, &mut bytes);
        varint(value, &mut bytes);
    }
    format!("otpauth-migration://offline?data={}", base64_url(&bytes))
}

/// Secret "Hello!\xde\xad\xbe\xef", name "a", issuer "A", TOTP.
const ENTRY: &[u8] = &[
    0x0a, 0x14, 0x0a, 0x0a, b'H', b'e', b'l', b'l', b'o', b'!', 0xde, 0xad, 0xbe, 0xef, 0x12, 0x01,
    b'a', 0x1a, 0x01, b'A', 0x30, 0x02,
];

#[test]
fn a_google_qr_claiming_two_billion_codes_is_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let uri = migration_uri(&[ENTRY], i32::MAX);
    let image = dir.path().join("hostile.png");
    twofold_test_support::qr::write_png(&image, &uri);
    assert_refused(
        &twofold_in_kib(1_000_000, &vault, &["add", "--qr", image.to_str().unwrap()]),
        "number 1 of 2,147,483,647 codes; a Google Authenticator export has at most 100",
    );
    let file = dir.path().join("hostile.txt");
    std::fs::write(&file, format!("{uri}\n")).unwrap();
    assert_refused(
        &twofold_in_kib(1_000_000, &vault, &["import", file.to_str().unwrap()]),
        "2,147,483,647",
    );
    assert_eq!(account_count(&vault), 0);
}

#[test]
fn four_million_empty_google_entries_are_refused_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let file = dir.path().join("empty-entries.txt");
    let empty: &[u8] = &[0x0a, 0x00];
    std::fs::write(&file, migration_uri(&vec![empty; 4_000_000], 1)).unwrap();
    // 1.3 GB were needed before; 400 MB of address space is plenty now.
    let output = twofold_in_kib(400_000, &vault, &["import", file.to_str().unwrap()]);
    assert_refused(
        &output,
        "this file holds more than 100,000 entries, the most Twofold imports from one file",
    );
    assert_eq!(
        stderr(&output).lines().count(),
        1,
        "one line, no entry list"
    );
}

#[test]
fn a_file_over_64_mib_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let file = dir.path().join("huge.txt");
    // Sparse: nothing is written to disk.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    assert_refused(
        &twofold_in_kib(400_000, &vault, &["import", file.to_str().unwrap()]),
        "this file is 67,108,865 bytes; Twofold imports files of at most 67,108,864 bytes",
    );
}

#[test]
fn the_problem_list_shows_the_first_twenty_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let file = dir.path().join("list.txt");
    let mut text = String::from("otpauth://totp/Good:one?secret=JBSWY3DPEHPK3PXP\n");
    for n in 0..50 {
        text.push_str(&format!("otpauth://totp/Bad:{n}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let output = twofold(&vault, &["import", "--yes", file.to_str().unwrap()]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    let problems = text
        .lines()
        .filter(|line| line.contains("'secret' parameter is missing"))
        .count();
    assert_eq!(problems, 20, "{text}");
    assert!(text.contains("… and 30 more problem(s)"), "{text}");
    assert_eq!(account_count(&vault), 1);
}

#[test]
fn accounts_sharing_a_secret_are_all_imported_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let file = dir.path().join("shared.txt");
    let secret = "7KSQL2JTUDIS5EF65KLMRQIIGY";
    std::fs::write(
        &file,
        format!(
            "otpauth://totp/ACME:alice?secret={secret}&issuer=ACME\n\
             otpauth://hotp/ACME:alice?secret={secret}&issuer=ACME&counter=4\n\
             otpauth://totp/ACME:alice?secret={secret}&issuer=ACME&algorithm=SHA256&digits=8\n\
             otpauth://totp/ACME:bob?secret={secret}&issuer=ACME\n"
        ),
    )
    .unwrap();
    let output = twofold(&vault, &["import", file.to_str().unwrap()]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("added\t")).count(),
        4
    );
    assert_eq!(
        text.matches("shares its secret with ACME (alice)").count(),
        3,
        "{text}"
    );
    // The same file again adds nothing.
    let again = twofold(&vault, &["import", file.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("duplicate\t"))
            .count(),
        4
    );
    assert_eq!(account_count(&vault), 4);
}

/// A vault too large for 5 accounts per code puts more in each, so the
/// export stays within the 100 codes an import accepts.
#[test]
fn a_large_google_qr_export_stays_within_the_code_limit() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let list: String = (0..501)
        .map(|n| format!("otpauth://totp/ACME:user{n}?secret=JBSWY3DPEHPK3PXP&issuer=ACME\n"))
        .collect();
    let file = dir.path().join("many.txt");
    std::fs::write(&file, list).unwrap();
    let output = twofold(&vault, &["import", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("export.png");
    let output = twofold(
        &vault,
        &[
            "export",
            "--format",
            "google-qr",
            "--unencrypted",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let pngs = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(pngs, 84, "501 accounts at 6 per code");
}
