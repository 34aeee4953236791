//! Other apps' encrypted exports (2FAS, andOTP, Bitwarden), on fixtures
//! sealed by `fixtures/import/encrypted/make_fixtures.py` with each app's
//! documented algorithms: the right accounts and codes with the password, a
//! clear refusal without it, with a wrong one, and for damaged files.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use serde_json::Value;
use twofold_core::kdf_limits::{KdfAlgorithm, KdfLimitError};
use twofold_core::transfer::{inspect, read_import, sniff, Format, ImportFile, TransferError};
use twofold_core::{otp, Algorithm, OtpKind, OtpParams, Secret};

const PASSWORD: &str = "vault password 42";
const RFC_SHA1_KEY: &[u8] = b"12345678901234567890";
const RFC_SHA256_KEY: &[u8] = b"12345678901234567890123456789012";
const STEAM_KEY: [u8; 20] = [
    0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
    0x01, 0x23, 0x45, 0x67,
];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/encrypted/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

fn bytes_of(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

fn totp(algorithm: Algorithm, digits: u8) -> OtpParams {
    OtpParams {
        kind: OtpKind::Totp { period: 30 },
        algorithm,
        digits,
    }
}

const HOTP_AT_1: OtpParams = OtpParams {
    kind: OtpKind::Hotp { counter: 1 },
    algorithm: Algorithm::Sha1,
    digits: 6,
};

/// The account for `issuer` has exactly these fields, and gives `code` at
/// `unix_seconds` (RFC 4226/6238 values; HOTP ignores the time).
#[allow(clippy::too_many_arguments)]
fn check(
    file: &ImportFile,
    issuer: &str,
    name: &str,
    key: &[u8],
    params: OtpParams,
    groups: &[&str],
    unix_seconds: u64,
    code: &str,
) {
    let found = file
        .accounts
        .iter()
        .find(|a| a.account.issuer.as_deref() == Some(issuer))
        .unwrap_or_else(|| panic!("no {issuer} in {:?}", file.accounts));
    assert_eq!(found.account.name, name, "{issuer}");
    assert_eq!(
        found.account.secret,
        Secret::from_bytes(key.to_vec()),
        "{issuer}"
    );
    assert_eq!(found.account.params, params, "{issuer}");
    assert_eq!(found.groups, groups, "{issuer}");
    let value = otp::generate(&found.account.secret, &found.account.params, unix_seconds)
        .unwrap()
        .value;
    assert_eq!(value, code, "{issuer}");
}

fn check_rfc_three(file: &ImportFile, bank_groups: &[&str], acme_groups: &[&str]) {
    check(
        file,
        "ACME",
        "alice@example.com",
        RFC_SHA1_KEY,
        totp(Algorithm::Sha1, 6),
        acme_groups,
        59,
        "287082",
    );
    check(
        file,
        "Bank",
        "bob",
        RFC_SHA256_KEY,
        totp(Algorithm::Sha256, 8),
        bank_groups,
        59,
        "46119246",
    );
}

fn malformed(result: Result<ImportFile, TransferError>, format: Format, needle: &str) {
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

/// Flips one Base64 character of the first part of `field` (its ciphertext
/// or IV), keeping it valid Base64.
fn flip_base64(value: &mut Value, field: &str, skip: usize) {
    let text = value[field].as_str().unwrap().to_string();
    let mut chars: Vec<char> = text.chars().collect();
    let at = skip + 5;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    value[field] = Value::String(chars.into_iter().collect());
}

// ---------------------------------------------------------------- 2FAS

#[test]
fn twofas_v4_opens_with_its_password() {
    let bytes = fixture("twofas_v4.2fas");
    assert_eq!(sniff(&bytes), Some(Format::TwoFasEncrypted));
    let file = read_import(&bytes, Some(PASSWORD)).unwrap();
    assert_eq!(file.format, Format::TwoFasEncrypted);
    assert_eq!(file.accounts.len(), 3);
    check_rfc_three(&file, &["Finance"], &[]);
    check(
        &file,
        "Forge",
        "carol",
        RFC_SHA1_KEY,
        HOTP_AT_1,
        &[],
        0,
        "287082",
    );
    // The fourth service's secret is not Base32: named, not fatal.
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].position, 4);
    assert_eq!(file.problems[0].label.as_deref(), Some("Broken (dave)"));
}

