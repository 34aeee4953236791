//! Google's Key URI format (`otpauth://TYPE/LABEL?PARAMETERS`) as real sites
//! produce it: parse leniently, reject precisely, emit canonically.

use crate::account::{
    Algorithm, NewAccount, OtpKind, OtpParams, MAX_DIGITS, MIN_DIGITS, STEAM_DIGITS, STEAM_PERIOD,
};
use crate::key::{self, Field, FieldError, KeyError};
use crate::redact::Excerpt;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;
use zeroize::Zeroizing;

/// Longest otpauth URI accepted, in characters. Real setup codes are a few
/// hundred characters; a QR code holds at most about 4,300.
pub const MAX_URI_CHARS: usize = 4096;
/// Most query parameters accepted in one URI (real ones carry at most eight).
pub const MAX_QUERY_PARAMETERS: usize = 32;

/// Why a text is not a usable otpauth URI. Never carries the secret: a
/// misplaced value is echoed only as a short [`Excerpt`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    #[error("not a URI: {reason}")]
    NotAUri { reason: &'static str },
    #[error("this otpauth URI is longer than {MAX_URI_CHARS} characters")]
    TooLong,
    #[error("this otpauth URI has more than {MAX_QUERY_PARAMETERS} parameters")]
    TooManyParameters,
    #[error("the '{name}' parameter is given more than once, with different values")]
    RepeatedParameter { name: &'static str },
    #[error("scheme is {found}, expected 'otpauth'")]
    WrongScheme { found: Excerpt },
    #[error("type is {found}, expected 'totp' or 'hotp'")]
    UnsupportedType { found: Excerpt },
    #[error("the URI has no type (expected otpauth://totp/… or otpauth://hotp/…)")]
    MissingType,
    #[error("the 'secret' parameter is missing")]
    MissingSecret,
    #[error("the 'secret' parameter is invalid: {0}")]
    InvalidSecret(KeyError),
    #[error("algorithm {found} is not supported (expected SHA1, SHA256 or SHA512)")]
    UnsupportedAlgorithm { found: Excerpt },
    #[error("digits {found} is not a number")]
    InvalidDigits { found: Excerpt },
    #[error("digits must be between {MIN_DIGITS} and {MAX_DIGITS}, got {digits}")]
    DigitsOutOfRange { digits: u8 },
    #[error("period {found} is not a whole number of seconds")]
    InvalidPeriod { found: Excerpt },
    #[error("period must be at least 1 second, got 0")]
    ZeroPeriod,
    #[error("an HOTP URI needs a 'counter' parameter")]
    MissingCounter,
    #[error("counter {found} is not a whole number")]
    InvalidCounter { found: Excerpt },
    #[error("the label is not valid UTF-8 after percent-decoding")]
    LabelNotUtf8,
    #[error("{0}")]
    InvalidLabel(FieldError),
}

/// The parameters Twofold reads; a repeat of any other name is ignored.
const KNOWN_PARAMETERS: [&str; 7] = [
    "secret",
    "issuer",
    "algorithm",
    "digits",
    "period",
    "counter",
    "encoder",
];

/// Parses an `otpauth://` URI into an account ready to add.
///
/// The URI is split by hand rather than with the `url` crate: `url` copies
/// the whole text (key included) into buffers of its own that are freed
/// without being wiped. Here the only copies are the decoded parameter
/// values, each in a zeroizing buffer sized once.
pub fn parse(text: &str) -> Result<NewAccount, UriError> {
    let text = text.trim();
    if text.chars().nth(MAX_URI_CHARS).is_some() {
        return Err(UriError::TooLong);
    }
    let text = without_tabs_and_line_breaks(text);
    let parts = split_uri(&text)?;
    let otp_type = parts.authority.to_ascii_lowercase();
    if otp_type.is_empty() {
        return Err(UriError::MissingType);
    }
    if !matches!(otp_type.as_str(), "totp" | "hotp" | "steam") {
        return Err(UriError::UnsupportedType {
            found: Excerpt::of(&otp_type),
        });
    }

    let (label_issuer, name) = parse_label(parts.path)?;
    let query = Query::new(parts.query)?;

    let secret_text = query.get("secret").ok_or(UriError::MissingSecret)?;
    let secret = key::parse_key_with_min_bits(secret_text, 8)
        .map_err(UriError::InvalidSecret)?
        .secret;

    // The issuer parameter wins over the label prefix when both are present.
    let issuer = match query.get("issuer").map(|i| i.trim().to_string()) {
        Some(param) if !param.is_empty() => Some(param),
        _ => label_issuer,
    };
    if let Some(issuer) = &issuer {
        check_label(Field::Issuer, issuer)?;
    }

    let algorithm = match query.get("algorithm") {
        None => Algorithm::Sha1,
        Some(found) => Algorithm::parse(found).ok_or(UriError::UnsupportedAlgorithm {
            found: Excerpt::of(found),
        })?,
    };

    let is_steam = otp_type == "steam"
        || query
            .get("encoder")
            .is_some_and(|e| e.eq_ignore_ascii_case("steam"))
        // Steam's own QR codes name the issuer and nothing else; an explicit
        // digit count other than 5 means a plain TOTP account (as Twofold and
        // other apps export one whose issuer happens to be "Steam").
        || (issuer
            .as_deref()
            .is_some_and(|i| i.eq_ignore_ascii_case("steam"))
            && query.get("digits").is_none_or(|d| d.trim() == "5"));

    let params = if is_steam && otp_type != "hotp" {
        OtpParams::STEAM
    } else {
        let digits = match query.get("digits") {
            None => 6,
            Some(found) => found
                .trim()
                .parse::<u8>()
                .map_err(|_| UriError::InvalidDigits {
                    found: Excerpt::of(found),
                })?,
        };
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            return Err(UriError::DigitsOutOfRange { digits });
        }
        let kind = if otp_type == "hotp" {
            let found = query.get("counter").ok_or(UriError::MissingCounter)?;
            let counter = found
                .trim()
                .parse::<u64>()
                .map_err(|_| UriError::InvalidCounter {
                    found: Excerpt::of(found),
                })?;
            OtpKind::Hotp { counter }
        } else {
            let period = match query.get("period") {
                None => 30,
                Some(found) => {
                    found
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| UriError::InvalidPeriod {
                            found: Excerpt::of(found),
                        })?
                }
            };
            if period == 0 {
                return Err(UriError::ZeroPeriod);
            }
            OtpKind::Totp { period }
        };
        OtpParams {
            kind,
            algorithm,
            digits,
        }
    };

    Ok(NewAccount {
        issuer,
        name,
        secret,
        params,
    })
}

