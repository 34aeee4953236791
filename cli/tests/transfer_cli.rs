//! `twofold export` and `twofold import` as a user moving phones runs them:
//! every export format read back into a fresh vault gives the same codes.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use twofold_test_support::cli;

const PASSWORD: &str = "vault password 42";
const FILE_PASSWORD: &str = "file password 42";
/// A fixed instant so codes from two vaults can be compared.
const AT: &str = "1700000000";

const ACCOUNTS: &[&str] = &[
    "otpauth://totp/ACME%20Co:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co",
    "otpauth://totp/Example:bob?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA256&digits=8",
    "otpauth://hotp/Counter:carol?secret=KRUGKIDROVUWG2ZAMJZG653OEBTG66BANJ2W24DTEBXXMZLSEB2GQZJANRQXU6JAMRXWOLQ&issuer=Counter&counter=7",
    "otpauth://totp/Forum:dave?secret=MFRGGZDFMZTWQ2LK&issuer=Forum",
    "otpauth://totp/Shop:erin?secret=ONSWG4TFORZWK4TFOQ&issuer=Shop",
    "otpauth://totp/Bank:frank?secret=GEYDQORTGIZTEMBZ&issuer=Bank",
];

fn twofold(vault: &Path, args: &[&str]) -> Output {
    cli::run(
        cli::command(env!("CARGO_BIN_EXE_twofold"), vault, PASSWORD)
            .args(args)
            .env("TWOFOLD_FILE_PASSWORD", FILE_PASSWORD),
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

fn vault_in(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    ok(twofold(&path, &["init"]));
    path
}

fn full_vault(dir: &Path) -> PathBuf {
    let path = vault_in(dir, "source.sqlite");
    for uri in ACCOUNTS {
        ok(twofold(&path, &["add", "--uri", uri]));
    }
    path
}

/// (issuer, name, code) of every account at AT, sorted: equal codes at the
/// same instant mean equal secrets and parameters.
fn codes(vault: &Path) -> Vec<(String, String, String)> {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(twofold(vault, &["codes", "--json", "--at", AT]))).unwrap();
    let mut codes: Vec<_> = rows
        .iter()
        .map(|row| {
            let code = match row["type"].as_str() {
                Some("hotp") => format!("counter {}", row["counter"]),
                _ => row["code"].as_str().unwrap().to_string(),
            };
            (
                row["issuer"].as_str().unwrap_or("").to_string(),
                row["name"].as_str().unwrap().to_string(),
                code,
            )
        })
        .collect();
    codes.sort();
    codes
}

#[test]
fn every_encrypted_export_imports_into_a_fresh_vault() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_vault(dir.path());
    let expected = codes(&source);
    assert_eq!(expected.len(), ACCOUNTS.len());
    for format in ["twofold", "aegis"] {
        let file = dir.path().join(format!("export.{format}"));
        ok(twofold(
            &source,
            &[
                "export",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ],
        ));
        let bytes = std::fs::read(&file).unwrap();
        for secret in [
            "GEZDGNBVGY3TQOJQ",
            "JBSWY3DPEHPK3PXP",
            "alice@example.com",
            "ACME",
        ] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{format} export holds {secret} in the clear"
            );
        }
        let target = vault_in(dir.path(), &format!("{format}.sqlite"));
        ok(twofold(&target, &["import", file.to_str().unwrap()]));
        assert_eq!(codes(&target), expected, "{format}");
        // Importing the same file again adds nothing.
        let again = ok(twofold(&target, &["import", file.to_str().unwrap()]));
        assert!(!again.contains("added"), "{format}: {again}");
        assert_eq!(codes(&target), expected, "{format}");
    }
}

