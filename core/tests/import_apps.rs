//! The other apps' unencrypted formats of issue 18, each read from fixtures
//! built from that format's description (`fixtures/import/<format>/`, made
//! by `make_app_fixtures.py`; fake keys) or, for the SQLite databases,
//! built here. Every account is checked field by field and by its codes at
//! fixed instants (RFC 4226 / RFC 6238 vectors); damaged files are refused
//! with a reason that names the format and what is wrong.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod import_common;
use import_common::*;
use twofold_core::transfer::{
    self, app_db, authy, battlenet, bitwarden_csv, duo, freeotp, proton, steam, stratum, uri_list,
    Format, ImportFile, PortableAccount, TransferError,
};
use twofold_core::{Algorithm, NewAccount, OtpParams, Secret};

const SHA1_KEY_BASE32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const STEAM_KEY_BASE32: &str = "WPYBZHYTA4AAQD6K";

fn assert_acme(file: &ImportFile) {
    let acme = &find(file, "ACME").account;
    assert_eq!(acme.name, "alice@example.com");
    assert_eq!(acme.params, totp(Algorithm::Sha1, 8, 30));
    assert_eq!(acme.secret.expose(), RFC_SHA1_KEY);
    assert_eq!(code_at(acme, 59), "94287082", "RFC 6238 SHA1 at t=59");
}

fn assert_counter(file: &ImportFile) {
    let counter = &find(file, "Counter Corp").account;
    assert_eq!(counter.name, "bob");
    assert_eq!(counter.params, hotp(5));
    assert_eq!(code_at(counter, 0), "254676", "RFC 4226 count 5");
}

fn assert_steam(file: &ImportFile, name: &str) {
    let steam = &find(file, "Steam").account;
    assert_eq!(steam.name, name);
    assert_eq!(steam.params, OtpParams::STEAM);
    assert_eq!(steam.secret.to_base32().as_str(), STEAM_KEY_BASE32);
    assert_eq!(code_at(steam, 59).len(), 5);
}

fn assert_bank(file: &ImportFile) {
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
        other => panic!("expected Malformed {format} mentioning {needle:?}, got {other:?}"),
    }
}

/// `read_import` recognises `bytes` as `format` by content and returns
/// what the format's own reader returns.
fn detected(bytes: &[u8], format: Format) -> ImportFile {
    assert_eq!(transfer::sniff(bytes), Some(format));
    let file = transfer::read_import(bytes, None).unwrap();
    assert_eq!(file.format, format);
    file
}

// ---------------------------------------------------------------- Bitwarden CSV

#[test]
fn bitwarden_csv_reads_totp_column_notes_and_folders() {
    let text = fixture("bitwarden_csv/export.csv");
    let file = detected(text.as_bytes(), Format::BitwardenCsv);
    assert_eq!(file, bitwarden_csv::parse(&text).unwrap());
    assert_eq!(file.accounts.len(), 4, "{:?}", file.accounts);
    assert_acme(&file);
    assert_steam(&file, "gamer");
    assert_bank(&file);
    assert_counter(&file);
    assert_eq!(find(&file, "ACME").note, "first line\nsecond, line");
    assert_eq!(find(&file, "ACME").groups, ["Work"]);
    assert_eq!(find(&file, "Strong Bank").groups, ["Banks"]);
    assert_eq!(file.problems.len(), 1, "{:?}", file.problems);
    let problem = &file.problems[0];
    // The header is line 1 and the ACME note spans two lines.
    assert_eq!(problem.position, 8, "{problem}");
    assert_eq!(problem.label.as_deref(), Some("Broken (dave)"));
    assert!(problem.reason.starts_with("login.totp: "), "{problem}");
}

#[test]
fn bitwarden_csv_damage_is_named() {
    assert_malformed(
        bitwarden_csv::parse("name,login_username\nx,y\n"),
        Format::BitwardenCsv,
        "no login_totp column",
    );
    assert_malformed(
        bitwarden_csv::parse(""),
        Format::BitwardenCsv,
        "no login_totp column",
    );
}

