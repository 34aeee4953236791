//! `twofold scan FILE...` against its contract (docs/design.md §8): one line per
//! file, `FILE<TAB>TEXT` with newlines as `\n` or `FILE<TAB>error: REASON`,
//! exit 0 iff every file decoded. Images are generated here.

use std::path::{Path, PathBuf};
use std::process::Command;
use twofold_test_support::qr;

/// `text` as a QR code PNG named `name` in `dir`.
fn qr_png(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    qr::write_png(&path, text);
    path
}

fn twofold_scan(files: &[&Path]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .arg("scan")
        .args(files)
        .output()
        .expect("running twofold");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn decodes_every_file_and_escapes_newlines() {
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let dir = scratch.path();
    let uri = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
    let first = qr_png(dir, "uri.png", uri);
    let second = qr_png(dir, "lines.png", "line one\nline two");
    let (code, stdout, stderr) = twofold_scan(&[&first, &second]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(
        stdout,
        format!(
            "{}\t{uri}\n{}\tline one\\nline two\n",
            first.display(),
            second.display()
        )
    );
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_file_without_a_code_or_unreadable_is_a_per_line_error_and_exit_1() {
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let dir = scratch.path();
    let good = qr_png(dir, "good.png", "hello");
    let blank = dir.join("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([255]))
        .save(&blank)
        .expect("writing the blank image");
    let missing = dir.join("missing.png");
    let (code, stdout, stderr) = twofold_scan(&[&good, &blank, &missing]);
    assert_eq!(code, 1, "stderr: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(lines[0], format!("{}\thello", good.display()));
    assert_eq!(
        lines[1],
        format!("{}\terror: no QR code found", blank.display())
    );
    assert!(
        lines[2].starts_with(&format!(
            "{}\terror: cannot read the file",
            missing.display()
        )),
        "{}",
        lines[2]
    );
}

#[test]
fn a_bare_key_is_not_printed_unless_asked() {
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let dir = scratch.path();
    let key = "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ";
    let image = qr_png(dir, "key.png", key);
    let (code, stdout, stderr) = twofold_scan(&[&image]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(
        stdout,
        format!(
            "{}\tbare key (32 characters); use add --key -\n",
            image.display()
        )
    );
    assert!(!stdout.contains("HXDM"), "{stdout}");

    let output = Command::new(env!("CARGO_BIN_EXE_twofold"))
        .args(["scan", "--reveal-keys"])
        .arg(&image)
        .output()
        .expect("running twofold");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("{}\t{key}\n", image.display())
    );
}
