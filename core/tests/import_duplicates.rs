//! The duplicate rule on real-shaped exports: several accounts that share one
//! secret (a TOTP and an HOTP, two names, SHA1/6 and SHA256/8, no issuer)
//! are all imported, in every format, and importing the same file again
//! adds nothing.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use base64::Engine;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message;

#[path = "support/google_schema.rs"]
mod google_schema;
use google_schema::{Parameters, Payload};
use twofold_core::transfer::read_import;
use twofold_core::vault::{ImportReport, Vault};
use twofold_core::{Algorithm, OtpKind};
use vault_common::*;

/// The one secret every account below shares (Base32 and raw).
const SHARED_BASE32: &str = "7KSQL2JTUDIS5EF65KLMRQIIGY";
const SHARED_RAW: &[u8] = &[
    0xfa, 0xa5, 0x05, 0xe9, 0x33, 0xa0, 0xd1, 0x2e, 0x90, 0xbe, 0xea, 0x96, 0xc8, 0xc1, 0x08, 0x36,
];

/// The accounts of every export below, in order: (issuer, name, kind, algorithm, digits).
/// The last one repeats the first, as exports that list an account twice do.
const EXPECTED: &[(Option<&str>, &str, &str, Algorithm, u8)] = &[
    (
        Some("ACME"),
        "alice@example.com",
        "totp",
        Algorithm::Sha1,
        6,
    ),
    (
        Some("ACME"),
        "alice@example.com",
        "hotp",
        Algorithm::Sha1,
        6,
    ),
    (
        Some("ACME"),
        "alice@example.com",
        "totp",
        Algorithm::Sha256,
        8,
    ),
    (Some("ACME"), "bob@example.com", "totp", Algorithm::Sha1, 6),
    (None, "alice@example.com", "totp", Algorithm::Sha1, 6),
];

fn otpauth_list() -> String {
    format!(
        "# exported by hand\n\
         otpauth://totp/ACME:alice%40example.com?secret={s}&issuer=ACME\n\
         otpauth://hotp/ACME:alice%40example.com?secret={s}&issuer=ACME&counter=4\n\
         otpauth://totp/ACME:alice%40example.com?secret={s}&issuer=ACME&algorithm=SHA256&digits=8\n\
         otpauth://totp/ACME:bob%40example.com?secret={s}&issuer=ACME\n\
         otpauth://totp/alice%40example.com?secret={s}\n\
         otpauth://totp/ACME:alice%40example.com?secret={s}&issuer=ACME\n",
        s = SHARED_BASE32
    )
}

fn aegis_plain() -> String {
    let entry = |n: u32, kind: &str, issuer: &str, name: &str, algo: &str, digits: u8| {
        let extra = if kind == "hotp" {
            r#""counter": 4"#
        } else {
            r#""period": 30"#
        };
        format!(
            r#"{{"type": "{kind}", "uuid": "11111111-1111-4111-8111-00000000000{n}",
                "name": "{name}", "issuer": "{issuer}", "note": "", "favorite": false,
                "icon": null, "groups": [],
                "info": {{"secret": "{SHARED_BASE32}", "algo": "{algo}", "digits": {digits}, {extra}}}}}"#
        )
    };
    let entries = [
        entry(1, "totp", "ACME", "alice@example.com", "SHA1", 6),
        entry(2, "hotp", "ACME", "alice@example.com", "SHA1", 6),
        entry(3, "totp", "ACME", "alice@example.com", "SHA256", 8),
        entry(4, "totp", "ACME", "bob@example.com", "SHA1", 6),
        entry(5, "totp", "", "alice@example.com", "SHA1", 6),
        entry(6, "totp", "ACME", "alice@example.com", "SHA1", 6),
    ];
    format!(
        r#"{{"version": 1, "header": {{"slots": null, "params": null}},
            "db": {{"version": 3, "entries": [{}], "groups": []}}}}"#,
        entries.join(",")
    )
}

/// As Google Authenticator writes it: "Issuer:name" in `name`, enums as
/// numbers (algorithm 1 SHA1 / 2 SHA256, digits 1 six / 2 eight, kind 1 HOTP / 2 TOTP).
fn google_export() -> String {
    let entry = |issuer: &str, name: &str, algorithm, digits, kind, counter| Parameters {
        secret: SHARED_RAW.to_vec(),
        name: if issuer.is_empty() {
            name.to_string()
        } else {
            format!("{issuer}:{name}")
        },
        issuer: issuer.into(),
        algorithm,
        digits,
        kind,
        counter,
    };
    let payload = Payload {
        otp_parameters: vec![
            entry("ACME", "alice@example.com", 1, 1, 2, 0),
            entry("ACME", "alice@example.com", 1, 1, 1, 4),
            entry("ACME", "alice@example.com", 2, 2, 2, 0),
            entry("ACME", "bob@example.com", 1, 1, 2, 0),
            entry("", "alice@example.com", 1, 1, 2, 0),
            entry("ACME", "alice@example.com", 1, 1, 2, 0),
        ],
        version: 1,
        batch_size: 1,
        batch_index: 0,
        batch_id: -1_320_898_453,
    };
    let data = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
    format!(
        "otpauth-migration://offline?data={}\n",
        utf8_percent_encode(&data, NON_ALPHANUMERIC)
    )
}

