//! Google Authenticator's export: `otpauth-migration://offline?data=…`, a
//! percent-encoded Base64 protobuf `MigrationPayload`. One export may span
//! several QR codes (a batch); [`BatchCollector`] puts them back together.

use super::fields::problem_label;
use super::limits::{self, MAX_GOOGLE_BATCH_CODES, MAX_IMPORT_ENTRIES};
use super::{EntryProblem, Format, GoogleBatch, ImportFile, PortableAccount, TransferError};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams};
use crate::key::{self, Field};
use crate::secret::Secret;
use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message;
use std::collections::BTreeMap;
use std::fmt;
use zeroize::Zeroizing;

const FORMAT: Format = Format::GoogleMigration;
const SCHEME: &str = "otpauth-migration://";

/// The protobuf messages of the export, written by hand (no protoc) from the
/// schema Google Authenticator uses. Enums are kept as raw numbers so an
/// unknown value can be reported instead of silently read as the default.
mod wire {
    use std::fmt;
    use zeroize::Zeroize;

    #[derive(Clone, PartialEq, prost::Message)]
    #[prost(skip_debug)]
    pub struct MigrationPayload {
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<OtpParameters>,
        #[prost(int32, tag = "2")]
        pub version: i32,
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
        #[prost(int32, tag = "5")]
        pub batch_id: i32,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    #[prost(skip_debug)]
    pub struct OtpParameters {
        #[prost(bytes = "vec", tag = "1")]
        pub secret: Vec<u8>,
        #[prost(string, tag = "2")]
        pub name: String,
        #[prost(string, tag = "3")]
        pub issuer: String,
        /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
        #[prost(int32, tag = "4")]
        pub algorithm: i32,
        /// 0 unspecified, 1 six, 2 eight.
        #[prost(int32, tag = "5")]
        pub digits: i32,
        /// 0 unspecified, 1 HOTP, 2 TOTP.
        #[prost(int32, tag = "6")]
        pub kind: i32,
        #[prost(int64, tag = "7")]
        pub counter: i64,
    }

    /// The payload with each entry read as nothing: decoding it counts the
    /// entries and reads the batch fields without allocating per entry, so
    /// the claimed sizes can be checked before the real decode.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct PayloadOutline {
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<Skipped>,
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
    }

    /// An entry whose fields are all skipped (zero-sized, so a list of them
    /// never allocates).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Skipped {}

    impl Drop for OtpParameters {
        fn drop(&mut self) {
            self.secret.zeroize();
        }
    }

    impl fmt::Debug for MigrationPayload {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("MigrationPayload")
                .field("otp_parameters", &self.otp_parameters)
                .field("batch_index", &self.batch_index)
                .field("batch_size", &self.batch_size)
                .finish_non_exhaustive()
        }
    }

    impl fmt::Debug for OtpParameters {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("OtpParameters")
                .field("secret", &"<redacted>")
                .field("name", &self.name)
                .field("issuer", &self.issuer)
                .finish_non_exhaustive()
        }
    }
}

use wire::{MigrationPayload, OtpParameters, PayloadOutline};

/// Parses one `otpauth-migration://offline?data=…` URI (one QR code of an
/// export). Entries that cannot be read become problems; the others are kept.
/// A payload claiming more QR codes than [`MAX_GOOGLE_BATCH_CODES`] or
/// holding more entries than [`MAX_IMPORT_ENTRIES`] is refused before its
/// entries are decoded.
pub fn parse_uri(uri: &str) -> Result<ImportFile, TransferError> {
    limits::check_file_size(uri.len() as u64)?;
    let data = payload_bytes(uri.trim())?;
    let not_an_export = |error: prost::DecodeError| {
        TransferError::malformed(
            FORMAT,
            format!("the data is not a Google Authenticator export ({error})"),
        )
    };
    let outline = PayloadOutline::decode(data.as_slice()).map_err(not_an_export)?;
    check_batch_size(outline.batch_index, outline.batch_size)?;
    limits::check_entry_count(outline.otp_parameters.len())?;
    let payload = MigrationPayload::decode(data.as_slice()).map_err(not_an_export)?;
    let mut file = ImportFile::new(FORMAT);
    file.google_batch = Some(GoogleBatch {
        batch_id: payload.batch_id,
        index: payload.batch_index,
        size: payload.batch_size,
    });
    for (index, mut parameters) in payload.otp_parameters.into_iter().enumerate() {
        match read_entry(&mut parameters) {
            Ok(account) => file.accounts.push(PortableAccount::bare(account)),
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: entry_label(&parameters),
                reason,
            }),
        }
    }
    Ok(file)
}

