//! A cheap look at an import file before its password is asked for: the
//! format, whether it is encrypted, and what opening it would derive, judged
//! by [`crate::kdf_limits`]. Nothing is derived or decrypted, so an app can
//! tell the user "this file asks for more than this device allows" at once.

use super::detect::text_of;
use super::{aegis, backup, sniff, Format, TransferError};
use super::{andotp_encrypted, bitwarden_encrypted, twofas_encrypted};
use crate::kdf_limits::{KdfDemand, KdfLimitError};

/// What [`inspect`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInspection {
    pub format: Format,
    /// Opening the file needs its password.
    pub encrypted: bool,
    /// Every key derivation opening it may run; `None` for formats that
    /// derive no key.
    pub kdf: Option<KdfDemand>,
}

impl ImportInspection {
    /// Why this device would refuse to open the file, if it would: the same
    /// answer [`super::read_import`] gives before deriving.
    pub fn kdf_refusal(&self) -> Option<KdfLimitError> {
        self.kdf.as_ref()?.check().err()
    }

    pub fn within_limits(&self) -> bool {
        self.kdf_refusal().is_none()
    }
}

/// Reads only what `read_import` would check before deriving a key. A file
/// whose header is damaged gets the error `read_import` would give.
pub fn inspect(bytes: &[u8]) -> Result<ImportInspection, TransferError> {
    let format = sniff(bytes).ok_or_else(|| super::detect::unknown_format(bytes))?;
    // Binary formats (the apps' databases, andOTP's backup) are not text.
    let text = || text_of(bytes).ok_or(TransferError::UnknownFormat);
    let kdf = match format {
        Format::TwofoldBackup => Some(KdfDemand::single(
            backup::inspect(text()?.as_bytes())?.kdf.cost(),
        )),
        Format::AegisEncrypted => aegis::kdf_demand(text()?)?,
        Format::TwoFasEncrypted => Some(twofas_encrypted::kdf_demand(text()?)?),
        Format::BitwardenEncrypted => Some(bitwarden_encrypted::kdf_demand(text()?)?),
        // Binary: the current layout's header names its PBKDF2 cost.
        Format::AndOtpEncrypted => Some(andotp_encrypted::kdf_demand(bytes)),
        _ => None,
    };
    Ok(ImportInspection {
        format,
        encrypted: format.needs_password(),
        kdf,
    })
}
