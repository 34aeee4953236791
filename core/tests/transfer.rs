//! Moving whole vaults: Twofold backups written, read and restored on real
//! vault files, imports as one transaction, duplicates, and the refusals.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use serde_json::Value;
use twofold_core::transfer::{
    backup, read_import, Format, PortableAccount, PortableRecoveryCode, TransferError,
};
use twofold_core::vault::{KdfParams, Vault, VaultError};
use twofold_core::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};
use vault_common::*;
use zeroize::Zeroizing;

const BACKUP_PASSWORD: &str = "backup passphrase 42";

/// A vault holding one account of every kind, with notes, groups and
/// recovery codes (one of them used), as a user would have built it.
fn populated_vault(path: &std::path::Path) -> Vault {
    let vault = create(path);
    let steam = NewAccount {
        issuer: Some("Steam".into()),
        name: "gamer".into(),
        secret: secret_for(3),
        params: OtpParams::STEAM,
    };
    let strong = NewAccount {
        issuer: Some("Bank".into()),
        name: "me@bank.example".into(),
        secret: secret_for(4),
        params: OtpParams {
            kind: OtpKind::Totp { period: 60 },
            algorithm: Algorithm::Sha512,
            digits: 8,
        },
    };
    let added = vault
        .add_all(
            &[
                totp_account("ACME Co", "alice@example.com", secret_for(1)),
                hotp_account("counter", secret_for(2), 40),
                steam,
                strong,
            ],
            NOW,
        )
        .unwrap();
    let (acme, hotp, bank) = (&added[0].id, &added[1].id, &added[3].id);
    vault.set_note(acme, "work laptop only", NOW).unwrap();
    vault
        .set_groups(acme, &["Work".to_string(), "Email".to_string()], NOW)
        .unwrap();
    vault.set_groups(bank, &["Money".to_string()], NOW).unwrap();
    vault
        .save_recovery_code(acme, "RECOVERY-AAAA-1111", NOW)
        .unwrap();
    vault
        .save_recovery_code(acme, "RECOVERY-BBBB-2222", NOW + 1)
        .unwrap();
    vault
        .use_recovery_code(acme, "RECOVERY-AAAA-1111", NOW + 5)
        .unwrap();
    vault
        .save_recovery_code(bank, "BANK-RESCUE-9", NOW)
        .unwrap();
    // The counter advances to 41: the backup must carry the current one.
    vault.next_hotp(hotp, NOW).unwrap();
    vault
}

fn write_backup(accounts: &[PortableAccount]) -> Vec<u8> {
    backup::write(
        accounts,
        BACKUP_PASSWORD,
        KdfParams::INSECURE_FOR_TESTS,
        NOW,
    )
    .unwrap()
}

fn edit_json(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(bytes).unwrap();
    edit(&mut value);
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn a_backup_restores_every_account_with_its_extras_into_a_fresh_vault() {
    let dir = tempfile::tempdir().unwrap();
    let original = populated_vault(&dir.path().join("old.sqlite"));
    let exported = original.export_all().unwrap();
    assert_eq!(exported.len(), 4);
    assert_eq!(
        exported[1].account.params.kind,
        OtpKind::Hotp { counter: 41 }
    );
    assert_eq!(exported[0].recovery_codes.len(), 2);
    assert_eq!(exported[0].recovery_codes[0].used_at, Some(NOW + 5));
    assert_eq!(exported[0].recovery_codes[1].used_at, None);

    let file = dir.path().join("twofold.backup");
    std::fs::write(&file, write_backup(&exported)).unwrap();
    let read = backup::read(&std::fs::read(&file).unwrap(), BACKUP_PASSWORD).unwrap();
    assert_eq!(read.format, Format::TwofoldBackup);
    assert!(read.problems.is_empty());
    assert_eq!(read.accounts, exported);

    let fresh = create(&dir.path().join("new.sqlite"));
    let report = fresh.import(&read.accounts, NOW + 100).unwrap();
    assert_eq!(report.added.len(), 4);
    assert!(report.duplicates.is_empty());
    assert_eq!(report.recovery_codes_added, 3);
    assert_eq!(report.added[0].groups, ["Work", "Email"]);
    assert_eq!(report.added[0].note, "work laptop only");
    assert_eq!(fresh.export_all().unwrap(), exported);
    let info = backup::inspect(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        (info.version, info.created_at, info.kdf),
        (1, NOW, KdfParams::INSECURE_FOR_TESTS)
    );
}

#[test]
fn restoring_the_same_backup_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let original = populated_vault(&dir.path().join("old.sqlite"));
    let bytes = write_backup(&original.export_all().unwrap());
    let accounts = read_import(&bytes, Some(BACKUP_PASSWORD)).unwrap().accounts;

    let target = create(&dir.path().join("new.sqlite"));
    target.import(&accounts, NOW).unwrap();
    let listing = target.list().unwrap();
    let again = target.import(&accounts, NOW + 1).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(again.recovery_codes_added, 0);
    assert_eq!(again.duplicates.len(), 4);
    assert_eq!(again.duplicates[2].position, 3);
    assert_eq!(again.duplicates[2].label, "Steam (gamer)");
    assert_eq!(again.duplicates[2].existing_id, listing.accounts[2].id);
    assert_eq!(again.duplicates[2].existing_label, "Steam (gamer)");
    assert_eq!(target.list().unwrap(), listing);

    // Restoring into the vault the backup came from changes nothing either.
    let before = original.export_all().unwrap();
    let report = original.import(&accounts, NOW).unwrap();
    assert!(report.added.is_empty());
    assert_eq!(original.export_all().unwrap(), before);
}