/// Checks scheme and host, finds `data` and decodes it to the protobuf bytes.
fn payload_bytes(uri: &str) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    let rest = match uri.get(..SCHEME.len()) {
        Some(scheme) if scheme.eq_ignore_ascii_case(SCHEME) => &uri[SCHEME.len()..],
        _ => return Err(TransferError::malformed(FORMAT, wrong_scheme(uri))),
    };
    let (host, query) = rest.split_once('?').unwrap_or((rest, ""));
    let host = host.trim_end_matches('/');
    if !host.eq_ignore_ascii_case("offline") {
        // The host may be a pasted key: show only a masked excerpt.
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "the URI's host is {}, expected 'offline'",
                crate::redact::Excerpt::of(host)
            ),
        ));
    }
    let raw = query
        .split('&')
        .find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            name.eq_ignore_ascii_case("data").then_some(value)
        })
        .ok_or_else(|| TransferError::malformed(FORMAT, "the URI has no 'data' parameter"))?;
    // Decode %XX by hand rather than as a form: a literal '+' is Base64, not a space.
    let text = Zeroizing::new(percent_decode_str(raw).collect::<Vec<u8>>());
    decode_base64(&text)
}

/// Names the scheme found, but only when it looks like one: text without a
/// scheme may be a pasted key, which must not be echoed.
fn wrong_scheme(text: &str) -> String {
    const EXPECTED: &str = "expected 'otpauth-migration://offline?data=…'";
    match text.split_once(':') {
        Some((scheme, _))
            if (1..=24).contains(&scheme.len())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            format!("the URI's scheme is '{scheme}', {EXPECTED}")
        }
        _ => format!("the text is not a URI, {EXPECTED}"),
    }
}

/// Standard or URL-safe Base64, padded or not. A space is read as '+' (some
/// scanners form-decode the URI). Errors name the character position.
fn decode_base64(text: &[u8]) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    let mut cleaned = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut padding_at: Option<usize> = None;
    for (index, &byte) in text.iter().enumerate() {
        let position = index + 1;
        let byte = match byte {
            b' ' | b'-' => b'+',
            b'_' => b'/',
            other => other,
        };
        if matches!(byte, b'\r' | b'\n' | b'\t') {
            continue;
        }
        if byte == b'=' {
            padding_at.get_or_insert(position);
            continue;
        }
        if let Some(padding) = padding_at {
            return Err(TransferError::malformed(
                FORMAT,
                format!("data: character {padding} is '=' padding, which may only come at the end"),
            ));
        }
        if !(byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/') {
            let shown = if byte.is_ascii_graphic() {
                format!(" ('{}')", byte as char)
            } else {
                String::new()
            };
            return Err(TransferError::malformed(
                FORMAT,
                format!("data: character {position}{shown} is not Base64"),
            ));
        }
        cleaned.push(byte);
    }
    if cleaned.is_empty() {
        return Err(TransferError::malformed(
            FORMAT,
            "the 'data' parameter is empty",
        ));
    }
    if cleaned.len() % 4 == 1 {
        return Err(TransferError::malformed(
            FORMAT,
            format!(
                "data: {} Base64 characters cannot encode whole bytes (one is missing or extra)",
                cleaned.len()
            ),
        ));
    }
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let mut bytes = Zeroizing::new(Vec::new());
    engine
        .decode_vec(cleaned.as_slice(), &mut bytes)
        .map_err(|error| TransferError::malformed(FORMAT, format!("data: {error}")))?;
    Ok(bytes)
}

fn entry_label(parameters: &OtpParameters) -> Option<String> {
    let (issuer, name) = split_name(&parameters.issuer, &parameters.name);
    problem_label(issuer, name)
}

/// Google sometimes writes "Issuer:name" in `name`: the prefix goes when it
/// repeats the issuer. Without an issuer the name is kept whole (a colon may
/// be part of it).
fn split_name<'a>(issuer: &'a str, name: &'a str) -> (Option<&'a str>, &'a str) {
    let issuer = issuer.trim();
    if issuer.is_empty() {
        return (None, name.trim());
    }
    (
        Some(issuer),
        strip_issuer_prefix(issuer, name).unwrap_or(name.trim()),
    )
}

/// The rest of `name` after a leading "issuer:" (issuer in any ASCII case,
/// spaces allowed before the colon), if it has one.
fn strip_issuer_prefix<'a>(issuer: &str, name: &'a str) -> Option<&'a str> {
    let name = name.trim_start();
    let head = name.get(..issuer.len())?;
    let rest = name.get(issuer.len()..)?.trim_start();
    (!issuer.is_empty() && head.eq_ignore_ascii_case(issuer))
        .then_some(())
        .and(rest.strip_prefix(':'))
        .map(str::trim)
}