// ---------------------------------------------------------------- FreeOTP / FreeOTP+

#[test]
fn freeotp_xml_reads_tokens_in_their_order() {
    let text = fixture("freeotp/tokens.xml");
    let file = detected(text.as_bytes(), Format::FreeOtpXml);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let issuers: Vec<_> = file
        .accounts
        .iter()
        .map(|a| a.account.issuer.as_deref().unwrap())
        .collect();
    assert_eq!(issuers, ["ACME", "Strong Bank", "Counter Corp", "Steam"]);
    assert_acme(&file);
    assert_bank(&file); // labelAlt "carol" wins over the label
    assert_counter(&file);
    assert_steam(&file, "gamer");
}

#[test]
fn freeotp_plus_json_reads_the_same_tokens() {
    let text = fixture("freeotp_plus/export.json");
    let file = detected(text.as_bytes(), Format::FreeOtpPlusJson);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.accounts.len(), 4);
    assert_acme(&file);
    assert_bank(&file);
    assert_counter(&file);
    assert_steam(&file, "gamer");
}

#[test]
fn freeotp_bad_tokens_are_reported_and_damage_named() {
    let file = freeotp::parse_xml(&fixture("freeotp/tokens_bad_entries.xml")).unwrap();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.problems.len(), 2, "{:?}", file.problems);
    assert_eq!(file.problems[0].label.as_deref(), Some("Broken (dave)"));
    assert_eq!(
        file.problems[0].reason,
        "secret: value 3 is not a byte (-128 to 127)"
    );
    assert!(
        file.problems[1]
            .reason
            .starts_with("type: 'MOTP' is not supported"),
        "{:?}",
        file.problems[1]
    );

    assert_malformed(
        freeotp::parse_xml("<map><string name=\"tokenOrder\">[1,</string></map>"),
        Format::FreeOtpXml,
        "tokenOrder",
    );
    assert_malformed(
        freeotp::parse_xml("<map><string name=\"a\">x</map>"),
        Format::FreeOtpXml,
        "not valid XML",
    );
    assert_malformed(
        freeotp::parse_plus_json(r#"{"tokenOrder":[]}"#),
        Format::FreeOtpPlusJson,
        "tokens",
    );
}

// ---------------------------------------------------------------- Steam

#[test]
fn steam_mafiles_old_and_new() {
    for (name, account_name, code, saved_at) in [
        ("steam/old.maFile", "gamer", "R12345", 1_700_000_000),
        ("steam/new.maFile", "gamer2", "R54321", 1_700_000_001),
    ] {
        let text = fixture(name);
        let file = detected(text.as_bytes(), Format::SteamMaFile);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.accounts.len(), 1);
        assert_steam(&file, account_name);
        let recovery = &file.accounts[0].recovery_codes;
        assert_eq!(recovery.len(), 1);
        assert_eq!(recovery[0].code.as_str(), code);
        assert_eq!(recovery[0].saved_at, saved_at);
    }
}

