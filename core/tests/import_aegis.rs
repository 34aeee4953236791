//! Aegis import/export against independent test vectors (written by
//! `fixtures/import/aegis/make_fixtures.py` from Aegis's documented format)
//! and round trips through our own exporter.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;
use twofold_core::transfer::aegis::{self, ScryptParams};
use twofold_core::transfer::{Format, ImportFile, PortableAccount, TransferError};
use twofold_core::{otp, Algorithm, NewAccount, OtpKind, OtpParams, Secret};

const PASSWORD: &str = "test";
/// Light scrypt cost for round trips (the fixtures use the same).
const LIGHT: ScryptParams = ScryptParams {
    n: 1 << 10,
    r: 8,
    p: 1,
};
/// RFC 4226/6238 SHA1 key, ASCII "12345678901234567890".
const RFC_SHA1: &[u8] = b"12345678901234567890";
const RFC_SHA256: &[u8] = b"12345678901234567890123456789012";

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/aegis/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn account(
    issuer: Option<&str>,
    name: &str,
    secret: &[u8],
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
) -> NewAccount {
    NewAccount {
        issuer: issuer.map(str::to_string),
        name: name.into(),
        secret: Secret::from_bytes(secret.to_vec()),
        params: OtpParams {
            kind,
            algorithm,
            digits,
        },
    }
}

/// The made-up Steam key of the fixtures.
fn steam_key() -> Vec<u8> {
    vec![
        0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1,
        0xf0, 0x01, 0x23, 0x45, 0x67,
    ]
}

/// What `aegis_plain.json` and `aegis_encrypted.json` hold.
fn expected_accounts() -> Vec<PortableAccount> {
    vec![
        PortableAccount {
            account: account(
                Some("ACME Co"),
                "alice@example.com",
                RFC_SHA1,
                OtpKind::Totp { period: 30 },
                Algorithm::Sha1,
                6,
            ),
            note: "Recovery codes are in the safe".into(),
            groups: vec!["Work".into()],
            recovery_codes: vec![],
        },
        PortableAccount {
            account: account(
                Some("Example Bank"),
                "bob",
                RFC_SHA256,
                OtpKind::Totp { period: 60 },
                Algorithm::Sha256,
                8,
            ),
            note: String::new(),
            groups: vec!["Personal".into()],
            recovery_codes: vec![],
        },
        PortableAccount {
            account: account(
                Some("Counter Inc"),
                "carol",
                RFC_SHA1,
                OtpKind::Hotp { counter: 5 },
                Algorithm::Sha1,
                6,
            ),
            note: String::new(),
            groups: vec!["Work".into(), "Personal".into()],
            recovery_codes: vec![],
        },
        PortableAccount::bare(NewAccount {
            issuer: Some("Steam".into()),
            name: "gamer".into(),
            secret: Secret::from_bytes(steam_key()),
            params: OtpParams::STEAM,
        }),
    ]
}

fn code(account: &NewAccount, t: u64) -> String {
    otp::generate(&account.secret, &account.params, t)
        .unwrap()
        .value
}

#[test]
fn plain_fixture_reads_every_account() {
    let file = aegis::parse(&fixture("aegis_plain.json"), None).unwrap();
    assert_eq!(file.format, Format::AegisPlain);
    assert_eq!(file.problems, vec![]);
    assert_eq!(file.accounts, expected_accounts());
    assert_eq!(file.google_batch, None);
}

#[test]
fn fixture_codes_match_known_values() {
    let file = aegis::parse(&fixture("aegis_plain.json"), None).unwrap();
    let accounts: Vec<&NewAccount> = file.accounts.iter().map(|a| &a.account).collect();
    // RFC 6238 SHA1 at t=59 is 94287082; six digits keep the last six.
    assert_eq!(code(accounts[0], 59), "287082");
    // RFC 6238 SHA256 at counter 1 (t=119 with a 60 s period): 46119246.
    assert_eq!(code(accounts[1], 119), "46119246");
    // RFC 4226 counter 5: 254676.
    assert_eq!(code(accounts[2], 0), "254676");
    // Computed by make_fixtures.py with Steam's alphabet.
    assert_eq!(code(accounts[3], 59), "K5TH6");
}

