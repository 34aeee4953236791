//! The commands that change one account or bring it back, as the apps do:
//! `rename`, `note`, `trash`, `restore` and `next` (HOTP).

use crate::failure::Failure;
use crate::session::{account_json, failure, finish, now, unlocked};
use serde_json::{json, Value};
use std::path::Path;
use std::process::ExitCode;

/// `rename ID [--issuer I] [--account A]`: only the given fields change; an
/// empty `--issuer ""` removes the issuer.
pub fn rename(
    path: &Path,
    id: &str,
    issuer: Option<&str>,
    name: Option<&str>,
) -> Result<ExitCode, Failure> {
    if issuer.is_none() && name.is_none() {
        return Err(Failure::bad_input(
            "rename: give --issuer, --account or both",
        ));
    }
    let vault = unlocked(path)?;
    let current = vault.get(id).map_err(failure)?;
    let issuer = match issuer {
        Some(given) if given.trim().is_empty() => None,
        Some(given) => Some(given.trim()),
        None => current.issuer.as_deref(),
    };
    let name = name.map(str::trim).unwrap_or(&current.name);
    let renamed = vault.rename(id, issuer, name, now()).map_err(failure)?;
    println!("{}\t{}", renamed.id, renamed.label());
    Ok(ExitCode::SUCCESS)
}

/// `note ID TEXT`: replaces the account's note (`""` clears it).
pub fn note(path: &Path, id: &str, text: &str) -> Result<ExitCode, Failure> {
    let noted = unlocked(path)?.set_note(id, text, now()).map_err(failure)?;
    println!("{}\t{}", noted.id, noted.label());
    Ok(ExitCode::SUCCESS)
}

/// `trash [--json]`: the deleted accounts that can still be restored, most
/// recently deleted first.
pub fn trash(path: &Path, as_json: bool) -> Result<ExitCode, Failure> {
    let listing = unlocked(path)?.trash().map_err(failure)?;
    if as_json {
        let rows: Vec<Value> = listing
            .accounts
            .iter()
            .map(|trashed| {
                let mut row = account_json(&trashed.account);
                if let Value::Object(fields) = &mut row {
                    fields.insert("deleted_at".into(), json!(trashed.deleted_at));
                }
                row
            })
            .collect();
        println!("{}", Value::Array(rows));
    } else {
        for trashed in &listing.accounts {
            println!(
                "{}\t{}\tdeleted at {}",
                trashed.account.id,
                trashed.account.label(),
                trashed.deleted_at
            );
        }
    }
    Ok(finish(&listing.unreadable))
}

/// `restore ID`: brings an account back from the trash.
pub fn restore(path: &Path, id: &str) -> Result<ExitCode, Failure> {
    unlocked(path)?.restore(id, now()).map_err(failure)?;
    println!("restored {id}");
    Ok(ExitCode::SUCCESS)
}

/// `next ID [--json]`: an HOTP account's next code. The advanced counter is
/// committed before the code is printed, so no code is ever shown twice.
pub fn next(path: &Path, id: &str, as_json: bool) -> Result<ExitCode, Failure> {
    let vault = unlocked(path)?;
    let code = vault.next_hotp(id, now()).map_err(failure)?;
    if as_json {
        let account = vault.get(id).map_err(failure)?;
        let mut row = account_json(&account);
        if let Value::Object(fields) = &mut row {
            fields.insert("code".into(), json!(code.value));
        }
        println!("{}", Value::Array(vec![row]));
    } else {
        println!("{}", code.value);
    }
    Ok(ExitCode::SUCCESS)
}
