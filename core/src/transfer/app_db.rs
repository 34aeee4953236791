//! Authenticator apps' own SQLite databases, copied off a rooted device or
//! out of an adb backup:
//!
//! - Google Authenticator, `databases/databases`: table `accounts` with
//!   `email` (the account name, sometimes "Issuer:name"), `issuer`, Base32
//!   `secret`, `type` (0 TOTP, 1 HOTP) and `counter`. Codes are SHA-1,
//!   6 digits, 30 s.
//! - Microsoft Authenticator, `databases/PhoneFactor`: table `accounts`
//!   with `name` (the issuer), `username`, `oath_secret_key` and
//!   `account_type`: 0 a TOTP account with a Base32 key (6 digits), 1 a
//!   personal Microsoft account with a Base64 key (8 digits), 2 a work
//!   account that only takes push approvals (no key: reported, not
//!   imported).
//!
//! The file is read in memory (SQLite's deserialize), read-only, and its
//! schema is not trusted: `accounts` must be a plain table (not a view,
//! virtual table or generated column that would run the file's SQL), every value is checked for its type, and
//! the rows are counted against the entry limit.

use super::fields::{clean_label, parse_secret, problem_label};
use super::{limits, raw_keys, EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams};
use crate::key::Field;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

/// The 16 bytes every SQLite database file starts with.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

pub(super) fn is_sqlite(bytes: &[u8]) -> bool {
    bytes.starts_with(SQLITE_MAGIC)
}

/// Which app's database `bytes` hold, by the columns of its `accounts`
/// table; `None` for any other database.
pub(super) fn sniff(bytes: &[u8]) -> Option<Format> {
    let db = open(bytes, Format::GoogleAuthenticatorDb).ok()?;
    let columns = account_columns(&db).ok()?;
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("oath_secret_key") && has("account_type") {
        Some(Format::MicrosoftAuthenticatorDb)
    } else if has("secret") && has("email") {
        Some(Format::GoogleAuthenticatorDb)
    } else {
        None
    }
}

pub fn parse_google(bytes: &[u8]) -> Result<ImportFile, TransferError> {
    let format = Format::GoogleAuthenticatorDb;
    let rows = read_rows(
        bytes,
        format,
        &["email", "issuer", "secret", "type", "counter"],
    )?;
    let mut file = ImportFile::new(format);
    for (index, row) in rows.iter().enumerate() {
        let email = cell(&row[0]).unwrap_or("").trim();
        let issuer_column = cell(&row[1]).map(str::trim).filter(|i| !i.is_empty());
        let (issuer, name) = match email.split_once(':') {
            Some((prefix, rest)) => (issuer_column.or(Some(prefix.trim())), rest.trim()),
            None => (issuer_column, email),
        };
        let result = (|| {
            let secret = parse_secret("secret", cell(&row[2]))?;
            let kind = match whole("type", cell(&row[3]))? {
                0 => OtpKind::Totp { period: 30 },
                1 => OtpKind::Hotp {
                    counter: u64::try_from(whole("counter", cell(&row[4]))?)
                        .map_err(|_| "counter: must not be negative".to_string())?,
                },
                other => {
                    return Err(format!(
                        "type: {other} is not supported (expected 0 TOTP or 1 HOTP)"
                    ))
                }
            };
            Ok(NewAccount {
                issuer: clean_label(Field::Issuer, issuer)?,
                name: clean_label(Field::Name, Some(name))?.unwrap_or_default(),
                secret,
                params: OtpParams {
                    kind,
                    algorithm: Algorithm::Sha1,
                    digits: 6,
                },
            })
        })();
        push(&mut file, index, result, issuer, name);
    }
    Ok(file)
}

pub fn parse_microsoft(bytes: &[u8]) -> Result<ImportFile, TransferError> {
    let format = Format::MicrosoftAuthenticatorDb;
    let rows = read_rows(
        bytes,
        format,
        &["name", "username", "oath_secret_key", "account_type"],
    )?;
    let mut file = ImportFile::new(format);
    for (index, row) in rows.iter().enumerate() {
        let issuer = cell(&row[0]).map(str::trim).filter(|i| !i.is_empty());
        let name = cell(&row[1]).unwrap_or("").trim();
        let result = (|| {
            let key = cell(&row[2]);
            let (secret, digits) = match whole("account_type", cell(&row[3]))? {
                0 => (parse_secret("oath_secret_key", key)?, 6),
                1 => (raw_keys::from_base64("oath_secret_key", key.unwrap_or(""))?, 8),
                2 => return Err("a work or school account that only approves sign-ins: it has no codes to import".into()),
                other => return Err(format!("account_type: {other} is not supported (expected 0 or 1)")),
            };
            Ok(NewAccount {
                issuer: clean_label(Field::Issuer, issuer)?,
                name: clean_label(Field::Name, Some(name))?.unwrap_or_default(),
                secret,
                params: OtpParams {
                    kind: OtpKind::Totp { period: 30 },
                    algorithm: Algorithm::Sha1,
                    digits,
                },
            })
        })();
        push(&mut file, index, result, issuer, name);
    }
    Ok(file)
}