#[test]
fn encrypted_fixture_opens_with_the_password() {
    let file = aegis::parse(&fixture("aegis_encrypted.json"), Some(PASSWORD)).unwrap();
    assert_eq!(file.format, Format::AegisEncrypted);
    assert_eq!(file.problems, vec![]);
    assert_eq!(file.accounts, expected_accounts());
}

#[test]
fn older_database_with_one_group_name_per_entry() {
    let file = aegis::parse(&fixture("aegis_plain_v2_group.json"), None).unwrap();
    assert_eq!(file.problems, vec![]);
    assert_eq!(file.accounts.len(), 2);
    assert_eq!(file.accounts[0].groups, vec!["Work".to_string()]);
    assert_eq!(file.accounts[1].groups, Vec::<String>::new());
    // An empty issuer means none.
    assert_eq!(file.accounts[1].account.issuer, None);
    // RFC 6238: SHA1, 8 digits, t=59.
    assert_eq!(code(&file.accounts[0].account, 59), "94287082");
}

#[test]
fn wrong_or_missing_password() {
    let text = fixture("aegis_encrypted.json");
    assert_eq!(
        aegis::parse(&text, Some("Test")),
        Err(TransferError::WrongPassword(Format::AegisEncrypted))
    );
    assert_eq!(
        aegis::parse(&text, None),
        Err(TransferError::PasswordRequired(Format::AegisEncrypted))
    );
}

/// The encrypted fixture with `change` applied to its JSON.
fn altered(change: impl FnOnce(&mut Value)) -> String {
    let mut file = json(&fixture("aegis_encrypted.json"));
    change(&mut file);
    file.to_string()
}

