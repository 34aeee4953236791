//! `twofold scan FILE...`: the text of the QR code in each image, one line
//! per file (`FILE<TAB>TEXT` or `FILE<TAB>error: REASON`); exit 0 iff every
//! file decoded.

use crate::failure::Failure;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twofold_core::scan;

pub fn run(files: &[PathBuf]) -> Result<ExitCode, Failure> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all_decoded = true;
    for file in files {
        let result = scan_file(file);
        all_decoded &= result.is_ok();
        let shown = match result {
            Ok(text) => one_line(&text),
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

/// The first QR text in the image, or why there is none.
fn scan_file(file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read the file: {e}"))?;
    let texts = scan::decode_texts(&bytes).map_err(|e| e.to_string())?;
    texts
        .first()
        .map(|text| text.to_string())
        .ok_or_else(|| "no QR code found".to_string())
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
    fn a_missing_file_is_a_per_line_error() {
        let reason = scan_file(Path::new("/nonexistent/twofold-scan.png"))
            .expect_err("a missing file cannot decode");
        assert!(reason.starts_with("cannot read the file"), "{reason}");
    }
}
