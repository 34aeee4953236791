//! `twofold enroll` and `add --qr` as a person (or a script) drives them,
//! against the simulated website.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use twofold_test_site::{OtpConfig, Site};
use twofold_test_support::cli;

const PASSWORD: &str = "cli enroll password";
const USER: &str = "john";

fn twofold(vault: &Path) -> Command {
    cli::command(env!("CARGO_BIN_EXE_twofold"), vault, PASSWORD)
}

fn setup() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Site,
) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.sqlite");
    assert!(twofold(&vault)
        .arg("init")
        .output()
        .unwrap()
        .status
        .success());
    let mut site = Site::new("ACME Co");
    site.register(USER, "pw", OtpConfig::default());
    let page = site.start_enrollment(USER).unwrap();
    let png = dir.path().join("secure-your-account.png");
    std::fs::write(&png, &page.qr_png).unwrap();
    (dir, vault, png, site)
}

fn listed(vault: &Path) -> Vec<serde_json::Value> {
    let output = twofold(vault).args(["codes", "--json"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `twofold enroll` with these answers on standard input, to the end.
fn enroll_answering(vault: &Path, answers: &str) -> std::process::Output {
    let mut child = twofold(vault)
        .arg("enroll")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn enroll_walks_through_the_flow_and_the_site_accepts_the_code() {
    let (_dir, vault, png, mut site) = setup();
    let output = enroll_answering(&vault, &format!("s\n{}\n\n\nRC-42\nyes\n", png.display()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("Issuer:  ACME Co") && text.contains("Done:"),
        "{text}"
    );

    let accounts = listed(&vault);
    assert_eq!(accounts.len(), 1);
    let code = accounts[0]["code"].as_str().unwrap();
    let at = accounts[0]["valid_from"].as_u64().unwrap();
    assert!(site.confirm_enrollment(USER, code, at).is_ok());
    let id = accounts[0]["id"].as_str().unwrap();
    let recovery = twofold(&vault)
        .args(["recovery", "list", id])
        .output()
        .unwrap();
    assert!(recovery.status.success());
    assert!(
        !String::from_utf8_lossy(&recovery.stdout).contains("RC-42"),
        "listing must not show the code text"
    );
}

#[test]
fn enroll_refuses_a_recovery_code_without_the_acknowledgement_and_end_of_input_cancels() {
    let (_dir, vault, png, _site) = setup();
    let output = enroll_answering(&vault, &format!("s\n{}\n\n\nRC-42\nno\n", png.display()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("securely saved"), "{text}");
    // Input ended at the recovery code: the site has the code, the account stays.
    assert_eq!(listed(&vault).len(), 1);
}

#[test]
fn killed_between_show_code_and_done_the_account_is_kept() {
    let (_dir, vault, png, _site) = setup();
    let mut child = twofold(&vault)
        .arg("enroll")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("s\n{}\n\n", png.display()).as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    // Wait until the code is on screen, then SIGKILL.
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("Enter this code on the site") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("Enter this code on the site"), "{seen}");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut rest = String::new();
    let _ = reader.read_to_string(&mut rest);
    let accounts = listed(&vault);
    assert_eq!(
        accounts.len(),
        1,
        "the account was saved when the code was shown"
    );
    assert_eq!(accounts[0]["name"], USER);
}

#[test]
fn add_qr_reads_the_setup_code_and_says_why_other_images_fail() {
    let (dir, vault, png, _site) = setup();
    let output = twofold(&vault)
        .args(["add", "--qr"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(listed(&vault).len(), 1);

    let not_an_image = dir.path().join("notes.txt");
    std::fs::write(&not_an_image, "hello").unwrap();
    let output = twofold(&vault)
        .args(["add", "--qr"])
        .arg(&not_an_image)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
