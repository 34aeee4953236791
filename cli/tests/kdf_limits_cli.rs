//! `twofold import` on a file whose key derivation costs more than this
//! device allows: refused at once, before a password is asked for, and
//! `import --inspect` says so without a vault or a password.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::Path;
use std::process::Output;
use twofold_test_support::cli;

const PASSWORD: &str = "vault password 42";
const FILE_PASSWORD: &str = "file password 42";

/// `twofold --vault VAULT ARGS` with no file password in the environment
/// (and no terminal), so any password prompt would fail the command.
fn twofold(vault: &Path, args: &[&str], file_password: Option<&str>) -> Output {
    let mut command = cli::command(env!("CARGO_BIN_EXE_twofold"), vault, PASSWORD);
    command.args(args);
    if let Some(password) = file_password {
        command.env("TWOFOLD_FILE_PASSWORD", password);
    }
    cli::run(&mut command)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_backup_asking_for_too_much_is_refused_before_its_password_and_inspected() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.sqlite");
    let backup = dir.path().join("backup.json");
    for args in [
        &["init"][..],
        &[
            "add",
            "--uri",
            "otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
        ],
    ] {
        let output = twofold(&vault, args, None);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let output = twofold(
        &vault,
        &[
            "export",
            "--format",
            "twofold",
            "--out",
            backup.to_str().unwrap(),
        ],
        Some(FILE_PASSWORD),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));

    // The real backup is within limits.
    let output = twofold(
        &vault,
        &["import", "--inspect", backup.to_str().unwrap()],
        None,
    );
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(stdout.contains("format: Twofold backup"), "{stdout}");
    assert!(stdout.contains("encrypted: yes"), "{stdout}");
    assert!(
        stdout.contains("within this device's limits: yes"),
        "{stdout}"
    );

    // Its header rewritten to ask for 1 GiB and 64 passes.
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&backup).unwrap()).unwrap();
    file["kdf"]["memory_kib"] = 1_048_576.into();
    file["kdf"]["iterations"] = 64.into();
    let hostile = dir.path().join("hostile.json");
    std::fs::write(&hostile, serde_json::to_vec(&file).unwrap()).unwrap();

    let output = twofold(
        &vault,
        &["import", "--inspect", hostile.to_str().unwrap()],
        None,
    );
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stdout.contains("Argon2id with 1024 MiB, 64 passes"),
        "{stdout}"
    );
    assert!(stderr.contains("more than this device allows"), "{stderr}");

    // Importing it is refused the same way, without asking for its password.
    let output = twofold(&vault, &["import", hostile.to_str().unwrap()], None);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("more than this device allows"), "{stderr}");
    assert!(stderr.contains("256 MiB"), "{stderr}");
}
