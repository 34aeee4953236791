//! What every command that opens the vault shares: where the vault is, the
//! password (from the environment or the terminal), unlocking, how a vault
//! error becomes an exit status, the clock, and how an account is shown.
//! The command modules use this and never each other.

use crate::failure::Failure;
use crate::private_dir;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twofold_core::vault::{Account, UnreadableRow, Vault, VaultError};
use twofold_core::OtpKind;
use zeroize::Zeroizing;

/// Where the password comes from in scripts and tests.
pub(crate) const PASSWORD_ENV: &str = "TWOFOLD_PASSWORD";
/// Test-only: `TWOFOLD_INSECURE_TEST_KDF=1` makes `init` use Argon2 parameters
/// that are cheap to guess, so CLI tests run fast. Never set it for a real vault.
const INSECURE_KDF_ENV: &str = "TWOFOLD_INSECURE_TEST_KDF";

/// `<data dir>/twofold/vault.sqlite`. The `twofold` directory is ours: it is
/// kept private even if an older version made it readable to others.
pub(crate) fn default_vault_path() -> Result<PathBuf, Failure> {
    let dir = dirs::data_dir()
        .map(|dir| dir.join("twofold"))
        .ok_or_else(|| Failure::other("no data directory on this system: give --vault PATH"))?;
    if let Err(error) = private_dir::tighten(&dir) {
        eprintln!(
            "twofold: warning: cannot make {} private: {error}",
            dir.display()
        );
    }
    Ok(dir.join("vault.sqlite"))
}

/// Maps vault errors to the CLI's exit codes: 2 for what the user typed.
pub(crate) fn failure(error: VaultError) -> Failure {
    match error {
        VaultError::AccountNotFound { .. }
        | VaultError::RecoveryCodeNotFound { .. }
        | VaultError::EmptyRecoveryCode
        | VaultError::NotHotp { .. }
        | VaultError::BadOrder
        | VaultError::Password(_)
        | VaultError::Otp(_) => Failure::bad_input(error),
        VaultError::NoSuchFile => {
            Failure::other("no vault at this path (create one with `twofold init`)")
        }
        other => Failure::other(other),
    }
}

/// Whether tests asked for cheap key derivation (warned about on stderr).
pub(crate) fn insecure_test_kdf() -> bool {
    let insecure = std::env::var(INSECURE_KDF_ENV).is_ok_and(|v| v == "1");
    if insecure {
        eprintln!("twofold: warning: {INSECURE_KDF_ENV}=1: weak key derivation for tests only");
    }
    insecure
}

pub(crate) fn password(prompt: &str) -> Result<Zeroizing<String>, Failure> {
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        return Ok(Zeroizing::new(password));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| {
            Failure::other(format!(
                "cannot read a password: set {PASSWORD_ENV} or run in a terminal"
            ))
        })
}

pub(crate) fn unlocked(path: &Path) -> Result<Vault, Failure> {
    let vault = Vault::open(path).map_err(failure)?;
    let password = password("Vault password: ")?;
    vault.unlock_with_password(&password).map_err(failure)?;
    Ok(vault)
}

/// The desktop clock; the core itself never reads one.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The stable JSON shape of an account (docs/design.md §8).
pub(crate) fn account_json(account: &Account) -> Value {
    let (kind, period, counter) = match account.params.kind {
        OtpKind::Totp { period } => ("totp", Some(period), None),
        OtpKind::Hotp { counter } => ("hotp", None, Some(counter)),
        OtpKind::Steam => ("steam", Some(twofold_core::account::STEAM_PERIOD), None),
    };
    json!({
        "id": account.id,
        "issuer": account.issuer,
        "name": account.name,
        "type": kind,
        "algorithm": account.params.algorithm.as_str(),
        "digits": account.params.digits,
        "period": period,
        "counter": counter,
        "note": account.note,
        "position": account.position,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    })
}

/// Damaged rows are named on stderr and make the exit status 1, after the
/// readable accounts have been printed.
pub(crate) fn finish(unreadable: &[UnreadableRow]) -> ExitCode {
    for row in unreadable {
        eprintln!(
            "twofold: {} row {} cannot be read (damaged or tampered with)",
            row.table, row.id
        );
    }
    if unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
