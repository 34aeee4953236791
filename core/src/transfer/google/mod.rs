//! Google Authenticator's export: `otpauth-migration://offline?data=…`, a
//! percent-encoded Base64 protobuf `MigrationPayload`. One export may span
//! several QR codes (a batch); [`BatchCollector`] puts them back together.
//!
//! `wire` holds the protobuf messages, `import` reads one QR code's URI,
//! `export` writes URIs and QR images, `batch` gathers the codes of one export.

mod batch;
mod export;
mod import;
mod wire;

pub use batch::{incomplete_exports, BatchAdd, BatchCollector, BatchError};
pub use export::{
    accounts_per_qr, export_qr_pngs, export_uris, ExportedQrCodes, ExportedUris, ACCOUNTS_PER_QR,
};
pub use import::parse_uri;

use super::Format;

const FORMAT: Format = Format::GoogleMigration;
const SCHEME: &str = "otpauth-migration://";
