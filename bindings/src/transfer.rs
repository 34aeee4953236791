//! Moving accounts between apps: reading another app's export (its secrets
//! stay in Rust inside [`PendingImport`]), collecting the QR codes of a
//! Google Authenticator export, and the vault's import and export calls.

use crate::account::OtpParams;
use crate::error::{to_u32, TwofoldError};
use crate::vault::{Account, KdfParams, Vault};
use std::sync::{Arc, Mutex, MutexGuard};
use twofold_core::migration::{self, google, EntryProblem, Format, ImportFile};

/// The formats Twofold can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ImportFormat {
    GoogleMigration,
    AegisPlain,
    AegisEncrypted,
    TwoFas,
    AndOtp,
    Bitwarden,
    UriList,
    TwofoldBackup,
}

impl From<Format> for ImportFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::GoogleMigration => ImportFormat::GoogleMigration,
            Format::AegisPlain => ImportFormat::AegisPlain,
            Format::AegisEncrypted => ImportFormat::AegisEncrypted,
            Format::TwoFas => ImportFormat::TwoFas,
            Format::AndOtp => ImportFormat::AndOtp,
            Format::Bitwarden => ImportFormat::Bitwarden,
            Format::UriList => ImportFormat::UriList,
            Format::TwofoldBackup => ImportFormat::TwofoldBackup,
        }
    }
}

/// Recognises an export file by its content, so the UI knows whether to ask
/// for the file's password (`AegisEncrypted`, `TwofoldBackup`). `None`: not a
/// format Twofold reads.
#[uniffi::export]
pub fn detect_import_format(bytes: Vec<u8>) -> Option<ImportFormat> {
    migration::sniff(&bytes).map(Into::into)
}

/// Reads an export file of any supported format. `password` is the file's
/// own password, needed for encrypted formats.
#[uniffi::export]
pub fn read_import(
    bytes: Vec<u8>,
    password: Option<String>,
) -> Result<Arc<PendingImport>, TwofoldError> {
    // The file may hold every secret in the clear (plain formats).
    let bytes = zeroize::Zeroizing::new(bytes);
    let password = password.map(zeroize::Zeroizing::new);
    let file = migration::read_import(&bytes, password.as_deref().map(String::as_str))?;
    Ok(PendingImport::new(file))
}

/// Reads one `otpauth-migration://` URI (a Google Authenticator export QR
/// code's text).
#[uniffi::export]
pub fn read_google_export(uri: &str) -> Result<Arc<PendingImport>, TwofoldError> {
    Ok(PendingImport::new(google::parse_uri(uri)?))
}

/// One account of an export as the UI lists it before importing: no secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportEntry {
    pub issuer: Option<String>,
    pub name: String,
    pub params: OtpParams,
    pub note: String,
    pub groups: Vec<String>,
    pub recovery_codes: u32,
}

/// An entry of an export that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportProblem {
    /// 1-based place in the file (line number for URI lists).
    pub position: u32,
    /// "Issuer (name)" when those were readable.
    pub label: Option<String>,
    pub reason: String,
}

impl From<&EntryProblem> for ImportProblem {
    fn from(problem: &EntryProblem) -> Self {
        ImportProblem {
            position: to_u32(problem.position),
            label: problem.label.clone(),
            reason: problem.reason.clone(),
        }
    }
}

/// Where one Google Authenticator export QR code sits in its export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct GoogleBatchInfo {
    pub batch_id: i32,
    /// 0-based.
    pub index: u32,
    pub size: u32,
}

/// An export file that was read and waits for the user's decision. Its
/// secrets stay in Rust; `Vault.import` takes it. When `problems()` is not
/// empty the UI must ask before importing the rest.
#[derive(uniffi::Object)]
pub struct PendingImport {
    file: ImportFile,
}

impl PendingImport {
    pub(crate) fn new(file: ImportFile) -> Arc<Self> {
        Arc::new(PendingImport { file })
    }
}

impl std::fmt::Debug for PendingImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingImport")
            .field("format", &self.file.format)
            .field("accounts", &self.file.accounts.len())
            .field("problems", &self.file.problems.len())
            .finish()
    }
}

#[uniffi::export]
impl PendingImport {
    pub fn format(&self) -> ImportFormat {
        self.file.format.into()
    }

    /// The readable accounts, without secrets.
    pub fn entries(&self) -> Vec<ImportEntry> {
        self.file
            .accounts
            .iter()
            .map(|portable| ImportEntry {
                issuer: portable.account.issuer.clone(),
                name: portable.account.name.clone(),
                params: portable.account.params.into(),
                note: portable.note.clone(),
                groups: portable.groups.clone(),
                recovery_codes: to_u32(portable.recovery_codes.len()),
            })
            .collect()
    }

    /// The entries that could not be read.
    pub fn problems(&self) -> Vec<ImportProblem> {
        self.file.problems.iter().map(Into::into).collect()
    }

    /// For one QR code of a Google Authenticator export: its place in the export.
    pub fn google_batch(&self) -> Option<GoogleBatchInfo> {
        self.file.google_batch.map(|batch| GoogleBatchInfo {
            batch_id: batch.batch_id,
            index: u32::try_from(batch.index).unwrap_or(0),
            size: u32::try_from(batch.size).unwrap_or(0),
        })
    }
}

/// How far the scanning of a multi-QR Google export has come.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GoogleExportProgress {
    /// QR codes in the export.
    pub size: u32,
    /// 0-based indices still to scan.
    pub missing: Vec<u32>,
}