#[test]
fn twofas_v2_without_reference_opens_too() {
    let file = read_import(&fixture("twofas_v2.2fas"), Some(PASSWORD)).unwrap();
    assert_eq!(file.accounts.len(), 3);
    check_rfc_three(&file, &["Finance"], &[]);
}

#[test]
fn twofas_asks_for_its_password_and_refuses_a_wrong_one() {
    let bytes = fixture("twofas_v4.2fas");
    assert_eq!(
        read_import(&bytes, None),
        Err(TransferError::PasswordRequired(Format::TwoFasEncrypted))
    );
    let wrong = read_import(&bytes, Some("correct horse battery")).unwrap_err();
    assert_eq!(wrong, TransferError::WrongPassword(Format::TwoFasEncrypted));
    assert_eq!(
        wrong.to_string(),
        "wrong password for this 2FAS backup (password-protected)"
    );
    // The plain reader hands a protected file on rather than misreading it.
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        twofold_core::transfer::twofas::parse(&text),
        Err(TransferError::PasswordRequired(Format::TwoFasEncrypted))
    );
}

#[test]
fn twofas_damage_is_told_apart_from_a_wrong_password() {
    // With a reference that opens, altered services are damage.
    let mut altered = json_fixture("twofas_v4.2fas");
    flip_base64(&mut altered, "servicesEncrypted", 0);
    malformed(
        read_import(&bytes_of(&altered), Some(PASSWORD)),
        Format::TwoFasEncrypted,
        "integrity check",
    );
    // Without one (schema 2), all a failed tag can say is the password.
    let mut altered = json_fixture("twofas_v2.2fas");
    flip_base64(&mut altered, "servicesEncrypted", 0);
    assert_eq!(
        read_import(&bytes_of(&altered), Some(PASSWORD)),
        Err(TransferError::WrongPassword(Format::TwoFasEncrypted))
    );

    let mut two_parts = json_fixture("twofas_v4.2fas");
    two_parts["servicesEncrypted"] = Value::String("AAAA:BBBB".into());
    malformed(
        read_import(&bytes_of(&two_parts), Some(PASSWORD)),
        Format::TwoFasEncrypted,
        "servicesEncrypted: expected three Base64 parts",
    );
    let mut short_iv = json_fixture("twofas_v4.2fas");
    let services = short_iv["servicesEncrypted"].as_str().unwrap().to_string();
    let (head, _) = services.rsplit_once(':').unwrap();
    short_iv["servicesEncrypted"] = Value::String(format!("{head}:AAAAAAAA"));
    malformed(
        read_import(&bytes_of(&short_iv), Some(PASSWORD)),
        Format::TwoFasEncrypted,
        "servicesEncrypted's IV is 6 bytes",
    );
    let mut not_base64 = json_fixture("twofas_v4.2fas");
    not_base64["reference"] = Value::String("%%%%:AAAA:AAAAAAAAAAAAAAAA".into());
    malformed(
        read_import(&bytes_of(&not_base64), Some(PASSWORD)),
        Format::TwoFasEncrypted,
        "reference's ciphertext is not valid Base64",
    );
    let mut future = json_fixture("twofas_v4.2fas");
    future["schemaVersion"] = Value::from(5);
    assert!(matches!(
        read_import(&bytes_of(&future), Some(PASSWORD)),
        Err(TransferError::Unsupported { format: Format::TwoFasEncrypted, what }) if what.contains("schema version 5")
    ));
}

#[test]
fn twofas_inspection_names_its_kdf_before_the_password() {
    let inspection = inspect(&fixture("twofas_v4.2fas")).unwrap();
    assert_eq!(inspection.format, Format::TwoFasEncrypted);
    assert!(inspection.encrypted && inspection.within_limits());
    let demand = inspection.kdf.unwrap();
    assert_eq!(demand.derivations.len(), 1);
    assert_eq!(demand.derivations[0].algorithm, KdfAlgorithm::Pbkdf2Sha256);
    assert_eq!(demand.derivations[0].passes, 10_000);
}

// ---------------------------------------------------------------- andOTP