/// Tabs and line breaks inside a URI are dropped, as URL parsers do (a QR
/// generator may wrap a long URI). The copy, made only when needed, holds
/// the key and is wiped.
fn without_tabs_and_line_breaks(text: &str) -> Zeroizing<String> {
    let mut kept = Zeroizing::new(String::with_capacity(text.len()));
    kept.extend(text.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')));
    kept
}

/// The pieces of `otpauth://AUTHORITY/PATH?QUERY#FRAGMENT`, still encoded.
struct UriParts<'a> {
    authority: &'a str,
    path: &'a str,
    query: &'a str,
}

fn split_uri(text: &str) -> Result<UriParts<'_>, UriError> {
    let Some((scheme, rest)) = text.split_once(':') else {
        return Err(UriError::NotAUri {
            reason: "it has no scheme (expected otpauth://…)",
        });
    };
    if scheme.is_empty() {
        return Err(UriError::NotAUri {
            reason: "it has no scheme (expected otpauth://…)",
        });
    }
    if !scheme.eq_ignore_ascii_case("otpauth") {
        return Err(UriError::WrongScheme {
            found: Excerpt::of(scheme),
        });
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(UriError::MissingType);
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    Ok(UriParts {
        authority,
        path,
        query,
    })
}

/// The query parameters, names matched case-insensitively (some generators
/// write `Secret=` or `ISSUER=`). A name Twofold reads may repeat only with
/// the same value: which of two keys to trust is not ours to guess.
struct Query(Vec<(String, Zeroizing<String>)>);

