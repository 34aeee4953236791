//! `twofold import` on other apps' encrypted exports (the core's fixtures):
//! the file password comes from TWOFOLD_FILE_PASSWORD, a wrong one is named
//! and leaves the vault as it was, and `--inspect` shows the key derivation
//! before any password.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSWORD: &str = "vault password 42";
const FILE_PASSWORD: &str = "vault password 42";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/import/encrypted")
        .join(name)
}

fn twofold(vault: &Path, args: &[&str], file_password: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_twofold"));
    command
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env_remove("TWOFOLD_FILE_PASSWORD")
        .env("TWOFOLD_INSECURE_TEST_KDF", "1");
    if let Some(password) = file_password {
        command.env("TWOFOLD_FILE_PASSWORD", password);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn account_count(vault: &Path) -> usize {
    let output = twofold(vault, &["list", "--json"], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    listed.as_array().map_or(0, Vec::len)
}

#[test]
fn encrypted_exports_import_with_the_file_password_only() {
    let cases = [
        (
            "twofas_v4.2fas",
            "2FAS backup (password-protected)",
            3,
            "PBKDF2-HMAC-SHA256 with 10,000 iterations",
        ),
        (
            "andotp_current.json.aes",
            "andOTP backup (encrypted)",
            3,
            "PBKDF2-HMAC-SHA1 with 140,000 iterations",
        ),
        (
            "bitwarden_argon2id.json",
            "Bitwarden export (password-protected)",
            3,
            "Argon2id with 16 MiB, 3 passes, 2 lanes",
        ),
    ];
    for (name, format, accounts, kdf) in cases {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault.sqlite");
        let file = fixture(name);
        let file = file.to_str().unwrap();
        assert!(twofold(&vault, &["init"], None).status.success());

        let inspected = twofold(&vault, &["import", "--inspect", file], None);
        let stdout = text(&inspected.stdout);
        assert!(
            inspected.status.success(),
            "{name}: {}",
            text(&inspected.stderr)
        );
        assert!(stdout.contains(&format!("format: {format}")), "{stdout}");
        assert!(stdout.contains("encrypted: yes"), "{stdout}");
        assert!(stdout.contains(kdf), "{stdout}");

        let wrong = twofold(
            &vault,
            &["import", "--yes", file],
            Some("correct horse battery"),
        );
        assert!(!wrong.status.success(), "{name}");
        let stderr = text(&wrong.stderr);
        assert!(
            stderr.contains(&format!("wrong password for this {format}")),
            "{stderr}"
        );
        assert!(!stderr.contains("horse"), "{stderr}");
        assert_eq!(account_count(&vault), 0, "{name}");

        let imported = twofold(&vault, &["import", "--yes", file], Some(FILE_PASSWORD));
        assert!(
            imported.status.success(),
            "{name}: {}",
            text(&imported.stderr)
        );
        assert_eq!(account_count(&vault), accounts, "{name}");
    }
}
