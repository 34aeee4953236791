//! Importers and exporters of other apps' formats, on hand-written fixture
//! files (`fixtures/import/`, fake secrets) and on Google Authenticator
//! payloads built here with an independent copy of its protobuf schema.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use prost::Message;

#[path = "support/google_schema.rs"]
mod google_schema;
use google_schema::{Parameters, Payload};
mod import_common;
use import_common::*;
use twofold_core::scan::{self, ScanOutcome};
use twofold_core::transfer::google::{self, BatchAdd, BatchCollector, BatchError};
use twofold_core::transfer::{
    andotp, bitwarden, twofas, uri_list, EntryProblem, Format, ImportFile, IncompleteGoogleExport,
    PortableAccount, TransferError,
};
use twofold_core::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};

fn account(issuer: Option<&str>, name: &str, key: &[u8], params: OtpParams) -> PortableAccount {
    PortableAccount::bare(NewAccount {
        issuer: issuer.map(str::to_string),
        name: name.to_string(),
        secret: Secret::from_bytes(key.to_vec()),
        params,
    })
}

/// The four accounts every good fixture holds, checked against RFC codes.
fn assert_standard_four(file: &ImportFile) {
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.accounts.len(), 4, "{:?}", file.accounts);

    let acme = &find(file, "ACME").account;
    assert_eq!(acme.name, "alice@example.com");
    assert_eq!(acme.params, totp(Algorithm::Sha1, 8, 30));
    assert_eq!(acme.secret.expose(), RFC_SHA1_KEY);
    assert_eq!(code_at(acme, 59), "94287082", "RFC 6238 SHA1 at t=59");

    let counter = &find(file, "Counter Corp").account;
    assert_eq!(counter.name, "bob");
    assert_eq!(counter.params, hotp(5));
    assert_eq!(code_at(counter, 0), "254676", "RFC 4226 count 5");

    let steam = &find(file, "Steam").account;
    assert_eq!(steam.name, "gamer");
    assert_eq!(steam.params, OtpParams::STEAM);
    assert_eq!(steam.secret.to_base32().as_str(), "WPYBZHYTA4AAQD6K");

    let bank = &find(file, "Strong Bank").account;
    assert_eq!(bank.name, "carol");
    assert_eq!(bank.params, totp(Algorithm::Sha256, 8, 30));
    assert_eq!(bank.secret.expose(), RFC_SHA256_KEY);
    assert_eq!(code_at(bank, 59), "46119246", "RFC 6238 SHA256 at t=59");
}

fn assert_malformed(result: Result<ImportFile, TransferError>, format: Format, needle: &str) {
    match result {
        Err(TransferError::Malformed { format: f, reason }) => {
            assert_eq!(f, format);
            assert!(
                reason.contains(needle),
                "{reason:?} should mention {needle:?}"
            );
        }
        other => panic!("expected Malformed mentioning {needle:?}, got {other:?}"),
    }
}

fn problem(position: usize, label: &str, reason_start: &str, problem: &EntryProblem) {
    assert_eq!(problem.position, position, "{problem}");
    assert_eq!(problem.label.as_deref(), Some(label), "{problem}");
    assert!(
        problem.reason.starts_with(reason_start),
        "{:?} should start with {reason_start:?}",
        problem.reason
    );
}

// ---------------------------------------------------------------- 2FAS

#[test]
fn twofas_reads_every_kind_and_groups() {
    let file = twofas::parse(&fixture("twofas_plain.2fas")).unwrap();
    assert_eq!(file.format, Format::TwoFas);
    assert_standard_four(&file);
    assert_eq!(find(&file, "ACME").groups, vec!["Work".to_string()]);
    assert_eq!(find(&file, "Strong Bank").groups, vec!["Work".to_string()]);
    assert!(find(&file, "Counter Corp").groups.is_empty());
    // `otp.issuer` null: the service name is the issuer.
    assert_eq!(
        find(&file, "Strong Bank").account.issuer.as_deref(),
        Some("Strong Bank")
    );
}