/// Collects the QR codes of one Google Authenticator export as the user scans
/// them (in any order, repeats ignored); a code of another export is refused.
#[derive(uniffi::Object)]
pub struct GoogleExportCollector {
    collector: Mutex<google::BatchCollector>,
}

impl GoogleExportCollector {
    fn collector(&self) -> MutexGuard<'_, google::BatchCollector> {
        // A panic while holding the lock leaves the collector usable as is.
        self.collector
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl std::fmt::Debug for GoogleExportCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GoogleExportCollector")
    }
}

#[uniffi::export]
impl GoogleExportCollector {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(GoogleExportCollector {
            collector: Mutex::new(google::BatchCollector::new()),
        })
    }

    /// Adds one scanned QR code (from `read_google_export` or a scan outcome).
    pub fn add(&self, part: &PendingImport) -> Result<GoogleExportProgress, TwofoldError> {
        let mut collector = self.collector();
        collector
            .add(part.file.clone())
            .map_err(twofold_core::migration::MigrationError::from)?;
        Ok(progress(&collector))
    }

    pub fn progress(&self) -> GoogleExportProgress {
        progress(&self.collector())
    }

    /// Everything collected so far, ready for `Vault.import` (call it when the
    /// export is complete, or when the user chooses to import a part).
    pub fn finish(&self) -> Arc<PendingImport> {
        let collector = std::mem::take(&mut *self.collector());
        PendingImport::new(collector.into_import())
    }
}

fn progress(collector: &google::BatchCollector) -> GoogleExportProgress {
    GoogleExportProgress {
        size: u32::try_from(collector.size()).unwrap_or(0),
        missing: collector
            .missing_indices()
            .into_iter()
            .filter_map(|index| u32::try_from(index).ok())
            .collect(),
    }
}

/// An account the import left out because the vault already has it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DuplicateAccount {
    pub label: String,
    /// The account already in the vault.
    pub existing_id: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    pub added: Vec<Account>,
    pub duplicates: Vec<DuplicateAccount>,
}

/// Google Authenticator export QR codes, and the accounts Google's format
/// cannot carry (named, with the reason).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GoogleQrExport {
    /// PNG images, one per QR code, in order.
    pub pngs: Vec<Vec<u8>>,
    pub left_out: Vec<ImportProblem>,
}

#[uniffi::export]
impl Vault {
    /// Adds every account of `pending` in one transaction (all or nothing).
    /// Accounts already in the vault (same secret and issuer) are reported,
    /// not doubled. When some entries of the file could not be read, nothing
    /// is imported unless the user agreed to the rest (`accept_problems`).
    pub fn import_accounts(
        &self,
        pending: &PendingImport,
        accept_problems: bool,
        now: u64,
    ) -> Result<ImportReport, TwofoldError> {
        let problems = pending.file.problems.len();
        if problems > 0 && !accept_problems {
            return Err(TwofoldError::ImportFailed {
                reason: format!(
                    "nothing imported: {problems} entr{} of this file could not be read; \
                     confirm importing the {} readable account(s) first",
                    if problems == 1 { "y" } else { "ies" },
                    pending.file.accounts.len()
                ),
            });
        }
        let report = self.core().import(&pending.file.accounts, now)?;
        Ok(ImportReport {
            added: report.added.into_iter().map(Into::into).collect(),
            duplicates: report
                .duplicates
                .into_iter()
                .map(|duplicate| DuplicateAccount {
                    label: duplicate.label,
                    existing_id: duplicate.existing_id,
                })
                .collect(),
        })
    }

    /// REVEALS EVERY SECRET, encrypted: a Twofold backup of every account with
    /// notes, counters and recovery codes, sealed under `password` (which
    /// must reach the strength floor).
    pub fn export_backup(
        &self,
        password: String,
        kdf_params: Option<KdfParams>,
        now: u64,
    ) -> Result<Vec<u8>, TwofoldError> {
        crate::password::require_new_password(&password)?;
        let accounts = self.core().export_all()?;
        Ok(migration::backup::write(
            &accounts,
            &password,
            crate::vault::kdf(kdf_params),
            now,
        )?)
    }

    /// REVEALS EVERY SECRET, encrypted: an Aegis-compatible export under
    /// `password` (which must reach the strength floor).
    pub fn export_aegis(&self, password: String) -> Result<Vec<u8>, TwofoldError> {
        crate::password::require_new_password(&password)?;
        let accounts = self.core().export_all()?;
        Ok(migration::aegis::export(&accounts, Some(&password))?.to_vec())
    }

    /// REVEALS EVERY SECRET, UNENCRYPTED: one otpauth:// URI per line. The UI
    /// must have the user confirm that the result is unencrypted.
    pub fn export_otpauth_list(&self) -> Result<String, TwofoldError> {
        let accounts = self.core().export_all()?;
        Ok(migration::uri_list::export(&accounts).to_string())
    }

    /// REVEALS EVERY SECRET, UNENCRYPTED: Google Authenticator export QR codes.
    pub fn export_google_qr(&self, accounts_per_code: u32) -> Result<GoogleQrExport, TwofoldError> {
        let accounts = self.core().export_all()?;
        let per_code = usize::try_from(accounts_per_code.max(1)).unwrap_or(1);
        let export = google::export_qr_pngs(&accounts, per_code)?;
        Ok(GoogleQrExport {
            pngs: export.pngs.iter().map(|png| png.to_vec()).collect(),
            left_out: export.skipped.iter().map(Into::into).collect(),
        })
    }
}