/// One entry, or why not. Takes the secret bytes out (leaving the wiped
/// original behind) so they live only in the [`Secret`].
fn read_entry(parameters: &mut OtpParameters) -> Result<NewAccount, String> {
    let algorithm = match parameters.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err("algorithm: MD5 is not supported (SHA1, SHA256 or SHA512 only)".into()),
        other => return Err(format!("algorithm: unknown value {other}")),
    };
    let digits = match parameters.digits {
        0 | 1 => 6,
        2 => 8,
        other => {
            return Err(format!(
                "digits: unknown value {other} (expected 1 for six or 2 for eight)"
            ))
        }
    };
    let kind = match parameters.kind {
        0 | 2 => OtpKind::Totp { period: 30 },
        1 => OtpKind::Hotp {
            counter: u64::try_from(parameters.counter).map_err(|_| {
                format!("counter: must not be negative, got {}", parameters.counter)
            })?,
        },
        other => {
            return Err(format!(
                "type: unknown value {other} (expected 1 for HOTP or 2 for TOTP)"
            ))
        }
    };
    if parameters.secret.is_empty() {
        return Err("secret: empty".into());
    }
    let bits = parameters.secret.len() * 8;
    if bits > key::MAX_KEY_BITS {
        return Err(format!(
            "secret: {bits} bits long; at most {} bits are supported",
            key::MAX_KEY_BITS
        ));
    }
    let (issuer, name) = split_name(&parameters.issuer, &parameters.name);
    let issuer = super::fields::clean_label(Field::Issuer, issuer)?;
    let name = super::fields::clean_label(Field::Name, Some(name))?.unwrap_or_default();
    Ok(NewAccount {
        issuer,
        name,
        secret: Secret::from_bytes(std::mem::take(&mut parameters.secret)),
        params: OtpParams {
            kind,
            algorithm,
            digits,
        },
    })
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

/// Why a scanned QR code does not belong with the ones collected so far.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("this is not a Google Authenticator export QR code")]
    NotGoogleExport,
    #[error("this QR code is from a different export (batch {found}; the codes scanned so far are from batch {expected}): scan the codes of one export only")]
    ForeignBatch { expected: i32, found: i32 },
    #[error("this QR code says it is one of {found} codes, the others said {expected}")]
    SizeMismatch { expected: i32, found: i32 },
    #[error("this QR code says it is number {} of {size}, which cannot be", *index as i64 + 1)]
    IndexOutOfRange { index: i32, size: i32 },
    #[error(
        "this QR code says it is number {} of {} codes; a Google Authenticator export has at most {limit}",
        limits::grouped((*index as i64 + 1).max(0) as u64),
        limits::grouped(*size as u64)
    )]
    TooManyCodes { index: i32, size: i32, limit: i32 },
    #[error(
        "these QR codes hold more than {} entries, the most Twofold imports at once",
        limits::grouped(*limit as u64)
    )]
    TooManyEntries { limit: usize },
}

/// Refuses a claimed batch size above [`MAX_GOOGLE_BATCH_CODES`], so nothing
/// of the claimed size (the list of missing codes, progress) is ever built.
fn check_batch_size(index: i32, size: i32) -> Result<(), BatchError> {
    if size > MAX_GOOGLE_BATCH_CODES {
        return Err(BatchError::TooManyCodes {
            index,
            size,
            limit: MAX_GOOGLE_BATCH_CODES,
        });
    }
    Ok(())
}

impl From<BatchError> for TransferError {
    fn from(error: BatchError) -> Self {
        TransferError::malformed(FORMAT, error.to_string())
    }
}

/// What [`BatchCollector::add`] did with a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAdd {
    /// A code not seen before.
    Added,
    /// This code was already scanned; nothing changed.
    AlreadyScanned,
}

/// Gathers the QR codes of one multi-code Google Authenticator export as the
/// user scans them, in any order. Importing is left to the caller (when the
/// user chooses), so nothing is applied automatically.
#[derive(Debug, Default)]
pub struct BatchCollector {
    /// Batch id and size, fixed by the first code scanned.
    batch: Option<(i32, i32)>,
    parts: BTreeMap<i32, ImportFile>,
}

impl BatchCollector {
    pub fn new() -> Self {
        BatchCollector::default()
    }

