//! UniFFI layer over `twofold-core` for the Android and iOS apps (and the
//! desktop tests in Kotlin, Swift and Python).
//!
//! Thin adapters only: Records and Enums mirror core data, Objects wrap core
//! values that hold secrets, and every failure arrives as one error enum,
//! [`TwofoldError`]. No secret crosses the boundary except through a method
//! whose name says it reveals or exports one.

uniffi::setup_scaffolding!();

mod account;
mod backup_reminder;
mod codes;
mod display;
mod enrollment;
mod error;
mod key_provider;
mod live;
mod manual_entry;
mod password;
mod scanner;
mod transfer;
mod vault;

/// UniFFI's buffers carry passwords, keys and revealed text and are freed by
/// it, not us: every block the library frees is wiped (see the
/// `twofold-wipe-alloc` crate).
#[global_allocator]
static ALLOCATOR: twofold_wipe_alloc::WipingAllocator<std::alloc::System> =
    twofold_wipe_alloc::WipingAllocator(std::alloc::System);

pub use account::parse_uri;
pub use account::{AccountInfo, Algorithm, OtpKind, OtpParams, PendingAccount};
pub use backup_reminder::{backup_reminder, BackupReminder};
pub use codes::{generate_code, Code};
pub use display::{account_label, clipboard_clear_at, group_code, matches_search};
pub use enrollment::{
    DuplicateChoice, EnrollMethod, EnrollStep, Enrollment, ExistingAccount, ScanHint,
};
pub use error::{FieldProblem, FlowProblem, FormField, KeyProblem, TwofoldError};
pub use key_provider::KeyProvider;
pub use live::live_secret_holders;
pub use manual_entry::{
    parse_key, validate_manual_entry, BareKey, KeyInfo, ManualEntry, ManualKind,
};
pub use password::{password_strength, PasswordStrength, PasswordWeakness};
pub use scanner::{image_format, scan_frame, scan_image, ImageFormat, ScanOutcome, Scanner};
pub use transfer::{
    detect_import_format, read_google_export, read_import, DuplicateAccount, GoogleBatchInfo,
    GoogleExportCollector, GoogleExportProgress, GoogleQrExport, ImportEntry, ImportFormat,
    ImportProblem, ImportReport, IncompleteGoogleExport, PendingImport, SharedSecretAccount,
};
pub use vault::{
    Account, AccountCode, CodesListing, KdfParams, Listing, RecoveryCodeInfo, RecoveryListing,
    SlotInfo, SlotKind, TrashListing, TrashedAccount, UnreadableRow, Vault,
};