#[test]
fn steam_damaged_key_is_reported() {
    let file = steam::parse(r#"{"shared_secret":"not base64!","account_name":"gamer"}"#).unwrap();
    assert!(file.accounts.is_empty());
    assert_eq!(file.problems[0].label.as_deref(), Some("Steam (gamer)"));
    assert!(
        file.problems[0]
            .reason
            .starts_with("shared_secret: character 4 is not Base64"),
        "{:?}",
        file.problems[0]
    );
    assert_malformed(
        steam::parse(r#"{"shared_secret":"#),
        Format::SteamMaFile,
        "ends too early",
    );
    // SDA's manifest (with its `encrypted` flag) is not taken for a Bitwarden export.
    let manifest = br#"{"encrypted":true,"first_run":false,"entries":[{"encryption_iv":"x","encryption_salt":"y","filename":"1.maFile","steamid":1}]}"#;
    match transfer::read_import(manifest, None) {
        Err(TransferError::Unsupported {
            format: Format::SteamMaFile,
            what,
        }) => {
            assert!(what.contains("import each .maFile"), "{what}")
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------- Ente Auth

#[test]
fn ente_text_export_keeps_tags_and_notes_and_skips_the_trash() {
    let text = fixture("ente/ente-auth-codes.txt");
    let file = detected(text.as_bytes(), Format::UriList);
    assert_eq!(file.accounts.len(), 4, "{:?}", file.accounts);
    assert_acme(&file);
    assert_counter(&file);
    assert_steam(&file, "gamer");
    assert_bank(&file);
    assert_eq!(find(&file, "ACME").groups, ["Work"]);
    assert_eq!(find(&file, "ACME").note, "my note");
    assert_eq!(find(&file, "Steam").groups, ["Games"]);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].position, 5);
    assert_eq!(
        file.problems[0].reason,
        "in Ente Auth's trash: not imported"
    );
}

// ---------------------------------------------------------------- Proton

#[test]
fn proton_export_reads_totp_and_steam_with_notes() {
    let text = fixture("proton/export.json");
    let file = detected(text.as_bytes(), Format::ProtonAuthenticator);
    assert_eq!(file.accounts.len(), 3, "{:?}", file.accounts);
    assert_acme(&file);
    assert_steam(&file, "gamer");
    assert_bank(&file);
    assert_eq!(find(&file, "ACME").note, "work account");
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].position, 4);
    assert!(
        file.problems[0]
            .reason
            .starts_with("content.entry_type: 'Hotp' is not supported"),
        "{:?}",
        file.problems[0]
    );
}

#[test]
fn proton_encrypted_and_damaged() {
    let encrypted = br#"{"version":1,"salt":"c2FsdA==","content":"c2VhbGVk"}"#;
    assert_eq!(
        transfer::sniff(encrypted),
        Some(Format::ProtonAuthenticator)
    );
    assert!(matches!(
        transfer::read_import(encrypted, None),
        Err(TransferError::Unsupported {
            format: Format::ProtonAuthenticator,
            ..
        })
    ));
    assert!(matches!(
        proton::parse(r#"{"version":2,"entries":[]}"#),
        Err(TransferError::Unsupported { .. })
    ));
    assert_malformed(
        proton::parse(r#"{"version":1,"entries":{}}"#),
        Format::ProtonAuthenticator,
        "expected a sequence",
    );
}

// ---------------------------------------------------------------- Duo

#[test]
fn duo_accounts_totp_hotp_and_push() {
    let text = fixture("duo/accounts.json");
    let file = detected(text.as_bytes(), Format::DuoMobile);
    assert_eq!(file.accounts.len(), 2);
    let acme = &file.accounts[0].account;
    assert_eq!((acme.issuer.as_deref(), acme.name.as_str()), (None, "ACME"));
    assert_eq!(acme.params, totp(Algorithm::Sha1, 6, 30));
    assert_eq!(
        code_at(acme, 59),
        "287082",
        "RFC 6238 SHA1 at t=59, 6 digits"
    );
    let counter = &file.accounts[1].account;
    assert_eq!(counter.name, "Counter Corp");
    assert_eq!(counter.params, hotp(5));
    assert_eq!(code_at(counter, 0), "254676");
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].label.as_deref(), Some("My Company"));
    assert!(file.problems[0].reason.contains("push account"));
    let bad = duo::parse(r#"[{"name":"x","otpGenerator":{"otpSecret":"ABC1"}}]"#).unwrap();
    assert!(
        bad.problems[0]
            .reason
            .starts_with("otpGenerator.otpSecret: character 4"),
        "{:?}",
        bad.problems
    );
    assert_malformed(duo::parse("[1]"), Format::DuoMobile, "unexpected integer");
}

// ---------------------------------------------------------------- Authy

#[test]
fn authy_plain_xml_third_party_and_own_tokens() {
    let text = fixture("authy/com.authy.storage.tokens.authenticator.xml");
    let file = detected(text.as_bytes(), Format::AuthyXml);
    assert_eq!(file.accounts.len(), 3, "{:?}", file.accounts);
    assert_acme(&file);
    let counter = &find(&file, "Counter Corp").account;
    assert_eq!(counter.name, "bob");
    assert_eq!(counter.params, totp(Algorithm::Sha1, 6, 30));
    let bank = &find(&file, "Strong Bank").account;
    assert_eq!(bank.name, "carol");
    assert_eq!(bank.params, totp(Algorithm::Sha1, 6, 30));
    assert_eq!(bank.secret.expose(), RFC_SHA256_KEY);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].label.as_deref(), Some("Broken (dave)"));
    assert!(
        file.problems[0].reason.starts_with("decryptedSecret: "),
        "{:?}",
        file.problems[0]
    );

    let own = fixture("authy/com.authy.storage.tokens.authy.xml");
    let file = detected(own.as_bytes(), Format::AuthyXml);
    let twitch = &find(&file, "Twitch").account;
    assert_eq!(twitch.name, "");
    assert_eq!(twitch.params, totp(Algorithm::Sha1, 7, 10));
    assert_eq!(twitch.secret.expose(), RFC_SHA1_KEY);
    // 10 s steps: t=59 is counter 5, whose RFC 4226 value is 868254676.
    assert_eq!(code_at(twitch, 59), "8254676");
}