impl Query {
    fn new(query: &str) -> Result<Self, UriError> {
        let mut pairs: Vec<(String, Zeroizing<String>)> = Vec::new();
        for (index, pair) in query.split('&').filter(|p| !p.is_empty()).enumerate() {
            if index == MAX_QUERY_PARAMETERS {
                return Err(UriError::TooManyParameters);
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode_component(name).to_ascii_lowercase();
            let value = decode_component(value);
            if let Some(known) = KNOWN_PARAMETERS.iter().find(|known| **known == name) {
                if pairs.iter().any(|(n, v)| n == &name && *v != value) {
                    return Err(UriError::RepeatedParameter { name: known });
                }
            }
            pairs.push((name, value));
        }
        Ok(Query(pairs))
    }

    /// The first value of `name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes one form-encoded name or value (`+` is a space, `%XX` a byte)
/// into a buffer sized once: the decoded text is never longer.
fn decode_component(raw: &str) -> Zeroizing<String> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(raw.len()));
    let mut rest = raw.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            b'+' => {
                bytes.push(b' ');
                rest = tail;
            }
            b'%' => match tail.get(..2).and_then(|hex| hex_byte(hex[0], hex[1])) {
                Some(byte) => {
                    bytes.push(byte);
                    rest = &tail[2..];
                }
                None => {
                    bytes.push(b'%');
                    rest = tail;
                }
            },
            other => {
                bytes.push(other);
                rest = tail;
            }
        }
    }
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Zeroizing::new(text),
        // Invalid UTF-8 becomes U+FFFD, which the field's own check reports.
        Err(error) => {
            let raw = Zeroizing::new(error.into_bytes());
            Zeroizing::new(String::from_utf8_lossy(&raw).into_owned())
        }
    }
}

fn hex_byte(high: u8, low: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// Splits `ISSUER:ACCOUNT` (the colon literal or `%3A`) and decodes each part.
fn parse_label(path: &str) -> Result<(Option<String>, String), UriError> {
    let raw = path.strip_prefix('/').unwrap_or(path);
    let (raw_issuer, raw_name) = match raw.find(':') {
        Some(i) => (Some(&raw[..i]), &raw[i + 1..]),
        None => match find_ignore_case(raw, "%3A") {
            Some(i) => (Some(&raw[..i]), &raw[i + 3..]),
            None => (None, raw),
        },
    };
    let name = decode_label_part(raw_name)?.trim().to_string();
    check_label(Field::Name, &name)?;
    let issuer = match raw_issuer {
        Some(raw_issuer) => {
            let issuer = decode_label_part(raw_issuer)?.trim().to_string();
            (!issuer.is_empty()).then_some(issuer)
        }
        None => None,
    };
    if let Some(issuer) = &issuer {
        check_label(Field::Issuer, issuer)?;
    }
    Ok((issuer, name))
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_uppercase().find(needle)
}

/// Percent-decodes one part of the label. A literal `+` means a space (form
/// encoding, common in the wild) except in an email address, where `+` is a
/// legal character of the local part.
fn decode_label_part(raw: &str) -> Result<String, UriError> {
    let looks_like_email = raw.contains('@') || find_ignore_case(raw, "%40").is_some();
    let raw: Cow<str> = if looks_like_email {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.replace('+', " "))
    };
    percent_decode_str(&raw)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| UriError::LabelNotUtf8)
}

fn check_label(field: Field, text: &str) -> Result<(), UriError> {
    match key::label_problem(field, text) {
        Some(problem) => Err(UriError::InvalidLabel(problem)),
        None => Ok(()),
    }
}

/// Everything but RFC 3986's unreserved characters and `@` (common in names,
/// legal in a path) is percent-encoded.
const LABEL_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'@')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Emits the canonical URI of an account. It contains the secret, so it comes
/// back zeroizing, built in one buffer sized up front (a buffer that grows
/// leaves copies of the key behind in the memory it gives back).
pub fn to_uri(account: &NewAccount) -> Zeroizing<String> {
    build_uri(account, false)
}

/// The URI other apps' list imports read: as [`to_uri`], except that Steam
/// accounts are `otpauth://steam/…?…&digits=5&period=30` (Aegis, 2FAS and
/// Ente write and read them so; they read `totp` + `encoder=steam` as a
/// six-digit TOTP). [`parse`] reads both forms.
pub fn to_list_uri(account: &NewAccount) -> Zeroizing<String> {
    build_uri(account, true)
}

