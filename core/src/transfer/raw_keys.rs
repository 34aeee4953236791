//! Keys that exports store as bytes rather than Base32: Base64 (Steam,
//! Microsoft), hex (Battle.net) or a list of byte values (FreeOTP). Each
//! decoder wipes what it decodes and names the field, never the key, when
//! it fails.

use crate::secret::Secret;
use base64::Engine;
use zeroize::Zeroizing;

/// A key of at least one byte.
pub(crate) fn from_bytes(field: &str, bytes: Zeroizing<Vec<u8>>) -> Result<Secret, String> {
    if bytes.is_empty() {
        return Err(format!("{field}: the key is empty"));
    }
    Ok(Secret::from_bytes(bytes.to_vec()))
}

/// A Base64 key (standard alphabet, padding optional, surrounding spaces
/// ignored).
pub(crate) fn from_base64(field: &str, text: &str) -> Result<Secret, String> {
    let text = text.trim();
    if let Some((index, character)) = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        return Err(format!(
            "{field}: character {} is not Base64 ({})",
            text[..index].chars().count() + 1,
            describe(character)
        ));
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(text)
        .map(Zeroizing::new)
        .map_err(|_| format!("{field}: not valid Base64 ({} characters)", text.len()))?;
    from_bytes(field, bytes)
}

/// A hexadecimal key (either case, surrounding spaces ignored).
pub(crate) fn from_hex(field: &str, text: &str) -> Result<Secret, String> {
    let text = text.trim();
    if let Some((index, character)) = text.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "{field}: character {} is not hexadecimal ({})",
            text[..index].chars().count() + 1,
            describe(character)
        ));
    }
    if !text.len().is_multiple_of(2) {
        return Err(format!(
            "{field}: {} hexadecimal digits, expected an even number",
            text.len()
        ));
    }
    let bytes: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.as_bytes()
            .chunks(2)
            .map(|pair| (hex_value(pair[0]) << 4) | hex_value(pair[1]))
            .collect(),
    );
    from_bytes(field, bytes)
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit.wrapping_sub(b'A').wrapping_add(10),
    }
}

/// A character of a key field for a message: only its class, since the
/// neighbouring characters are key material.
fn describe(character: char) -> &'static str {
    if character.is_whitespace() {
        "a space"
    } else if character.is_control() {
        "a control character"
    } else if character.is_ascii_punctuation() {
        "a punctuation mark"
    } else {
        "an unexpected letter or symbol"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_names_the_field() {
        assert_eq!(from_hex("k", "3132").unwrap().expose(), b"12");
        assert_eq!(from_hex("k", "aBcD").unwrap().expose(), [0xab, 0xcd]);
        assert_eq!(
            from_hex("k", "313").unwrap_err(),
            "k: 3 hexadecimal digits, expected an even number"
        );
        assert_eq!(
            from_hex("k", "31x2").unwrap_err(),
            "k: character 3 is not hexadecimal (an unexpected letter or symbol)"
        );
        assert_eq!(from_base64("k", "MTIz").unwrap().expose(), b"123");
        assert_eq!(from_base64("k", "MTI").unwrap().expose(), b"12");
        assert!(from_base64("k", "M!Iz")
            .unwrap_err()
            .starts_with("k: character 2"));
        assert_eq!(from_base64("k", "").unwrap_err(), "k: the key is empty");
    }
}
