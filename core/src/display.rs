//! What every face of Twofold shows the same way: an account's label, a
//! code's digit groups, how long a copied code stays on the clipboard, and
//! which accounts a search of the codes list finds. The CLI and both apps call
//! these (through the FFI); none of them has a rule of its own.

/// An account's label: "Issuer (name)", just the issuer when the name is
/// empty, just the name when there is no issuer. Both parts are trimmed, and
/// an issuer that is only spaces counts as none. When both are empty the label
/// is empty, and each UI shows its own (localised) "unnamed account" text.
pub fn label(issuer: Option<&str>, name: &str) -> String {
    let issuer = issuer.map(str::trim).unwrap_or_default();
    let name = name.trim();
    match (issuer.is_empty(), name.is_empty()) {
        (false, false) => format!("{issuer} ({name})"),
        (false, true) => issuer.to_string(),
        (true, _) => name.to_string(),
    }
}

/// Groups a code's characters for reading and typing, separated by one
/// space: a length divisible by three goes in threes (6 → "123 456",
/// 9 → "123 456 789"); other lengths in two halves, the shorter first
/// (7 → "123 4567", 8 → "1234 5678", 10 → "12345 67890"). Five characters or
/// fewer (Steam's codes) stay whole. Counts characters, not bytes, so a masked
/// code ("••••••") is grouped exactly like the code it hides.
pub fn group_code(code: &str) -> String {
    let characters: Vec<char> = code.chars().collect();
    let count = characters.len();
    if count <= 5 {
        return code.to_string();
    }
    let groups: Vec<String> = if count.is_multiple_of(3) {
        characters
            .chunks(3)
            .map(|group| group.iter().collect())
            .collect()
    } else {
        let (head, tail) = characters.split_at(count / 2);
        vec![head.iter().collect(), tail.iter().collect()]
    };
    groups.join(" ")
}

/// How long after a code stops being current servers usually still accept it
/// (one step of clock drift): a copied code may stay that long.
pub const CLIPBOARD_GRACE_SECONDS: u64 = 30;
/// A copied code stays at least this long (never more than the user's limit),
/// so one copied a second before it rolls over can still be pasted.
pub const CLIPBOARD_MINIMUM_SECONDS: u64 = 15;
/// The limits a user may choose for the clipboard, in seconds.
pub const CLIPBOARD_LIMIT_CHOICES: [u32; 4] = [15, 30, 60, 120];
/// The limit until the user picks another.
pub const CLIPBOARD_DEFAULT_LIMIT: u32 = 30;

/// When (unix seconds) the app must clear a code copied at `copied_at`: the
/// grace period after the code stops being current (`valid_until`), but no
/// later than `limit_seconds` after copying and no sooner than
/// [`CLIPBOARD_MINIMUM_SECONDS`] (or the limit, if smaller). An HOTP code
/// (`valid_until` of `None`) stays for the whole limit.
pub fn clipboard_clear_at(copied_at: u64, valid_until: Option<u64>, limit_seconds: u32) -> u64 {
    let limit = u64::from(limit_seconds);
    let latest = copied_at.saturating_add(limit);
    let earliest = copied_at.saturating_add(CLIPBOARD_MINIMUM_SECONDS.min(limit));
    match valid_until {
        Some(until) => until
            .saturating_add(CLIPBOARD_GRACE_SECONDS)
            .clamp(earliest, latest),
        None => latest,
    }
}

/// A search of the codes list: every word of the query must appear somewhere
/// in the account's issuer or name. Case and the accents of Latin letters do
/// not matter ("zurich" finds "Zürich", "STRASSE" finds "Straße"). An empty
/// query finds every account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    /// The query as the user typed it: split into words, each folded.
    pub fn new(query: &str) -> SearchQuery {
        SearchQuery {
            words: query.split_whitespace().map(fold).collect(),
        }
    }

    /// Whether the query finds the account named `issuer` and `name`.
    pub fn matches(&self, issuer: Option<&str>, name: &str) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let issuer = fold(issuer.unwrap_or_default());
        let name = fold(name);
        self.words
            .iter()
            .all(|word| issuer.contains(word.as_str()) || name.contains(word.as_str()))
    }
}

/// Lower case without accents, for comparing: Unicode's lower case, then
/// each accented Latin letter as its base letter (a hand-written table, not a
/// normalisation crate, to keep the phone library small), ligatures and the
/// sharp s spelled out, combining marks dropped.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\u{0300}'..='\u{036F}' => {} // combining accents of decomposed text
            'ß' | 'ẞ' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'þ' => folded.push_str("th"),
            'ĳ' => folded.push_str("ij"),
            _ => folded.push(base_letter(c).unwrap_or(c)),
        }
    }
    folded
}

