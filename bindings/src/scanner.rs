//! The QR scanner: still images and camera frames in, a judged outcome out.
//! Frame bytes are borrowed (`&[u8]`), never kept.

use crate::account::PendingAccount;
use crate::error::TwofoldError;
use crate::manual_entry::BareKey;
use crate::transfer::PendingImport;
use std::sync::{Arc, Mutex};
use twofold_core::scan;

/// What a scan found.
#[derive(uniffi::Enum)]
pub enum ScanOutcome {
    /// A valid `otpauth://` setup code: confirm and save it.
    Account { account: Arc<PendingAccount> },
    /// One QR code of a Google Authenticator export (`otpauth-migration://`),
    /// read: its accounts (secrets stay in Rust) and its place in the export.
    /// Feed it to a `GoogleExportCollector`, then `Vault.import`.
    Migration { export: Arc<PendingImport> },
    /// An `otpauth://` code whose content is invalid; `reason` says why.
    InvalidAccount { reason: String },
    /// A QR code holding only a Base32 key (some sites show just that): open
    /// manual entry with `key` filled in; the user adds the name.
    BareKey { key: Arc<BareKey> },
    /// A QR code that is not an authenticator code (a web link, Wi-Fi, …),
    /// with its text so the UI can say what it is.
    NotAnAuthenticatorCode { text: String },
    /// No QR code could be read.
    Nothing,
}

impl From<scan::ScanOutcome> for ScanOutcome {
    fn from(outcome: scan::ScanOutcome) -> Self {
        match outcome {
            scan::ScanOutcome::Account(account) => ScanOutcome::Account {
                account: PendingAccount::new(account),
            },
            scan::ScanOutcome::Migration { export } => ScanOutcome::Migration {
                export: PendingImport::new(export),
            },
            scan::ScanOutcome::InvalidMigration { error } => ScanOutcome::InvalidAccount {
                reason: error.to_string(),
            },
            scan::ScanOutcome::InvalidAccount { error } => ScanOutcome::InvalidAccount {
                reason: error.to_string(),
            },
            scan::ScanOutcome::BareKey { key } => ScanOutcome::BareKey {
                key: BareKey::new(key),
            },
            scan::ScanOutcome::NotAnAuthenticatorCode { text } => {
                ScanOutcome::NotAnAuthenticatorCode { text }
            }
            scan::ScanOutcome::Nothing => ScanOutcome::Nothing,
        }
    }
}

/// An encoded image format the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
}

/// The format of an encoded image from its first bytes (12 suffice, so pass
/// only those), or `None` for one `scan_image` cannot read (HEIC, GIF…): the
/// app converts those to JPEG first.
#[uniffi::export]
pub fn image_format(signature: Vec<u8>) -> Option<ImageFormat> {
    scan::image_format(&signature).map(|format| match format {
        scan::ImageFormat::Png => ImageFormat::Png,
        scan::ImageFormat::Jpeg => ImageFormat::Jpeg,
        scan::ImageFormat::Webp => ImageFormat::Webp,
    })
}

/// Scans a still image (PNG, JPEG or WebP: a screenshot or a photo) with
/// every attempt the scanner has.
#[uniffi::export]
pub fn scan_image(encoded: &[u8]) -> Result<ScanOutcome, TwofoldError> {
    Ok(scan::scan_image(encoded)?.into())
}

/// Scans one 8-bit luminance plane with every attempt (for a frozen frame).
/// `row_stride` is the number of bytes per row (CameraX `rowStride`, iOS
/// `bytesPerRow`), at least `width`. The bytes are borrowed, not copied: in
/// Kotlin pass a direct `ByteBuffer` (CameraX planes are) positioned at 0.
#[uniffi::export]
pub fn scan_frame(
    luma: &[u8],
    width: u32,
    height: u32,
    row_stride: u32,
) -> Result<ScanOutcome, TwofoldError> {
    Ok(scan::scan_frame_with_every_attempt(luma, width, height, row_stride)?.into())
}

/// The camera-loop scanner: each frame gets one cheap attempt and the
/// attempts rotate across frames, so each frame stays fast. Safe to call from
/// any thread; calls are serialised.
#[derive(uniffi::Object)]
pub struct Scanner {
    inner: Mutex<scan::Scanner>,
}

impl Scanner {
    /// The next attempt on one frame, as the core's outcome (for the
    /// enrollment flow).
    pub(crate) fn scan_core_frame(
        &self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
    ) -> Result<scan::ScanOutcome, TwofoldError> {
        // A panic while scanning is caught by UniFFI; the rotation counter
        // it guards stays valid, so a poisoned lock is safe to reuse.
        let mut scanner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(scanner.scan_with_next_attempt(luma, width, height, row_stride)?)
    }
}

#[uniffi::export]
impl Scanner {
    /// A scanner at the start of its rotation.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Scanner {
            inner: Mutex::new(scan::Scanner::new()),
        })
    }

    /// Scans one camera frame (8-bit luminance plane, see `scan_frame`) with
    /// the next attempt in the rotation.
    pub fn scan_frame(
        &self,
        luma: &[u8],
        width: u32,
        height: u32,
        row_stride: u32,
    ) -> Result<ScanOutcome, TwofoldError> {
        Ok(self
            .scan_core_frame(luma, width, height, row_stride)?
            .into())
    }
}