#[test]
fn andotp_current_format_opens_with_its_password() {
    let bytes = fixture("andotp_current.json.aes");
    assert_eq!(sniff(&bytes), Some(Format::AndOtpEncrypted));
    let file = read_import(&bytes, Some(PASSWORD)).unwrap();
    assert_eq!(file.format, Format::AndOtpEncrypted);
    assert_eq!(file.accounts.len(), 3);
    assert!(file.problems.is_empty());
    check_rfc_three(&file, &[], &["Work"]);
    check(
        &file,
        "Forge",
        "carol",
        RFC_SHA1_KEY,
        HOTP_AT_1,
        &[],
        0,
        "287082",
    );

    let inspection = inspect(&bytes).unwrap();
    assert!(inspection.encrypted);
    let cost = inspection.kdf.unwrap().derivations[0];
    assert_eq!(cost.algorithm, KdfAlgorithm::Pbkdf2Sha1);
    assert_eq!(cost.passes, 140_000);
}

#[test]
fn andotp_old_format_opens_with_its_password() {
    let bytes = fixture("andotp_old.json.aes");
    assert_eq!(sniff(&bytes), Some(Format::AndOtpEncrypted));
    let file = read_import(&bytes, Some(PASSWORD)).unwrap();
    assert_eq!(file.accounts.len(), 2);
    check_rfc_three(&file, &[], &["Work"]);
}

