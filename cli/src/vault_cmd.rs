//! The vault commands of the CLI contract (docs/design.md §8): init, add,
//! list, codes, remove, recovery, enroll, import, export, and (in
//! `edit_cmd`) rename, note, trash, restore, next. The password comes from
//! `TWOFOLD_PASSWORD` or a prompt.

use crate::code_cmd;
use crate::edit_cmd;
use crate::failure::Failure;
use crate::new_password;
use crate::otp_args::OtpArgs;
use crate::private_dir;
use crate::secret_input::SecretArg;
use crate::session::{
    account_json, default_vault_path, failure, finish, insecure_test_kdf, now, password, unlocked,
    PASSWORD_ENV,
};
use crate::transfer_cmd::{self, ExportFormat};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twofold_core::key::validate_entry;
use twofold_core::scan::{self, ScanOutcome};
use twofold_core::vault::{KdfParams, NewSlot, Vault};
use twofold_core::{otp::Code, uri, Error, NewAccount};

#[derive(Subcommand, Debug)]
pub enum VaultCommand {
    /// Create a new vault protected by a password.
    Init,
    /// Add an account from an otpauth URI, a QR image or a typed key.
    Add(AddArgs),
    /// List the accounts (no secrets).
    List {
        /// Print a JSON array of accounts.
        #[arg(long)]
        json: bool,
    },
    /// Show the current code of every account.
    Codes {
        /// Unix time to compute the codes at (default: now).
        #[arg(long, value_name = "UNIX")]
        at: Option<u64>,
        /// Print a JSON array of accounts with their codes.
        #[arg(long)]
        json: bool,
    },
    /// Move an account to the trash.
    Remove {
        /// The account's id (see `twofold list`).
        id: String,
    },
    /// Change an account's issuer or account name (only the fields given).
    Rename {
        id: String,
        /// The new issuer; "" removes it.
        #[arg(long)]
        issuer: Option<String>,
        /// The new account name.
        #[arg(long)]
        account: Option<String>,
    },
    /// Set an account's note ("" clears it).
    Note { id: String, text: String },
    /// List the accounts in the trash (they can be restored).
    Trash {
        /// Print a JSON array of accounts with their deletion time.
        #[arg(long)]
        json: bool,
    },
    /// Bring an account back from the trash.
    Restore { id: String },
    /// Counter-based (HOTP) account: advance the counter and print the next
    /// code (the counter is saved first, so a code is never shown twice).
    Next {
        id: String,
        /// Print a JSON array with the account and its code.
        #[arg(long)]
        json: bool,
    },
    /// Recovery codes saved for an account.
    Recovery {
        #[command(subcommand)]
        command: RecoveryCommand,
    },
    /// Guided enrollment: scan a QR image or type the key, enter the code on
    /// the site, keep its recovery code.
    Enroll,
    /// Export every account: an encrypted backup (twofold), an encrypted
    /// Aegis file, Google Authenticator QR codes or plain otpauth URIs.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Do not ask before writing an unencrypted file (google-qr, otpauth).
        #[arg(long)]
        unencrypted: bool,
        /// Exit 1 when the export had to leave accounts out (google-qr).
        #[arg(long)]
        strict: bool,
    },
    /// Import accounts from another app's export or a Twofold backup (the
    /// format is recognised from the content).
    Import {
        file: PathBuf,
        /// Import the readable entries even if some could not be read.
        #[arg(long)]
        yes: bool,
        /// Only show the format and what opening it would cost (no password
        /// asked, nothing imported); exit 2 if this device would refuse it.
        #[arg(long)]
        inspect: bool,
    },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["uri", "qr", "key"])))]
pub struct AddArgs {
    /// An otpauth:// URI; `-` reads it from standard input, no value asks for it.
    #[arg(long, value_name = "URI")]
    uri: Option<Option<String>>,
    /// An image file with the site's QR code. Repeat it for every QR code of
    /// a Google Authenticator export.
    #[arg(long, value_name = "FILE")]
    qr: Vec<PathBuf>,
    /// With Google Authenticator export QR codes: import even if some of the
    /// export's codes are missing or unreadable.
    #[arg(long, requires = "qr")]
    yes: bool,
    /// A Base32 key as the site shows it; `-` reads it from standard input,
    /// no value asks for it.
    #[arg(long, value_name = "KEY", requires = "account")]
    key: Option<Option<String>>,
    /// The service, e.g. "ACME Co" (with --key).
    #[arg(long, requires = "key")]
    issuer: Option<String>,
    /// The account name, e.g. your email (with --key).
    #[arg(long, requires = "key")]
    account: Option<String>,
    #[command(flatten)]
    otp: OtpArgs,
}

