//! Recognises an export file by its content (never by its name) and hands it
//! to the right importer.

use super::{aegis, andotp, backup, bitwarden, detect_apps, google, limits, twofas, uri_list};
use super::{andotp_encrypted, bitwarden_encrypted, twofas_encrypted};
use super::{Format, ImportFile, TransferError};
use serde_json::Value;

/// The text of `bytes` without a UTF-8 byte-order mark; `None` if not UTF-8.
pub(super) fn text_of(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Lines that carry content: not blank, not `#` comments.
fn content_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Refuses bytes larger than any import may be, before anything is built
/// from them: the file size and, for JSON, the number of values (see
/// [`limits`]). [`read_import`] and [`sniff`] both apply it first.
pub fn check_import_size(bytes: &[u8]) -> Result<(), TransferError> {
    limits::check_file_size(bytes.len() as u64)?;
    let start = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii_start();
    if matches!(start.first(), Some(b'{' | b'[')) {
        limits::check_json_values(start)?;
    }
    Ok(())
}

/// Which format `bytes` look like, if any. Never panics; non-UTF-8 and
/// files over the size limits ([`check_import_size`]) are `None`.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    check_import_size(bytes).ok()?;
    sniff_within_limits(bytes)
}

fn sniff_within_limits(bytes: &[u8]) -> Option<Format> {
    if let Some(format) = detect_apps::sniff_binary(bytes) {
        return Some(format);
    }
    let Some(text) = text_of(bytes) else {
        return sniff_binary(bytes);
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(value) => sniff_json(&value),
            // A damaged Twofold backup still gets its reader's precise error.
            Err(_) if trimmed.contains(backup::FORMAT_NAME) => Some(Format::TwofoldBackup),
            Err(_) => None,
        };
    }
    if let Some(format) = detect_apps::sniff_text(text) {
        return Some(format);
    }
    let mut lines = content_lines(text);
    let first = lines.next()?;
    if starts_with_ignore_case(first, "otpauth-migration://") {
        return Some(if lines.next().is_none() {
            Format::GoogleMigration
        } else {
            Format::UriList
        });
    }
    starts_with_ignore_case(first, "otpauth://").then_some(Format::UriList)
}

/// Binary files after [`detect_apps::sniff_binary`]. andOTP's encrypted
/// backups have no signature: they are whatever binary file is no other
/// known format, so they come last.
fn sniff_binary(bytes: &[u8]) -> Option<Format> {
    andotp_encrypted::looks_like(bytes).then_some(Format::AndOtpEncrypted)
}

fn sniff_json(value: &Value) -> Option<Format> {
    if let Some(format) = detect_apps::sniff_json(value) {
        return Some(format);
    }
    if let Some(array) = value.as_array() {
        // andOTP: a bare array of entries, each with a secret and a type.
        let first = array.first()?.as_object()?;
        return (first.contains_key("secret") && first.contains_key("type"))
            .then_some(Format::AndOtp);
    }
    let object = value.as_object()?;
    let has = |key: &str| object.contains_key(key);
    if object.get("format").and_then(Value::as_str) == Some(backup::FORMAT_NAME) {
        return Some(Format::TwofoldBackup);
    }
    if has("header") {
        match object.get("db") {
            Some(Value::Object(_)) => return Some(Format::AegisPlain),
            Some(Value::String(_)) => return Some(Format::AegisEncrypted),
            _ => {}
        }
    }
    let is_true = |key: &str| object.get(key).and_then(Value::as_bool) == Some(true);
    let non_empty_text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty())
    };
    if has("schemaVersion") && non_empty_text("servicesEncrypted") {
        return Some(Format::TwoFasEncrypted);
    }
    if has("schemaVersion") && (has("services") || has("servicesEncrypted")) {
        return Some(Format::TwoFas);
    }
    if is_true("encrypted") && is_true("passwordProtected") {
        return Some(Format::BitwardenEncrypted);
    }
    if has("items") || object.get("encrypted").is_some_and(Value::is_boolean) {
        return Some(Format::Bitwarden);
    }
    None
}

/// The error for bytes no importer recognises: it says what the file seems
/// to be when that can be told.
pub fn unknown_format(bytes: &[u8]) -> TransferError {
    match detect_apps::seems_to_be(bytes) {
        Some(seems) => TransferError::UnrecognisedFile { seems },
        None => TransferError::UnknownFormat,
    }
}