fn flip_hex(text: &str) -> String {
    let mut bytes: Vec<u8> = text.bytes().collect();
    bytes[0] = if bytes[0] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

fn assert_malformed(result: Result<ImportFile, TransferError>, expected: &str) {
    match result {
        Err(TransferError::Malformed { reason, .. }) => {
            assert!(reason.contains(expected), "{reason:?} lacks {expected:?}")
        }
        other => panic!("expected Malformed({expected}), got {other:?}"),
    }
}

#[test]
fn a_changed_database_or_tag_is_refused_not_misread() {
    let flipped_db = altered(|f| {
        let mut db = STANDARD.decode(f["db"].as_str().unwrap()).unwrap();
        db[10] ^= 0x01;
        f["db"] = Value::String(STANDARD.encode(db));
    });
    assert_malformed(aegis::parse(&flipped_db, Some(PASSWORD)), "integrity check");

    let flipped_tag = altered(|f| {
        let tag = f["header"]["params"]["tag"].as_str().unwrap();
        f["header"]["params"]["tag"] = Value::String(flip_hex(tag));
    });
    assert_malformed(
        aegis::parse(&flipped_tag, Some(PASSWORD)),
        "integrity check",
    );

    // A changed slot cannot be told apart from a wrong password.
    let flipped_slot = altered(|f| {
        let key = f["header"]["slots"][1]["key"].as_str().unwrap();
        f["header"]["slots"][1]["key"] = Value::String(flip_hex(key));
    });
    assert_eq!(
        aegis::parse(&flipped_slot, Some(PASSWORD)),
        Err(TransferError::WrongPassword(Format::AegisEncrypted))
    );
}

#[test]
fn damaged_headers_name_the_field() {
    let short_nonce = altered(|f| f["header"]["params"]["nonce"] = "abcd".into());
    assert_malformed(
        aegis::parse(&short_nonce, Some(PASSWORD)),
        "header.params.nonce: expected 12 bytes, found 2",
    );
    let bad_salt = altered(|f| f["header"]["slots"][1]["salt"] = "xyz0".into());
    assert_malformed(
        aegis::parse(&bad_salt, Some(PASSWORD)),
        "header.slots[2].salt: character 1 is not a hex digit",
    );
    let no_base64 = altered(|f| f["db"] = "not base64!".into());
    assert_malformed(
        aegis::parse(&no_base64, Some(PASSWORD)),
        "db: not valid Base64",
    );
    let db_object = altered(|f| f["db"] = serde_json::json!({}));
    assert_malformed(
        aegis::parse(&db_object, Some(PASSWORD)),
        "expected a Base64 string",
    );
    // The header is checked before the password is asked for.
    assert_malformed(aegis::parse(&short_nonce, None), "header.params.nonce");
}

#[test]
fn only_biometric_slots_is_unsupported() {
    let text = altered(|f| {
        let slots = f["header"]["slots"].as_array_mut().unwrap();
        slots.remove(1);
    });
    match aegis::parse(&text, Some(PASSWORD)) {
        Err(TransferError::Unsupported { format, what }) => {
            assert_eq!(format, Format::AegisEncrypted);
            assert!(what.contains("no password slot"), "{what}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hostile_scrypt_parameters_are_refused_quickly() {
    let slot_with = |n: u64, r: u64, p: u64| {
        altered(|f| {
            let slot = &mut f["header"]["slots"][1];
            slot["n"] = n.into();
            slot["r"] = r.into();
            slot["p"] = p.into();
        })
    };
    // Not valid scrypt parameters at all.
    for (n, r, p, expected) in [
        (1000u64, 8u64, 1u64, "power of two"),
        (u64::MAX, 8, 1, "power of two"),
        (1 << 15, 1 << 40, 1, "far too large"),
        (1 << 15, 0, 1, "at least 1"),
    ] {
        match aegis::parse(&slot_with(n, r, p), Some(PASSWORD)) {
            Err(TransferError::Unsupported { what, .. }) => {
                assert!(what.contains(expected), "N={n} r={r} p={p}: {what}")
            }
            other => panic!("N={n} r={r} p={p}: {other:?}"),
        }
    }
    // Valid, but more than this device allows (kdf_limits, tested in full in
    // tests/kdf_limits.rs).
    for (n, r, p) in [
        (1u64 << 30, 8u64, 1u64),
        (1 << 15, 8, 1 << 20),
        (1 << 18, 8, 4),
    ] {
        match aegis::parse(&slot_with(n, r, p), Some(PASSWORD)) {
            Err(TransferError::KdfTooCostly { format, limit }) => {
                assert_eq!(format, Format::AegisEncrypted);
                assert!(
                    limit.to_string().contains("this device allows"),
                    "N={n} r={r} p={p}: {limit}"
                );
            }
            other => panic!("N={n} r={r} p={p}: {other:?}"),
        }
    }
}

#[test]
fn bad_entries_become_problems_and_the_rest_is_read() {
    let text = r#"{
        "version": 1,
        "header": { "slots": null, "params": null },
        "db": { "version": 3, "groups": [], "entries": [
            { "type": "totp", "uuid": "a", "name": "ok", "issuer": "Good", "icon": null,
              "info": { "secret": "GEZDGNBVGY3TQOJQ", "algo": "SHA1", "digits": 6, "period": 30 } },
            { "type": "totp", "uuid": "b", "name": "me", "issuer": "Typo", "icon": null,
              "info": { "secret": "GEZDG1BV", "algo": "SHA1", "digits": 6, "period": 30 } },
            { "type": "motp", "uuid": "c", "name": "pin", "issuer": "Old", "icon": null,
              "info": { "secret": "abcdef", "algo": "MD5", "digits": 6, "period": 10, "pin": "1234" } },
            { "type": "yandex", "uuid": "d", "name": "y", "issuer": "", "icon": null,
              "info": { "secret": "GEZDGNBV", "algo": "SHA256", "digits": 8, "period": 30, "pin": "1" } },
            { "type": "totp", "uuid": "e", "name": "", "issuer": "", "icon": null,
              "info": { "secret": "GEZDGNBV", "algo": "MD5", "digits": 6, "period": 30 } },
            { "type": "hotp", "name": "h", "issuer": "H", "icon": null,
              "info": { "secret": "GEZDGNBV", "algo": "SHA1", "digits": 6, "counter": -1 } },
            { "type": "totp", "name": "d", "issuer": "D", "icon": null,
              "info": { "secret": "GEZDGNBV", "algo": "SHA1", "digits": 5, "period": 30 } },
            { "type": "totp", "name": "z", "issuer": "Z", "icon": null,
              "info": { "secret": "GEZDGNBV", "algo": "SHA1", "digits": 6, "period": 0 } },
            { "type": "totp", "name": "n", "issuer": "N" },
            "not an entry"
        ] }
    }"#;
    let file = aegis::parse(text, None).unwrap();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.accounts[0].account.issuer.as_deref(), Some("Good"));
    let problems: Vec<(usize, Option<&str>, &str)> = file
        .problems
        .iter()
        .map(|p| (p.position, p.label.as_deref(), p.reason.as_str()))
        .collect();
    let expect = [
        (
            2,
            Some("Typo (me)"),
            "secret: character 6 ('1') is not Base32",
        ),
        (3, Some("Old (pin)"), "type 'motp' (mOTP) is not supported"),
        (4, Some("y"), "type 'yandex'"),
        (5, None, "info.algo: 'MD5' is not supported"),
        (
            6,
            Some("H (h)"),
            "info.counter: expected a whole number of at least 0, found -1",
        ),
        (
            7,
            Some("D (d)"),
            "info.digits: 5 is not supported (Twofold shows 6 to 10 digits)",
        ),
        (
            8,
            Some("Z (z)"),
            "info.period: expected a whole number of seconds of at least 1, found 0",
        ),
        (9, Some("N (n)"), "info is missing"),
        (10, None, "expected an object, found a string"),
    ];
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    for (got, want) in problems.iter().zip(expect) {
        assert_eq!((got.0, got.1), (want.0, want.1), "{got:?}");
        assert!(got.2.contains(want.2), "{:?} lacks {:?}", got.2, want.2);
    }
    // The displayed problem names the entry.
    assert_eq!(
        file.problems[0].to_string(),
        format!("entry 2 (Typo (me)): {}", file.problems[0].reason)
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let text = "{\n  \"version\": 1,\n  \"header\": ,\n}";
    match aegis::parse(text, None) {
        Err(TransferError::Malformed { format, reason }) => {
            assert_eq!(format, Format::AegisPlain);
            assert!(reason.contains("line 3 column 13"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_malformed(
        aegis::parse("[1, 2]", None),
        "expected a JSON object, found a list",
    );
    assert_malformed(aegis::parse(r#"{"version": 1}"#, None), "header is missing");
    assert_malformed(
        aegis::parse(
            r#"{"version": 1, "header": {"slots": null, "params": null}, "db": "abc"}"#,
            None,
        ),
        "db: expected an object",
    );
    assert_malformed(
        aegis::parse(
            r#"{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3}}"#,
            None,
        ),
        "db.entries is missing",
    );
}

#[test]
fn newer_versions_are_unsupported() {
    let newer_file = r#"{"version": 2, "header": {"slots": null, "params": null}, "db": {}}"#;
    assert!(matches!(
        aegis::parse(newer_file, None),
        Err(TransferError::Unsupported { what, .. }) if what.contains("file version 2")
    ));
    let newer_db = r#"{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 4, "entries": []}}"#;
    assert!(matches!(
        aegis::parse(newer_db, None),
        Err(TransferError::Unsupported { what, .. }) if what.contains("database version 4")
    ));
}

/// Accounts that exercise every field the exporter writes.
fn round_trip_accounts() -> Vec<PortableAccount> {
    let mut accounts = expected_accounts();
    accounts.push(PortableAccount {
        account: account(
            None,
            "no issuer",
            &[0xff; 64],
            OtpKind::Totp { period: 45 },
            Algorithm::Sha512,
            10,
        ),
        note: "line one\nline two \"quoted\"".into(),
        groups: vec!["Personal".into(), "Ünïcode 🗝".into()],
        recovery_codes: vec![],
    });
    accounts
}

#[test]
fn plain_export_round_trips() {
    let accounts = round_trip_accounts();
    let bytes = aegis::export(&accounts, None).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let file = aegis::parse(text, None).unwrap();
    assert_eq!(file.format, Format::AegisPlain);
    assert_eq!(file.problems, vec![]);
    assert_eq!(file.accounts, accounts);

    // The shape Aegis reads: db version 3, groups by uuid, icon present.
    let value = json(text);
    assert_eq!(value["version"], 1);
    assert!(value["header"]["slots"].is_null() && value["header"]["params"].is_null());
    let db = &value["db"];
    assert_eq!(db["version"], 3);
    assert_eq!(db["groups"].as_array().unwrap().len(), 3);
    let steam = &db["entries"][3];
    assert_eq!(steam["type"], "steam");
    assert_eq!(steam["info"]["digits"], 5);
    assert_eq!(steam["info"]["period"], 30);
    assert_eq!(steam["info"]["algo"], "SHA1");
    for entry in db["entries"].as_array().unwrap() {
        assert!(entry.get("icon").is_some_and(Value::is_null));
        assert!(uuid::Uuid::parse_str(entry["uuid"].as_str().unwrap()).is_ok());
    }
    assert_eq!(db["entries"][2]["info"]["counter"], 5);
    assert_eq!(db["entries"][4]["issuer"], "");
}

#[test]
fn encrypted_export_round_trips() {
    let accounts = round_trip_accounts();
    let bytes = aegis::export_with_kdf(&accounts, Some("correct horse"), LIGHT).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let file = aegis::parse(text, Some("correct horse")).unwrap();
    assert_eq!(file.format, Format::AegisEncrypted);
    assert_eq!(file.accounts, accounts);
    assert_eq!(
        aegis::parse(text, Some("wrong horse")),
        Err(TransferError::WrongPassword(Format::AegisEncrypted))
    );

    let value = json(text);
    let slot = &value["header"]["slots"][0];
    assert_eq!(slot["type"], 1);
    assert_eq!(
        (slot["n"].as_u64(), slot["r"].as_u64(), slot["p"].as_u64()),
        (Some(1024), Some(8), Some(1))
    );
    let hex_len = |v: &Value| {
        let text = v.as_str().unwrap();
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{text}"
        );
        text.len() / 2
    };
    assert_eq!(hex_len(&slot["key"]), 32);
    assert_eq!(hex_len(&slot["salt"]), 32);
    assert_eq!(hex_len(&slot["key_params"]["nonce"]), 12);
    assert_eq!(hex_len(&slot["key_params"]["tag"]), 16);
    assert_eq!(hex_len(&value["header"]["params"]["nonce"]), 12);
    assert_eq!(hex_len(&value["header"]["params"]["tag"]), 16);
    assert!(STANDARD.decode(value["db"].as_str().unwrap()).is_ok());
    // Nothing readable leaks into the encrypted file.
    assert!(!text.contains("ACME") && !text.contains("GEZDGNBV"));
}

#[test]
fn default_export_uses_aegis_scrypt_cost() {
    assert_eq!(
        ScryptParams::AEGIS,
        ScryptParams {
            n: 32768,
            r: 8,
            p: 1
        }
    );
    let accounts = expected_accounts();
    let bytes = aegis::export(&accounts[..1], Some(PASSWORD)).unwrap();
    let value = json(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(value["header"]["slots"][0]["n"], 32768);
    let file = aegis::parse(std::str::from_utf8(&bytes).unwrap(), Some(PASSWORD)).unwrap();
    assert_eq!(file.accounts, accounts[..1]);
}

#[test]
fn export_refuses_what_it_could_not_read_back() {
    let accounts = expected_accounts();
    assert!(matches!(
        aegis::export(&accounts, Some("")),
        Err(TransferError::Export(m)) if m.contains("empty")
    ));
    let absurd = ScryptParams {
        n: 1 << 30,
        r: 8,
        p: 1,
    };
    assert!(matches!(
        aegis::export_with_kdf(&accounts, Some(PASSWORD), absurd),
        Err(TransferError::Export(m)) if m.contains("MiB")
    ));
    let mut huge_counter = expected_accounts();
    huge_counter[2].account.params.kind = OtpKind::Hotp { counter: u64::MAX };
    assert!(matches!(
        aegis::export(&huge_counter, None),
        Err(TransferError::Export(m)) if m.contains("Counter Inc (carol): the counter")
    ));
}

#[test]
fn secrets_and_passwords_stay_out_of_messages() {
    let file = aegis::parse(&fixture("aegis_plain.json"), None).unwrap();
    let printed = format!("{file:?}");
    assert!(!printed.contains("GEZDGNBV"), "{printed}");
    assert!(!printed.contains("49, 50, 51"), "{printed}");

    let secret_password = "hunter2-very-secret";
    let error = aegis::parse(&fixture("aegis_encrypted.json"), Some(secret_password)).unwrap_err();
    assert!(!error.to_string().contains(secret_password));
    assert!(!format!("{error:?}").contains(secret_password));

    // A bad secret is reported by position, not echoed.
    let text = r#"{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": [
        {"type": "totp", "name": "a", "issuer": "b", "icon": null,
         "info": {"secret": "SUPERSECRETKEY9", "algo": "SHA1", "digits": 6, "period": 30}}]}}"#;
    let file = aegis::parse(text, None).unwrap();
    assert!(
        !file.problems[0].reason.contains("SUPERSECRET"),
        "{}",
        file.problems[0].reason
    );
}

#[test]
fn old_slots_with_long_passwords_use_aegis_old_password_bytes() {
    // Written by make_fixtures.py the way Aegis did before its issue #95 fix.
    let password = "a long passphrase from an old Aegis vault, before its fix!!!";
    let text = fixture("aegis_encrypted_legacy.json");
    let file = aegis::parse(&text, Some(password)).unwrap();
    assert_eq!(file.accounts.len(), 2);
    assert_eq!(code(&file.accounts[0].account, 59), "94287082");
    // Only slots not marked repaired get the fallback.
    let mut value = json(&text);
    value["header"]["slots"][1]["repaired"] = Value::Bool(true);
    assert_eq!(
        aegis::parse(&value.to_string(), Some(password)),
        Err(TransferError::WrongPassword(Format::AegisEncrypted))
    );
}

#[test]
fn fields_holding_a_key_are_not_echoed() {
    const KEY: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
    let entry = |otp_type: &str, info: &str| {
        format!(
            r#"{{ "type": "{otp_type}", "name": "n", "issuer": "I", "info": {{ "secret": "GEZDGNBV", {info} }} }}"#
        )
    };
    let entries = [
        entry(KEY, r#""algo": "SHA1", "digits": 6, "period": 30"#),
        entry(
            "totp",
            &format!(r#""algo": "{KEY}", "digits": 6, "period": 30"#),
        ),
        entry(
            "totp",
            &format!(r#""algo": "SHA1", "digits": "{KEY}", "period": 30"#),
        ),
        entry(
            "totp",
            &format!(r#""algo": "SHA1", "digits": 6, "period": "{KEY}""#),
        ),
        entry(
            "hotp",
            &format!(r#""algo": "SHA1", "digits": 6, "counter": "{KEY}""#),
        ),
    ];
    let text = format!(
        r#"{{ "version": 1, "header": {{ "slots": null, "params": null }},
             "db": {{ "version": 3, "groups": [], "entries": [{}] }} }}"#,
        entries.join(",")
    );
    let file = aegis::parse(&text, None).unwrap();
    let fields = [
        "type",
        "info.algo",
        "info.digits",
        "info.period",
        "info.counter",
    ];
    assert_eq!(file.problems.len(), fields.len(), "{:?}", file.problems);
    for (problem, field) in file.problems.iter().zip(fields) {
        let shown = problem.to_string().to_ascii_uppercase();
        let leaked = (0..=KEY.len() - 6).any(|start| shown.contains(&KEY[start..start + 6]));
        assert!(!leaked, "{shown}");
        assert!(
            problem.reason.starts_with(field),
            "{field}: {}",
            problem.reason
        );
        assert!(
            problem.reason.contains("(32 characters)"),
            "{}",
            problem.reason
        );
    }
}