#[test]
fn twofas_bad_entries_are_reported_and_the_rest_imported() {
    let file = twofas::parse(&fixture("twofas_bad_entry.2fas")).unwrap();
    let names: Vec<&str> = file
        .accounts
        .iter()
        .map(|a| a.account.name.as_str())
        .collect();
    assert_eq!(names, ["dave", "grace"]);
    assert_eq!(file.problems.len(), 2, "{:?}", file.problems);
    problem(
        2,
        "Broken (erin)",
        "secret: character 16 ('1') is not Base32",
        &file.problems[0],
    );
    problem(
        3,
        "Odd Type (frank)",
        "otp.tokenType: 'MOTP' is not supported",
        &file.problems[1],
    );
    // The defaults fill a sparse `otp` object.
    assert_eq!(
        find(&file, "Good Two").account.params,
        OtpParams::DEFAULT_TOTP
    );
}

#[test]
fn twofas_encrypted_goes_to_the_encrypted_reader() {
    // Its made-up IV is 6 bytes, not 12: named as damage of a
    // password-protected backup, without showing the file's text.
    let error = twofas::parse(&fixture("twofas_encrypted.2fas")).unwrap_err();
    assert!(matches!(
        &error,
        TransferError::Malformed {
            format: Format::TwoFasEncrypted,
            reason,
        } if reason.contains("servicesEncrypted's IV is 6 bytes")
    ));
    assert!(!error.to_string().contains("ZmFr"), "{error}");
}

