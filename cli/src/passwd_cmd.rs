//! `twofold passwd`: change the vault's password, or with `--rotate` replace
//! its data key too. The current password comes from `TWOFOLD_PASSWORD` or a
//! prompt, the new one from `TWOFOLD_NEW_PASSWORD` or a prompt (twice).

use crate::failure::Failure;
use crate::new_password::require_strong;
use crate::session::{default_vault_path, failure, insecure_test_kdf, now, unlocked};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use twofold_core::vault::{KdfParams, NewSlot, SlotKind};
use zeroize::Zeroizing;

const NEW_PASSWORD_ENV: &str = "TWOFOLD_NEW_PASSWORD";

#[derive(Args, Debug)]
pub struct PasswdArgs {
    /// Also replace the data key and re-encrypt every account, recovery code
    /// and key check. Choose this when the old password may have leaked: a
    /// copy of the vault taken earlier, opened with the old password, then
    /// reveals nothing added or changed afterwards. It also removes every
    /// other key slot (e.g. a phone's platform key), leaving only the new
    /// password.
    #[arg(long)]
    rotate: bool,
    /// The password slot to change when the vault has several (see the
    /// app's key slots); not needed with one, nor with --rotate.
    #[arg(long, value_name = "ID", conflicts_with = "rotate")]
    slot: Option<String>,
}

fn prompt(text: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|_| {
            Failure::other(format!(
                "cannot read the new password: set {NEW_PASSWORD_ENV} or run in a terminal"
            ))
        })
}

fn new_password() -> Result<Zeroizing<String>, Failure> {
    if let Ok(password) = std::env::var(NEW_PASSWORD_ENV) {
        return Ok(Zeroizing::new(password));
    }
    let first = prompt("New vault password: ")?;
    let again = prompt("Repeat the new password: ")?;
    if *first != *again {
        return Err(Failure::bad_input("the new passwords differ"));
    }
    Ok(first)
}

pub fn run(vault: Option<PathBuf>, args: PasswdArgs) -> Result<ExitCode, Failure> {
    let path = match vault {
        Some(path) => path,
        None => default_vault_path()?,
    };
    let vault = unlocked(&path)?;
    let password = new_password()?;
    // The same floor as `init`: a new password protects everything again.
    require_strong(&password)?;
    let params = if insecure_test_kdf() {
        KdfParams::INSECURE_FOR_TESTS
    } else {
        KdfParams::PHONE
    };
    let before = vault.slots().map_err(failure)?;
    if args.rotate {
        let slot = NewSlot::Password {
            password: &password,
            params,
        };
        vault.rotate_data_key(&[slot], now()).map_err(failure)?;
        println!(
            "replaced the data key and re-encrypted the vault; {} old key slot(s) removed",
            before.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let slot_id = match args.slot {
        Some(id) => id,
        None => {
            let mut passwords = before.iter().filter(|slot| slot.kind == SlotKind::Password);
            match (passwords.next(), passwords.next()) {
                (Some(only), None) => only.id.clone(),
                (None, _) => return Err(Failure::other("this vault has no password slot")),
                (Some(_), Some(_)) => {
                    return Err(Failure::bad_input(
                        "this vault has several password slots: choose one with --slot ID",
                    ))
                }
            }
        }
    };
    vault
        .change_password(&slot_id, &password, params, now())
        .map_err(failure)?;
    println!("changed the password (use --rotate if the old one may have leaked)");
    Ok(ExitCode::SUCCESS)
}