#[test]
fn authy_encrypted_and_damaged() {
    let encrypted = "<map><string name=\"com.authy.storage.tokens.authenticator.key\">[{&quot;encryptedSecret&quot;:&quot;AAAA&quot;,&quot;salt&quot;:&quot;x&quot;,&quot;digits&quot;:6,&quot;name&quot;:&quot;a&quot;}]</string></map>";
    assert!(matches!(
        authy::parse(encrypted),
        Err(TransferError::Unsupported {
            format: Format::AuthyXml,
            ..
        })
    ));
    assert_malformed(
        authy::parse("<map><string name=\"com.authy.storage.tokens.authy.key\">[{</string></map>"),
        Format::AuthyXml,
        "com.authy.storage.tokens.authy.key",
    );
}

// ---------------------------------------------------------------- Battle.net

#[test]
fn battlenet_unmasks_serial_and_key() {
    let text = fixture("battlenet/com.blizzard.messenger.authenticator_preferences.xml");
    let file = detected(text.as_bytes(), Format::BattleNetXml);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let account = &find(&file, "Battle.net").account;
    assert_eq!(account.name, "US-1234-5678-9012");
    assert_eq!(account.params, totp(Algorithm::Sha1, 8, 30));
    assert_eq!(account.secret.expose(), RFC_SHA1_KEY);
    assert_eq!(code_at(account, 59), "94287082");
}

#[test]
fn battlenet_damage_is_named() {
    let file = battlenet::parse(
        "<map><string name=\"com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET\">0a1</string></map>",
    )
    .unwrap();
    assert_eq!(
        file.problems[0].reason,
        "AUTHENTICATOR_DEVICE_SECRET: 3 hexadecimal digits, expected an even number"
    );
    assert_malformed(
        battlenet::parse(
            "<map><string name=\"com.blizzard.messenger.AUTHENTICATOR_SERIAL\">00</string></map>",
        ),
        Format::BattleNetXml,
        "AUTHENTICATOR_DEVICE_SECRET",
    );
}

// ---------------------------------------------------------------- Stratum

#[test]
fn stratum_reads_types_and_categories() {
    let text = fixture("stratum/backup.json");
    let file = detected(text.as_bytes(), Format::StratumPlain);
    assert_eq!(file.accounts.len(), 4, "{:?}", file.accounts);
    assert_acme(&file);
    assert_counter(&file);
    assert_steam(&file, "gamer");
    assert_bank(&file);
    assert_eq!(find(&file, "ACME").groups, ["Work"]);
    assert_eq!(find(&file, "Strong Bank").groups, ["Money", "Work"]);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].label.as_deref(), Some("Old mOTP"));
    assert_eq!(file.problems[0].reason, "Type: 3 (mOTP) is not supported");
    assert_malformed(
        stratum::parse(r#"{"Authenticators":{}}"#),
        Format::StratumPlain,
        "expected a sequence",
    );
}

