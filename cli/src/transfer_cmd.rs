//! `twofold import FILE` and `twofold export --format … --out FILE`: moving
//! accounts in from other apps and out to them or to an encrypted backup.
//! A password that protects the file itself comes from
//! `TWOFOLD_FILE_PASSWORD` or a prompt (never the vault password).

use crate::failure::Failure;
use crate::session::{failure, insecure_test_kdf, now, unlocked};
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twofold_core::kdf_limits::ByteSize;
use twofold_core::transfer::limits::{self, MAX_PROBLEMS_SHOWN};
use twofold_core::transfer::{
    self, aegis, backup, google, uri_list, ConsentError, EntryProblem, Format, ImportFile,
    PortableAccount, TransferError,
};
use twofold_core::vault::{ImportReport, KdfParams, Vault};
use zeroize::Zeroizing;

/// Where the password of an encrypted import/export file comes from in scripts.
const FILE_PASSWORD_ENV: &str = "TWOFOLD_FILE_PASSWORD";

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// Twofold's encrypted backup (accounts, notes, counters, recovery codes).
    Twofold,
    /// Aegis-compatible encrypted export.
    Aegis,
    /// Google Authenticator export QR codes as PNG (unencrypted).
    GoogleQr,
    /// Plain otpauth:// URIs, one per line (unencrypted).
    Otpauth,
}

/// What the user said about importing a file that is not entirely readable.
#[derive(Clone, Copy, Debug)]
pub struct Consent {
    /// `--yes`: import the readable part without asking.
    pub yes: bool,
}

/// `twofold import FILE`.
pub fn import(vault_path: &Path, file: &Path, consent: Consent) -> Result<ExitCode, Failure> {
    let bytes = read_import_file(file)?;
    transfer::detect::check_import_size(&bytes).map_err(|e| transfer_failure(file, e))?;
    let format = transfer::sniff(&bytes).ok_or_else(|| {
        Failure::bad_input(format!(
            "{}: {}",
            file.display(),
            transfer::detect::unknown_format(&bytes)
        ))
    })?;
    refuse_costly_file(file, &bytes)?;
    let password = if format.needs_password() {
        Some(file_password(
            &format!("Password of this {format}: "),
            false,
        )?)
    } else {
        None
    };
    let mut imported = transfer::read_import(&bytes, password.as_ref().map(|p| p.as_str()))
        .map_err(|e| transfer_failure(file, e))?;
    let vault = unlocked(vault_path)?;
    apply(&vault, &mut imported, consent)
}

/// The file's bytes, refused without reading it all when it is larger than
/// an import may be.
fn read_import_file(file: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Failure::bad_input(format!("cannot read {}: {e}", file.display()));
    let opened = std::fs::File::open(file).map_err(cannot)?;
    let limit = limits::MAX_IMPORT_FILE_BYTES as u64;
    let mut bytes = Zeroizing::new(Vec::new());
    // One byte past the limit is enough to know it is too large.
    opened
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        let size = std::fs::metadata(file).map_or(limit + 1, |m| m.len());
        return Err(transfer_failure(
            file,
            TransferError::FileTooLarge { bytes: size, limit },
        ));
    }
    Ok(bytes)
}

/// Refuses, before its password is asked for, a file whose key derivation
/// costs more than this device allows (`kdf_limits`).
fn refuse_costly_file(file: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let Ok(inspection) = transfer::inspect(bytes) else {
        // A damaged header gets its precise error from the reader.
        return Ok(());
    };
    match inspection.kdf_refusal() {
        Some(limit) => Err(transfer_failure(
            file,
            TransferError::KdfTooCostly {
                format: inspection.format,
                limit,
            },
        )),
        None => Ok(()),
    }
}

/// `twofold import --inspect FILE`: the format, whether it is encrypted, and
/// what opening it would derive, without a password or a vault.
pub fn inspect(file: &Path) -> Result<ExitCode, Failure> {
    let bytes = read_import_file(file)?;
    let inspection = transfer::inspect(&bytes).map_err(|e| transfer_failure(file, e))?;
    println!("format: {}", inspection.format);
    println!(
        "encrypted: {}",
        if inspection.encrypted { "yes" } else { "no" }
    );
    if let Some(demand) = &inspection.kdf {
        if let Some(largest) = demand.largest() {
            println!(
                "key derivation: {largest}; {} slot(s), {} derivation(s), {} of work in all",
                demand.slots,
                demand.derivations.len(),
                ByteSize(demand.total_work_bytes())
            );
        }
    }
    refuse_costly_file(file, &bytes)?;
    println!("within this device's limits: yes");
    Ok(ExitCode::SUCCESS)
}

