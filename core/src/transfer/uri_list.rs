//! A plain text file of `otpauth://` URIs, one per line (unencrypted).
//! Lines may also hold Google Authenticator `otpauth-migration://` exports,
//! which expand into their accounts.

use super::{google, limits, EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use crate::account::NewAccount;
use crate::uri;
use zeroize::Zeroizing;

const FORMAT: Format = Format::UriList;

/// Parses the lines of `text`; blank lines and `#` comments are skipped.
/// A line that is not a usable URI is a problem at its line number; the
/// other lines are still read. A text with no URI lines at all is malformed.
/// More than [`limits::MAX_IMPORT_ENTRIES`] entries (lines, or accounts of
/// the Google exports on them) are refused.
pub fn parse(text: &str) -> Result<ImportFile, TransferError> {
    let text = super::fields::without_bom(text);
    limits::check_file_size(text.len() as u64)?;
    let content_lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .count();
    limits::check_entry_count(content_lines)?;
    let mut file = ImportFile::new(FORMAT);
    let mut uri_lines = 0;
    // `lines` also strips the '\r' of CRLF line ends.
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        uri_lines += 1;
        if has_scheme(line, "otpauth-migration") {
            read_migration_line(&mut file, line_number, line)?;
            limits::check_entry_count(file.accounts.len() + file.problems.len())?;
            continue;
        }
        match uri::parse(line) {
            Ok(account) => read_ente_display(&mut file, line_number, line, account),
            Err(error) => file.problems.push(EntryProblem {
                position: line_number,
                label: None,
                reason: error.to_string(),
            }),
        }
    }
    if uri_lines == 0 {
        return Err(TransferError::malformed(
            FORMAT,
            "the file holds no otpauth:// lines",
        ));
    }
    Ok(file)
}

/// Expands one Google Authenticator export line; its bad entries are reported
/// at this line, saying which entry of the export they were. A line over the
/// size limits refuses the whole file.
fn read_migration_line(
    file: &mut ImportFile,
    line_number: usize,
    line: &str,
) -> Result<(), TransferError> {
    match google::parse_uri(line) {
        Ok(export) => {
            file.accounts.extend(export.accounts);
            file.problems
                .extend(export.problems.into_iter().map(|problem| EntryProblem {
                    position: line_number,
                    reason: format!(
                        "entry {} of the Google Authenticator export: {}",
                        problem.position, problem.reason
                    ),
                    label: problem.label,
                }));
        }
        Err(
            error @ (TransferError::FileTooLarge { .. } | TransferError::TooManyEntries { .. }),
        ) => return Err(error),
        Err(error) => file.problems.push(EntryProblem {
            position: line_number,
            label: None,
            reason: match error {
                TransferError::Malformed { reason, .. } => reason,
                other => other.to_string(),
            },
        }),
    }
    Ok(())
}

/// Adds an account, with the groups and note of Ente Auth's `codeDisplay`
/// when the line has one (see [`super::ente`]); accounts in Ente's trash
/// are reported instead.
fn read_ente_display(file: &mut ImportFile, line_number: usize, line: &str, account: NewAccount) {
    let label = super::fields::problem_label(account.issuer.as_deref(), &account.name);
    let mut portable = PortableAccount::bare(account);
    match super::ente::code_display(line) {
        None => {}
        Some(Ok(display)) if display.trashed => {
            file.problems.push(EntryProblem {
                position: line_number,
                label,
                reason: "in Ente Auth's trash: not imported".into(),
            });
            return;
        }
        Some(Ok(display)) => {
            portable.note = display.note;
            portable.groups = display
                .tags
                .into_iter()
                .map(|tag| tag.trim().to_string())
                .filter(|tag| !tag.is_empty())
                .collect();
        }
        Some(Err(reason)) => {
            file.problems.push(EntryProblem {
                position: line_number,
                label,
                reason,
            });
            return;
        }
    }
    file.accounts.push(portable);
}

fn has_scheme(text: &str, scheme: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(found, _)| found.eq_ignore_ascii_case(scheme))
}

/// One canonical `otpauth://` URI per line (see [`uri::to_list_uri`]:
/// Steam accounts as `otpauth://steam/…`, as Aegis, 2FAS and Ente write
/// and read them), each line
/// ending in '\n'. Notes and groups are not carried. The text is assembled
/// in one buffer sized up front: a growing buffer would leave copies of the
/// URIs in the memory it gives back.
pub fn export(accounts: &[PortableAccount]) -> Zeroizing<String> {
    let lines: Vec<Zeroizing<String>> = accounts
        .iter()
        .map(|portable| uri::to_list_uri(&portable.account))
        .collect();
    let mut text = Zeroizing::new(String::with_capacity(
        lines.iter().map(|line| line.len() + 1).sum(),
    ));
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_crlf() {
        let text = "# exported\r\n\r\notpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP\r\n  \r\n";
        let file = parse(text).unwrap();
        assert_eq!(file.accounts.len(), 1);
        assert!(file.problems.is_empty());
    }

    #[test]
    fn a_bad_line_is_reported_at_its_line_number() {
        let text = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n\notpauth://totp/B:b\n";
        let file = parse(text).unwrap();
        assert_eq!(file.accounts.len(), 1);
        assert_eq!(file.problems[0].position, 3);
        assert_eq!(file.problems[0].reason, "the 'secret' parameter is missing");
    }

    #[test]
    fn only_comments_is_malformed() {
        assert!(matches!(
            parse("# nothing\n\n"),
            Err(TransferError::Malformed { .. })
        ));
    }
}