fn import_file(vault: &Vault, bytes: &[u8]) -> ImportReport {
    let file = read_import(bytes, None).unwrap();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.accounts.len(), EXPECTED.len() + 1);
    vault.import(&file.accounts, NOW).unwrap()
}

fn check_export(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let report = import_file(&vault, bytes);

    let added: Vec<(Option<&str>, &str, &str, Algorithm, u8)> = report
        .added
        .iter()
        .map(|account| {
            let kind = match account.params.kind {
                OtpKind::Totp { .. } => "totp",
                OtpKind::Hotp { .. } => "hotp",
                OtpKind::Steam => "steam",
            };
            (
                account.issuer.as_deref(),
                account.name.as_str(),
                kind,
                account.params.algorithm,
                account.params.digits,
            )
        })
        .collect();
    assert_eq!(added, EXPECTED, "{name}: every distinct account is added");
    assert_eq!(report.duplicates.len(), 1, "{name}");
    assert_eq!(report.duplicates[0].position, EXPECTED.len() + 1, "{name}");
    assert_eq!(
        report.duplicates[0].existing_id, report.added[0].id,
        "{name}"
    );
    // Every account after the first shares its secret with the first.
    let shared: Vec<(usize, &str)> = report
        .shared_secrets
        .iter()
        .map(|shared| (shared.position, shared.other_id.as_str()))
        .collect();
    let first = report.added[0].id.as_str();
    assert_eq!(
        shared,
        [(2, first), (3, first), (4, first), (5, first)],
        "{name}"
    );
    assert_eq!(vault.list().unwrap().accounts.len(), EXPECTED.len());

    // The same file again: nothing added, everything a duplicate.
    let again = import_file(&vault, bytes);
    assert!(again.added.is_empty(), "{name}: {:?}", again.added);
    assert!(again.shared_secrets.is_empty(), "{name}");
    assert_eq!(again.duplicates.len(), EXPECTED.len() + 1, "{name}");
    assert_eq!(vault.list().unwrap().accounts.len(), EXPECTED.len());
}

#[test]
fn accounts_sharing_one_secret_are_all_imported_from_an_otpauth_list() {
    check_export("otpauth list", otpauth_list().as_bytes());
}

#[test]
fn accounts_sharing_one_secret_are_all_imported_from_an_aegis_export() {
    check_export("Aegis", aegis_plain().as_bytes());
}

#[test]
fn accounts_sharing_one_secret_are_all_imported_from_a_google_export() {
    check_export("Google", google_export().as_bytes());
}

/// Period is part of the identity; the HOTP counter is not (it moves).
#[test]
fn period_makes_accounts_distinct_and_a_moved_counter_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let list = |period: u32, counter: u64| {
        format!(
            "otpauth://totp/ACME:a?secret={SHARED_BASE32}&period={period}\n\
             otpauth://hotp/ACME:a?secret={SHARED_BASE32}&counter={counter}\n"
        )
    };
    let first = import_file_unchecked(&vault, list(30, 4).as_bytes());
    assert_eq!(first.added.len(), 2);
    let second = import_file_unchecked(&vault, list(60, 9).as_bytes());
    assert_eq!(second.added.len(), 1, "the 60 s TOTP is another account");
    assert!(matches!(
        second.added[0].params.kind,
        OtpKind::Totp { period: 60 }
    ));
    assert_eq!(second.duplicates.len(), 1, "the HOTP is the same account");
    assert_eq!(second.duplicates[0].existing_id, first.added[1].id);
}

fn import_file_unchecked(vault: &Vault, bytes: &[u8]) -> ImportReport {
    let file = read_import(bytes, None).unwrap();
    vault.import(&file.accounts, NOW).unwrap()
}

/// An account already in the vault, added by hand with other spacing and
/// case, is the same account for an import.
#[test]
fn an_existing_account_matches_trimmed_and_case_folded() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let by_hand = twofold_core::uri::parse(&format!(
        "otpauth://totp/%20acme%20:ALICE%40example.com?secret={SHARED_BASE32}"
    ))
    .unwrap();
    let existing = vault.add(&by_hand, NOW).unwrap();
    let report = import_file(&vault, otpauth_list().as_bytes());
    assert_eq!(report.added.len(), EXPECTED.len() - 1);
    assert_eq!(report.duplicates[0].position, 1);
    assert_eq!(report.duplicates[0].existing_id, existing.id);
    assert_eq!(report.shared_secrets[0].other_id, existing.id);
}