/// `twofold add --qr IMAGE…` when the images are Google Authenticator export
/// QR codes: all of one export's codes, imported together.
pub fn import_google_qr(
    vault: &Vault,
    parts: Vec<ImportFile>,
    consent: Consent,
) -> Result<ExitCode, Failure> {
    let mut collector = google::BatchCollector::new();
    for part in parts {
        collector
            .add(part)
            .map_err(|e| Failure::bad_input(e.to_string()))?;
    }
    let mut imported = collector.into_import();
    apply(vault, &mut imported, consent)
}

/// Imports what was read, after the user agreed to leave out what was not
/// (the core's consent rule).
fn apply(vault: &Vault, imported: &mut ImportFile, consent: Consent) -> Result<ExitCode, Failure> {
    let mut doubts: Vec<String> = imported
        .incomplete_google
        .iter()
        .map(ToString::to_string)
        .collect();
    doubts.extend(imported.problems.iter().map(EntryProblem::to_string));
    for doubt in doubts.iter().take(MAX_PROBLEMS_SHOWN) {
        eprintln!("twofold: {doubt}");
    }
    if doubts.len() > MAX_PROBLEMS_SHOWN {
        eprintln!(
            "twofold: … and {} more problem(s)",
            limits::grouped((doubts.len() - MAX_PROBLEMS_SHOWN) as u64)
        );
    }
    if imported.accounts.is_empty() {
        return Err(Failure::bad_input(format!(
            "no account could be read from this {}; nothing imported",
            imported.format
        )));
    }
    let accepted = imported.needs_consent() && confirmed(consent, imported.accounts.len())?;
    imported
        .check_consent(accepted)
        .map_err(|refusal: ConsentError| Failure::bad_input(format!("{refusal} (pass --yes)")))?;
    let report = vault.import(&imported.accounts, now()).map_err(failure)?;
    print_report(imported.format, &report);
    Ok(ExitCode::SUCCESS)
}

