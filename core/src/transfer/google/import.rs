//! Reading one QR code of an export: its URI, the payload's claimed sizes
//! checked before decoding, and each entry to an account or a problem.

use super::batch::check_batch_size;
use super::wire::{MigrationPayload, OtpParameters, PayloadOutline};
use super::{FORMAT, SCHEME};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams};
use crate::key::{self, Field};
use crate::secret::Secret;
use crate::transfer::fields::problem_label;
use crate::transfer::limits;
use crate::transfer::{EntryProblem, GoogleBatch, ImportFile, PortableAccount, TransferError};
use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use percent_encoding::percent_decode_str;
use prost::Message;
use zeroize::Zeroizing;

/// Parses one `otpauth-migration://offline?data=…` URI (one QR code of an
/// export). Entries that cannot be read become problems; the others are kept.
/// A payload claiming more QR codes than [`MAX_GOOGLE_BATCH_CODES`](crate::transfer::limits::MAX_GOOGLE_BATCH_CODES) or
/// holding more entries than [`MAX_IMPORT_ENTRIES`](crate::transfer::limits::MAX_IMPORT_ENTRIES) is refused before its
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
pub(super) fn strip_issuer_prefix<'a>(issuer: &str, name: &'a str) -> Option<&'a str> {
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
    let issuer = crate::transfer::fields::clean_label(Field::Issuer, issuer)?;
    let name = crate::transfer::fields::clean_label(Field::Name, Some(name))?.unwrap_or_default();
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
