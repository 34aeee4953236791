//! Moving accounts between apps: reading another app's export (its secrets
//! stay in Rust inside [`PendingImport`]), collecting the QR codes of a
//! Google Authenticator export, and the vault's import and export calls.

use crate::account::OtpParams;
use crate::error::{to_u32, ImportFailure, TwofoldError};
use crate::vault::{Account, KdfParams, Vault};
use std::sync::{Arc, Mutex, MutexGuard};
use twofold_core::kdf_limits;
use twofold_core::transfer::{self, google, EntryProblem, Format, ImportFile, TransferError};
use zeroize::Zeroizing;

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
    // Unencrypted formats of other apps (issue 18).
    BitwardenCsv,
    FreeOtpXml,
    FreeOtpPlusJson,
    SteamMaFile,
    ProtonAuthenticator,
    DuoMobile,
    StratumPlain,
    AuthyXml,
    BattleNetXml,
    GoogleAuthenticatorDb,
    MicrosoftAuthenticatorDb,
    TwoFasEncrypted,
    AndOtpEncrypted,
    BitwardenEncrypted,
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
            Format::BitwardenCsv => ImportFormat::BitwardenCsv,
            Format::FreeOtpXml => ImportFormat::FreeOtpXml,
            Format::FreeOtpPlusJson => ImportFormat::FreeOtpPlusJson,
            Format::SteamMaFile => ImportFormat::SteamMaFile,
            Format::ProtonAuthenticator => ImportFormat::ProtonAuthenticator,
            Format::DuoMobile => ImportFormat::DuoMobile,
            Format::StratumPlain => ImportFormat::StratumPlain,
            Format::AuthyXml => ImportFormat::AuthyXml,
            Format::BattleNetXml => ImportFormat::BattleNetXml,
            Format::GoogleAuthenticatorDb => ImportFormat::GoogleAuthenticatorDb,
            Format::MicrosoftAuthenticatorDb => ImportFormat::MicrosoftAuthenticatorDb,
            Format::TwoFasEncrypted => ImportFormat::TwoFasEncrypted,
            Format::AndOtpEncrypted => ImportFormat::AndOtpEncrypted,
            Format::BitwardenEncrypted => ImportFormat::BitwardenEncrypted,
        }
    }
}

/// Recognises an export file by its content, so the UI knows whether to ask
/// for the file's password (`AegisEncrypted`, `TwofoldBackup`, and the
/// `…Encrypted` formats of other apps). `None`: not a
/// format Twofold reads.
#[uniffi::export]
pub fn detect_import_format(bytes: Vec<u8>) -> Option<ImportFormat> {
    transfer::sniff(&bytes).map(Into::into)
}

/// The key-derivation function an encrypted file asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KdfAlgorithm {
    Argon2id,
    Scrypt,
    Pbkdf2Sha1,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
}

/// What opening an encrypted file would derive, as its header says. When
/// its slots differ, each figure is the largest among them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KdfCost {
    pub algorithm: KdfAlgorithm,
    /// Memory one derivation holds at once.
    pub memory_bytes: u64,
    /// Passes over that memory (Argon2's iterations; 2 for scrypt; PBKDF2's
    /// iterations, whose "memory" is the two hash blocks each one processes).
    pub passes: u64,
    /// Argon2 lanes, or scrypt's p.
    pub parallelism: u32,
    /// Password slots that would be tried.
    pub slots: u32,
    /// Derivations in all: the slots, plus retries (old Aegis slots).
    pub derivations: u32,
    /// Bytes of memory processed by all of them together.
    pub total_work_bytes: u64,
}

/// A cheap look at an import file before asking for its password.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportInspection {
    pub format: ImportFormat,
    /// Opening the file needs its password.
    pub encrypted: bool,
    /// `None` for formats that derive no key.
    pub kdf: Option<KdfCost>,
    /// False when this device would refuse to open the file: tell the user
    /// instead of asking for the password.
    pub within_limits: bool,
    /// Why it would be refused ("… asks for more than this device allows: …").
    pub refusal: Option<String>,
}

