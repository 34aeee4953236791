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