#[derive(Subcommand, Debug)]
pub enum RecoveryCommand {
    /// Save a recovery code the site gave you for an account (CODE `-` reads
    /// it from standard input; without CODE it is asked for).
    Add { id: String, code: Option<String> },
    /// Mark a recovery code used (a code works once; CODE as for `add`).
    Use { id: String, code: Option<String> },
    /// List an account's recovery codes (without their text).
    List { id: String },
}

pub fn run(vault: Option<PathBuf>, command: VaultCommand) -> Result<ExitCode, Failure> {
    let path = match vault {
        Some(path) => path,
        None => default_vault_path()?,
    };
    match command {
        VaultCommand::Init => init(&path),
        VaultCommand::Add(args) => add(&path, args),
        VaultCommand::List { json } => list(&path, json),
        VaultCommand::Codes { at, json } => codes(&path, at.unwrap_or_else(now), json),
        VaultCommand::Remove { id } => {
            unlocked(&path)?.delete(&id, now()).map_err(failure)?;
            println!("moved {id} to the trash");
            Ok(ExitCode::SUCCESS)
        }
        VaultCommand::Rename {
            id,
            issuer,
            account,
        } => edit_cmd::rename(&path, &id, issuer.as_deref(), account.as_deref()),
        VaultCommand::Note { id, text } => edit_cmd::note(&path, &id, &text),
        VaultCommand::Trash { json } => edit_cmd::trash(&path, json),
        VaultCommand::Restore { id } => edit_cmd::restore(&path, &id),
        VaultCommand::Next { id, json } => edit_cmd::next(&path, &id, json),
        VaultCommand::Recovery { command } => recovery(&path, command),
        VaultCommand::Enroll => crate::enroll_cmd::run(unlocked(&path)?),
        VaultCommand::Export {
            format,
            out,
            unencrypted,
            strict,
        } => transfer_cmd::export(&path, format, &out, unencrypted, strict),
        VaultCommand::Import { file, inspect, .. } if inspect => transfer_cmd::inspect(&file),
        VaultCommand::Import { file, yes, .. } => {
            transfer_cmd::import(&path, &file, transfer_cmd::Consent { yes })
        }
    }
}

fn init(path: &Path) -> Result<ExitCode, Failure> {
    if path.exists() {
        return Err(Failure::other(format!(
            "{} already exists; refusing to overwrite it",
            path.display()
        )));
    }
    let password = password("New vault password: ")?;
    new_password::require_strong(&password)?;
    if std::env::var(PASSWORD_ENV).is_err() {
        let again = self::password("Repeat the password: ")?;
        if *again != *password {
            return Err(Failure::bad_input("the passwords differ"));
        }
    }
    let params = if insecure_test_kdf() {
        KdfParams::INSECURE_FOR_TESTS
    } else {
        KdfParams::PHONE
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        private_dir::create(parent)
            .map_err(|e| Failure::other(format!("cannot create {}: {e}", parent.display())))?;
    }
    Vault::create(
        path,
        &[NewSlot::Password {
            password: &password,
            params,
        }],
        now(),
    )
    .map_err(failure)?;
    println!("created {}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn add(path: &Path, args: AddArgs) -> Result<ExitCode, Failure> {
    let account: NewAccount = if let Some(given) = &args.uri {
        uri::parse(&code_cmd::URI.read(given.as_deref())?).map_err(Error::from)?
    } else if !args.qr.is_empty() {
        match codes_from_qr(&args.qr)? {
            QrCodes::Setup(account) => account,
            QrCodes::GoogleExport(parts) => {
                let consent = transfer_cmd::Consent { yes: args.yes };
                return transfer_cmd::import_google_qr(&unlocked(path)?, parts, consent);
            }
        }
    } else if let Some(given) = &args.key {
        let key = code_cmd::KEY.read(given.as_deref())?;
        let entry = args.otp.to_entry(
            &key,
            args.issuer.as_deref().unwrap_or(""),
            args.account.as_deref().unwrap_or(""),
        );
        validate_entry(&entry).map_err(Error::Form)?.account
    } else {
        return Err(Failure::bad_input("give --uri, --qr or --key"));
    };
    let vault = unlocked(path)?;
    for existing in vault.find_same_secret(&account.secret).map_err(failure)? {
        eprintln!(
            "twofold: note: account {} already has this key; keeping both",
            existing.id
        );
    }
    let added = vault.add(&account, now()).map_err(failure)?;
    println!("{}", added.id);
    Ok(ExitCode::SUCCESS)
}

/// What `add --qr` images hold: one site's setup code, or the codes of a
/// Google Authenticator export (all of them, so they import together).
enum QrCodes {
    Setup(NewAccount),
    GoogleExport(Vec<twofold_core::transfer::ImportFile>),
}

fn codes_from_qr(files: &[PathBuf]) -> Result<QrCodes, Failure> {
    let mut exports = Vec::new();
    let mut setup = None;
    for file in files {
        match scan_qr(file)? {
            QrCodes::Setup(account) => setup = Some((file, account)),
            QrCodes::GoogleExport(parts) => exports.extend(parts),
        }
    }
    match (setup, exports.is_empty()) {
        (Some((_, account)), true) if files.len() == 1 => Ok(QrCodes::Setup(account)),
        (None, false) => Ok(QrCodes::GoogleExport(exports)),
        (Some((file, _)), _) => Err(Failure::bad_input(format!(
            "{}: a site's setup code is added on its own; give --qr once for it",
            file.display()
        ))),
        (None, true) => Err(Failure::bad_input("no QR image given")),
    }
}

/// The code in one QR image, or a precise reason why there is none.
fn scan_qr(file: &Path) -> Result<QrCodes, Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", file.display())))?;
    match scan::scan_image(&bytes).map_err(Error::from)? {
        ScanOutcome::Account(account) => Ok(QrCodes::Setup(account)),
        ScanOutcome::Migration { export } => Ok(QrCodes::GoogleExport(vec![export])),
        ScanOutcome::InvalidMigration { error } => Err(Failure::bad_input(format!(
            "{}: the Google Authenticator export code is invalid: {error}",
            file.display()
        ))),
        ScanOutcome::InvalidAccount { error } => Err(Failure::bad_input(format!(
            "{}: the setup code is invalid: {error}",
            file.display()
        ))),
        ScanOutcome::BareKey { .. } => Err(Failure::bad_input(format!(
            "{}: the QR code holds only a key, not a setup code: add it with --key - and name it with --issuer and --account",
            file.display()
        ))),
        ScanOutcome::NotAnAuthenticatorCode { .. } => Err(Failure::bad_input(format!(
            "{}: the QR code is not an authenticator setup code",
            file.display()
        ))),
        ScanOutcome::Nothing => Err(Failure::bad_input(format!(
            "{}: no QR code found",
            file.display()
        ))),
    }
}