fn confirmed(consent: Consent, readable: usize) -> Result<bool, Failure> {
    if consent.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("Import the {readable} readable account(s) anyway? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

fn print_report(format: Format, report: &ImportReport) {
    for account in &report.added {
        println!("added\t{}\t{}", account.id, account.label());
    }
    for duplicate in &report.duplicates {
        println!("duplicate\t{}\t{}", duplicate.existing_id, duplicate.label);
    }
    for shared in &report.shared_secrets {
        eprintln!(
            "twofold: note: {} shares its secret with {}; both are kept",
            shared.label, shared.other_label
        );
    }
    eprintln!(
        "twofold: imported {} account(s) from this {format}; {} already in the vault",
        report.added.len(),
        report.duplicates.len()
    );
}

/// A text file may hold the QR codes of a Google export as
/// `twofold export --format … --out FILE`.
pub fn export(
    vault_path: &Path,
    format: ExportFormat,
    out: &Path,
    unencrypted_ok: bool,
    strict: bool,
) -> Result<ExitCode, Failure> {
    let vault = unlocked(vault_path)?;
    let accounts = vault.export_all().map_err(failure)?;
    if accounts.is_empty() {
        return Err(Failure::bad_input("the vault has no accounts to export"));
    }
    match format {
        ExportFormat::Twofold => {
            let password = file_password("Password for the backup file: ", true)?;
            crate::new_password::require_strong(&password)?;
            let kdf = if insecure_test_kdf() {
                KdfParams::INSECURE_FOR_TESTS
            } else {
                KdfParams::PHONE
            };
            let sealed = backup::write(&accounts, &password, kdf, now()).map_err(export_failure)?;
            write_private(out, &sealed)?;
        }
        ExportFormat::Aegis => {
            let password = file_password("Password for the Aegis file: ", true)?;
            crate::new_password::require_strong(&password)?;
            let sealed = aegis::export(&accounts, Some(&password)).map_err(export_failure)?;
            write_private(out, &sealed)?;
        }
        ExportFormat::Otpauth => {
            confirm_unencrypted(unencrypted_ok, out)?;
            write_private(out, uri_list::export(&accounts).as_bytes())?;
        }
        ExportFormat::GoogleQr => {
            confirm_unencrypted(unencrypted_ok, out)?;
            return export_google_qr(&accounts, out, strict);
        }
    }
    eprintln!(
        "twofold: exported {} account(s) to {}",
        accounts.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// One PNG per QR code: `FILE` itself when one code holds everything,
/// otherwise `STEM-1.png`, `STEM-2.png`, … beside it. Accounts Google cannot
/// represent are named on stderr with the reason, and the count says how
/// many of all were exported. A partial export still succeeds (its files
/// are written) unless `strict`.
fn export_google_qr(
    accounts: &[PortableAccount],
    out: &Path,
    strict: bool,
) -> Result<ExitCode, Failure> {
    let per_code = google::accounts_per_qr(accounts.len());
    let export = google::export_qr_pngs(accounts, per_code).map_err(export_failure)?;
    for skipped in &export.skipped {
        eprintln!("twofold: left out {skipped}");
    }
    let paths = numbered_paths(out, export.pngs.len());
    for (path, png) in paths.iter().zip(&export.pngs) {
        write_private(path, png)?;
        println!("{}", path.display());
    }
    let exported = accounts.len() - export.skipped.len();
    eprintln!(
        "twofold: exported {exported} of {} account(s) in {} QR code(s)",
        accounts.len(),
        paths.len()
    );
    Ok(if strict && !export.skipped.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn numbered_paths(out: &Path, count: usize) -> Vec<PathBuf> {
    if count <= 1 {
        return vec![out.to_path_buf()];
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    (1..=count)
        .map(|n| out.with_file_name(format!("{stem}-{n}.png")))
        .collect()
}

/// Plain exports hold every secret in the clear. In a terminal the user must
/// type "yes" (or pass --unencrypted); a script chose the format explicitly
/// and gets a warning.
fn confirm_unencrypted(unencrypted_ok: bool, out: &Path) -> Result<(), Failure> {
    if unencrypted_ok {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        eprintln!(
            "twofold: warning: {} will hold your secrets UNENCRYPTED",
            out.display()
        );
        return Ok(());
    }
    eprint!(
        "{} will hold your secrets UNENCRYPTED: anyone who gets it can make your codes. Type yes to continue: ",
        out.display()
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Failure::other(format!("cannot read the answer: {e}")))?;
    if answer.trim() == "yes" {
        Ok(())
    } else {
        Err(Failure::bad_input("export cancelled: nothing written"))
    }
}

/// Writes `bytes` readable by the owner only, via a temporary file and a
/// rename so a crash never leaves half a backup under the final name.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let cannot =
        |e: std::io::Error| Failure::other(format!("cannot write {}: {e}", path.display()));
    let temporary = path.with_file_name(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(cannot(e));
    }
    Ok(())
}

fn file_password(prompt: &str, confirm: bool) -> Result<Zeroizing<String>, Failure> {
    if let Ok(password) = std::env::var(FILE_PASSWORD_ENV) {
        if password.is_empty() {
            return Err(Failure::bad_input(format!("{FILE_PASSWORD_ENV} is empty")));
        }
        return Ok(Zeroizing::new(password));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|_| {
                Failure::other(format!(
                    "cannot read the file's password: set {FILE_PASSWORD_ENV} or run in a terminal"
                ))
            })
    };
    let password = ask(prompt)?;
    if password.is_empty() {
        return Err(Failure::bad_input("the password must not be empty"));
    }
    if confirm && *ask("Repeat the password: ")? != *password {
        return Err(Failure::bad_input("the passwords differ"));
    }
    Ok(password)
}

/// Bad files and wrong passwords are the user's input (exit 2).
fn transfer_failure(file: &Path, error: TransferError) -> Failure {
    Failure::bad_input(format!("{}: {error}", file.display()))
}

fn export_failure(error: TransferError) -> Failure {
    Failure::other(error)
}
