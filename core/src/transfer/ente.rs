//! Ente Auth's plain text export is an otpauth URI list (one per line;
//! Steam accounts as `otpauth://steam/…`), read by [`super::uri_list`].
//! Ente adds a `codeDisplay` query parameter: form-encoded JSON with the
//! account's `tags`, `note`, `pinned` and `trashed` flags and icon choice
//! (`iconSrc`, `iconID`), as Ente's `Code` model writes it. Tags become
//! groups and the note is kept; accounts in Ente's trash are reported, not
//! imported. Pinning and the icon choice are not kept.

use percent_encoding::percent_decode_str;
use serde::Deserialize;

/// What `codeDisplay` says about one account.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
pub struct CodeDisplay {
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub trashed: bool,
}

/// The `codeDisplay` of an otpauth URI, if it has one. `Err` says why it
/// could not be read (never quoting it: it sits beside the key).
pub fn code_display(uri: &str) -> Option<Result<CodeDisplay, String>> {
    let (_, query) = uri.split_once('?')?;
    let query = query.split('#').next().unwrap_or("");
    let raw = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == "codeDisplay").then_some(value)
    })?;
    let spaced = raw.replace('+', " ");
    let json = match percent_decode_str(&spaced).decode_utf8() {
        Ok(json) => json,
        Err(_) => return Some(Err("codeDisplay: not UTF-8 text".into())),
    };
    Some(
        serde_json::from_str::<CodeDisplay>(&json)
            .map_err(|error| format!("codeDisplay: {}", super::fields::json_error_reason(&error))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_note_and_trash() {
        let uri = "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22pinned%22%3Atrue%2C%22trashed%22%3Afalse%2C%22tags%22%3A%5B%22Work%22%5D%2C%22note%22%3A%22a+note%22%7D";
        let display = code_display(uri).unwrap().unwrap();
        assert_eq!(display.tags, ["Work"]);
        assert_eq!(display.note, "a note");
        assert!(!display.trashed);
        assert!(code_display("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").is_none());
        assert!(code_display("otpauth://totp/A?secret=X&codeDisplay=%7B")
            .unwrap()
            .is_err());
    }
}