#[test]
fn twofas_malformed_files() {
    assert_malformed(
        twofas::parse(r#"{"services": [ {"name": "x""#),
        Format::TwoFas,
        "ends too early",
    );
    assert_malformed(
        twofas::parse("[]"),
        Format::TwoFas,
        "expected a JSON object",
    );
    assert_malformed(
        twofas::parse(r#"{"groups": []}"#),
        Format::TwoFas,
        "no 'services' list",
    );
    // A secret of the wrong type: the error says so without quoting values.
    let error = twofas::parse(r#"{"services": [{"secret": ["JBSWY3DPEHPK3PXP"]}]}"#).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("unexpected sequence"), "{message}");
    assert!(!message.contains("JBSW"), "{message}");
}

// ---------------------------------------------------------------- andOTP

#[test]
fn andotp_reads_every_kind_and_tags() {
    let file = andotp::parse(&fixture("andotp_plain.json")).unwrap();
    assert_eq!(file.format, Format::AndOtp);
    assert_standard_four(&file);
    let with_bom = format!("\u{feff}{}", fixture("andotp_plain.json"));
    assert_eq!(andotp::parse(&with_bom).unwrap(), file);
    assert_eq!(find(&file, "ACME").groups, ["Work"]);
    assert_eq!(
        find(&file, "Steam").groups,
        ["Games"],
        "blank tags are dropped"
    );
    assert_eq!(find(&file, "Strong Bank").groups, ["Work", "Money"]);
}

#[test]
fn andotp_old_labels_and_bad_entries() {
    let file = andotp::parse(&fixture("andotp_bad_entry.json")).unwrap();
    assert_eq!(file.accounts.len(), 2);
    let legacy = &find(&file, "Legacy Co").account;
    assert_eq!(legacy.name, "dave");
    let old_style = &find(&file, "Old Style").account;
    assert_eq!(old_style.name, "frank");
    assert_eq!(
        old_style.params,
        OtpParams::DEFAULT_TOTP,
        "digits \"6\" as text"
    );
    assert_eq!(file.problems.len(), 1);
    problem(
        2,
        "Hash House (erin)",
        "algorithm: 'MD5' is not supported",
        &file.problems[0],
    );
}

#[test]
fn andotp_malformed_files() {
    assert_malformed(andotp::parse("[{\"secret\": 1"), Format::AndOtp, "line 1");
    assert_malformed(
        andotp::parse(r#"{"entries": []}"#),
        Format::AndOtp,
        "expected a JSON array",
    );
    assert_malformed(
        andotp::parse("[1, 2]"),
        Format::AndOtp,
        "unexpected integer",
    );
}

// ---------------------------------------------------------------- Bitwarden

#[test]
fn bitwarden_reads_uris_steam_and_bare_keys() {
    let file = bitwarden::parse(&fixture("bitwarden.json")).unwrap();
    assert_eq!(file.format, Format::Bitwarden);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    // The secure note and the login without TOTP are not accounts, nor problems.
    assert_eq!(file.accounts.len(), 3);

    let bank = find(&file, "Strong Bank");
    assert_eq!(bank.account.name, "carol");
    assert_eq!(code_at(&bank.account, 59), "46119246");
    assert_eq!(bank.note, "branch 42");
    assert_eq!(bank.groups, ["2FA"]);

    let steam = &find(&file, "Steam").account;
    assert_eq!(steam.params, OtpParams::STEAM);
    assert_eq!(steam.name, "gamer");

    let acme = &find(&file, "ACME").account;
    assert_eq!(acme.name, "alice@example.com");
    assert_eq!(acme.params, OtpParams::DEFAULT_TOTP);
    assert_eq!(acme.secret.expose(), RFC_SHA1_KEY);
    assert_eq!(code_at(acme, 59), "287082", "6-digit RFC 6238 SHA1 at t=59");
}

#[test]
fn bitwarden_bad_entries_are_reported_and_the_rest_imported() {
    let file = bitwarden::parse(&fixture("bitwarden_bad_entry.json")).unwrap();
    let labels: Vec<String> = file.accounts.iter().map(|a| a.account.label()).collect();
    assert_eq!(labels, ["Good One (dave)", "Good Two (grace)"]);
    assert_eq!(file.problems.len(), 2, "{:?}", file.problems);
    problem(
        2,
        "Broken (erin)",
        "login.totp: the 'secret' parameter is missing",
        &file.problems[0],
    );
    problem(
        3,
        "Typo (frank)",
        "login.totp: character 19 ('0') is not Base32",
        &file.problems[1],
    );
}

#[test]
fn bitwarden_encrypted_and_malformed() {
    // Password-protected, with a 4-byte IV: damage, named by field.
    let error = bitwarden::parse(&fixture("bitwarden_encrypted.json")).unwrap_err();
    assert!(matches!(
        &error,
        TransferError::Malformed {
            format: Format::BitwardenEncrypted,
            reason,
        } if reason.contains("'encKeyValidation_DO_NOT_EDIT' has a 4-byte IV")
    ));
    assert_malformed(
        bitwarden::parse(r#"{"encrypted": false}"#),
        Format::Bitwarden,
        "no 'items' list",
    );
    assert_malformed(
        bitwarden::parse(r#"{"items": [}"#),
        Format::Bitwarden,
        "not valid JSON at line 1",
    );
}

// ---------------------------------------------------------------- URI list

#[test]
fn uri_list_reads_lines_and_reports_bad_ones_by_line() {
    let file = uri_list::parse(&fixture("uri_list.txt")).unwrap();
    assert_eq!(file.format, Format::UriList);
    let labels: Vec<String> = file.accounts.iter().map(|a| a.account.label()).collect();
    assert_eq!(
        labels,
        [
            "ACME (alice@example.com)",
            "Counter Corp (bob)",
            "Steam (gamer)",
            "Example (alice@google.com)"
        ]
    );
    assert_eq!(code_at(&file.accounts[0].account, 59), "94287082");
    assert_eq!(code_at(&file.accounts[1].account, 0), "254676");
    assert_eq!(file.accounts[2].account.params, OtpParams::STEAM);

    assert_eq!(file.problems.len(), 2, "{:?}", file.problems);
    assert_eq!(file.problems[0].position, 7);
    assert_eq!(file.problems[0].reason, "the 'secret' parameter is missing");
    assert_eq!(file.problems[1].position, 9);
    assert_eq!(
        file.problems[1].reason,
        "scheme is 'https', expected 'otpauth'"
    );
}

#[test]
fn uri_list_accepts_crlf_and_reports_bad_migration_lines() {
    let text = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\r\n\r\notpauth-migration://offline?data=%%%\r\n";
    let file = uri_list::parse(text).unwrap();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].position, 3);
    assert!(
        file.problems[0].reason.contains("is not Base64"),
        "{}",
        file.problems[0].reason
    );
    assert_malformed(
        uri_list::parse("# only a comment\n"),
        Format::UriList,
        "no otpauth",
    );
}

// ---------------------------------------------------------------- Google

// Google Authenticator's schema is written again in support/google_schema.rs,
// so the importer is checked against an independent definition.

fn entry(issuer: &str, name: &str, secret: &[u8]) -> Parameters {
    Parameters {
        secret: secret.to_vec(),
        name: name.into(),
        issuer: issuer.into(),
        ..Parameters::default()
    }
}

fn migration_uri(payload: &Payload) -> String {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(payload.encode_to_vec());
    format!(
        "otpauth-migration://offline?data={}",
        utf8_percent_encode(&data, NON_ALPHANUMERIC)
    )
}

#[test]
fn google_unspecified_fields_default_to_sha1_six_digits_totp() {
    let payload = Payload {
        otp_parameters: vec![
            entry("ACME", "ACME:alice@example.com", RFC_SHA1_KEY),
            Parameters {
                kind: 1,
                counter: 5,
                algorithm: 1,
                digits: 1,
                ..entry("Counter Corp", "bob", RFC_SHA1_KEY)
            },
            Parameters {
                algorithm: 2,
                digits: 2,
                kind: 2,
                ..entry("Strong Bank", "carol", RFC_SHA256_KEY)
            },
        ],
        version: 1,
        batch_size: 1,
        batch_index: 0,
        batch_id: 12345,
    };
    let file = google::parse_uri(&migration_uri(&payload)).unwrap();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(
        file.google_batch,
        Some(twofold_core::transfer::GoogleBatch {
            batch_id: 12345,
            index: 0,
            size: 1
        })
    );
    let acme = &file.accounts[0].account;
    assert_eq!(acme.name, "alice@example.com", "issuer prefix stripped");
    assert_eq!(acme.params, OtpParams::DEFAULT_TOTP);
    assert_eq!(code_at(acme, 59), "287082");
    assert_eq!(file.accounts[1].account.params, hotp(5));
    assert_eq!(code_at(&file.accounts[1].account, 0), "254676");
    let bank = &file.accounts[2].account;
    assert_eq!(bank.params, totp(Algorithm::Sha256, 8, 30));
    assert_eq!(code_at(bank, 59), "46119246");
}

#[test]
fn google_bad_entries_are_problems_and_the_rest_imported() {
    let payload = Payload {
        otp_parameters: vec![
            Parameters {
                algorithm: 4,
                ..entry("Hash House", "erin", RFC_SHA1_KEY)
            },
            entry("Empty", "nobody", b""),
            entry("Fine", "frank", RFC_SHA1_KEY),
            Parameters {
                kind: 7,
                ..entry("Future", "grace", RFC_SHA1_KEY)
            },
            Parameters {
                digits: 3,
                ..entry("", "Seven:heidi", RFC_SHA1_KEY)
            },
        ],
        ..Payload::default()
    };
    let file = google::parse_uri(&migration_uri(&payload)).unwrap();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.accounts[0].account.name, "frank");
    assert_eq!(file.problems.len(), 4, "{:?}", file.problems);
    problem(
        1,
        "Hash House (erin)",
        "algorithm: MD5 is not supported",
        &file.problems[0],
    );
    problem(2, "Empty (nobody)", "secret: empty", &file.problems[1]);
    problem(
        4,
        "Future (grace)",
        "type: unknown value 7",
        &file.problems[2],
    );
    problem(
        5,
        "Seven:heidi",
        "digits: unknown value 3",
        &file.problems[3],
    );
}

#[test]
fn google_accepts_url_safe_unpadded_and_form_decoded_base64() {
    use base64::Engine;
    // A payload whose Base64 has '+', '/' and padding.
    let payload = Payload {
        otp_parameters: vec![entry("A?", "b>", &[0xfb, 0xff, 0xbf, 0xfe, 0x3e])],
        ..Payload::default()
    };
    let bytes = payload.encode_to_vec();
    let standard = base64::engine::general_purpose::STANDARD.encode(&bytes);
    assert!(standard.contains('+') && standard.contains('/') && standard.ends_with('='));
    let url_safe = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    let spaced = standard.replace('+', " ");
    for data in [standard.clone(), url_safe, spaced] {
        let uri = format!("otpauth-migration://offline?data={data}");
        let file = google::parse_uri(&uri).unwrap_or_else(|e| panic!("{data}: {e}"));
        assert_eq!(file.accounts[0].account.label(), "A? (b>)");
    }
}

#[test]
fn google_malformed_uris_say_what_is_wrong() {
    let f = Format::GoogleMigration;
    assert_malformed(
        google::parse_uri("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"),
        f,
        "expected 'otpauth-migration://offline?data=…'",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://online?data=AAAA"),
        f,
        "host is 'onl…' (6 characters), expected 'offline'",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?dat=AAAA"),
        f,
        "no 'data' parameter",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?data="),
        f,
        "'data' parameter is empty",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?data=CjEK%2ACkhl"),
        f,
        "character 5 ('*') is not Base64",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?data=CjE=Khl"),
        f,
        "character 4 is '=' padding",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?data=CjEKC"),
        f,
        "5 Base64 characters cannot encode whole bytes",
    );
    assert_malformed(
        google::parse_uri("otpauth-migration://offline?data=AAAA"),
        f,
        "not a Google Authenticator export",
    );
}

fn mixed_accounts() -> Vec<PortableAccount> {
    vec![
        account(
            Some("ACME"),
            "alice@example.com",
            RFC_SHA1_KEY,
            OtpParams::DEFAULT_TOTP,
        ),
        account(Some("Counter Corp"), "bob", RFC_SHA1_KEY, hotp(5)),
        account(Some("Steam"), "gamer", b"steam-key!", OtpParams::STEAM),
        account(
            Some("Strong Bank"),
            "carol",
            RFC_SHA256_KEY,
            totp(Algorithm::Sha256, 8, 30),
        ),
        account(
            None,
            "no issuer: colon",
            b"0123456789",
            totp(Algorithm::Sha512, 6, 30),
        ),
        account(
            Some("Seven"),
            "dave",
            b"seven digits",
            totp(Algorithm::Sha1, 7, 30),
        ),
        account(
            Some("Slow"),
            "erin",
            b"sixty seconds",
            totp(Algorithm::Sha1, 6, 60),
        ),
        account(
            Some("Ünïcode Co"),
            "frank+tag@example.com",
            b"\x00\xff\x10",
            OtpParams::DEFAULT_TOTP,
        ),
        // A name that itself starts with "Issuer:" must survive Google's prefix stripping.
        account(Some("Twice"), "Twice:nested", b"twice!", hotp(0)),
    ]
}

#[test]
fn google_export_round_trips_and_lists_what_it_left_out() {
    let accounts = mixed_accounts();
    let export = google::export_uris(&accounts, 2).unwrap();
    let skipped: Vec<(usize, &str)> = export
        .skipped
        .iter()
        .map(|p| (p.position, p.label.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        skipped,
        [
            (3, "Steam (gamer)"),
            (6, "Seven (dave)"),
            (7, "Slow (erin)")
        ]
    );
    assert!(export.skipped[0].reason.contains("Steam"));
    assert!(export.skipped[1].reason.contains("7-digit"));
    assert!(export.skipped[2].reason.contains("60 seconds"));
    assert!(
        !format!("{export:?}").contains("otpauth-migration"),
        "Debug redacts"
    );

    // 6 exportable accounts, 2 per code: 3 codes of one batch.
    assert_eq!(export.uris.len(), 3);
    let mut collector = BatchCollector::new();
    let mut batch_id = None;
    for (index, uri) in export.uris.iter().enumerate() {
        let file = google::parse_uri(uri).unwrap();
        let batch = file.google_batch.unwrap();
        assert_eq!((batch.index, batch.size), (index as i32, 3));
        assert_eq!(*batch_id.get_or_insert(batch.batch_id), batch.batch_id);
        assert!(batch.batch_id >= 0);
        assert_eq!(collector.add(file), Ok(BatchAdd::Added));
    }
    let imported = collector.into_import();
    let expected: Vec<&PortableAccount> = accounts
        .iter()
        .enumerate()
        .filter(|(i, _)| ![2, 5, 6].contains(i))
        .map(|(_, a)| a)
        .collect();
    let got: Vec<&PortableAccount> = imported.accounts.iter().collect();
    assert_eq!(got, expected, "same accounts, secrets and parameters");
}

#[test]
fn google_export_needs_at_least_one_account_per_code() {
    assert!(matches!(
        google::export_uris(&mixed_accounts(), 0),
        Err(TransferError::Export(_))
    ));
}

#[test]
fn batch_collector_tracks_missing_codes_and_refuses_other_exports() {
    let accounts = mixed_accounts();
    let export = google::export_uris(&accounts, 2).unwrap();
    let parts: Vec<ImportFile> = export
        .uris
        .iter()
        .map(|uri| google::parse_uri(uri).unwrap())
        .collect();

    let mut collector = BatchCollector::new();
    assert!(!collector.is_complete());
    assert!(collector.missing_indices().is_empty());
    assert_eq!(collector.add(parts[2].clone()), Ok(BatchAdd::Added));
    assert_eq!(collector.missing_indices(), [0, 1]);
    assert_eq!(collector.add(parts[0].clone()), Ok(BatchAdd::Added));
    assert_eq!(
        collector.add(parts[0].clone()),
        Ok(BatchAdd::AlreadyScanned)
    );
    assert_eq!(collector.missing_indices(), [1]);
    assert!(!collector.is_complete());

    // A code of another export: same shape, another batch id.
    let batch_id = parts[0].google_batch.unwrap().batch_id;
    let foreign = google::parse_uri(&migration_uri(&Payload {
        otp_parameters: vec![entry("Other", "x", RFC_SHA1_KEY)],
        version: 1,
        batch_size: 3,
        batch_index: 1,
        batch_id: batch_id.wrapping_add(1),
    }))
    .unwrap();
    let error = collector.add(foreign).unwrap_err();
    assert_eq!(
        error,
        BatchError::ForeignBatch {
            expected: batch_id,
            found: batch_id.wrapping_add(1)
        }
    );
    assert!(error.to_string().contains("different export"), "{error}");
    assert_eq!(
        collector.missing_indices(),
        [1],
        "a refused code changes nothing"
    );
    let not_google = uri_list::parse("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(collector.add(not_google), Err(BatchError::NotGoogleExport));

    // Partial import keeps index order; nothing is applied by the collector.
    assert_eq!(collector.add(parts[1].clone()), Ok(BatchAdd::Added));
    assert!(collector.is_complete());
    let merged = collector.into_import();
    let names: Vec<&str> = merged
        .accounts
        .iter()
        .map(|a| a.account.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "alice@example.com",
            "bob",
            "carol",
            "no issuer: colon",
            "frank+tag@example.com",
            "Twice:nested"
        ]
    );
}

#[test]
fn batch_collector_renumbers_problems_across_codes() {
    let part = |index: i32, params: Vec<Parameters>| {
        let payload = Payload {
            otp_parameters: params,
            version: 1,
            batch_size: 2,
            batch_index: index,
            batch_id: 77,
        };
        google::parse_uri(&migration_uri(&payload)).unwrap()
    };
    let mut collector = BatchCollector::new();
    collector
        .add(part(
            1,
            vec![Parameters {
                algorithm: 4,
                ..entry("Bad", "x", RFC_SHA1_KEY)
            }],
        ))
        .unwrap();
    collector
        .add(part(
            0,
            vec![entry("A", "a", RFC_SHA1_KEY), entry("B", "b", RFC_SHA1_KEY)],
        ))
        .unwrap();
    let merged = collector.into_import();
    assert_eq!(merged.accounts.len(), 2);
    assert_eq!(merged.problems[0].position, 3);
    let out_of_range = part(5, vec![]);
    let mut fresh = BatchCollector::new();
    assert_eq!(
        fresh.add(out_of_range),
        Err(BatchError::IndexOutOfRange { index: 5, size: 2 })
    );
}

#[test]
fn google_export_qr_scans_back_with_the_core_scanner() {
    let accounts: Vec<PortableAccount> = mixed_accounts()
        .into_iter()
        .filter(|a| a.account.params.kind != OtpKind::Steam && a.account.params.digits != 7)
        .take(3)
        .collect();
    assert_eq!(accounts.len(), 3);
    let export = google::export_qr_pngs(&accounts, 10).unwrap();
    assert!(export.skipped.is_empty());
    assert_eq!(export.pngs.len(), 1);
    let png = &export.pngs[0];
    assert!(png.starts_with(b"\x89PNG"));
    match scan::scan_image(png).unwrap() {
        ScanOutcome::Migration { export } => assert_eq!(export.accounts, accounts),
        other => panic!("expected a migration QR, got {other:?}"),
    }
}

// ---------------------------------------------------------------- URI list export

#[test]
fn uri_list_export_round_trips_every_kind() {
    let accounts = mixed_accounts();
    let text = uri_list::export(&accounts);
    assert_eq!(text.lines().count(), accounts.len());
    let file = uri_list::parse(&text).unwrap();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.accounts, accounts);
}

// ---------------------------------------------------------------- secrets stay out of messages

#[test]
fn problems_and_debug_never_show_secrets() {
    let file = twofas::parse(&fixture("twofas_bad_entry.2fas")).unwrap();
    let shown = format!("{file:?} {}", file.problems[0]);
    for secret in ["TAMMILPOOHDK66Z", "HJ7KT6UE5A46S6II"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let file = bitwarden::parse(&fixture("bitwarden.json")).unwrap();
    let shown = format!("{file:?}");
    assert!(
        !shown.contains("GEZD") && !shown.contains("WPYB"),
        "{shown}"
    );
}

/// A 32-character key someone put into the wrong field.
const MISPLACED_KEY: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";

/// Whether `text` holds any six consecutive characters of the key, in any case.
fn holds_part_of_misplaced_key(text: &str) -> bool {
    let text = text.to_ascii_uppercase();
    (0..=MISPLACED_KEY.len() - 6).any(|start| text.contains(&MISPLACED_KEY[start..start + 6]))
}

/// Every reason names its field, says the value is 32 characters, and shows
/// no part of the key.
fn assert_key_not_echoed(file: &ImportFile, fields: &[&str]) {
    assert_eq!(file.problems.len(), fields.len(), "{:?}", file.problems);
    for (problem, field) in file.problems.iter().zip(fields) {
        let shown = problem.to_string();
        assert!(!holds_part_of_misplaced_key(&shown), "{shown}");
        assert!(problem.reason.starts_with(field), "{field}: {shown}");
        assert!(shown.contains("(32 characters)"), "{shown}");
    }
}

#[test]
fn twofas_fields_holding_a_key_are_not_echoed() {
    let k = MISPLACED_KEY;
    let json = format!(
        r#"{{"services": [
            {{"name": "A", "secret": "JBSWY3DPEHPK3PXP", "otp": {{"tokenType": "{k}"}}}},
            {{"name": "B", "secret": "JBSWY3DPEHPK3PXP", "otp": {{"algorithm": "{k}"}}}},
            {{"name": "C", "secret": "JBSWY3DPEHPK3PXP", "otp": {{"digits": "{k}"}}}},
            {{"name": "D", "secret": "JBSWY3DPEHPK3PXP", "otp": {{"period": "{k}"}}}},
            {{"name": "E", "secret": "JBSWY3DPEHPK3PXP", "otp": {{"tokenType": "HOTP", "counter": "{k}"}}}}
        ]}}"#
    );
    let file = twofas::parse(&json).unwrap();
    assert_key_not_echoed(
        &file,
        &["otp.tokenType", "algorithm", "digits", "period", "counter"],
    );
}

#[test]
fn andotp_fields_holding_a_key_are_not_echoed() {
    let k = MISPLACED_KEY;
    let json = format!(
        r#"[
            {{"label": "a", "secret": "JBSWY3DPEHPK3PXP", "type": "{k}"}},
            {{"label": "b", "secret": "JBSWY3DPEHPK3PXP", "algorithm": "{k}"}},
            {{"label": "c", "secret": "JBSWY3DPEHPK3PXP", "digits": "{k}"}},
            {{"label": "d", "secret": "JBSWY3DPEHPK3PXP", "period": "{k}"}},
            {{"label": "e", "secret": "JBSWY3DPEHPK3PXP", "type": "HOTP", "counter": "{k}"}}
        ]"#
    );
    let file = andotp::parse(&json).unwrap();
    assert_key_not_echoed(&file, &["type", "algorithm", "digits", "period", "counter"]);
}