/// Reads an export file of any supported format. `password` is used only by
/// encrypted formats; they fail with `PasswordRequired` when it is `None`.
/// Files over the limits of [`limits`] are refused before they are parsed.
pub fn read_import(bytes: &[u8], password: Option<&str>) -> Result<ImportFile, TransferError> {
    check_import_size(bytes)?;
    let format = sniff_within_limits(bytes).ok_or_else(|| unknown_format(bytes))?;
    if let Some(file) = detect_apps::read_binary(format, bytes) {
        let file = file?;
        limits::check_entry_count(file.accounts.len() + file.problems.len())?;
        return Ok(file);
    }
    let password_for = |format| password.ok_or(TransferError::PasswordRequired(format));
    if format == Format::AndOtpEncrypted {
        let file = andotp_encrypted::parse(bytes, password)?;
        limits::check_entry_count(file.accounts.len() + file.problems.len())?;
        return Ok(file);
    }
    // Every other format `sniff` accepts is UTF-8 text.
    let text = text_of(bytes).ok_or(TransferError::UnknownFormat)?;
    let mut file = match format {
        Format::TwofoldBackup => backup::read(text.as_bytes(), password_for(format)?),
        Format::AegisEncrypted => aegis::parse(text, Some(password_for(format)?)),
        Format::AegisPlain => aegis::parse(text, None),
        Format::TwoFas => twofas::parse(text),
        Format::AndOtp => andotp::parse(text),
        Format::Bitwarden => bitwarden::parse(text),
        Format::UriList => uri_list::parse(text),
        Format::TwoFasEncrypted => twofas_encrypted::parse(text, password),
        Format::BitwardenEncrypted => bitwarden_encrypted::parse(text, password),
        Format::AndOtpEncrypted => andotp_encrypted::parse(text.as_bytes(), password),
        Format::GoogleMigration => {
            let uri = content_lines(text)
                .next()
                .ok_or(TransferError::UnknownFormat)?;
            google::parse_uri(uri)
        }
        other => detect_apps::read_text(other, text),
    }?;
    // JSON formats are bounded by their value count; this is the entry rule.
    limits::check_entry_count(file.accounts.len() + file.problems.len())?;
    if matches!(format, Format::UriList | Format::GoogleMigration) {
        file.incomplete_google = google::incomplete_exports(content_lines(text));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_every_format_from_a_small_sample() {
        let samples: &[(&str, Format)] = &[
            (
                r#"{"format":"twofold-backup","version":1}"#,
                Format::TwofoldBackup,
            ),
            (
                r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[]}}"#,
                Format::AegisPlain,
            ),
            (
                r#"{"version":1,"header":{"slots":[],"params":{}},"db":"c2VhbGVk"}"#,
                Format::AegisEncrypted,
            ),
            (
                r#"{"services":[],"groups":[],"schemaVersion":4,"appVersionCode":5000}"#,
                Format::TwoFas,
            ),
            (r#"{"encrypted":false,"folders":[],"items":[]}"#, Format::Bitwarden),
            (r#"{"encrypted":true,"data":"…"}"#, Format::Bitwarden),
            (
                r#"[{"secret":"JBSWY3DPEHPK3PXP","issuer":"ACME","label":"me","digits":6,"type":"TOTP","algorithm":"SHA1","period":30}]"#,
                Format::AndOtp,
            ),
            (
                "# my accounts\n\notpauth://totp/ACME:me?secret=JBSWY3DPEHPK3PXP\notpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1\n",
                Format::UriList,
            ),
            ("\u{feff}OTPAUTH://totp/x?secret=JBSWY3DPEHPK3PXP", Format::UriList),
            (
                "  otpauth-migration://offline?data=CgA%3D  \n",
                Format::GoogleMigration,
            ),
            (
                "otpauth-migration://offline?data=CgA%3D\notpauth-migration://offline?data=CgE%3D\n",
                Format::UriList,
            ),
            // Truncated: still goes to the backup reader for a precise error.
            (r#"{"format":"twofold-backup","ver"#, Format::TwofoldBackup),
        ];
        for (sample, expected) in samples {
            assert_eq!(sniff(sample.as_bytes()), Some(*expected), "{sample}");
        }
    }

    #[test]
    fn anything_else_is_not_recognised() {
        let samples: &[&[u8]] = &[
            b"",
            b"   \n# only a comment\n",
            b"hello otpauth://totp/x",
            b"{}",
            b"[]",
            b"[1, 2]",
            b"{\"header\": 1}",
            b"{not json",
            b"\xff\xfe\x00o\x00t\x00p",
            b"https://example.com",
        ];
        for sample in samples {
            assert_eq!(sniff(sample), None, "{sample:?}");
        }
    }

    #[test]
    fn encrypted_formats_need_a_password() {
        assert_eq!(
            read_import(br#"{"header":{},"db":"x"}"#, None),
            Err(TransferError::PasswordRequired(Format::AegisEncrypted))
        );
        assert_eq!(
            read_import(br#"{"format":"twofold-backup","version":1}"#, None),
            Err(TransferError::PasswordRequired(Format::TwofoldBackup))
        );
        assert_eq!(
            read_import(b"plain text", Some("pw")),
            Err(TransferError::UnknownFormat)
        );
    }
}
