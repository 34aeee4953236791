//! Hostile import files are refused quickly, with an error that says what
//! the file claimed and the limit, and without building anything of the
//! claimed size (see `transfer::limits`).
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use base64::Engine;
use std::time::{Duration, Instant};
use twofold_core::transfer::google::{self, BatchCollector, BatchError};
use twofold_core::transfer::limits::{
    MAX_GOOGLE_BATCH_CODES, MAX_IMPORT_ENTRIES, MAX_IMPORT_FILE_BYTES, MAX_JSON_VALUES,
};
use twofold_core::transfer::{read_import, sniff, GoogleBatch, ImportFile, TransferError};

/// One readable entry: secret "Hello!\xde\xad\xbe\xef", name "a", issuer "A".
const ENTRY: &[u8] = &[
    0x0a, 0x14, 0x0a, 0x0a, b'H', b'e', b'l', b'l', b'o', b'!', 0xde, 0xad, 0xbe, 0xef, 0x12, 0x01,
    b'a', 0x1a, 0x01, b'A', 0x30, 0x02,
];
/// An entry with every field left out.
const EMPTY_ENTRY: &[u8] = &[0x0a, 0x00];

fn varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A migration payload: `entries`, then batch size/index/id when given.
fn payload(entries: &[&[u8]], batch: Option<(i32, i32, i32)>) -> Vec<u8> {
    let mut bytes: Vec<u8> = entries.concat();
    if let Some((size, index, id)) = batch {
        for (tag, value) in [(3u64, size), (4, index), (5, id)] {
            varint(tag << 3, &mut bytes);
            varint(value as i64 as u64, &mut bytes);
        }
    }
    bytes
}

/// URL-safe unpadded Base64 needs no percent-encoding.
fn migration_uri(payload: &[u8]) -> String {
    let data = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
    format!("otpauth-migration://offline?data={data}")
}

fn quickly<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "{what} took {took:?}");
    result
}

/// The 85-byte QR of the review: "code 1 of 2147483647".
#[test]
fn a_google_code_claiming_two_billion_codes_is_refused() {
    let uri = migration_uri(&payload(&[ENTRY], Some((i32::MAX, 0, 7))));
    let error = quickly("parse", || google::parse_uri(&uri)).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("number 1 of 2,147,483,647 codes")
            && message.contains(&format!("at most {MAX_GOOGLE_BATCH_CODES}")),
        "{message}"
    );
    // The same through the file reader (one line: a Google export).
    let error = read_import(uri.as_bytes(), None).unwrap_err();
    assert!(error.to_string().contains("2,147,483,647"), "{error}");
    // As a line of an otpauth list: a problem of that line, nothing built.
    let list = format!("{uri}\notpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP\n");
    let file = read_import(list.as_bytes(), None).unwrap();
    assert_eq!(file.accounts.len(), 1);
    assert_eq!(file.problems[0].position, 1);
    assert!(
        file.problems[0].reason.contains("at most 100"),
        "{:?}",
        file.problems
    );
}

#[test]
fn the_largest_allowed_batch_is_accepted() {
    let uri = migration_uri(&payload(
        &[ENTRY],
        Some((MAX_GOOGLE_BATCH_CODES, MAX_GOOGLE_BATCH_CODES - 1, 7)),
    ));
    let file = google::parse_uri(&uri).unwrap();
    let mut collector = BatchCollector::new();
    collector.add(file).unwrap();
    assert_eq!(collector.size(), MAX_GOOGLE_BATCH_CODES);
    assert_eq!(
        collector.missing_indices().len(),
        MAX_GOOGLE_BATCH_CODES as usize - 1
    );
}

/// The collector checks what it is given, however the file was made.
#[test]
fn the_collector_refuses_a_claimed_size_over_the_limit() {
    let mut file = ImportFile::new(twofold_core::transfer::Format::GoogleMigration);
    file.google_batch = Some(GoogleBatch {
        batch_id: 1,
        index: 0,
        size: i32::MAX,
    });
    let mut collector = BatchCollector::new();
    assert_eq!(
        collector.add(file),
        Err(BatchError::TooManyCodes {
            index: 0,
            size: i32::MAX,
            limit: MAX_GOOGLE_BATCH_CODES
        })
    );
    assert_eq!(collector.size(), 0);
    assert!(collector.missing_indices().is_empty());
}

#[test]
fn the_collector_refuses_more_entries_than_one_import_may_hold() {
    let half = vec![EMPTY_ENTRY; MAX_IMPORT_ENTRIES / 2 + 1];
    let part = |index| google::parse_uri(&migration_uri(&payload(&half, Some((2, index, 9)))));
    let mut collector = BatchCollector::new();
    collector.add(part(0).unwrap()).unwrap();
    let error = collector.add(part(1).unwrap()).unwrap_err();
    assert_eq!(
        error,
        BatchError::TooManyEntries {
            limit: MAX_IMPORT_ENTRIES
        }
    );
    assert!(
        error.to_string().contains("more than 100,000 entries"),
        "{error}"
    );
    assert_eq!(collector.missing_indices(), [1]);
}