// ---------------------------------------------------------------- SQLite databases

fn database(schema: &str, inserts: &[&str]) -> Vec<u8> {
    let mut db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(schema).unwrap();
    for insert in inserts {
        db.execute_batch(insert).unwrap();
    }
    db.serialize("main").unwrap().to_vec()
}

const GOOGLE_SCHEMA: &str = "CREATE TABLE android_metadata (locale TEXT);
    CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL,
    counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL,
    original_name TEXT DEFAULT NULL);";

#[test]
fn google_authenticator_database() {
    let bytes = database(
        GOOGLE_SCHEMA,
        &[
            &format!("INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('ACME:alice@example.com', '{SHA1_KEY_BASE32}', 0, 0, NULL)"),
            &format!("INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('bob', '{}', 5, 1, 'Counter Corp')", SHA1_KEY_BASE32.to_lowercase()),
            "INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('dave', 'ABC1', 0, 0, 'Broken')",
        ],
    );
    let file = detected(&bytes, Format::GoogleAuthenticatorDb);
    assert_eq!(file.accounts.len(), 2);
    let acme = &find(&file, "ACME").account;
    assert_eq!(acme.name, "alice@example.com");
    assert_eq!(acme.params, totp(Algorithm::Sha1, 6, 30));
    assert_eq!(code_at(acme, 59), "287082");
    assert_counter(&file);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].position, 3);
    assert!(
        file.problems[0].reason.starts_with("secret: character 4"),
        "{:?}",
        file.problems
    );
}

#[test]
fn microsoft_authenticator_database() {
    let bytes = database(
        "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, name TEXT, username TEXT, oath_secret_key TEXT,
         account_type INTEGER, cid TEXT, is_totp_code_shown INTEGER);",
        &[
            &format!("INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES ('ACME', 'alice@example.com', '{SHA1_KEY_BASE32}', 0)"),
            "INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES ('Microsoft', 'me@outlook.com', 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=', 1)",
            "INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES ('Contoso', 'me@contoso.com', NULL, 2)",
        ],
    );
    let file = detected(&bytes, Format::MicrosoftAuthenticatorDb);
    assert_eq!(file.accounts.len(), 2);
    let acme = &find(&file, "ACME").account;
    assert_eq!(acme.params, totp(Algorithm::Sha1, 6, 30));
    assert_eq!(code_at(acme, 59), "287082");
    let msa = &find(&file, "Microsoft").account;
    assert_eq!(msa.name, "me@outlook.com");
    assert_eq!(msa.params, totp(Algorithm::Sha1, 8, 30));
    assert_eq!(msa.secret.expose(), RFC_SHA1_KEY);
    assert_eq!(code_at(msa, 59), "94287082");
    assert_eq!(file.problems.len(), 1);
    assert_eq!(
        file.problems[0].label.as_deref(),
        Some("Contoso (me@contoso.com)")
    );
}

