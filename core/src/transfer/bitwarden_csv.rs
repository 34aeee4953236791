//! Bitwarden's CSV export (`bitwarden_export_….csv`): a header row naming
//! the columns (`folder,favorite,type,name,notes,fields,reprompt,login_uri,
//! login_username,login_password,login_totp`, as Bitwarden's exporter
//! writes them), then one row per vault item. `login_totp` holds what the
//! JSON export's `login.totp` holds: an otpauth URI, `steam://KEY` or a bare
//! Base32 key. Rows without one are not authenticator accounts and are
//! passed over. `notes` become the note, `folder` the group; `favorite` is
//! not kept.

use super::bitwarden::read_totp;
use super::fields::{problem_label, without_bom};
use super::{limits, EntryProblem, Format, ImportFile, PortableAccount, TransferError};

const FORMAT: Format = Format::BitwardenCsv;

/// Whether the first line of `text` is a header with a `login_totp` column.
pub(super) fn has_totp_header(text: &str) -> bool {
    without_bom(text).lines().next().is_some_and(|header| {
        header
            .split(',')
            .any(|column| column.trim().trim_matches('"') == "login_totp")
    })
}

/// Parses the CSV text. Problem positions are the item's line in the file.
pub fn parse(text: &str) -> Result<ImportFile, TransferError> {
    let text = without_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| TransferError::malformed(FORMAT, csv_reason(&error)))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let totp_column = column("login_totp").ok_or_else(|| {
        TransferError::malformed(FORMAT, "the header row has no login_totp column")
    })?;
    let (name_column, user_column) = (column("name"), column("login_username"));
    let (notes_column, folder_column) = (column("notes"), column("folder"));

    let mut file = ImportFile::new(FORMAT);
    let mut record = csv::StringRecord::new();
    let mut rows = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(TransferError::malformed(FORMAT, csv_reason(&error))),
        }
        rows += 1;
        limits::check_entry_count(rows)?;
        let field = |index: Option<usize>| index.and_then(|i| record.get(i)).map(str::trim);
        let Some(totp) = field(Some(totp_column)).filter(|t| !t.is_empty()) else {
            continue;
        };
        let item_name = field(name_column).filter(|n| !n.is_empty());
        let username = field(user_column).unwrap_or("");
        let line = record.position().map_or(rows + 1, |p| p.line() as usize);
        match read_totp(totp, item_name, username) {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                portable.note = field(notes_column).unwrap_or("").to_string();
                portable.groups = field(folder_column)
                    .filter(|f| !f.is_empty())
                    .map(str::to_string)
                    .into_iter()
                    .collect();
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: line,
                label: problem_label(item_name, username),
                reason,
            }),
        }
    }
    Ok(file)
}

/// A CSV error without the field contents (they may be keys).
fn csv_reason(error: &csv::Error) -> String {
    let place = error
        .position()
        .map(|p| format!(" at line {}", p.line()))
        .unwrap_or_default();
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => format!("the file is not UTF-8 text{place}"),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("a row has {len} fields, expected {expected_len}{place}")
        }
        _ => format!("not valid CSV{place}"),
    }
}