fn list(path: &Path, as_json: bool) -> Result<ExitCode, Failure> {
    let listing = unlocked(path)?.list().map_err(failure)?;
    if as_json {
        let accounts: Vec<Value> = listing.accounts.iter().map(account_json).collect();
        println!("{}", Value::Array(accounts));
    } else {
        for account in &listing.accounts {
            println!("{}\t{}", account.id, account.label());
        }
    }
    Ok(finish(&listing.unreadable))
}

fn codes(path: &Path, at: u64, as_json: bool) -> Result<ExitCode, Failure> {
    let listing = unlocked(path)?.codes(at).map_err(failure)?;
    if as_json {
        let rows: Vec<Value> = listing
            .codes
            .iter()
            .map(|entry| {
                let mut row = account_json(&entry.account);
                let code: Option<&Code> = entry.code.as_ref();
                if let Value::Object(fields) = &mut row {
                    fields.insert("code".into(), json!(code.map(|c| &c.value)));
                    fields.insert("valid_from".into(), json!(code.map(|c| c.valid_from)));
                    fields.insert(
                        "valid_until".into(),
                        json!(code.and_then(|c| c.valid_until)),
                    );
                }
                row
            })
            .collect();
        println!("{}", Value::Array(rows));
    } else {
        for entry in &listing.codes {
            match &entry.code {
                Some(code) => println!(
                    "{}\t{}\t{}s",
                    code.value,
                    entry.account.label(),
                    code.seconds_left(at).unwrap_or(0)
                ),
                None => println!("-\t{}\t(counter-based)", entry.account.label()),
            }
        }
    }
    Ok(finish(&listing.unreadable))
}

/// A recovery code is a secret: see [`SecretArg`].
const RECOVERY_CODE: SecretArg = SecretArg {
    name: "CODE",
    prompt: "Recovery code",
};

fn recovery(path: &Path, command: RecoveryCommand) -> Result<ExitCode, Failure> {
    // The code is read before the vault is unlocked, so its prompt comes first.
    match command {
        RecoveryCommand::Add { id, code } => {
            let code = RECOVERY_CODE.read(code.as_deref())?;
            let saved = unlocked(path)?
                .save_recovery_code(&id, &code, now())
                .map_err(failure)?;
            println!("{}", saved.id);
            Ok(ExitCode::SUCCESS)
        }
        RecoveryCommand::Use { id, code } => {
            let code = RECOVERY_CODE.read(code.as_deref())?;
            let used = unlocked(path)?
                .use_recovery_code(&id, &code, now())
                .map_err(failure)?;
            println!("recovery code {} is now used", used.id);
            Ok(ExitCode::SUCCESS)
        }
        RecoveryCommand::List { id } => {
            let listing = unlocked(path)?.recovery_codes(&id).map_err(failure)?;
            for code in &listing.codes {
                let used = code
                    .used_at
                    .map_or_else(|| "unused".to_string(), |t| format!("used {t}"));
                println!("{}\tsaved {}\t{used}", code.id, code.saved_at);
            }
            Ok(finish(&listing.unreadable))
        }
    }
}
