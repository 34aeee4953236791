//! Secrets stay off the command line, private directories and the password
//! floor, with real `twofold` processes (issue 14, items 7, 8 and 11).
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "cli secrets password";
/// RFC 6238's SHA1 seed "12345678901234567890": 287082 at T=59.
const KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const CODE_AT_59: &str = "287082";
const RECOVERY: &str = "R3C0-VERY-C0DE-7788";

fn command(vault: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_twofold"));
    command
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env("TWOFOLD_INSECURE_TEST_KDF", "1");
    command
}

/// Runs with `input` piped to standard input.
fn with_stdin(mut command: Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn run(vault: &Path, args: &[&str]) -> Output {
    command(vault, args).stdin(Stdio::null()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    stdout(output)
}

fn new_vault() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.sqlite");
    ok(&run(&path, &["init"]));
    (dir, path)
}

fn codes_at_59(vault: &Path) -> String {
    ok(&run(vault, &["codes", "--at", "59"]))
}

#[test]
fn code_reads_the_key_or_the_uri_from_standard_input() {
    let unused = Path::new("unused.sqlite");
    let by_key = with_stdin(
        command(unused, &["code", "--key", "-", "--at", "59"]),
        &format!("{KEY}\n"),
    );
    assert_eq!(ok(&by_key), format!("{CODE_AT_59}\n"));
    let uri = format!("otpauth://totp/ACME:alice?secret={KEY}\r\n");
    let by_uri = with_stdin(command(unused, &["code", "--uri", "-", "--at", "59"]), &uri);
    assert_eq!(ok(&by_uri), format!("{CODE_AT_59}\n"));
}

#[test]
fn add_reads_the_key_or_the_uri_from_standard_input() {
    let (_dir, path) = new_vault();
    let by_key = with_stdin(
        command(
            &path,
            &[
                "add",
                "--key",
                "-",
                "--issuer",
                "ACME",
                "--account",
                "alice",
            ],
        ),
        &format!("{KEY}\n"),
    );
    ok(&by_key);
    let uri = format!("otpauth://totp/Example:bob?secret={KEY}&issuer=Example");
    let by_uri = with_stdin(command(&path, &["add", "--uri", "-"]), &uri);
    ok(&by_uri);
    let codes = codes_at_59(&path);
    assert_eq!(
        codes,
        format!("{CODE_AT_59}\tACME (alice)\t1s\n{CODE_AT_59}\tExample (bob)\t1s\n")
    );
}

#[test]
fn recovery_codes_are_read_from_standard_input() {
    let (_dir, path) = new_vault();
    let id = ok(&with_stdin(
        command(&path, &["add", "--key", "-", "--account", "alice"]),
        &format!("{KEY}\n"),
    ))
    .trim()
    .to_string();
    let saved = with_stdin(
        command(&path, &["recovery", "add", &id, "-"]),
        &format!("{RECOVERY}\n"),
    );
    let code_id = ok(&saved).trim().to_string();
    let wrong = with_stdin(
        command(&path, &["recovery", "use", &id, "-"]),
        "not the code\n",
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(ok(&run(&path, &["recovery", "list", &id])).contains("unused"));
    let used = with_stdin(
        command(&path, &["recovery", "use", &id, "-"]),
        &format!("{RECOVERY}\n"),
    );
    assert_eq!(ok(&used), format!("recovery code {code_id} is now used\n"));
    assert!(ok(&run(&path, &["recovery", "list", &id])).contains("\tused "));
}

#[test]
fn an_omitted_secret_without_a_terminal_is_a_clear_error() {
    let (_dir, path) = new_vault();
    for args in [
        vec!["code", "--key", "--at", "59"],
        vec!["add", "--key", "--account", "alice"],
        vec!["add", "--uri"],
        vec!["recovery", "add", "some-id"],
    ] {
        let output = run(&path, &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("`-`"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    }
    let empty = with_stdin(command(&path, &["code", "--key", "-"]), "");
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("standard input is empty"),
        "{}",
        stderr(&empty)
    );
    assert_eq!(run(&path, &["list"]).stdout, b"");
}

#[test]
fn a_secret_in_the_wrong_place_is_not_repeated() {
    let (_dir, path) = new_vault();
    for args in [
        vec!["add", KEY],
        vec![KEY],
        vec!["code", "--key", "JBSWY3DPEHPK3PXP", KEY],
        vec!["code", "--digits", KEY, "--key", "-"],
        vec!["code", "--algorithm", KEY, "--key", "-"],
        vec!["code", "--json=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"],
        vec!["recovery", "add", "some-id", RECOVERY, "JBSWY3DPEHPK3PXP"],
    ] {
        let output = run(&path, &args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        assert!(!message.contains(KEY), "{args:?}: {message}");
        assert!(!message.contains("JBSWY3DPEHPK3PXP"), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("twofold: "), "{message}");
    }
    // Our own names are still named.
    let output = run(&path, &["code", "--digit", "8"]);
    assert!(
        stderr(&output).contains("'--digits'"),
        "{}",
        stderr(&output)
    );
}

/// A real terminal (util-linux `script` gives the command a pty): the key is
/// asked for and not echoed.
#[test]
fn an_omitted_key_on_a_terminal_is_prompted_for_without_echo() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let twofold = env!("CARGO_BIN_EXE_twofold");
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c"])
        .arg(format!("{twofold} code --key --at 59"))
        .arg("/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut output = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("(not shown): ") {
        assert_eq!(output.read(&mut byte).unwrap(), 1, "no prompt: {seen:?}");
        seen.push(byte[0]);
    }
    // The prompt is written just before echo is turned off.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut input = child.stdin.take().unwrap();
    input.write_all(format!("{KEY}\r").as_bytes()).unwrap();
    input.flush().unwrap();
    output.read_to_end(&mut seen).unwrap();
    drop(input);
    assert!(child.wait().unwrap().success());
    let screen = String::from_utf8_lossy(&seen);
    assert!(screen.contains(CODE_AT_59), "{screen}");
    assert!(!screen.contains(KEY), "the key was echoed: {screen}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn with_data_home(home: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", data)
        .env("TWOFOLD_PASSWORD", PASSWORD)
        .env("TWOFOLD_INSECURE_TEST_KDF", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn the_default_data_directory_and_every_created_one_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data").join("share");
    ok(&with_data_home(home.path(), &data, &["init"]));
    let vault_dir = data.join("twofold");
    assert!(vault_dir.join("vault.sqlite").exists());
    assert_eq!(mode(&vault_dir), 0o700);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&home.path().join("data")), 0o700);

    // A default directory an older version left readable is made private.
    std::fs::set_permissions(&vault_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    ok(&with_data_home(home.path(), &data, &["list"]));
    assert_eq!(mode(&vault_dir), 0o700);
}

#[cfg(unix)]
#[test]
fn a_users_own_directory_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    ok(&run(&shared.join("vault.sqlite"), &["init"]));
    assert_eq!(mode(&shared), 0o755);
    // Directories `init` makes under it are private.
    ok(&run(
        &shared.join("a").join("b").join("vault.sqlite"),
        &["init"],
    ));
    assert_eq!(mode(&shared.join("a")), 0o700);
    assert_eq!(mode(&shared.join("a").join("b")), 0o700);
    assert_eq!(mode(&shared), 0o755);
}

#[test]
fn init_shows_the_strength_and_refuses_weak_passwords_even_with_the_test_kdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.sqlite");
    for weak in ["a", "password", "12345678", "qwertyuiop", "twofold"] {
        let output = command(&path, &["init"])
            .env("TWOFOLD_PASSWORD", weak)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{weak}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("too easy to guess"),
            "{}",
            stderr(&output)
        );
        assert!(
            !stderr(&output).contains(&format!("'{weak}'")),
            "{}",
            stderr(&output)
        );
        assert!(!path.exists(), "{weak}");
    }
    let empty = command(&path, &["init"])
        .env("TWOFOLD_PASSWORD", "")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("must not be empty"),
        "{}",
        stderr(&empty)
    );
    let created = run(&path, &["init"]);
    ok(&created);
    assert!(
        stderr(&created).contains("password strength"),
        "{}",
        stderr(&created)
    );
}

#[test]
fn an_encrypted_export_refuses_a_weak_file_password() {
    let (dir, path) = new_vault();
    ok(&with_stdin(
        command(&path, &["add", "--key", "-", "--account", "alice"]),
        &format!("{KEY}\n"),
    ));
    for format in ["twofold", "aegis"] {
        let out = dir.path().join(format!("export-{format}"));
        let output = command(&path, &["export", "--format", format, "--out"])
            .arg(&out)
            .env("TWOFOLD_FILE_PASSWORD", "123456")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("too easy to guess"),
            "{}",
            stderr(&output)
        );
        assert!(!out.exists());
        let strong = command(&path, &["export", "--format", format, "--out"])
            .arg(&out)
            .env("TWOFOLD_FILE_PASSWORD", "amber kettle ravine 42")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        ok(&strong);
        assert!(out.exists());
    }
}