/// Recognises an export file and reads its clear header: format, whether it
/// is encrypted, and what its key derivation would cost on this device.
/// Nothing is derived or decrypted. A damaged header fails as `read_import`
/// would.
#[uniffi::export]
pub fn inspect_import(bytes: Vec<u8>) -> Result<ImportInspection, TwofoldError> {
    // The file may hold every secret in the clear (plain formats).
    let bytes = zeroize::Zeroizing::new(bytes);
    let inspection = transfer::inspect(&bytes)?;
    let format = inspection.format;
    let refusal = inspection
        .kdf_refusal()
        .map(|limit| TransferError::KdfTooCostly { format, limit }.to_string());
    let kdf = inspection.kdf.as_ref().and_then(|demand| {
        let largest = demand.largest()?;
        Some(KdfCost {
            algorithm: match largest.algorithm {
                kdf_limits::KdfAlgorithm::Argon2id => KdfAlgorithm::Argon2id,
                kdf_limits::KdfAlgorithm::Scrypt => KdfAlgorithm::Scrypt,
                kdf_limits::KdfAlgorithm::Pbkdf2Sha1 => KdfAlgorithm::Pbkdf2Sha1,
                kdf_limits::KdfAlgorithm::Pbkdf2Sha256 => KdfAlgorithm::Pbkdf2Sha256,
                kdf_limits::KdfAlgorithm::Pbkdf2Sha512 => KdfAlgorithm::Pbkdf2Sha512,
            },
            memory_bytes: largest.memory_bytes,
            passes: largest.passes,
            parallelism: largest.parallelism,
            slots: to_u32(demand.slots),
            derivations: to_u32(demand.derivations.len()),
            total_work_bytes: demand.total_work_bytes(),
        })
    });
    Ok(ImportInspection {
        format: format.into(),
        encrypted: inspection.encrypted,
        kdf,
        within_limits: refusal.is_none(),
        refusal,
    })
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
    let file = transfer::read_import(&bytes, password.as_deref().map(String::as_str))?;
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
    /// The core's label ("Issuer (name)").
    pub label: String,
    pub params: OtpParams,
    pub note: String,
    pub groups: Vec<String>,
    pub recovery_codes: u32,
}