#[test]
fn plain_exports_import_into_a_fresh_vault() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_vault(dir.path());
    let expected = codes(&source);

    let list = dir.path().join("accounts.txt");
    let output = twofold(
        &source,
        &[
            "export",
            "--format",
            "otpauth",
            "--out",
            list.to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&output).contains("UNENCRYPTED"),
        "{}",
        stderr(&output)
    );
    ok(output);
    let target = vault_in(dir.path(), "list.sqlite");
    ok(twofold(&target, &["import", list.to_str().unwrap()]));
    assert_eq!(codes(&target), expected);

    // Six accounts make two Google QR codes; `add --qr` takes both.
    let qr = dir.path().join("google.png");
    let printed = ok(twofold(
        &source,
        &[
            "export",
            "--format",
            "google-qr",
            "--out",
            qr.to_str().unwrap(),
            "--unencrypted",
        ],
    ));
    let pngs: Vec<&str> = printed.lines().collect();
    assert_eq!(pngs.len(), 2, "{printed}");
    let target = vault_in(dir.path(), "google.sqlite");
    let only_first = twofold(&target, &["add", "--qr", pngs[0]]);
    assert_eq!(only_first.status.code(), Some(2), "{}", stderr(&only_first));
    assert!(
        stderr(&only_first).contains("QR code(s) 2"),
        "{}",
        stderr(&only_first)
    );
    assert!(
        codes(&target).is_empty(),
        "an incomplete export was imported"
    );
    ok(twofold(&target, &["add", "--qr", pngs[0], "--qr", pngs[1]]));
    assert_eq!(codes(&target), expected);

    // Google's format has no period: a 60-second account is named, not lost silently.
    let minute = vault_in(dir.path(), "minute.sqlite");
    ok(twofold(
        &minute,
        &[
            "add",
            "--uri",
            "otpauth://totp/Slow:gina?secret=MFRGGZDFMZTWQ2LK&issuer=Slow&period=60",
        ],
    ));
    ok(twofold(&minute, &["add", "--uri", ACCOUNTS[0]]));
    let one = dir.path().join("minute.png");
    let export = |extra: &[&str]| {
        let mut args = vec![
            "export",
            "--format",
            "google-qr",
            "--out",
            one.to_str().unwrap(),
            "--unencrypted",
        ];
        args.extend_from_slice(extra);
        twofold(&minute, &args)
    };
    // A partial export writes its files, names what it left out and why,
    // counts, and succeeds; `--strict` makes it fail.
    let output = export(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("left out entry 1 (Slow (gina)): "),
        "{message}"
    );
    assert!(
        message.contains("exported 1 of 2 account(s) in 1 QR code(s)"),
        "{message}"
    );
    assert!(one.exists());
    std::fs::remove_file(&one).unwrap();
    let strict = export(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(one.exists(), "the strict export still writes its files");
}

/// The otpauth list writes Steam accounts as `otpauth://steam/…` and reads
/// them back as Steam; a `:` in a name survives.
#[test]
fn otpauth_export_writes_steam_type_and_keeps_colons() {
    let dir = tempfile::tempdir().unwrap();
    let source = vault_in(dir.path(), "steam.sqlite");
    ok(twofold(
        &source,
        &[
            "add",
            "--uri",
            "otpauth://totp/Steam:gamer?secret=GAYTEMZUGU3DOOBZ&issuer=Steam",
        ],
    ));
    ok(twofold(
        &source,
        &[
            "add",
            "--uri",
            "otpauth://totp/Odd:a%3Ab?secret=MFRGGZDFMZTWQ2LK&issuer=Odd",
        ],
    ));
    let expected = codes(&source);
    let list = dir.path().join("accounts.txt");
    ok(twofold(
        &source,
        &[
            "export",
            "--format",
            "otpauth",
            "--out",
            list.to_str().unwrap(),
            "--unencrypted",
        ],
    ));
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(text.contains("otpauth://steam/Steam:gamer?"), "{text}");
    assert!(text.contains("otpauth://totp/Odd:a%3Ab?"), "{text}");
    let target = vault_in(dir.path(), "back.sqlite");
    ok(twofold(&target, &["import", list.to_str().unwrap()]));
    assert_eq!(codes(&target), expected);
    assert!(expected
        .iter()
        .any(|(_, name, code)| name == "a:b" && code.len() == 6));
    assert!(expected.iter().any(|(_, _, code)| code.len() == 5));
}

#[test]
fn a_bad_file_or_password_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_vault(dir.path());
    let backup = dir.path().join("backup.twofold");
    ok(twofold(
        &source,
        &[
            "export",
            "--format",
            "twofold",
            "--out",
            backup.to_str().unwrap(),
        ],
    ));
    let target = vault_in(dir.path(), "target.sqlite");

    let wrong = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args([
            "--vault",
            target.to_str().unwrap(),
            "import",
            backup.to_str().unwrap(),
        ])
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env("TWOFOLD_FILE_PASSWORD", "not the password")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("wrong password"),
        "{}",
        stderr(&wrong)
    );
    assert_eq!(stderr(&wrong).lines().count(), 1, "{}", stderr(&wrong));

    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, b"{\"hello\": 1}").unwrap();
    let unknown = twofold(&target, &["import", junk.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("not a format"),
        "{}",
        stderr(&unknown)
    );

    // One bad line among good ones: named, and nothing imported without --yes.
    let list = dir.path().join("mixed.txt");
    std::fs::write(
        &list,
        format!(
            "{}\notpauth://totp/Bad:x?secret=NOT*BASE32\n{}\n",
            ACCOUNTS[0], ACCOUNTS[1]
        ),
    )
    .unwrap();
    let refused = twofold(&target, &["import", list.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("entry 2"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    assert!(codes(&target).is_empty());
    let partial = ok(twofold(
        &target,
        &["import", list.to_str().unwrap(), "--yes"],
    ));
    assert_eq!(
        partial.lines().filter(|l| l.starts_with("added")).count(),
        2
    );
    assert_eq!(codes(&target).len(), 2);
}