fn build_uri(account: &NewAccount, steam_type: bool) -> Zeroizing<String> {
    let encode = |text: &str| utf8_percent_encode(text, LABEL_ENCODE).to_string();
    let otp_type = match account.params.kind {
        OtpKind::Hotp { .. } => "hotp",
        OtpKind::Steam if steam_type => "steam",
        OtpKind::Totp { .. } | OtpKind::Steam => "totp",
    };
    let label = match &account.issuer {
        Some(issuer) => format!("{}:{}", encode(issuer), encode(&account.name)),
        // A leading colon keeps a colon inside the name from reading as a separator.
        None if account.name.contains(':') => format!(":{}", encode(&account.name)),
        None => encode(&account.name),
    };
    let issuer = match &account.issuer {
        Some(issuer) => format!("&issuer={}", encode(issuer)),
        None => String::new(),
    };
    let params = match account.params.kind {
        OtpKind::Steam if steam_type => {
            format!("&algorithm=SHA1&digits={STEAM_DIGITS}&period={STEAM_PERIOD}")
        }
        OtpKind::Steam => "&encoder=steam".to_string(),
        OtpKind::Totp { period } => format!(
            "&algorithm={}&digits={}&period={period}",
            account.params.algorithm, account.params.digits
        ),
        OtpKind::Hotp { counter } => format!(
            "&algorithm={}&digits={}&counter={counter}",
            account.params.algorithm, account.params.digits
        ),
    };
    let secret = account.secret.to_base32();
    let pieces = [
        "otpauth://",
        otp_type,
        "/",
        &label,
        "?secret=",
        secret.as_str(),
        &issuer,
        &params,
    ];
    let mut uri = Zeroizing::new(String::with_capacity(pieces.iter().map(|p| p.len()).sum()));
    pieces.iter().for_each(|piece| uri.push_str(piece));
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use proptest::prelude::*;

    const ACME: &str = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

    #[test]
    fn parses_the_key_uri_format_example() {
        let account = parse(ACME).unwrap();
        assert_eq!(account.issuer.as_deref(), Some("ACME Co"));
        assert_eq!(account.name, "john.doe@email.com");
        assert_eq!(
            account.secret.to_base32().as_str(),
            "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
        );
        assert_eq!(account.params, OtpParams::DEFAULT_TOTP);
    }

    #[test]
    fn issuer_in_label_parameter_both_or_neither() {
        let only_label =
            parse("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(only_label.issuer.as_deref(), Some("Example"));
        assert_eq!(only_label.name, "alice@google.com");

        let only_param =
            parse("otpauth://totp/alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
                .unwrap();
        assert_eq!(only_param.issuer.as_deref(), Some("Example"));
        assert_eq!(only_param.name, "alice@google.com");

        let differ =
            parse("otpauth://totp/Old%20Name:alice?secret=JBSWY3DPEHPK3PXP&issuer=New+Name")
                .unwrap();
        assert_eq!(differ.issuer.as_deref(), Some("New Name"));
        assert_eq!(differ.name, "alice");

        let neither = parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(neither.issuer, None);
        assert_eq!(neither.name, "alice");

        let encoded_colon =
            parse("otpauth://totp/Big%20Corp%3A%20bob%40corp.com?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(encoded_colon.issuer.as_deref(), Some("Big Corp"));
        assert_eq!(encoded_colon.name, "bob@corp.com");
    }

    #[test]
    fn plus_is_a_space_except_in_emails() {
        let account =
            parse("otpauth://totp/My+Bank:john+2fa@mail.com?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(account.issuer.as_deref(), Some("My Bank"));
        assert_eq!(account.name, "john+2fa@mail.com");
        let spaced = parse("otpauth://totp/My+Bank:John+Doe?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(spaced.name, "John Doe");
    }

    #[test]
    fn lenient_secrets_and_ignored_parameters() {
        let account = parse("otpauth://totp/X:y?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D%3D&image=https%3A%2F%2Fx.test%2Fa.png&color=ff0000&foo=bar").unwrap();
        assert_eq!(account.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        let upper_names = parse("OTPAUTH://TOTP/X:y?SECRET=JBSWY3DPEHPK3PXP&Digits=8").unwrap();
        assert_eq!(upper_names.params.digits, 8);
    }

    #[test]
    fn all_parameters() {
        let account =
            parse("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&algorithm=sha512&digits=8&period=60")
                .unwrap();
        assert_eq!(
            account.params,
            OtpParams {
                kind: OtpKind::Totp { period: 60 },
                algorithm: Algorithm::Sha512,
                digits: 8
            }
        );
        let hotp = parse("otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&counter=42&algorithm=SHA256")
            .unwrap();
        assert_eq!(
            hotp.params,
            OtpParams {
                kind: OtpKind::Hotp { counter: 42 },
                algorithm: Algorithm::Sha256,
                digits: 6
            }
        );
    }

    #[test]
    fn steam_by_encoder_or_issuer() {
        let by_encoder =
            parse("otpauth://totp/Valve:gaben?secret=JBSWY3DPEHPK3PXP&encoder=steam&digits=5")
                .unwrap();
        assert_eq!(by_encoder.params, OtpParams::STEAM);
        let by_issuer = parse("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(by_issuer.params, OtpParams::STEAM);
        // An explicit 6 digits is a plain TOTP account that is merely named Steam.
        let plain = parse("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&digits=6").unwrap();
        assert_eq!(plain.params, OtpParams::DEFAULT_TOTP);
    }

    #[test]
    fn specific_errors() {
        let cases: Vec<(&str, UriError)> = vec![
            (
                "https://example.com/?secret=JBSWY3DPEHPK3PXP",
                UriError::WrongScheme {
                    found: Excerpt::of("https"),
                },
            ),
            (
                "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
                UriError::UnsupportedType {
                    found: Excerpt::of("motp"),
                },
            ),
            (
                "otpauth:///x?secret=JBSWY3DPEHPK3PXP",
                UriError::MissingType,
            ),
            ("otpauth://totp/x?issuer=A", UriError::MissingSecret),
            (
                "otpauth://totp/x?secret=",
                UriError::InvalidSecret(KeyError::Empty),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1",
                UriError::InvalidSecret(KeyError::InvalidCharacter {
                    character: '1',
                    position: 16,
                    hint: Some("Base32 has no one: did you mean the letter I or L?"),
                }),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                UriError::UnsupportedAlgorithm {
                    found: Excerpt::of("MD5"),
                },
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=five",
                UriError::InvalidDigits {
                    found: Excerpt::of("five"),
                },
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4",
                UriError::DigitsOutOfRange { digits: 4 },
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11",
                UriError::DigitsOutOfRange { digits: 11 },
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
                UriError::ZeroPeriod,
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-30",
                UriError::InvalidPeriod {
                    found: Excerpt::of("-30"),
                },
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
                UriError::MissingCounter,
            ),
            (
                "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=x",
                UriError::InvalidCounter {
                    found: Excerpt::of("x"),
                },
            ),
            (
                "otpauth://totp/%FF?secret=JBSWY3DPEHPK3PXP",
                UriError::LabelNotUtf8,
            ),
            (
                "otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP",
                UriError::InvalidLabel(FieldError::ControlCharacter {
                    field: Field::Name,
                    position: 2,
                }),
            ),
        ];
        for (uri, expected) in cases {
            assert_eq!(parse(uri).unwrap_err(), expected, "{uri}");
        }
        assert!(matches!(
            parse("just some text"),
            Err(UriError::NotAUri { .. })
        ));
    }

    #[test]
    fn errors_never_contain_the_secret() {
        let uri = "otpauth://totp/x?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&algorithm=MD5";
        assert!(!parse(uri).unwrap_err().to_string().contains("HXDM"));
    }

    const KEY: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";

    /// Whether `text` holds any six consecutive characters of `key`, in any case.
    fn holds_part_of(text: &str, key: &str) -> bool {
        let text = text.to_ascii_uppercase();
        (0..=key.len() - 6).any(|start| text.contains(&key[start..start + 6]))
    }

    #[test]
    fn a_key_in_any_other_field_is_not_echoed() {
        let other = "JBSWY3DPEHPK3PXP";
        let cases = [
            ("scheme", format!("{KEY}://totp/x?secret={other}")),
            ("type", format!("otpauth://{KEY}/x?secret={other}")),
            (
                "algorithm",
                format!("otpauth://totp/x?secret={other}&algorithm={KEY}"),
            ),
            (
                "digits",
                format!("otpauth://totp/x?secret={other}&digits={KEY}"),
            ),
            (
                "period",
                format!("otpauth://totp/x?secret={other}&period={KEY}"),
            ),
            (
                "counter",
                format!("otpauth://hotp/x?secret={other}&counter={KEY}"),
            ),
        ];
        for (field, uri) in cases {
            let message = parse(&uri).unwrap_err().to_string();
            assert!(!holds_part_of(&message, KEY), "{field}: {message}");
            assert!(message.contains(field), "{field}: {message}");
            assert!(message.contains("(32 characters)"), "{field}: {message}");
            assert!(
                message.contains("expected") || message.contains("not"),
                "{message}"
            );
        }
    }

    #[test]
    fn length_is_capped_before_any_work() {
        let at_limit = format!(
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&pad={}",
            "a".repeat(MAX_URI_CHARS - 45)
        );
        assert_eq!(at_limit.chars().count(), MAX_URI_CHARS);
        assert!(parse(&at_limit).is_ok());
        let over = format!("{at_limit}a");
        assert_eq!(parse(&over), Err(UriError::TooLong));
        assert_eq!(
            UriError::TooLong.to_string(),
            "this otpauth URI is longer than 4096 characters"
        );
        // 100 MB of parameters is refused at once, not parsed.
        let huge = format!("otpauth://totp/x?secret=A{}", "&a=b".repeat(25_000_000));
        let started = std::time::Instant::now();
        assert_eq!(parse(&huge), Err(UriError::TooLong));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn parameter_count_is_capped() {
        let with = |count: usize| {
            let mut uri = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP".to_string();
            for i in 1..count {
                uri.push_str(&format!("&p{i}=v"));
            }
            uri
        };
        assert!(parse(&with(MAX_QUERY_PARAMETERS)).is_ok());
        assert_eq!(
            parse(&with(MAX_QUERY_PARAMETERS + 1)),
            Err(UriError::TooManyParameters)
        );
    }

    #[test]
    fn a_parameter_read_twice_must_agree() {
        assert_eq!(
            parse(
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&SECRET=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
            ),
            Err(UriError::RepeatedParameter { name: "secret" })
        );
        assert_eq!(
            parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=6&digits=8"),
            Err(UriError::RepeatedParameter { name: "digits" })
        );
        let same =
            parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP&foo=1&foo=2")
                .unwrap();
        assert_eq!(same.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    }

    #[test]
    fn line_breaks_fragments_and_encoded_parameters() {
        let wrapped =
            parse("otpauth://totp/ACME:al\nice?secret=JBSW\r\nY3DPEHPK3PXP#fragment").unwrap();
        assert_eq!(wrapped.name, "alice");
        assert_eq!(wrapped.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        let encoded =
            parse("otpauth://totp/x?%73ecret=JBSW%59%33DPEHPK3PXP&issuer=A%26B+Co&bad=%zz")
                .unwrap();
        assert_eq!(encoded.issuer.as_deref(), Some("A&B Co"));
        assert_eq!(encoded.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(
            parse("otpauth:totp/x?secret=JBSWY3DPEHPK3PXP"),
            Err(UriError::MissingType)
        );
    }

    #[test]
    fn emits_canonical_uris() {
        let account = parse(ACME).unwrap();
        assert_eq!(to_uri(&account).as_str(), ACME);
        let account = NewAccount {
            issuer: None,
            name: "a:b".into(),
            secret: Secret::from_bytes(vec![1; 10]),
            params: OtpParams::STEAM,
        };
        assert_eq!(parse(&to_uri(&account)).unwrap(), account);
    }

    fn label_text() -> impl Strategy<Value = String> {
        // Printable text including the characters that need encoding.
        "[a-zA-Z0-9 :@+%&=?/#.éü漢-]{0,24}".prop_map(|s| s.trim().to_string())
    }

    fn params() -> impl Strategy<Value = OtpParams> {
        let algorithm = prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ];
        prop_oneof![
            (algorithm.clone(), MIN_DIGITS..=MAX_DIGITS, 1u32..=600).prop_map(
                |(algorithm, digits, period)| OtpParams {
                    kind: OtpKind::Totp { period },
                    algorithm,
                    digits
                }
            ),
            (algorithm, MIN_DIGITS..=MAX_DIGITS, any::<u64>()).prop_map(
                |(algorithm, digits, counter)| OtpParams {
                    kind: OtpKind::Hotp { counter },
                    algorithm,
                    digits
                }
            ),
            Just(OtpParams::STEAM),
        ]
    }

    proptest! {
        #[test]
        fn emit_then_parse_gives_the_same_account(
            issuer in label_text(),
            name in label_text(),
            secret in proptest::collection::vec(any::<u8>(), 1..=64),
            params in params(),
        ) {
            let issuer = (!issuer.is_empty()).then_some(issuer);
            let account = NewAccount { issuer, name, secret: Secret::from_bytes(secret), params };
            let uri = to_uri(&account);
            prop_assert_eq!(parse(&uri).unwrap(), account);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn parse_never_panics_on_otpauth_shapes(label in "\\PC{0,40}", query in "\\PC{0,80}") {
            let _ = parse(&format!("otpauth://totp/{label}?{query}"));
        }
    }
}