#[test]
fn databases_are_not_trusted() {
    // A view named `accounts` could run any query: refused, not run.
    let view = database(
        "CREATE TABLE t (email TEXT, secret TEXT); CREATE VIEW accounts AS SELECT * FROM t;",
        &[],
    );
    assert_eq!(transfer::sniff(&view), None);
    assert_malformed(
        app_db::parse_google(&view),
        Format::GoogleAuthenticatorDb,
        "no accounts table",
    );
    // So is a computed column, which would run the file's expression.
    let computed = database(
        "CREATE TABLE accounts (email TEXT, secret TEXT AS (hex(zeroblob(100000000))));",
        &["INSERT INTO accounts (email) VALUES ('x')"],
    );
    assert_eq!(transfer::sniff(&computed), None);
    assert_malformed(
        app_db::parse_google(&computed),
        Format::GoogleAuthenticatorDb,
        "computed column",
    );
    // Another app's database is not recognised.
    let other = database("CREATE TABLE notes (body TEXT);", &[]);
    assert_eq!(transfer::sniff(&other), None);
    assert_eq!(
        transfer::read_import(&other, None),
        Err(TransferError::UnrecognisedFile {
            seems: "an SQLite database, but not Google or Microsoft Authenticator's"
        })
    );
    // A truncated database says so.
    let mut bytes = database(GOOGLE_SCHEMA, &[]);
    bytes.truncate(100);
    assert_malformed(
        app_db::parse_google(&bytes),
        Format::GoogleAuthenticatorDb,
        "SQLite",
    );
    // Values of the wrong type are entry problems, not crashes.
    let odd = database(
        GOOGLE_SCHEMA,
        &["INSERT INTO accounts (email, secret, counter, type) VALUES ('x', X'00ff', 'many', 'one')"],
    );
    let file = app_db::parse_google(&odd).unwrap();
    assert!(file.accounts.is_empty());
    assert_eq!(file.problems.len(), 1);
}

// ---------------------------------------------------------------- unknown files

#[test]
fn an_unknown_file_says_what_it_seems_to_be_and_what_is_supported() {
    let cases: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n....", "an image"),
        (b"PK\x03\x04....", "a zip archive"),
        (
            b"<?xml version='1.0'?><map><string name=\"x\">1</string></map>",
            "Android preferences file",
        ),
        (
            br#"{"hello": "world"}"#,
            "a JSON file of an app Twofold does not read",
        ),
        (b"a,b,c\n1,2,3\n", "a CSV file without a login_totp column"),
    ];
    for (bytes, seems) in cases {
        let message = transfer::read_import(bytes, None).unwrap_err().to_string();
        assert!(message.contains(seems), "{message}");
        assert!(message.contains("FreeOTP+, Steam maFile"), "{message}");
    }
    assert_eq!(
        transfer::read_import(b"hello", None),
        Err(TransferError::UnknownFormat)
    );
}

// ---------------------------------------------------------------- exports

fn plain(issuer: Option<&str>, name: &str, key: &[u8], params: OtpParams) -> PortableAccount {
    PortableAccount::bare(NewAccount {
        issuer: issuer.map(str::to_string),
        name: name.to_string(),
        secret: Secret::from_bytes(key.to_vec()),
        params,
    })
}

#[test]
fn uri_list_export_writes_steam_as_other_apps_do_and_round_trips() {
    let accounts = vec![
        plain(Some("Steam"), "gamer", b"0123456789", OtpParams::STEAM),
        plain(Some("Valve"), "gaben", b"0123456789", OtpParams::STEAM),
        plain(
            Some("AC:ME"),
            "a:b",
            RFC_SHA1_KEY,
            totp(Algorithm::Sha1, 6, 30),
        ),
        plain(None, "x:y:z", RFC_SHA1_KEY, totp(Algorithm::Sha512, 8, 60)),
        plain(Some("Counter Corp"), "bob", RFC_SHA1_KEY, hotp(5)),
    ];
    let text = uri_list::export(&accounts);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("otpauth://steam/Steam:gamer?secret="),
        "{first}"
    );
    assert!(
        first.ends_with("&issuer=Steam&algorithm=SHA1&digits=5&period=30"),
        "{first}"
    );
    let back = uri_list::parse(&text).unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.accounts, accounts);
    // The older Twofold form still reads as Steam.
    let old = uri_list::parse(
        "otpauth://totp/Valve:gaben?secret=GAYTEMZUGU3DOOBZ&issuer=Valve&encoder=steam\n",
    )
    .unwrap();
    assert_eq!(old.accounts[0].account.params, OtpParams::STEAM);
}