fn push(
    file: &mut ImportFile,
    index: usize,
    result: Result<NewAccount, String>,
    issuer: Option<&str>,
    name: &str,
) {
    match result {
        Ok(account) => file.accounts.push(PortableAccount::bare(account)),
        Err(reason) => file.problems.push(EntryProblem {
            position: index + 1,
            label: problem_label(issuer, name),
            reason,
        }),
    }
}

fn cell(value: &Option<Zeroizing<String>>) -> Option<&str> {
    value.as_ref().map(|text| text.as_str())
}

/// A whole number stored as an integer or as text.
fn whole(field: &str, value: Option<&str>) -> Result<i64, String> {
    let value = value.ok_or_else(|| format!("{field}: missing"))?;
    value
        .trim()
        .parse()
        .map_err(|_| format!("{field}: not a whole number"))
}

/// The database held in `bytes`, opened read-only in memory.
fn open(bytes: &[u8], format: Format) -> Result<Connection, TransferError> {
    let unreadable = |error: rusqlite::Error| {
        TransferError::malformed(
            format,
            format!("not a readable SQLite database ({})", sqlite_reason(&error)),
        )
    };
    let mut db = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    // A hostile file's schema may hold triggers or functions: never run them.
    db.pragma_update(None, "trusted_schema", "OFF")
        .map_err(unreadable)?;
    db.deserialize_read_exact("main", bytes, bytes.len(), true)
        .map_err(unreadable)?;
    Ok(db)
}

/// The columns of the `accounts` table; an error if it is missing or not a
/// plain table. Reading a plain table's stored columns runs nothing of the
/// file's: views, virtual tables and generated columns (whose expressions
/// would run on read, e.g. to build a gigabyte-long value) are refused.
fn account_columns(db: &Connection) -> Result<Vec<String>, rusqlite::Error> {
    let (kind, sql): (String, Option<String>) = db.query_row(
        "SELECT type, sql FROM sqlite_master WHERE name = 'accounts'",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let is_virtual = sql
        .as_deref()
        .and_then(|sql| sql.trim_start().get(..14))
        .is_some_and(|head| head.eq_ignore_ascii_case("CREATE VIRTUAL"));
    if kind != "table" || is_virtual {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    let mut statement = db.prepare("SELECT name, hidden FROM pragma_table_xinfo('accounts')")?;
    let columns = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if columns.iter().any(|(_, hidden)| *hidden != 0) {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    Ok(columns.into_iter().map(|(name, _)| name).collect())
}

/// Every row of `accounts`, the `wanted` columns as text (integers become
/// their digits; a missing column reads as NULL). Values are wiped on drop.
fn read_rows(
    bytes: &[u8],
    format: Format,
    wanted: &[&str],
) -> Result<Vec<Vec<Option<Zeroizing<String>>>>, TransferError> {
    let db = open(bytes, format)?;
    let failed = |error: rusqlite::Error| {
        TransferError::malformed(
            format,
            format!("cannot read the accounts table ({})", sqlite_reason(&error)),
        )
    };
    let columns = account_columns(&db).map_err(|error| match error {
        rusqlite::Error::QueryReturnedNoRows => TransferError::malformed(
            format,
            "there is no accounts table (a view, virtual table or computed column does not count)",
        ),
        other => TransferError::malformed(
            format,
            format!("not a readable SQLite database ({})", sqlite_reason(&other)),
        ),
    })?;
    // Column names come from the file: only those we asked for, quoted.
    let select: Vec<String> = wanted
        .iter()
        .map(|name| {
            if columns.iter().any(|c| c == name) {
                format!("\"{name}\"")
            } else {
                "NULL".to_string()
            }
        })
        .collect();
    let sql = format!("SELECT {} FROM accounts ORDER BY rowid", select.join(", "));
    let mut statement = db.prepare(&sql).map_err(failed)?;
    let mut rows = statement.query([]).map_err(failed)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(failed)? {
        limits::check_entry_count(out.len() + 1)?;
        let mut values = Vec::with_capacity(wanted.len());
        for index in 0..wanted.len() {
            let value = match row.get_ref(index).map_err(failed)? {
                ValueRef::Null => None,
                ValueRef::Integer(number) => Some(Zeroizing::new(number.to_string())),
                ValueRef::Real(number) => Some(Zeroizing::new(number.to_string())),
                ValueRef::Text(text) | ValueRef::Blob(text) => {
                    Some(Zeroizing::new(String::from_utf8_lossy(text).into_owned()))
                }
            };
            values.push(value);
        }
        out.push(values);
    }
    Ok(out)
}

/// SQLite's message for an error; it names no row contents.
fn sqlite_reason(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(code, _) => format!("{:?}", code.code),
        rusqlite::Error::QueryReturnedNoRows => "no such table".into(),
        _ => "SQLite error".into(),
    }
}