#[test]
fn uri_list_fields_holding_a_key_are_not_echoed() {
    let k = MISPLACED_KEY;
    let text = format!(
        "{k}://totp/a?secret=JBSWY3DPEHPK3PXP\n\
         otpauth://{k}/b?secret=JBSWY3DPEHPK3PXP\n\
         otpauth://totp/c?secret=JBSWY3DPEHPK3PXP&algorithm={k}\n\
         otpauth://totp/d?secret=JBSWY3DPEHPK3PXP&digits={k}\n\
         otpauth://totp/e?secret=JBSWY3DPEHPK3PXP&period={k}\n\
         otpauth://hotp/f?secret=JBSWY3DPEHPK3PXP&counter={k}\n"
    );
    let file = uri_list::parse(&text).unwrap();
    assert_key_not_echoed(
        &file,
        &["scheme", "type", "algorithm", "digits", "period", "counter"],
    );
}

// ------------------------------------------------- consent and incomplete exports

#[test]
fn an_incomplete_google_export_is_reported_and_needs_consent() {
    let accounts: Vec<PortableAccount> = (0..3u8)
        .map(|i| {
            account(
                Some("ACME"),
                &format!("user{i}"),
                &[i + 1; 20],
                OtpParams::DEFAULT_TOTP,
            )
        })
        .collect();
    let export = google::export_uris(&accounts, 1).unwrap();
    assert_eq!(export.uris.len(), 3);
    // The first and the last of three codes, as a list of lines.
    let text = format!("{}\n{}\n", export.uris[0].as_str(), export.uris[2].as_str());
    let file = twofold_core::transfer::read_import(text.as_bytes(), None).unwrap();
    assert_eq!(file.accounts.len(), 2);
    assert!(file.problems.is_empty());
    assert_eq!(
        file.incomplete_google,
        vec![IncompleteGoogleExport {
            size: 3,
            missing: vec![1]
        }]
    );
    assert!(file.needs_consent());
    let refusal = file.check_consent(false).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "nothing imported: 1 QR code of its Google Authenticator export is missing; agree to import the 2 readable account(s) first"
    );
    assert_eq!(file.check_consent(true), Ok(()));

    // Codes scanned one by one: the collector's import says the same.
    let mut collector = BatchCollector::new();
    collector
        .add(google::parse_uri(&export.uris[1]).unwrap())
        .unwrap();
    let scanned = collector.into_import();
    assert_eq!(
        scanned.incomplete_google,
        vec![IncompleteGoogleExport {
            size: 3,
            missing: vec![0, 2]
        }]
    );

    // Every code given: nothing to agree to.
    let all: Vec<&str> = export.uris.iter().map(|uri| uri.as_str()).collect();
    let complete = twofold_core::transfer::read_import(all.join("\n").as_bytes(), None).unwrap();
    assert!(complete.incomplete_google.is_empty() && !complete.needs_consent());
    assert_eq!(complete.check_consent(false), Ok(()));
}
