//! Writing an export: accounts to `OtpParameters`, batches of URIs sharing
//! one random batch id, and the QR code images.

use super::import::strip_issuer_prefix;
use super::wire::{MigrationPayload, OtpParameters};
use crate::account::{Algorithm, NewAccount, OtpKind};
use crate::transfer::limits::MAX_GOOGLE_BATCH_CODES;
use crate::transfer::{EntryProblem, PortableAccount, TransferError};
use base64::Engine;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message;
use std::fmt;
use zeroize::Zeroizing;

/// Accounts in each QR code of an export, as Google Authenticator's own
/// exports hold them.
pub const ACCOUNTS_PER_QR: usize = 5;

/// How many accounts to put in each QR code when exporting `accounts`:
/// [`ACCOUNTS_PER_QR`], or more when a large vault would otherwise need more
/// than [`MAX_GOOGLE_BATCH_CODES`] codes.
pub fn accounts_per_qr(accounts: usize) -> usize {
    ACCOUNTS_PER_QR.max(accounts.div_ceil(MAX_GOOGLE_BATCH_CODES.unsigned_abs() as usize))
}

/// The URIs of a Google Authenticator export and the accounts left out.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportedUris {
    /// One `otpauth-migration://` URI per QR code, in batch order.
    pub uris: Vec<Zeroizing<String>>,
    /// Accounts Google Authenticator cannot hold (position = index in the
    /// input + 1), so the UI can say which ones stay behind and why.
    pub skipped: Vec<EntryProblem>,
}

impl fmt::Debug for ExportedUris {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportedUris")
            .field("uris", &format_args!("<{} redacted>", self.uris.len()))
            .field("skipped", &self.skipped)
            .finish()
    }
}

/// PNG images of the export's QR codes and the accounts left out.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportedQrCodes {
    /// One grayscale PNG per QR code, in batch order.
    pub pngs: Vec<Zeroizing<Vec<u8>>>,
    pub skipped: Vec<EntryProblem>,
}

impl fmt::Debug for ExportedQrCodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportedQrCodes")
            .field("pngs", &format_args!("<{} redacted>", self.pngs.len()))
            .field("skipped", &self.skipped)
            .finish()
    }
}

/// Builds export URIs, at most `per_code` accounts in each, all sharing one
/// random batch id. Accounts Google Authenticator cannot represent (Steam,
/// digits other than 6 or 8, periods other than 30 s) are skipped and listed.
/// Errors when `per_code` is 0, when more than [`MAX_GOOGLE_BATCH_CODES`]
/// codes would be needed, or when no random batch id can be drawn.
pub fn export_uris(
    accounts: &[PortableAccount],
    per_code: usize,
) -> Result<ExportedUris, TransferError> {
    if per_code == 0 {
        return Err(TransferError::Export(
            "each QR code must hold at least one account".into(),
        ));
    }
    let mut exportable = Vec::new();
    let mut skipped = Vec::new();
    for (index, portable) in accounts.iter().enumerate() {
        match to_parameters(&portable.account) {
            Ok(parameters) => exportable.push(parameters),
            Err(reason) => skipped.push(EntryProblem {
                position: index + 1,
                label: Some(portable.account.label()),
                reason,
            }),
        }
    }
    let batch_id = random_batch_id()?;
    let chunks: Vec<&[OtpParameters]> = exportable.chunks(per_code).collect();
    // Never write an export that Twofold (or a careful importer) refuses.
    let batch_size = i32::try_from(chunks.len())
        .ok()
        .filter(|size| *size <= MAX_GOOGLE_BATCH_CODES)
        .ok_or_else(|| {
            TransferError::Export(format!(
                "{} accounts at {per_code} per QR code need {} codes; an export holds at most {MAX_GOOGLE_BATCH_CODES}: put more accounts in each",
                exportable.len(),
                chunks.len()
            ))
        })?;
    let mut uris = Vec::with_capacity(chunks.len());
    for (batch_index, chunk) in (0..).zip(chunks) {
        let payload = MigrationPayload {
            otp_parameters: chunk.to_vec(),
            version: 1,
            batch_size,
            batch_index,
            batch_id,
        };
        let bytes = Zeroizing::new(payload.encode_to_vec());
        let base64 =
            Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes.as_slice()));
        let mut uri = Zeroizing::new(String::with_capacity(base64.len() * 2));
        uri.push_str("otpauth-migration://offline?data=");
        uri.extend(utf8_percent_encode(&base64, NON_ALPHANUMERIC));
        uris.push(uri);
    }
    Ok(ExportedUris { uris, skipped })
}