    /// Adds one scanned code (parsed with [`parse_uri`]).
    pub fn add(&mut self, file: ImportFile) -> Result<BatchAdd, BatchError> {
        let batch = file.google_batch.ok_or(BatchError::NotGoogleExport)?;
        check_batch_size(batch.index, batch.size)?;
        // Old single-code exports leave the size at 0.
        let size = batch.size.max(1);
        if let Some((expected_id, expected_size)) = self.batch {
            if batch.batch_id != expected_id {
                return Err(BatchError::ForeignBatch {
                    expected: expected_id,
                    found: batch.batch_id,
                });
            }
            if size != expected_size {
                return Err(BatchError::SizeMismatch {
                    expected: expected_size,
                    found: size,
                });
            }
        }
        if batch.index < 0 || batch.index >= size {
            return Err(BatchError::IndexOutOfRange {
                index: batch.index,
                size,
            });
        }
        if self.parts.contains_key(&batch.index) {
            self.batch = Some((batch.batch_id, size));
            return Ok(BatchAdd::AlreadyScanned);
        }
        let entries = |file: &ImportFile| file.accounts.len() + file.problems.len();
        let collected: usize = self.parts.values().map(entries).sum();
        if collected + entries(&file) > MAX_IMPORT_ENTRIES {
            return Err(BatchError::TooManyEntries {
                limit: MAX_IMPORT_ENTRIES,
            });
        }
        self.batch = Some((batch.batch_id, size));
        self.parts.insert(batch.index, file);
        Ok(BatchAdd::Added)
    }

    /// How many codes the export has (0 before the first scan).
    pub fn size(&self) -> i32 {
        self.batch.map_or(0, |(_, size)| size)
    }

    /// 0-based indices of the codes not scanned yet (empty before the first
    /// scan); at most [`MAX_GOOGLE_BATCH_CODES`] of them.
    pub fn missing_indices(&self) -> Vec<i32> {
        (0..self.size())
            .filter(|index| !self.parts.contains_key(index))
            .collect()
    }

    /// True once every code of the export has been scanned.
    pub fn is_complete(&self) -> bool {
        self.batch.is_some() && self.missing_indices().is_empty()
    }

    /// Everything scanned so far as one import, in batch order. Problem
    /// positions count entries across the whole export.
    pub fn into_import(self) -> ImportFile {
        let mut merged = ImportFile::new(FORMAT);
        merged.google_batch = self.batch.map(|(batch_id, size)| GoogleBatch {
            batch_id,
            index: 0,
            size,
        });
        let mut entries_before = 0;
        for (_, part) in self.parts {
            let entries = part.accounts.len() + part.problems.len();
            merged.accounts.extend(part.accounts);
            merged
                .problems
                .extend(part.problems.into_iter().map(|problem| EntryProblem {
                    position: problem.position + entries_before,
                    ..problem
                }));
            entries_before += entries;
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example export from dim13/otpauth's README (a public test vector).
    const EXAMPLE: &str =
        "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";

    #[test]
    fn reads_the_public_example() {
        let file = parse_uri(EXAMPLE).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let account = &file.accounts[0].account;
        assert_eq!(account.issuer.as_deref(), Some("Example"));
        assert_eq!(account.name, "alice@google.com");
        assert_eq!(account.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(account.params, OtpParams::DEFAULT_TOTP);
    }

    #[test]
    fn base64_errors_name_the_character() {
        let error = parse_uri("otpauth-migration://offline?data=CjEK!CkhlbGxv").unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot read this Google Authenticator export: data: character 5 ('!') is not Base64"
        );
    }

    #[test]
    fn a_pasted_key_is_not_echoed_as_a_scheme() {
        let error = parse_uri("JBSWY3DPEHPK3PXP").unwrap_err().to_string();
        assert!(!error.contains("JBSW"), "{error}");
        let error = parse_uri("https://example.com").unwrap_err().to_string();
        assert!(error.contains("scheme is 'https'"), "{error}");
    }

    #[test]
    fn a_key_pasted_as_the_host_is_not_echoed() {
        let key = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
        let error = parse_uri(&format!("otpauth-migration://{key}?data=CgA"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("'HXD…' (32 characters)"), "{error}");
        for start in 0..=key.len() - 6 {
            assert!(!error.contains(&key[start..start + 6]), "{error}");
        }
    }

    #[test]
    fn split_name_rules() {
        assert_eq!(split_name("ACME", "ACME:bob"), (Some("ACME"), "bob"));
        assert_eq!(split_name("", "ACME:bob"), (None, "ACME:bob"));
        assert_eq!(split_name("ACME", "x:bob"), (Some("ACME"), "x:bob"));
        assert_eq!(split_name("", "bob"), (None, "bob"));
        assert_eq!(split_name("a:b", "A:B : c"), (Some("a:b"), "c"));
        assert_eq!(split_name("ACME", "ACMEbob"), (Some("ACME"), "ACMEbob"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let mut parameters = OtpParameters::default();
        parameters.secret = b"Hello!".to_vec();
        twofold_test_support::redaction::assert_hides(&format!("{parameters:?}"), b"Hello!");
    }
}
