//! Recognising and reading the other apps' files of issue 18 (FreeOTP,
//! Steam, Proton, Duo, Stratum, Authy, Battle.net, Bitwarden CSV, and the
//! Google and Microsoft Authenticator databases). Kept apart from
//! `detect.rs` so each format's rule sits next to its reader.

use super::{
    app_db, authy, battlenet, bitwarden_csv, duo, freeotp, prefs_xml, proton, steam, stratum,
};
use super::{Format, ImportFile, TransferError};
use serde_json::Value;

/// A JSON export of one of these apps.
pub(super) fn sniff_json(value: &Value) -> Option<Format> {
    if let Some(array) = value.as_array() {
        return duo::looks_like(array).then_some(Format::DuoMobile);
    }
    let object = value.as_object()?;
    if steam::looks_like(object) {
        return Some(Format::SteamMaFile);
    }
    if proton::looks_like(object) {
        return Some(Format::ProtonAuthenticator);
    }
    if stratum::looks_like(object) {
        return Some(Format::StratumPlain);
    }
    let tokens = object.get("tokens").and_then(Value::as_array);
    let first_is_token = tokens
        .and_then(|t| t.first())
        .and_then(Value::as_object)
        .is_some_and(|t| t.contains_key("secret") && t.contains_key("algo"));
    if tokens.is_some() && (object.contains_key("tokenOrder") || first_is_token) {
        return Some(Format::FreeOtpPlusJson);
    }
    None
}

/// A text file that is not JSON: Android preferences XML or Bitwarden CSV.
pub(super) fn sniff_text(text: &str) -> Option<Format> {
    if prefs_xml::looks_like(text) {
        // Any readable preferences file decides by its entries' names.
        let entries = prefs_xml::read(text, Format::FreeOtpXml).ok()?;
        if entries.iter().any(|e| e.name == battlenet::SECRET_KEY) {
            return Some(Format::BattleNetXml);
        }
        if authy::is_token_map(&entries) {
            return Some(Format::AuthyXml);
        }
        return freeotp::is_token_map(&entries).then_some(Format::FreeOtpXml);
    }
    bitwarden_csv::has_totp_header(text).then_some(Format::BitwardenCsv)
}

/// A binary file: the apps' SQLite databases.
pub(super) fn sniff_binary(bytes: &[u8]) -> Option<Format> {
    if app_db::is_sqlite(bytes) {
        return app_db::sniff(bytes);
    }
    None
}

/// Reads a binary format; `None` when `format` is a text one.
pub(super) fn read_binary(
    format: Format,
    bytes: &[u8],
) -> Option<Result<ImportFile, TransferError>> {
    match format {
        Format::GoogleAuthenticatorDb => Some(app_db::parse_google(bytes)),
        Format::MicrosoftAuthenticatorDb => Some(app_db::parse_microsoft(bytes)),
        _ => None,
    }
}

/// Reads a text format of these apps.
pub(super) fn read_text(format: Format, text: &str) -> Result<ImportFile, TransferError> {
    match format {
        Format::BitwardenCsv => bitwarden_csv::parse(text),
        Format::FreeOtpXml => freeotp::parse_xml(text),
        Format::FreeOtpPlusJson => freeotp::parse_plus_json(text),
        Format::SteamMaFile => steam::parse(text),
        Format::ProtonAuthenticator => proton::parse(text),
        Format::DuoMobile => duo::parse(text),
        Format::StratumPlain => stratum::parse(text),
        Format::AuthyXml => authy::parse(text),
        Format::BattleNetXml => battlenet::parse(text),
        _ => Err(TransferError::UnknownFormat),
    }
}

/// What a file no importer recognised seems to be, when that can be told
/// cheaply from its first bytes, for the "not a format Twofold can import"
/// message.
pub(super) fn seems_to_be(bytes: &[u8]) -> Option<&'static str> {
    let start = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii_start();
    let magic: &[(&[u8], &str)] = &[
        (
            b"SQLite format 3\0",
            "an SQLite database, but not Google or Microsoft Authenticator's",
        ),
        (
            b"\x89PNG",
            "an image (a QR code image is read with add --qr or the scanner)",
        ),
        (
            b"\xff\xd8\xff",
            "an image (a QR code image is read with add --qr or the scanner)",
        ),
        (
            b"PK\x03\x04",
            "a zip archive (unpack it and import the export inside)",
        ),
        (b"%PDF", "a PDF document"),
        (b"\xac\xed\x00\x05", "a Java serialized file"),
    ];
    if let Some((_, what)) = magic.iter().find(|(prefix, _)| start.starts_with(prefix)) {
        return Some(what);
    }
    let text = std::str::from_utf8(start).ok()?;
    if text.starts_with("<map") || (text.starts_with("<?xml") && text.contains("<map")) {
        return Some("an Android preferences file of an app Twofold does not read");
    }
    if text.starts_with('<') {
        return Some("an XML or HTML file");
    }
    if text.starts_with('{') || text.starts_with('[') {
        return Some(
            if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
                "a JSON file of an app Twofold does not read"
            } else {
                "a damaged JSON file"
            },
        );
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.matches(',').count() >= 2 {
        return Some("a CSV file without a login_totp column");
    }
    None
}