#[test]
fn a_restore_merges_recovery_codes_the_existing_account_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let existing = vault
        .add(&totp_account("ACME Co", "alice", secret_for(1)), NOW)
        .unwrap();
    vault
        .save_recovery_code(&existing.id, "KEEP-ME", NOW)
        .unwrap();
    let mut incoming = PortableAccount::bare(totp_account("acme co ", "alice", secret_for(1)));
    incoming.recovery_codes = vec![
        PortableRecoveryCode {
            code: Zeroizing::new("KEEP-ME".into()),
            saved_at: NOW,
            used_at: None,
        },
        PortableRecoveryCode {
            code: Zeroizing::new("NEW-ONE".into()),
            saved_at: NOW - 10,
            used_at: Some(NOW - 5),
        },
    ];
    let report = vault.import(&[incoming], NOW).unwrap();
    assert!(report.added.is_empty());
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].existing_id, existing.id);
    assert_eq!(report.duplicates[0].recovery_codes_added, 1);
    assert_eq!(report.recovery_codes_added, 1);
    let codes = vault.recovery_codes(&existing.id).unwrap().codes;
    assert_eq!(codes.len(), 2);
    assert_eq!(codes[0].saved_at, NOW - 10);
    assert_eq!(codes[0].used_at, Some(NOW - 5));
    assert_eq!(
        vault.reveal_recovery_code(&codes[0].id).unwrap().as_str(),
        "NEW-ONE"
    );
    // Imported as used, it stays used.
    assert!(matches!(
        vault.use_recovery_code(&existing.id, "NEW-ONE", NOW),
        Err(VaultError::RecoveryCodeAlreadyUsed { .. })
    ));
}

#[test]
fn duplicates_inside_one_import_are_collapsed_and_shared_secrets_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create(&vault_path(&dir));
    let trashed = vault
        .add(&totp_account("Old", "gone", secret_for(9)), NOW)
        .unwrap();
    vault.delete(&trashed.id, NOW).unwrap();
    let accounts = [
        PortableAccount::bare(totp_account("ACME", "a", secret_for(1))),
        // Issuer and name compare trimmed and case-folded: the same account.
        PortableAccount::bare(totp_account(" acme ", "A ", secret_for(1))),
        // Same secret, another name or issuer: distinct accounts.
        PortableAccount::bare(totp_account("ACME", "a again", secret_for(1))),
        PortableAccount::bare(totp_account("Other", "a", secret_for(1))),
        // Same secret as an account in the trash: the trash does not count.
        PortableAccount::bare(totp_account("Old", "gone", secret_for(9))),
    ];
    let report = vault.import(&accounts, NOW).unwrap();
    assert_eq!(report.added.len(), 4);
    assert_eq!(report.duplicates.len(), 1);
    let duplicate = &report.duplicates[0];
    assert_eq!(duplicate.position, 2);
    // Labels are trimmed (display::label).
    assert_eq!(duplicate.label, "acme (A)");
    assert_eq!(duplicate.existing_id, report.added[0].id);
    assert_eq!(duplicate.existing_label, "ACME (a)");
    let shared: Vec<(usize, &str, &str)> = report
        .shared_secrets
        .iter()
        .map(|s| (s.position, s.label.as_str(), s.other_label.as_str()))
        .collect();
    assert_eq!(
        shared,
        [
            (3, "ACME (a again)", "ACME (a)"),
            (4, "Other (a)", "ACME (a)")
        ]
    );
    assert_eq!(report.shared_secrets[0].id, report.added[1].id);
    assert_eq!(report.shared_secrets[0].other_id, report.added[0].id);
    assert_eq!(vault.list().unwrap().accounts, report.added);
}

