//! The core's display rules for the apps: digit grouping, the clipboard
//! deadline and the codes list's search. Labels arrive ready in the account
//! records (`label`), grouped codes in `Code::grouped`.

use twofold_core::display;

/// Groups a code for reading ("123 456", "123 456 789", "12345 67890";
/// Steam's 5 characters stay whole). Counts characters, so a masked code
/// ("••••••") is grouped like the code it hides.
#[uniffi::export]
pub fn group_code(code: String) -> String {
    display::group_code(&code)
}

/// When (unix seconds) to clear a code copied at `copied_at`: 30 s after it
/// stops being current (`valid_until`), within `limit_seconds` of copying and
/// never sooner than 15 s (or the limit). HOTP (`None`): the whole limit.
#[uniffi::export]
pub fn clipboard_clear_at(copied_at: u64, valid_until: Option<u64>, limit_seconds: u32) -> u64 {
    display::clipboard_clear_at(copied_at, valid_until, limit_seconds)
}

/// Whether the codes list's search for `query` shows the account named
/// `issuer` and `name`: every word of the query appears in one of them, case
/// and accents ignored. An empty query shows every account.
#[uniffi::export]
pub fn matches_search(query: String, issuer: Option<String>, name: String) -> bool {
    display::SearchQuery::new(&query).matches(issuer.as_deref(), &name)
}

/// The account label rule ("Issuer (name)", "Issuer" or "name"; empty when
/// both are), for text the user is still editing. Stored accounts carry it
/// in their `label` field.
#[uniffi::export]
pub fn account_label(issuer: Option<String>, name: String) -> String {
    display::label(issuer.as_deref(), &name)
}