/// The export's QR codes as PNG images: black modules on white, a 4-module
/// quiet zone, 8 pixels per module.
pub fn export_qr_pngs(
    accounts: &[PortableAccount],
    per_code: usize,
) -> Result<ExportedQrCodes, TransferError> {
    let ExportedUris { uris, skipped } = export_uris(accounts, per_code)?;
    let pngs = uris
        .iter()
        .map(|uri| render_qr_png(uri))
        .collect::<Result<_, _>>()?;
    Ok(ExportedQrCodes { pngs, skipped })
}

const QUIET_ZONE_MODULES: usize = 4;
const PIXELS_PER_MODULE: usize = 8;

fn render_qr_png(text: &str) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    use image::ImageEncoder;
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|error| {
        TransferError::Export(format!(
            "the accounts do not fit in one QR code ({error}); put fewer accounts in each"
        ))
    })?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
    let mut pixels = Zeroizing::new(vec![255u8; side * side]);
    for (index, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let x0 = (index % modules + QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
        let y0 = (index / modules + QUIET_ZONE_MODULES) * PIXELS_PER_MODULE;
        for y in y0..y0 + PIXELS_PER_MODULE {
            if let Some(row) = pixels.get_mut(y * side + x0..y * side + x0 + PIXELS_PER_MODULE) {
                row.fill(0);
            }
        }
    }
    let side_u32 =
        u32::try_from(side).map_err(|_| TransferError::Export("QR code image too large".into()))?;
    let mut png = Zeroizing::new(Vec::new());
    image::codecs::png::PngEncoder::new(&mut *png)
        .write_image(&pixels, side_u32, side_u32, image::ExtendedColorType::L8)
        .map_err(|error| {
            TransferError::Export(format!("cannot encode the QR code image: {error}"))
        })?;
    Ok(png)
}

/// The protobuf entry of an account, or why Google Authenticator cannot hold it.
fn to_parameters(account: &NewAccount) -> Result<OtpParameters, String> {
    let params = account.params;
    let (kind, counter) = match params.kind {
        OtpKind::Steam => {
            return Err("Steam Guard codes cannot be stored in a Google Authenticator export".into())
        }
        OtpKind::Totp { period: 30 } => (2, 0),
        OtpKind::Totp { period } => {
            return Err(format!(
                "a period of {period} seconds cannot be stored in a Google Authenticator export (30 only)"
            ))
        }
        OtpKind::Hotp { counter } => (
            1,
            i64::try_from(counter)
                .map_err(|_| format!("counter {counter} is too large for a Google Authenticator export"))?,
        ),
    };
    let digits = match params.digits {
        6 => 1,
        8 => 2,
        other => {
            return Err(format!(
            "{other}-digit codes cannot be stored in a Google Authenticator export (6 or 8 only)"
        ))
        }
    };
    let algorithm = match params.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    };
    Ok(OtpParameters {
        secret: account.secret.expose().to_vec(),
        name: export_name(account),
        issuer: account.issuer.clone().unwrap_or_default(),
        algorithm,
        digits,
        kind,
        counter,
    })
}

/// The `name` to write: the account name, with the issuer prefixed when the
/// name itself starts with "issuer:" so the importer strips exactly that.
fn export_name(account: &NewAccount) -> String {
    match account.issuer.as_deref().map(str::trim) {
        Some(issuer) if strip_issuer_prefix(issuer, &account.name).is_some() => {
            format!("{issuer}:{}", account.name)
        }
        _ => account.name.clone(),
    }
}

/// A positive random id shared by every QR code of one export.
fn random_batch_id() -> Result<i32, TransferError> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|error| {
        TransferError::Export(format!("no randomness for the batch id: {error}"))
    })?;
    Ok(i32::from_le_bytes(bytes) & i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_per_qr_grows_only_past_the_batch_limit() {
        let codes = MAX_GOOGLE_BATCH_CODES.unsigned_abs() as usize;
        assert_eq!(accounts_per_qr(0), ACCOUNTS_PER_QR);
        assert_eq!(accounts_per_qr(ACCOUNTS_PER_QR * codes), ACCOUNTS_PER_QR);
        assert_eq!(
            accounts_per_qr(ACCOUNTS_PER_QR * codes + 1),
            ACCOUNTS_PER_QR + 1
        );
    }
}
