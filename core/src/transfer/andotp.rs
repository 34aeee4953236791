//! andOTP's plain JSON backup: an array of entries with a Base32 `secret`,
//! `type` (TOTP, HOTP or STEAM), `algorithm`, `digits`, `period`/`counter`,
//! `label`, `issuer` and `tags` (which become groups). Older versions had no
//! `issuer` and wrote "Issuer - name" (or "Issuer:name") in `label`.

use super::fields::{json_error_reason, without_bom, LooseEntry, LooseNumber, SecretText};
use super::{EntryProblem, Format, ImportFile, PortableAccount, TransferError};
use serde::Deserialize;

const FORMAT: Format = Format::AndOtp;

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    secret: Option<SecretText>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    digits: Option<LooseNumber>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    period: Option<LooseNumber>,
    #[serde(default)]
    counter: Option<LooseNumber>,
    #[serde(default)]
    tags: Option<Vec<String>>,
}

/// Parses the JSON text of the export.
pub fn parse(json: &str) -> Result<ImportFile, TransferError> {
    let json = without_bom(json);
    let trimmed = json.trim_start();
    if !trimmed.is_empty() && !trimmed.starts_with('[') {
        return Err(TransferError::malformed(
            FORMAT,
            "expected a JSON array of entries (encrypted andOTP backups are binary files: export a plain backup instead)",
        ));
    }
    let entries: Vec<Entry> = serde_json::from_str(json)
        .map_err(|error| TransferError::malformed(FORMAT, json_error_reason(&error)))?;
    let mut file = ImportFile::new(FORMAT);
    for (index, entry) in entries.iter().enumerate() {
        let (issuer, name) = split_label(entry.issuer.as_deref(), entry.label.as_deref());
        let loose = LooseEntry {
            issuer,
            name: Some(name),
            secret: entry.secret.as_ref(),
            kind: entry.kind.as_deref(),
            algorithm: entry.algorithm.as_deref(),
            digits: entry.digits.as_ref(),
            period: entry.period.as_ref(),
            counter: entry.counter.as_ref(),
            kind_field: "type",
        };
        match loose.build() {
            Ok(account) => {
                let mut portable = PortableAccount::bare(account);
                portable.groups = entry
                    .tags
                    .iter()
                    .flatten()
                    .map(|tag| tag.trim())
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_string)
                    .collect();
                file.accounts.push(portable);
            }
            Err(reason) => file.problems.push(EntryProblem {
                position: index + 1,
                label: loose.label(),
                reason,
            }),
        }
    }
    Ok(file)
}

/// Issuer and name from `issuer` and `label`. Without an issuer the label's
/// "Issuer - name" or "Issuer:name" prefix is the issuer; with one, a prefix
/// repeating it is dropped.
fn split_label<'a>(issuer: Option<&'a str>, label: Option<&'a str>) -> (Option<&'a str>, &'a str) {
    let label = label.unwrap_or("").trim();
    let issuer = issuer.map(str::trim).filter(|i| !i.is_empty());
    let split = label
        .split_once(" - ")
        .or_else(|| label.split_once(':'))
        .map(|(prefix, rest)| (prefix.trim(), rest.trim()));
    match (issuer, split) {
        (None, Some((prefix, rest))) if !prefix.is_empty() => (Some(prefix), rest),
        (Some(issuer), Some((prefix, rest))) if prefix.eq_ignore_ascii_case(issuer) => {
            (Some(issuer), rest)
        }
        _ => (issuer, label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_forms() {
        assert_eq!(
            split_label(Some("ACME"), Some("bob")),
            (Some("ACME"), "bob")
        );
        assert_eq!(split_label(None, Some("ACME - bob")), (Some("ACME"), "bob"));
        assert_eq!(split_label(None, Some("ACME:bob")), (Some("ACME"), "bob"));
        assert_eq!(
            split_label(Some("ACME"), Some("ACME:bob")),
            (Some("ACME"), "bob")
        );
        assert_eq!(
            split_label(Some("ACME"), Some("x - y")),
            (Some("ACME"), "x - y")
        );
        assert_eq!(split_label(None, Some("bob")), (None, "bob"));
        assert_eq!(split_label(None, None), (None, ""));
    }
}