/// A Google Authenticator export whose QR codes were not all given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IncompleteGoogleExport {
    /// How many QR codes the export has.
    pub size: u32,
    /// 0-based indices of the codes not given.
    pub missing: Vec<u32>,
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
                label: portable.account.label(),
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

    /// Whether importing leaves something out (problems, missing Google
    /// export codes): ask the user before `import_accounts`.
    pub fn needs_consent(&self) -> bool {
        self.file.needs_consent()
    }

    /// Google Authenticator exports in this file whose QR codes are not all
    /// there: the apps warn, as for unreadable entries.
    pub fn incomplete_google_exports(&self) -> Vec<IncompleteGoogleExport> {
        self.file
            .incomplete_google
            .iter()
            .map(|export| IncompleteGoogleExport {
                size: u32::try_from(export.size).unwrap_or(0),
                missing: export
                    .missing
                    .iter()
                    .filter_map(|i| u32::try_from(*i).ok())
                    .collect(),
            })
            .collect()
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
            .map_err(twofold_core::transfer::TransferError::from)?;
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

/// An added account whose secret another account also has. Both are kept
/// (they differ in name, issuer, kind, algorithm, digits or period); the UI
/// may tell the user that one secret opens both.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SharedSecretAccount {
    /// The added account.
    pub id: String,
    pub label: String,
    /// The other account with the same secret.
    pub other_id: String,
    pub other_label: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    pub added: Vec<Account>,
    pub duplicates: Vec<DuplicateAccount>,
    pub shared_secrets: Vec<SharedSecretAccount>,
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
    /// Accounts already in the vault (same secret, issuer, name, kind,
    /// algorithm, digits and period) are reported, not doubled; accounts that
    /// only share a secret are added and listed in `shared_secrets`. When the
    /// file leaves something out (unreadable entries, missing Google export
    /// codes: `needs_consent()`), nothing is imported unless the user agreed
    /// to the rest (`accept_problems`).
    pub fn import_accounts(
        &self,
        pending: &PendingImport,
        accept_problems: bool,
        now: u64,
    ) -> Result<ImportReport, TwofoldError> {
        pending
            .file
            .check_consent(accept_problems)
            .map_err(|refusal| TwofoldError::ImportFailed {
                failure: ImportFailure::ProblemsNotAccepted {
                    unreadable: to_u32(refusal.problems),
                },
                reason: refusal.to_string(),
            })?;
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
            shared_secrets: report
                .shared_secrets
                .into_iter()
                .map(|shared| SharedSecretAccount {
                    id: shared.id,
                    label: shared.label,
                    other_id: shared.other_id,
                    other_label: shared.other_label,
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
        let password = Zeroizing::new(password);
        crate::password::require_new_password(&password)?;
        let accounts = self.core().export_all()?;
        Ok(transfer::backup::write(
            &accounts,
            &password,
            crate::vault::kdf(kdf_params),
            now,
        )?)
    }

    /// REVEALS EVERY SECRET, encrypted: an Aegis-compatible export under
    /// `password` (which must reach the strength floor).
    pub fn export_aegis(&self, password: String) -> Result<Vec<u8>, TwofoldError> {
        let password = Zeroizing::new(password);
        crate::password::require_new_password(&password)?;
        let accounts = self.core().export_all()?;
        Ok(transfer::aegis::export(&accounts, Some(&password))?.to_vec())
    }

    /// REVEALS EVERY SECRET, UNENCRYPTED: one otpauth:// URI per line. The UI
    /// must have the user confirm that the result is unencrypted.
    pub fn export_otpauth_list(&self) -> Result<String, TwofoldError> {
        let accounts = self.core().export_all()?;
        Ok(std::mem::take(&mut *transfer::uri_list::export(&accounts)))
    }

    /// REVEALS EVERY SECRET, UNENCRYPTED: Google Authenticator export QR codes.
    /// `accounts_per_code`: `None` for the core's choice (5, more for a vault
    /// too large for one export's 100 codes).
    pub fn export_google_qr(
        &self,
        accounts_per_code: Option<u32>,
    ) -> Result<GoogleQrExport, TwofoldError> {
        let accounts = self.core().export_all()?;
        let per_code = match accounts_per_code {
            Some(per_code) => usize::try_from(per_code.max(1)).unwrap_or(1),
            None => google::accounts_per_qr(accounts.len()),
        };
        let export = google::export_qr_pngs(&accounts, per_code)?;
        Ok(GoogleQrExport {
            pngs: export.pngs.iter().map(|png| png.to_vec()).collect(),
            left_out: export.skipped.iter().map(Into::into).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::KdfParams;
    use twofold_core::transfer::GoogleBatch;

    fn light_kdf() -> Option<KdfParams> {
        let light = twofold_core::vault::KdfParams::INSECURE_FOR_TESTS;
        Some(KdfParams {
            memory_kib: light.memory_kib,
            iterations: light.iterations,
            parallelism: light.parallelism,
        })
    }

    /// "Code 1 of 2147483647": refused as a read error, and a collector
    /// given such a part anyway refuses it instead of listing two billion
    /// missing codes.
    #[test]
    fn a_google_code_claiming_two_billion_codes_is_an_error_not_a_crash() {
        // Entry: secret "Hello!\xde\xad\xbe\xef", name "a"; batch size i32::MAX.
        let uri = "otpauth-migration://offline?data=ChEKCkhlbGxvId6tvu8SAWEwAhj_____Bw";
        let error = read_google_export(uri).unwrap_err();
        assert!(
            matches!(&error, TwofoldError::ImportFailed {
                failure: ImportFailure::Malformed { format: ImportFormat::GoogleMigration },
                reason,
            } if reason.contains("2,147,483,647")),
            "{error:?}"
        );
        let mut file = ImportFile::new(Format::GoogleMigration);
        file.google_batch = Some(GoogleBatch {
            batch_id: 1,
            index: 0,
            size: i32::MAX,
        });
        let collector = GoogleExportCollector::new();
        assert!(collector.add(&PendingImport { file }).is_err());
        let progress = collector.progress();
        assert_eq!(progress.size, 0);
        assert!(progress.missing.is_empty());
    }

    #[test]
    fn the_report_lists_accounts_that_share_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("vault.sqlite")
            .to_string_lossy()
            .into_owned();
        let vault =
            Vault::create_with_password(path, "vault pass phrase".into(), light_kdf(), 1).unwrap();
        let list = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP\n\
                    otpauth://hotp/ACME:alice?secret=JBSWY3DPEHPK3PXP&counter=3\n";
        let pending = read_import(list.as_bytes().to_vec(), None).unwrap();
        let report = vault.import_accounts(&pending, false, 1).unwrap();
        assert_eq!(report.added.len(), 2);
        assert_eq!(report.shared_secrets.len(), 1);
        assert_eq!(report.shared_secrets[0].id, report.added[1].id);
        assert_eq!(report.shared_secrets[0].other_id, report.added[0].id);
        let again = vault.import_accounts(&pending, false, 1).unwrap();
        assert!(again.added.is_empty());
        assert_eq!(again.duplicates.len(), 2);
    }

    use twofold_core::transfer::{backup, PortableAccount};
    use twofold_core::{NewAccount, OtpParams, Secret};

    const PASSWORD: &str = "backup password";

    fn backup_file() -> String {
        let account = PortableAccount::bare(NewAccount {
            issuer: Some("ACME".into()),
            name: "me".into(),
            secret: Secret::from_bytes(b"12345678901234567890".to_vec()),
            params: OtpParams::DEFAULT_TOTP,
        });
        let cheap = twofold_core::vault::KdfParams::INSECURE_FOR_TESTS;
        let bytes = backup::write(&[account], PASSWORD, cheap, 1_700_000_000).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn inspect_import_reports_a_hostile_backup_before_any_derivation() {
        let real = backup_file();
        assert!(real.contains("\"memory_kib\": 64,") && real.contains("\"iterations\": 1,"));
        let hostile = real
            .replace("\"memory_kib\": 64,", "\"memory_kib\": 1048576,")
            .replace("\"iterations\": 1,", "\"iterations\": 64,");

        let inspection = inspect_import(hostile.clone().into_bytes()).unwrap();
        assert_eq!(inspection.format, ImportFormat::TwofoldBackup);
        assert!(inspection.encrypted && !inspection.within_limits);
        let cost = inspection.kdf.unwrap();
        assert_eq!(cost.algorithm, KdfAlgorithm::Argon2id);
        assert_eq!((cost.memory_bytes, cost.passes), (1 << 30, 64));
        assert_eq!((cost.slots, cost.derivations), (1, 1));
        let refusal = inspection.refusal.unwrap();
        assert!(
            refusal.contains("more than this device allows"),
            "{refusal}"
        );

        // Reading it anyway gives the same answer, as an import failure.
        match read_import(hostile.into_bytes(), Some(PASSWORD.into())) {
            Err(TwofoldError::ImportFailed {
                failure: ImportFailure::TooCostly { format },
                reason,
            }) => {
                assert_eq!(format, ImportFormat::TwofoldBackup);
                assert_eq!(reason, refusal)
            }
            other => panic!("{other:?}"),
        }

        // The untouched backup is within limits and opens.
        let inspection = inspect_import(real.clone().into_bytes()).unwrap();
        assert!(inspection.within_limits && inspection.refusal.is_none());
        assert_eq!(inspection.kdf.unwrap().memory_bytes, 64 * 1024);
        let pending = read_import(real.into_bytes(), Some(PASSWORD.into())).unwrap();
        assert_eq!(pending.entries().len(), 1);
    }

    #[test]
    fn other_apps_encrypted_exports_ask_for_their_password() {
        let twofas =
            include_bytes!("../../core/tests/fixtures/import/encrypted/twofas_v4.2fas").to_vec();
        assert_eq!(
            detect_import_format(twofas.clone()),
            Some(ImportFormat::TwoFasEncrypted)
        );
        let inspection = inspect_import(twofas.clone()).unwrap();
        assert!(inspection.encrypted && inspection.within_limits);
        let cost = inspection.kdf.unwrap();
        assert_eq!(cost.algorithm, KdfAlgorithm::Pbkdf2Sha256);
        assert_eq!(cost.passes, 10_000);
        assert!(matches!(
            read_import(twofas.clone(), None),
            Err(TwofoldError::PasswordRequired { .. })
        ));
        assert!(matches!(
            read_import(twofas.clone(), Some("correct horse battery".into())),
            Err(TwofoldError::WrongPassword {
                of: crate::error::PasswordOf::File {
                    format: ImportFormat::TwoFasEncrypted
                }
            })
        ));
        let pending = read_import(twofas, Some("vault password 42".into())).unwrap();
        assert_eq!(pending.entries().len(), 3);

        let andotp =
            include_bytes!("../../core/tests/fixtures/import/encrypted/andotp_current.json.aes")
                .to_vec();
        assert_eq!(
            detect_import_format(andotp),
            Some(ImportFormat::AndOtpEncrypted)
        );
    }

    #[test]
    fn inspect_import_of_plain_and_unknown_files() {
        let plain =
            inspect_import(b"otpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP\n".to_vec()).unwrap();
        assert_eq!(plain.format, ImportFormat::UriList);
        assert!(!plain.encrypted && plain.kdf.is_none() && plain.within_limits);
        assert!(matches!(
            inspect_import(b"not an export".to_vec()),
            Err(TwofoldError::ImportFailed {
                failure: ImportFailure::UnknownFormat,
                ..
            })
        ));
    }

    #[test]
    fn a_vault_costlier_than_the_device_allows_is_refused_on_create() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.twofold");
        let result = Vault::create_with_password(
            path.to_string_lossy().into_owned(),
            "vault password 42".into(),
            Some(crate::vault::KdfParams {
                memory_kib: 1024 * 1024,
                iterations: 64,
                parallelism: 1,
            }),
            1_700_000_000,
        );
        match result {
            Err(TwofoldError::VaultUnusable {
                problem: crate::error::VaultProblem::TooCostly,
                reason,
            }) => {
                assert!(reason.contains("more than this device allows"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert!(!path.exists());
    }
}