#[test]
fn a_failing_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = populated_vault(&path);
    let listing = vault.list().unwrap();
    let exported = vault.export_all().unwrap();
    let mut bad = PortableAccount::bare(totp_account("Bad", "digits", secret_for(21)));
    bad.account.params.digits = 3;
    let mut with_code = PortableAccount::bare(totp_account("New", "one", secret_for(20)));
    with_code.recovery_codes.push(PortableRecoveryCode {
        code: Zeroizing::new("SOME-CODE".into()),
        saved_at: NOW,
        used_at: None,
    });
    // Merged codes and added accounts come before the bad entry: all undone.
    let mut merge = exported[0].clone();
    merge.recovery_codes.push(PortableRecoveryCode {
        code: Zeroizing::new("MERGED".into()),
        saved_at: NOW,
        used_at: None,
    });
    let accounts = [
        with_code,
        merge,
        bad,
        PortableAccount::bare(totp_account("Never", "added", secret_for(22))),
    ];
    let error = vault.import(&accounts, NOW).unwrap_err();
    match &error {
        VaultError::BadImportEntry {
            position,
            label,
            reason,
        } => {
            assert_eq!(*position, 3);
            assert_eq!(label, "Bad (digits)");
            assert!(reason.contains("digits"), "{reason}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.to_string().contains("nothing was imported"));
    assert_eq!(vault.list().unwrap(), listing);
    assert_eq!(vault.export_all().unwrap(), exported);
    drop(vault);
    let reopened = open_unlocked(&path);
    assert_eq!(reopened.list().unwrap(), listing);

    let mut empty_code = PortableAccount::bare(totp_account("X", "y", secret_for(30)));
    empty_code.recovery_codes.push(PortableRecoveryCode {
        code: Zeroizing::new("  ".into()),
        saved_at: NOW,
        used_at: None,
    });
    assert!(matches!(
        reopened.import(&[empty_code], NOW),
        Err(VaultError::BadImportEntry { position: 1, .. })
    ));
    assert_eq!(reopened.list().unwrap(), listing);
}

#[test]
fn import_and_export_need_an_unlocked_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    drop(populated_vault(&path));
    let vault = Vault::open(&path).unwrap();
    assert_eq!(vault.export_all(), Err(VaultError::Locked));
    let account = PortableAccount::bare(totp_account("A", "b", secret_for(1)));
    assert_eq!(vault.import(&[account], NOW), Err(VaultError::Locked));
}

#[test]
fn export_all_refuses_to_skip_a_tampered_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_path(&dir);
    let vault = populated_vault(&path);
    let victim = vault.list().unwrap().accounts[1].id.clone();
    drop(vault);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        // Another row's blob: it fails authentication here.
        "UPDATE accounts SET sealed = (SELECT sealed FROM accounts WHERE id != ?1 LIMIT 1) WHERE id = ?1",
        [&victim],
    )
    .unwrap();
    drop(raw);
    let vault = open_unlocked(&path);
    match vault.export_all() {
        Err(VaultError::Unreadable { rows }) => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].id, victim);
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// Every way a backup can be wrong gets its own error, and the vault it was
/// to be restored into is left byte for byte as it was.
#[test]
fn bad_backups_are_refused_with_a_specific_error_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = populated_vault(&dir.path().join("source.sqlite"));
    let bytes = write_backup(&source.export_all().unwrap());
    let path = vault_path(&dir);
    let target = populated_vault(&path);
    let listing = target.list().unwrap();
    drop(target);
    let before = file_bytes(&path);

    let restore = |bytes: &[u8], password: &str| -> Result<(), TransferError> {
        let file = read_import(bytes, Some(password))?;
        let vault = open_unlocked(&path);
        vault.import(&file.accounts, NOW).unwrap();
        Ok(())
    };

    assert_eq!(
        restore(&bytes, "not the password"),
        Err(TransferError::WrongPassword(Format::TwofoldBackup))
    );

    let flipped = edit_json(&bytes, |v| {
        let text = v["payload"]["ciphertext"].as_str().unwrap().to_string();
        let mut chars: Vec<char> = text.chars().collect();
        chars[10] = if chars[10] == 'A' { 'B' } else { 'A' };
        v["payload"]["ciphertext"] = Value::String(chars.into_iter().collect());
    });
    match restore(&flipped, BACKUP_PASSWORD) {
        Err(TransferError::Malformed { reason, .. }) => {
            assert!(reason.contains("altered"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }

    let later = edit_json(&bytes, |v| v["created_at"] = (NOW + 1).into());
    match restore(&later, BACKUP_PASSWORD) {
        Err(TransferError::Malformed { reason, .. }) => {
            assert!(reason.contains("altered"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }

    // A changed KDF parameter yields another key: indistinguishable from a
    // wrong password, and just as safely refused.
    let cheaper = edit_json(&bytes, |v| v["kdf"]["iterations"] = 2.into());
    assert_eq!(
        restore(&cheaper, BACKUP_PASSWORD),
        Err(TransferError::WrongPassword(Format::TwofoldBackup))
    );
    // An absurd cost is refused before deriving (tests/kdf_limits.rs).
    let absurd = edit_json(&bytes, |v| v["kdf"]["memory_kib"] = u32::MAX.into());
    match restore(&absurd, BACKUP_PASSWORD) {
        Err(error @ TransferError::KdfTooCostly { .. }) => {
            assert!(error.to_string().contains("memory"), "{error}")
        }
        other => panic!("unexpected {other:?}"),
    }
    let unknown_kdf = edit_json(&bytes, |v| v["kdf"]["name"] = "pbkdf2".into());
    assert!(matches!(
        restore(&unknown_kdf, BACKUP_PASSWORD),
        Err(TransferError::Unsupported { .. })
    ));

    let newer = edit_json(&bytes, |v| v["version"] = 2.into());
    match restore(&newer, BACKUP_PASSWORD) {
        Err(TransferError::Unsupported { format, what }) => {
            assert_eq!(format, Format::TwofoldBackup);
            assert!(
                what.contains("newer Twofold: version 2, this app reads 1"),
                "{what}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }

    for cut in [bytes.len() / 2, bytes.len() - 3, 40] {
        match restore(&bytes[..cut], BACKUP_PASSWORD) {
            Err(TransferError::Malformed { reason, .. }) => {
                assert!(reason.contains("truncated"), "cut at {cut}: {reason}")
            }
            other => panic!("cut at {cut}: unexpected {other:?}"),
        }
    }

    let missing = edit_json(&bytes, |v| {
        v.as_object_mut().unwrap().remove("key_check");
    });
    match restore(&missing, BACKUP_PASSWORD) {
        Err(TransferError::Malformed { reason, .. }) => {
            assert!(reason.contains("key_check"), "{reason}")
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        restore(b"{\"format\":\"something-else\"}", BACKUP_PASSWORD),
        Err(TransferError::UnrecognisedFile {
            seems: "a JSON file of an app Twofold does not read"
        })
    );
    assert_eq!(
        backup::read(b"\x00\x01 not json", BACKUP_PASSWORD),
        Err(TransferError::UnknownFormat)
    );

    assert_eq!(file_bytes(&path), before);
    assert_eq!(open_unlocked(&path).list().unwrap(), listing);
}

#[test]
fn a_backup_file_holds_no_secret_code_or_name_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let vault = populated_vault(&vault_path(&dir));
    let exported = vault.export_all().unwrap();
    let bytes = write_backup(&exported);
    let mut needles: Vec<Vec<u8>> = Vec::new();
    for portable in &exported {
        let account = &portable.account;
        needles.push(account.secret.expose().to_vec());
        needles.push(account.secret.to_base32().as_bytes().to_vec());
        needles.push(account.name.as_bytes().to_vec());
        needles.extend(account.issuer.iter().map(|i| i.as_bytes().to_vec()));
        needles.extend(
            portable
                .recovery_codes
                .iter()
                .map(|c| c.code.as_bytes().to_vec()),
        );
        needles.extend(portable.groups.iter().map(|g| g.as_bytes().to_vec()));
    }
    needles.push(b"work laptop only".to_vec());
    needles.push(BACKUP_PASSWORD.as_bytes().to_vec());
    for needle in &needles {
        assert!(
            !contains(&bytes, needle),
            "found {:?} in the backup",
            String::from_utf8_lossy(needle)
        );
    }
    // Nothing readable leaks through Debug either.
    let read = backup::read(&bytes, BACKUP_PASSWORD).unwrap();
    let printed = format!("{read:?}");
    assert!(!printed.contains("RECOVERY-AAAA"), "{printed}");
    assert!(!printed.contains(exported[0].account.secret.to_base32().as_str()));
}

#[test]
fn a_backup_names_its_format_and_version_in_the_clear() {
    let bytes = write_backup(&[PortableAccount::bare(totp_account(
        "A",
        "b",
        Secret::from_bytes(vec![7; 20]),
    ))]);
    let header: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(header["format"], "twofold-backup");
    assert_eq!(header["version"], 1);
    assert_eq!(header["kdf"]["name"], "argon2id");
    assert_eq!(header["cipher"], "xchacha20poly1305");
    assert_eq!(
        twofold_core::transfer::sniff(&bytes),
        Some(Format::TwofoldBackup)
    );
    assert_eq!(
        read_import(&bytes, None),
        Err(TransferError::PasswordRequired(Format::TwofoldBackup))
    );
    assert!(matches!(
        backup::write(&[], "", KdfParams::INSECURE_FOR_TESTS, NOW),
        Err(TransferError::Export(_))
    ));
}
