//! `twofold scan FILE...`: the text of the QR code in each image, one line
//! per file (`FILE<TAB>TEXT` or `FILE<TAB>error: REASON`); exit 0 iff every
//! file decoded.
//!
//! A QR code holding nothing but a Base32 key (see `ScanOutcome::BareKey`)
//! is not printed in the clear, where a terminal, a log or a pipe would
//! keep it: its line is `FILE<TAB>bare key (N characters); use add --key -`
//! (N counts the Base32 characters).
//! `--reveal-keys` prints its text like any other.

use crate::failure::Failure;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twofold_core::scan::{self, ScanOutcome};
use zeroize::Zeroizing;

pub fn run(files: &[PathBuf], reveal_keys: bool) -> Result<ExitCode, Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all_decoded = true;
    for file in files {
        let result = scan_file(file);
        all_decoded &= result.is_ok();
        let shown = match result {
            Ok(text) => shown_text(&text, reveal_keys),
            Err(reason) => format!("error: {}", one_line(&reason)),
        };
        writeln!(out, "{}\t{shown}", file.display())
            .map_err(|e| Failure::other(format!("cannot write output: {e}")))?;
    }
    Ok(if all_decoded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The first QR text in the image, or why there is none. The text may be a
/// key or a URI holding one, so it is kept zeroizing.
fn scan_file(file: &Path) -> Result<Zeroizing<String>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read the file: {e}"))?;
    let texts = scan::decode_texts(&bytes).map_err(|e| e.to_string())?;
    texts
        .first()
        .map(|text| Zeroizing::new(text.to_string()))
        .ok_or_else(|| "no QR code found".to_string())
}

/// What the line shows of a decoded text: the text itself, except a bare
/// key, which is only described unless `reveal_keys`.
fn shown_text(text: &str, reveal_keys: bool) -> String {
    match ScanOutcome::from_text(text) {
        ScanOutcome::BareKey { key } if !reveal_keys => format!(
            "bare key ({} characters); use add --key -",
            // Base32 characters, not the spaces between groups.
            key.chars().filter(char::is_ascii_alphanumeric).count()
        ),
        _ => one_line(text),
    }
}

/// Keeps a line a line: newlines become the two characters `\n` (and
/// carriage returns `\r`).
fn one_line(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_escaped() {
        assert_eq!(one_line("a\nb\r\nc"), "a\\nb\\r\\nc");
    }

    #[test]
    fn a_bare_key_is_described_unless_revealed() {
        let key = "HXDM VJEC JJWS RB3H WIZR 4IFU GFTM XBOZ";
        assert_eq!(
            shown_text(key, false),
            "bare key (32 characters); use add --key -"
        );
        assert_eq!(shown_text(key, true), key);
        assert_eq!(shown_text("https://x.test", false), "https://x.test");
    }

    #[test]
    fn a_missing_file_is_a_per_line_error() {
        let reason = scan_file(Path::new("/nonexistent/twofold-scan.png"))
            .expect_err("a missing file cannot decode");
        assert!(reason.starts_with("cannot read the file"), "{reason}");
    }
}