/// U+00C0–U+017F (Latin-1 letters and Latin Extended-A), one base letter per
/// code point; `.` keeps the character (× ÷), `*` is spelled out in `fold`.
const LATIN_1_AND_EXTENDED_A: &[u8; 192] = b"\
aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllll\
lllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// U+1E00–U+1EFF (Latin Extended Additional: Vietnamese and others).
const LATIN_EXTENDED_ADDITIONAL: &[u8; 256] = b"\
aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
wwwwwwwwwwxxxxyyzzzzzzhtwy.s....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

fn base_letter(c: char) -> Option<char> {
    let code = u32::from(c);
    let entry = match code {
        0x00C0..=0x017F => LATIN_1_AND_EXTENDED_A.get((code - 0x00C0) as usize),
        0x1E00..=0x1EFF => LATIN_EXTENDED_ADDITIONAL.get((code - 0x1E00) as usize),
        _ => None,
    }?;
    entry.is_ascii_lowercase().then_some(char::from(*entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_issuer_and_account_or_whichever_exists() {
        assert_eq!(label(Some("ACME"), "me"), "ACME (me)");
        assert_eq!(label(Some("ACME"), ""), "ACME");
        assert_eq!(label(Some("ACME"), "   "), "ACME");
        assert_eq!(label(None, "me"), "me");
        assert_eq!(label(Some(" "), "me"), "me");
        assert_eq!(label(Some(" ACME "), " me "), "ACME (me)");
        assert_eq!(label(None, ""), "");
    }

    #[test]
    fn grouping_of_every_length() {
        for (code, grouped) in [
            ("12345", "12345"),
            ("123456", "123 456"),
            ("1234567", "123 4567"),
            ("12345678", "1234 5678"),
            ("123456789", "123 456 789"),
            ("1234567890", "12345 67890"),
            ("••••••", "••• •••"),
            ("", ""),
        ] {
            assert_eq!(group_code(code), grouped, "{code}");
        }
    }

    #[test]
    fn clipboard_keeps_a_code_through_its_grace_within_the_limit() {
        // Copied at 100, current until 110: grace ends at 140, limit 60 → 140.
        assert_eq!(clipboard_clear_at(100, Some(110), 60), 140);
        // The limit wins over the grace.
        assert_eq!(clipboard_clear_at(100, Some(110), 30), 130);
        // A long-lived code (period 300) is still cleared at the limit.
        assert_eq!(clipboard_clear_at(100, Some(400), 120), 220);
        // A code already expired long ago still stays the minimum.
        assert_eq!(clipboard_clear_at(100, Some(10), 60), 115);
        // A limit below the minimum is honoured.
        assert_eq!(clipboard_clear_at(100, Some(10), 10), 110);
        // HOTP: the whole limit.
        assert_eq!(clipboard_clear_at(100, None, 60), 160);
        assert_eq!(clipboard_clear_at(u64::MAX - 5, None, 60), u64::MAX);
    }

    #[test]
    fn search_folds_case_and_accents_and_needs_every_word() {
        let query = |text: &str| SearchQuery::new(text);
        assert!(query("").matches(Some("GitHub"), "me"));
        assert!(query("   ").matches(None, ""));
        assert!(query("git").matches(Some("GitHub"), "me"));
        assert!(query("HUB").matches(Some("GitHub"), "me"));
        assert!(query("zurich").matches(Some("Zürich Bank"), "anna"));
        assert!(query("ZÜRICH").matches(Some("Zurich Bank"), "anna"));
        assert!(query("strasse").matches(None, "Straße 1"));
        assert!(query("bank anna").matches(Some("Zürich Bank"), "anna"));
        assert!(!query("bank bob").matches(Some("Zürich Bank"), "anna"));
        assert!(query("lodz").matches(Some("Łódź"), ""));
        assert!(query("viet").matches(Some("Việt"), ""));
        // Decomposed input (e + combining acute) finds precomposed text.
        assert!(query("cafe\u{301}").matches(Some("Café"), ""));
        assert!(!query("x").matches(Some("GitHub"), "me"));
    }

    #[test]
    fn fold_tables_only_hold_lower_case_letters_or_markers() {
        for byte in LATIN_1_AND_EXTENDED_A
            .iter()
            .chain(LATIN_EXTENDED_ADDITIONAL.iter())
        {
            assert!(byte.is_ascii_lowercase() || *byte == b'.' || *byte == b'*');
        }
        assert_eq!(base_letter('×'), None);
        assert_eq!(base_letter('Ø'), Some('o'));
        assert_eq!(base_letter('ŷ'), Some('y'));
        assert_eq!(base_letter('ỹ'), Some('y'));
    }
}