/// Run in a child process so its peak memory is its own.
const CHILD: &str = "TWOFOLD_IMPORT_LIMITS_CHILD";

fn peak_memory_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The review's 10 MB payload of 4 million empty entries (1.3 GB before).
#[test]
fn four_million_empty_google_entries_are_refused_quickly_in_little_memory() {
    if std::env::var_os(CHILD).is_none() {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "four_million_empty_google_entries_are_refused_quickly_in_little_memory",
                "--nocapture",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        let peak: u64 = stdout
            .lines()
            .find_map(|line| line.strip_prefix("peak-kib "))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no peak reported: {stdout}"));
        // The text itself is 10.7 MB; its decoded copies add a few more.
        assert!(peak < 150 * 1024, "peak memory {peak} KiB");
        return;
    }
    let uri = migration_uri(&payload(&vec![EMPTY_ENTRY; 4_000_000], None));
    assert!(uri.len() > 10_000_000);
    let error = quickly("read", || read_import(uri.as_bytes(), None)).unwrap_err();
    assert_eq!(
        error,
        TransferError::TooManyEntries {
            limit: MAX_IMPORT_ENTRIES
        }
    );
    assert_eq!(
        error.to_string(),
        "this file holds more than 100,000 entries, the most Twofold imports from one file"
    );
    println!("peak-kib {}", peak_memory_kib());
}

#[test]
fn an_otpauth_list_over_the_entry_limit_is_refused() {
    let lines = "otpauth://totp/x\n".repeat(MAX_IMPORT_ENTRIES + 1);
    let error = quickly("read", || read_import(lines.as_bytes(), None)).unwrap_err();
    assert_eq!(
        error,
        TransferError::TooManyEntries {
            limit: MAX_IMPORT_ENTRIES
        }
    );
    // Google lines count with the accounts they expand into.
    let half = migration_uri(&payload(
        &vec![EMPTY_ENTRY; MAX_IMPORT_ENTRIES / 2 + 1],
        None,
    ));
    let two = format!("{half}\n{half}\n");
    let error = quickly("read", || read_import(two.as_bytes(), None)).unwrap_err();
    assert!(
        matches!(error, TransferError::TooManyEntries { .. }),
        "{error}"
    );
}

#[test]
fn json_files_over_the_value_or_entry_limit_are_refused() {
    // An andOTP file with one real entry, then four million more values.
    let mut json = String::from(r#"[{"secret":"JBSWY3DPEHPK3PXP","type":"TOTP"}"#);
    json.push_str(&",0".repeat(MAX_JSON_VALUES));
    json.push(']');
    assert_eq!(
        sniff(json.as_bytes()),
        None,
        "sniffing builds nothing either"
    );
    let error = quickly("read", || read_import(json.as_bytes(), None)).unwrap_err();
    assert_eq!(
        error,
        TransferError::TooManyJsonValues {
            limit: MAX_JSON_VALUES
        }
    );
    assert!(
        error.to_string().contains("4,000,000 JSON values"),
        "{error}"
    );

    // Within the value budget but over the entry limit.
    let mut json = String::from(r#"[{"secret":"JBSWY3DPEHPK3PXP","type":"TOTP"}"#);
    json.push_str(&",{}".repeat(MAX_IMPORT_ENTRIES));
    json.push(']');
    let error = quickly("read", || read_import(json.as_bytes(), None)).unwrap_err();
    assert_eq!(
        error,
        TransferError::TooManyEntries {
            limit: MAX_IMPORT_ENTRIES
        }
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let mut text = b"otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n".to_vec();
    text.resize(MAX_IMPORT_FILE_BYTES + 1, b'\n');
    let error = quickly("read", || read_import(&text, None)).unwrap_err();
    assert_eq!(
        error,
        TransferError::FileTooLarge {
            bytes: MAX_IMPORT_FILE_BYTES as u64 + 1,
            limit: MAX_IMPORT_FILE_BYTES as u64
        }
    );
    assert_eq!(
        error.to_string(),
        "this file is 67,108,865 bytes; Twofold imports files of at most 67,108,864 bytes"
    );
    assert_eq!(sniff(&text), None);
}

/// Twofold never writes a Google export it would refuse to read.
#[test]
fn a_google_export_needing_more_codes_than_the_limit_is_not_written() {
    use twofold_core::transfer::PortableAccount;
    use twofold_core::{NewAccount, OtpParams, Secret};
    let accounts: Vec<PortableAccount> = (0..=MAX_GOOGLE_BATCH_CODES as u32)
        .map(|n| {
            PortableAccount::bare(NewAccount {
                issuer: Some("ACME".into()),
                name: format!("user{n}"),
                secret: Secret::from_bytes(n.to_be_bytes().repeat(4)),
                params: OtpParams::DEFAULT_TOTP,
            })
        })
        .collect();
    let error = google::export_uris(&accounts, 1).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("need 101 codes; an export holds at most 100"),
        "{error}"
    );
    let export = google::export_uris(&accounts, 2).unwrap();
    assert_eq!(export.uris.len(), 51);
    for uri in &export.uris {
        google::parse_uri(uri).unwrap();
    }
}
