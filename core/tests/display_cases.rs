//! The shared display cases (tests/cases/display.tsv), which the Android
//! adapter's and the Swift binding suite's tests read too: label, grouping,
//! clipboard deadline and search, by the rules themselves and through a real
//! vault (what the CLI and the apps list).
#![allow(clippy::unwrap_used)]

mod vault_common;

use twofold_core::display::{self, SearchQuery};
use twofold_core::NewAccount;
use vault_common::*;

const NONE: &str = "<none>";

struct Cases {
    /// (issuer, name, label)
    accounts: Vec<(Option<String>, String, String)>,
    groups: Vec<(String, String)>,
    /// (copied_at, valid_until, limit, clear_at)
    clipboard: Vec<(u64, Option<u64>, u32, u64)>,
    /// (query, 0-based indices of the accounts found)
    searches: Vec<(String, Vec<usize>)>,
}

fn number<T: std::str::FromStr>(text: &str, line: &str) -> T {
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?} in {line:?}"))
}

fn cases() -> Cases {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/display.tsv");
    let text = std::fs::read_to_string(path).expect("tests/cases/display.tsv");
    let mut cases = Cases {
        accounts: vec![],
        groups: vec![],
        clipboard: vec![],
        searches: vec![],
    };
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["account", issuer, name, label] => cases.accounts.push((
                (*issuer != NONE).then(|| issuer.to_string()),
                name.to_string(),
                label.to_string(),
            )),
            ["group", code, grouped] => cases.groups.push((code.to_string(), grouped.to_string())),
            ["clipboard", copied, until, limit, clear] => cases.clipboard.push((
                number(copied, line),
                (*until != NONE).then(|| number(until, line)),
                number(limit, line),
                number(clear, line),
            )),
            ["search", query, found] => cases.searches.push((
                query.to_string(),
                match *found {
                    "-" => vec![],
                    list => list
                        .split(',')
                        .map(|n| number::<usize>(n, line) - 1)
                        .collect(),
                },
            )),
            _ => panic!("malformed case line {line:?}"),
        }
    }
    assert!(
        cases.accounts.len() >= 5 && cases.searches.len() >= 5,
        "cases were read"
    );
    cases
}

#[test]
fn labels_grouping_and_clipboard_follow_the_shared_cases() {
    let cases = cases();
    for (issuer, name, label) in &cases.accounts {
        assert_eq!(
            &display::label(issuer.as_deref(), name),
            label,
            "{issuer:?} {name:?}"
        );
    }
    for (code, grouped) in &cases.groups {
        assert_eq!(&display::group_code(code), grouped, "{code}");
    }
    for &(copied, until, limit, clear) in &cases.clipboard {
        assert_eq!(
            display::clipboard_clear_at(copied, until, limit),
            clear,
            "copied {copied}, until {until:?}, limit {limit}"
        );
    }
}

#[test]
fn search_follows_the_shared_cases() {
    let cases = cases();
    for (query, expected) in &cases.searches {
        let search = SearchQuery::new(query);
        let found: Vec<usize> = (0..cases.accounts.len())
            .filter(|&i| search.matches(cases.accounts[i].0.as_deref(), &cases.accounts[i].1))
            .collect();
        assert_eq!(&found, expected, "query {query:?}");
    }
}

#[test]
fn a_vault_lists_and_searches_the_shared_cases_alike() {
    let cases = cases();
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let mut ids = vec![];
    for (index, (issuer, name, _)) in cases.accounts.iter().enumerate() {
        let account = NewAccount {
            issuer: issuer.clone(),
            name: name.clone(),
            ..totp_account("", "", secret_for(index as u32))
        };
        ids.push(vault.add(&account, NOW).unwrap().id);
    }
    let listed = vault.list().unwrap().accounts;
    let labels: Vec<String> = listed.iter().map(|a| a.label()).collect();
    let expected: Vec<String> = cases.accounts.iter().map(|a| a.2.clone()).collect();
    assert_eq!(labels, expected);
    for (query, found) in &cases.searches {
        let got: Vec<String> = vault
            .search(query)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        let want: Vec<String> = found.iter().map(|&i| ids[i].clone()).collect();
        assert_eq!(got, want, "query {query:?}");
    }
}
