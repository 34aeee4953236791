//! Printed text (a `Debug` output, an error message, a log line) must not
//! hold a secret in any of the forms it could take.

/// Panics if `printed` holds `secret` in any common encoding: the raw text,
/// lower- or upper-case hex, Base32 (the form users type), Base64, or the
/// bytes as decimal numbers the way `Debug` prints a `Vec<u8>` (`[72, 101]`).
///
/// Checks the whole secret and, for a secret of 12 bytes or more, its first
/// half too, so a printed prefix counts.
pub fn assert_hides(printed: &str, secret: &[u8]) {
    assert!(
        secret.len() >= 4,
        "a secret of {} bytes is too short to search for",
        secret.len()
    );
    let mut parts = vec![secret];
    if secret.len() >= 12 {
        parts.push(&secret[..secret.len() / 2]);
    }
    for part in parts {
        for (encoding, text) in encodings(part) {
            assert!(
                !printed.contains(&text),
                "printed text holds the secret as {encoding} ({text:?}): {printed}"
            );
        }
    }
}

/// Every form `bytes` could be printed in, named.
fn encodings(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let decimal = bytes
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut forms = vec![
        ("upper-case hex", hex.to_uppercase()),
        ("hex", hex),
        ("decimal bytes", decimal),
        (
            "Base32",
            base32::encode(base32::Alphabet::Rfc4648 { padding: false }, bytes),
        ),
        ("Base64", base64_unpadded(bytes)),
    ];
    if let Ok(text) = std::str::from_utf8(bytes) {
        forms.push(("text", text.to_owned()));
    }
    // Encodings of a prefix end mid-symbol: drop the last, partial one.
    for (_, form) in &mut forms {
        if form.len() > 4 {
            form.pop();
        }
    }
    forms
}

/// Standard Base64 without padding (no dependency for one test helper).
fn base64_unpadded(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let word = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(word >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"Hello!\xde\xad";

    #[test]
    fn finds_the_secret_in_every_encoding() {
        for (encoding, text) in encodings(SECRET) {
            let printed = format!("Secret {{ bytes: {text} }}");
            let caught = std::panic::catch_unwind(|| assert_hides(&printed, SECRET));
            assert!(caught.is_err(), "missed the secret as {encoding}");
        }
        let debug = format!("{:?}", SECRET.to_vec());
        assert!(std::panic::catch_unwind(|| assert_hides(&debug, SECRET)).is_err());
    }

    #[test]
    fn passes_a_redacted_print() {
        assert_hides("Secret(<redacted>)", SECRET);
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64_unpadded(b"Hello!"), "SGVsbG8h");
        assert_eq!(base64_unpadded(b"Hi"), "SGk");
    }
}