#[test]
fn andotp_refuses_a_wrong_password_and_damage() {
    for name in ["andotp_current.json.aes", "andotp_old.json.aes"] {
        let bytes = fixture(name);
        assert_eq!(
            read_import(&bytes, None),
            Err(TransferError::PasswordRequired(Format::AndOtpEncrypted)),
            "{name}"
        );
        assert_eq!(
            read_import(&bytes, Some("correct horse battery")),
            Err(TransferError::WrongPassword(Format::AndOtpEncrypted)),
            "{name}"
        );
        // A flipped bit anywhere fails the tag: andOTP has no way to tell
        // damage from a wrong password.
        let mut altered = bytes.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(
            read_import(&altered, Some(PASSWORD)),
            Err(TransferError::WrongPassword(Format::AndOtpEncrypted)),
            "{name}"
        );
    }
    // An iteration count past the limit is not derived: the file is tried
    // as the old layout only, at the cost of one hash.
    let mut huge = fixture("andotp_current.json.aes");
    huge[..4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(inspect(&huge).unwrap().kdf.unwrap().derivations.len(), 0);
    assert_eq!(
        read_import(&huge, Some(PASSWORD)),
        Err(TransferError::WrongPassword(Format::AndOtpEncrypted))
    );
    // Too short to hold an IV and a tag: not taken for andOTP at all.
    assert_eq!(sniff(&fixture("andotp_old.json.aes")[..27]), None);
}

// ---------------------------------------------------------------- Bitwarden

fn check_bitwarden(file: &ImportFile) {
    assert_eq!(file.format, Format::BitwardenEncrypted);
    // The secure note has no login: passed over.
    assert_eq!(file.accounts.len(), 3);
    assert!(file.problems.is_empty());
    check_rfc_three(file, &["Finance"], &[]);
    let acme = &file.accounts[0];
    assert_eq!(acme.note, "recovery codes are in the safe");
    // Steam Guard's code at 1,700,000,000 from the script's own Steam
    // implementation.
    check(
        file,
        "Steam",
        "gamer",
        &STEAM_KEY,
        OtpParams::STEAM,
        &[],
        1_700_000_000,
        "3Y8CY",
    );
}

#[test]
fn bitwarden_pbkdf2_export_opens_with_its_password() {
    let bytes = fixture("bitwarden_pbkdf2.json");
    assert_eq!(sniff(&bytes), Some(Format::BitwardenEncrypted));
    check_bitwarden(&read_import(&bytes, Some(PASSWORD)).unwrap());
    let cost = inspect(&bytes).unwrap().kdf.unwrap().derivations[0];
    assert_eq!(cost.algorithm, KdfAlgorithm::Pbkdf2Sha256);
    assert_eq!(cost.passes, 100_000);
}

#[test]
fn bitwarden_argon2id_export_opens_with_its_password() {
    let bytes = fixture("bitwarden_argon2id.json");
    check_bitwarden(&read_import(&bytes, Some(PASSWORD)).unwrap());
    let cost = inspect(&bytes).unwrap().kdf.unwrap().derivations[0];
    assert_eq!(cost.algorithm, KdfAlgorithm::Argon2id);
    assert_eq!(
        (cost.memory_bytes, cost.passes, cost.parallelism),
        (16 << 20, 3, 2)
    );
}

#[test]
fn bitwarden_refuses_a_wrong_password_and_damage() {
    let bytes = fixture("bitwarden_pbkdf2.json");
    assert_eq!(
        read_import(&bytes, None),
        Err(TransferError::PasswordRequired(Format::BitwardenEncrypted))
    );
    assert_eq!(
        read_import(&bytes, Some("correct horse battery")),
        Err(TransferError::WrongPassword(Format::BitwardenEncrypted))
    );
    // The validation string opens, the data does not: damage.
    let mut altered = json_fixture("bitwarden_pbkdf2.json");
    flip_base64(&mut altered, "data", 30);
    malformed(
        read_import(&bytes_of(&altered), Some(PASSWORD)),
        Format::BitwardenEncrypted,
        "'data' fails its integrity check",
    );
    let mut altered = json_fixture("bitwarden_pbkdf2.json");
    flip_base64(&mut altered, "encKeyValidation_DO_NOT_EDIT", 30);
    assert_eq!(
        read_import(&bytes_of(&altered), Some(PASSWORD)),
        Err(TransferError::WrongPassword(Format::BitwardenEncrypted))
    );
    let mut two_parts = json_fixture("bitwarden_pbkdf2.json");
    two_parts["data"] = Value::String("2.AAAA|BBBB".into());
    malformed(
        read_import(&bytes_of(&two_parts), Some(PASSWORD)),
        Format::BitwardenEncrypted,
        "'data' has 2 parts",
    );
    let mut zero = json_fixture("bitwarden_pbkdf2.json");
    zero["kdfIterations"] = Value::from(0);
    malformed(
        read_import(&bytes_of(&zero), Some(PASSWORD)),
        Format::BitwardenEncrypted,
        "'kdfIterations' is 0",
    );
    let mut unknown = json_fixture("bitwarden_pbkdf2.json");
    unknown["kdfType"] = Value::from(7);
    assert!(matches!(
        read_import(&bytes_of(&unknown), Some(PASSWORD)),
        Err(TransferError::Unsupported { what, .. }) if what.contains("key derivation type 7")
    ));
    let mut other_type = json_fixture("bitwarden_pbkdf2.json");
    let data = other_type["data"].as_str().unwrap().replacen("2.", "0.", 1);
    other_type["data"] = Value::String(data);
    assert!(matches!(
        read_import(&bytes_of(&other_type), Some(PASSWORD)),
        Err(TransferError::Unsupported { what, .. }) if what.contains("type 0")
    ));
}

#[test]
fn bitwarden_costs_past_the_limits_are_refused_before_the_password() {
    let mut slow = json_fixture("bitwarden_pbkdf2.json");
    slow["kdfIterations"] = Value::from(50_000_000);
    let expected = |result| match result {
        Err(TransferError::KdfTooCostly {
            format: Format::BitwardenEncrypted,
            limit,
        }) => limit,
        other => panic!("expected KdfTooCostly, got {other:?}"),
    };
    assert!(matches!(
        expected(read_import(&bytes_of(&slow), None)),
        KdfLimitError::TooManyIterations { .. }
    ));
    // Bitwarden allows up to 1 GiB of Argon2 memory; this device does not.
    let mut large = json_fixture("bitwarden_argon2id.json");
    large["kdfMemory"] = Value::from(1024);
    assert!(matches!(
        expected(read_import(&bytes_of(&large), None)),
        KdfLimitError::TooMuchMemory { .. }
    ));
    let inspection = inspect(&bytes_of(&large)).unwrap();
    assert!(!inspection.within_limits());
}

#[test]
fn bitwarden_account_restricted_exports_are_explained() {
    let mut restricted = json_fixture("bitwarden_pbkdf2.json");
    restricted
        .as_object_mut()
        .unwrap()
        .remove("passwordProtected");
    assert_eq!(sniff(&bytes_of(&restricted)), Some(Format::Bitwarden));
    let error = read_import(&bytes_of(&restricted), Some(PASSWORD)).unwrap_err();
    assert!(
        matches!(&error, TransferError::Unsupported { format: Format::Bitwarden, what } if what.contains("account-restricted")),
        "{error}"
    );
}

#[test]
fn messages_never_show_the_password() {
    for name in [
        "twofas_v4.2fas",
        "andotp_current.json.aes",
        "bitwarden_pbkdf2.json",
    ] {
        let error = read_import(&fixture(name), Some("correct horse battery")).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("horse"), "{shown}");
    }
}
