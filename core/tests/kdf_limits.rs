//! Key-derivation costs chosen by a file (issue 14, item 6). Hostile files
//! are built here from real ones (a backup, an Aegis export, a vault) with
//! their cost rewritten; each is refused before anything is derived, with
//! the limit it broke. Files at today's real costs still open.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

use serde_json::Value;
use std::path::Path;
use twofold_core::kdf_limits::{
    KdfAlgorithm, KdfLimitError, MAX_MEMORY_BYTES, MAX_SLOTS, MAX_TOTAL_WORK_BYTES,
};
use twofold_core::transfer::{self, aegis, backup, Format, PortableAccount, TransferError};
use twofold_core::vault::{KdfParams, NewSlot, Vault, VaultError};
use twofold_core::{NewAccount, OtpParams, Secret};

const NOW: u64 = 1_700_000_000;
const PASSWORD: &str = "correct horse battery staple";
const MIB: u64 = 1024 * 1024;
/// Cheap scrypt cost for the Aegis files built here.
const LIGHT_SCRYPT: aegis::ScryptParams = aegis::ScryptParams {
    n: 1 << 10,
    r: 8,
    p: 1,
};

fn accounts() -> Vec<PortableAccount> {
    vec![PortableAccount::bare(NewAccount {
        issuer: Some("ACME".into()),
        name: "me@example.com".into(),
        secret: Secret::from_bytes(b"12345678901234567890".to_vec()),
        params: OtpParams::DEFAULT_TOTP,
    })]
}

fn edited(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut file: Value = serde_json::from_slice(bytes).unwrap();
    edit(&mut file);
    serde_json::to_vec_pretty(&file).unwrap()
}

fn argon2(memory_kib: u32, iterations: u32) -> KdfParams {
    KdfParams {
        memory_kib,
        iterations,
        parallelism: 1,
    }
}

// ----- Twofold backups -----

/// A real backup whose clear header was rewritten to ask for this cost.
fn backup_asking_for(memory_kib: u64, iterations: u64) -> Vec<u8> {
    let real = backup::write(&accounts(), PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW).unwrap();
    edited(&real, |file| {
        file["kdf"]["memory_kib"] = memory_kib.into();
        file["kdf"]["iterations"] = iterations.into();
    })
}

#[test]
fn a_backup_header_asking_for_1_gib_and_64_passes_is_refused_before_deriving() {
    let file = backup_asking_for(1024 * 1024, 64);
    assert!(file.len() < 1024, "a small header: {} bytes", file.len());
    for password in [Some(PASSWORD), Some("wrong"), None] {
        match transfer::read_import(&file, password) {
            Err(TransferError::KdfTooCostly {
                format: Format::TwofoldBackup,
                limit: KdfLimitError::TooMuchMemory { cost, limit_bytes },
            }) if password.is_some() => {
                assert_eq!(cost.algorithm, KdfAlgorithm::Argon2id);
                assert_eq!(cost.memory_bytes, 1024 * MIB);
                assert_eq!(cost.passes, 64);
                assert_eq!(limit_bytes, MAX_MEMORY_BYTES);
            }
            // Without a password the reader asks for one; `inspect` is the
            // way to learn the cost first (below).
            Err(TransferError::PasswordRequired(Format::TwofoldBackup)) if password.is_none() => {}
            other => panic!("{password:?}: {other:?}"),
        }
    }
    let text = transfer::read_import(&file, Some(PASSWORD))
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("more than this device allows")
            && text.contains("1024 MiB")
            && text.contains("256 MiB"),
        "{text}"
    );

    let inspection = transfer::inspect(&file).unwrap();
    assert_eq!(inspection.format, Format::TwofoldBackup);
    assert!(inspection.encrypted);
    assert!(!inspection.within_limits());
    assert!(matches!(
        inspection.kdf_refusal(),
        Some(KdfLimitError::TooMuchMemory { .. })
    ));
}

#[test]
fn a_backup_within_the_memory_ceiling_but_with_too_many_passes_is_refused() {
    let file = backup_asking_for(256 * 1024, 64);
    match transfer::read_import(&file, Some(PASSWORD)) {
        Err(TransferError::KdfTooCostly {
            limit:
                KdfLimitError::TooMuchWork {
                    work_bytes,
                    derivations: 1,
                    limit_bytes,
                },
            ..
        }) => {
            assert_eq!(work_bytes, 256 * MIB * 64);
            assert_eq!(limit_bytes, MAX_TOTAL_WORK_BYTES);
        }
        other => panic!("{other:?}"),
    }
    // Lanes beyond the ceiling, at a tiny memory: refused too.
    let real = backup::write(&accounts(), PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW).unwrap();
    let wide = edited(&real, |file| {
        file["kdf"]["memory_kib"] = 8192.into();
        file["kdf"]["parallelism"] = 1024.into();
    });
    assert!(matches!(
        transfer::read_import(&wide, Some(PASSWORD)),
        Err(TransferError::KdfTooCostly {
            limit: KdfLimitError::TooParallel { .. },
            ..
        })
    ));
}

#[test]
fn a_backup_at_our_default_cost_is_written_and_read() {
    let file = backup::write(&accounts(), PASSWORD, KdfParams::PHONE, NOW).unwrap();
    let inspection = transfer::inspect(&file).unwrap();
    assert!(inspection.within_limits());
    let demand = inspection.kdf.unwrap();
    assert_eq!((demand.slots, demand.derivations.len()), (1, 1));
    assert_eq!(demand.total_work_bytes(), 192 * MIB);
    let read = transfer::read_import(&file, Some(PASSWORD)).unwrap();
    assert_eq!(read.accounts, accounts());
}

// ----- Aegis encrypted exports -----

/// A real Aegis export whose password slot was copied `count` times at this
/// scrypt cost.
fn aegis_with_slots(count: usize, n: u64, r: u64, p: u64, repaired: bool) -> Vec<u8> {
    let real = aegis::export_with_kdf(&accounts(), Some(PASSWORD), LIGHT_SCRYPT).unwrap();
    edited(&real, |file| {
        let slot = file["header"]["slots"][0].clone();
        let slots = (0..count)
            .map(|index| {
                let mut copy = slot.clone();
                copy["uuid"] = format!("00000000-0000-4000-8000-{index:012}").into();
                copy["n"] = n.into();
                copy["r"] = r.into();
                copy["p"] = p.into();
                copy["repaired"] = repaired.into();
                copy
            })
            .collect();
        file["header"]["slots"] = Value::Array(slots);
    })
}

#[test]
fn an_aegis_file_with_four_slots_at_the_largest_cost_accepted_before_is_refused() {
    // Before: 256 MiB of memory (N = 2^18, r = 8) and N·r·p up to 2^22 (p = 2)
    // per slot, four slots, each tried again with the legacy encoding.
    let file = aegis_with_slots(4, 1 << 18, 8, 2, false);
    let long_password = "a".repeat(80);
    let text = std::str::from_utf8(&file).unwrap();
    // Refused before a password is even asked for.
    for password in [Some(long_password.as_str()), None] {
        match aegis::parse(text, password) {
            Err(TransferError::KdfTooCostly {
                format: Format::AegisEncrypted,
                limit:
                    KdfLimitError::TooMuchWork {
                        work_bytes,
                        derivations,
                        limit_bytes,
                    },
            }) => {
                // 256 MiB, read and written twice, by each of p = 2 runs.
                assert_eq!(work_bytes, 8 * 256 * MIB * 2 * 2);
                assert_eq!(derivations, 8);
                assert_eq!(limit_bytes, MAX_TOTAL_WORK_BYTES);
            }
            other => panic!("{other:?}"),
        }
    }
    let inspection = transfer::inspect(&file).unwrap();
    assert!(inspection.encrypted && !inspection.within_limits());
    let largest = inspection.kdf.as_ref().unwrap().largest().unwrap();
    assert_eq!(largest.algorithm, KdfAlgorithm::Scrypt);
    assert_eq!(largest.memory_bytes, 256 * MIB);
    assert_eq!(largest.parallelism, 2);
}

#[test]
fn an_aegis_slot_asking_for_a_gigabyte_of_memory_is_refused() {
    let file = aegis_with_slots(1, 1 << 20, 8, 1, true);
    assert!(matches!(
        transfer::read_import(&file, Some(PASSWORD)),
        Err(TransferError::KdfTooCostly {
            limit: KdfLimitError::TooMuchMemory { cost, .. },
            ..
        }) if cost.memory_bytes == 1024 * MIB
    ));
}

#[test]
fn more_aegis_slots_than_the_cap_are_refused_by_count() {
    let file = aegis_with_slots(MAX_SLOTS + 1, 1 << 10, 8, 1, true);
    assert!(matches!(
        transfer::read_import(&file, Some(PASSWORD)),
        Err(TransferError::KdfTooCostly {
            limit: KdfLimitError::TooManySlots { slots: 9, limit: 8 },
            ..
        })
    ));
}

#[test]
fn aegis_files_at_aegis_cost_fit_even_with_every_slot_retried() {
    // Eight old slots at Aegis's own cost: exactly the budget. Judged only.
    let file = aegis_with_slots(MAX_SLOTS, 1 << 15, 8, 1, false);
    let inspection = transfer::inspect(&file).unwrap();
    assert!(inspection.within_limits(), "{:?}", inspection.kdf_refusal());
    let demand = inspection.kdf.unwrap();
    assert_eq!((demand.slots, demand.derivations.len()), (8, 16));
    assert_eq!(demand.total_work_bytes(), MAX_TOTAL_WORK_BYTES);
    // Four slots at a light cost are still opened, by the last slot too.
    let four = aegis_with_slots(4, 1 << 10, 8, 1, false);
    let read = transfer::read_import(&four, Some(PASSWORD)).unwrap();
    assert_eq!(read.accounts.len(), 1);
}

#[test]
fn todays_fixtures_are_within_limits_and_still_import() {
    let dir = format!("{}/tests/fixtures/import/aegis", env!("CARGO_MANIFEST_DIR"));
    for (name, password) in [
        ("aegis_encrypted.json", "test"),
        (
            "aegis_encrypted_legacy.json",
            "a long passphrase from an old Aegis vault, before its fix!!!",
        ),
    ] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let inspection = transfer::inspect(&bytes).unwrap();
        assert_eq!(inspection.format, Format::AegisEncrypted, "{name}");
        assert!(inspection.encrypted && inspection.within_limits(), "{name}");
        let cost = inspection.kdf.unwrap().largest().unwrap();
        assert_eq!(cost.memory_bytes, 128 * 1024 * 8, "{name}");
        let read = transfer::read_import(&bytes, Some(password)).unwrap();
        assert!(!read.accounts.is_empty(), "{name}");
    }
    let plain = std::fs::read(format!("{dir}/aegis_plain.json")).unwrap();
    let inspection = transfer::inspect(&plain).unwrap();
    assert_eq!(inspection.format, Format::AegisPlain);
    assert!(!inspection.encrypted && inspection.kdf.is_none() && inspection.within_limits());
}

#[test]
fn aegis_exports_above_the_ceiling_are_not_written() {
    let costly = aegis::ScryptParams {
        n: 1 << 20,
        r: 8,
        p: 1,
    };
    match aegis::export_with_kdf(&accounts(), Some(PASSWORD), costly) {
        Err(TransferError::Export(reason)) => {
            assert!(reason.contains("more than this device allows"), "{reason}")
        }
        other => panic!("{:?}", other.map(|bytes| bytes.len())),
    }
}

// ----- the vault's password slots -----

fn new_vault(path: &Path) -> Vault {
    let vault = Vault::create(
        path,
        &[NewSlot::Password {
            password: PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    )
    .unwrap();
    vault.add(&accounts()[0].account, NOW).unwrap();
    vault
}

/// Rewrites every password slot's stored cost, as someone who can write the
/// file could. Returns the slots' ids and parameters as they were.
fn rewrite_slot_costs(path: &Path, memory_kib: u32, iterations: u32) -> Vec<(String, String)> {
    let raw = rusqlite::Connection::open(path).unwrap();
    let slots: Vec<(String, String)> = raw
        .prepare("SELECT id, params FROM key_slots WHERE kind = 'password'")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, params) in &slots {
        let mut params: Value = serde_json::from_str(params).unwrap();
        params["kdf_params"]["memory_kib"] = memory_kib.into();
        params["kdf_params"]["iterations"] = iterations.into();
        raw.execute(
            "UPDATE key_slots SET params = ?1 WHERE id = ?2",
            rusqlite::params![params.to_string(), id],
        )
        .unwrap();
    }
    slots
}

#[test]
fn a_vault_slot_rewritten_to_a_huge_cost_is_refused_and_the_vault_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.twofold");
    drop(new_vault(&path));
    let original = rewrite_slot_costs(&path, 1024 * 1024, 64);
    let vault = Vault::open(&path).unwrap();
    match vault.unlock_with_password(PASSWORD) {
        Err(VaultError::KdfTooCostly(KdfLimitError::TooMuchMemory { cost, .. })) => {
            assert_eq!((cost.memory_bytes, cost.passes), (1024 * MIB, 64))
        }
        other => panic!("{other:?}"),
    }
    let text = vault
        .unlock_with_password(PASSWORD)
        .unwrap_err()
        .to_string();
    assert!(text.contains("more than this device allows"), "{text}");
    drop(vault);
    // Nothing was written: with the parameters put back, it opens as before.
    let raw = rusqlite::Connection::open(&path).unwrap();
    for (id, params) in original {
        raw.execute(
            "UPDATE key_slots SET params = ?1 WHERE id = ?2",
            rusqlite::params![params, id],
        )
        .unwrap();
    }
    drop(raw);
    let vault = Vault::open(&path).unwrap();
    vault.unlock_with_password(PASSWORD).unwrap();
    assert_eq!(vault.list().unwrap().accounts.len(), 1);
}

#[test]
fn vault_slots_that_each_fit_but_together_cost_too_much_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.twofold");
    let vault = new_vault(&path);
    for _ in 0..4 {
        vault
            .add_password_slot(PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW)
            .unwrap();
    }
    drop(vault);
    // Five slots of 256 MiB × 1 pass: each allowed, 1280 MiB of work together.
    rewrite_slot_costs(&path, 256 * 1024, 1);
    let vault = Vault::open(&path).unwrap();
    assert!(matches!(
        vault.unlock_with_password(PASSWORD),
        Err(VaultError::KdfTooCostly(KdfLimitError::TooMuchWork {
            derivations: 5,
            ..
        }))
    ));
}

#[test]
fn a_vault_with_more_password_slots_than_the_cap_is_refused_by_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.twofold");
    let vault = new_vault(&path);
    for _ in 1..MAX_SLOTS {
        vault
            .add_password_slot(PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW)
            .unwrap();
    }
    // The ninth is refused when it is added...
    assert!(matches!(
        vault.add_password_slot(PASSWORD, KdfParams::INSECURE_FOR_TESTS, NOW),
        Err(VaultError::KdfTooCostly(KdfLimitError::TooManySlots {
            slots: 9,
            limit: 8
        }))
    ));
    drop(vault);
    // ...and when a file holds it anyway.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO key_slots (id, kind, label, params, wrapped, created_at) SELECT 'extra', kind, label, params, wrapped, created_at FROM key_slots WHERE kind = 'password' LIMIT 1",
        [],
    )
    .unwrap();
    drop(raw);
    let vault = Vault::open(&path).unwrap();
    assert!(matches!(
        vault.unlock_with_password(PASSWORD),
        Err(VaultError::KdfTooCostly(KdfLimitError::TooManySlots {
            slots: 9,
            ..
        }))
    ));
}

#[test]
fn vaults_and_backups_above_the_ceiling_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.twofold");
    // One slot beyond the memory ceiling: no file is left behind.
    let result = Vault::create(
        &path,
        &[NewSlot::Password {
            password: PASSWORD,
            params: argon2(512 * 1024, 1),
        }],
        NOW,
    );
    assert!(matches!(
        result,
        Err(VaultError::KdfTooCostly(
            KdfLimitError::TooMuchMemory { .. }
        ))
    ));
    assert!(!path.exists());
    // Two slots that each fit but not together.
    let result = Vault::create(
        &path,
        &[
            NewSlot::Password {
                password: PASSWORD,
                params: argon2(256 * 1024, 3),
            },
            NewSlot::Password {
                password: "another password",
                params: argon2(256 * 1024, 3),
            },
        ],
        NOW,
    );
    assert!(matches!(
        result,
        Err(VaultError::KdfTooCostly(KdfLimitError::TooMuchWork {
            derivations: 2,
            ..
        }))
    ));
    assert!(!path.exists());
    // A slot added or changed so that unlocking would cost too much.
    let vault = new_vault(&path);
    let full = argon2(256 * 1024, 4);
    assert!(matches!(
        vault.add_password_slot(PASSWORD, full, NOW),
        Err(VaultError::KdfTooCostly(KdfLimitError::TooMuchWork { .. }))
    ));
    let slot = vault.slots().unwrap().remove(0);
    assert!(matches!(
        vault.change_password(&slot.id, PASSWORD, argon2(256 * 1024, 5), NOW),
        Err(VaultError::KdfTooCostly(KdfLimitError::TooMuchWork { .. }))
    ));
    assert_eq!(vault.slots().unwrap().len(), 1);
    // A backup beyond the ceiling.
    match backup::write(&accounts(), PASSWORD, argon2(1024 * 1024, 64), NOW) {
        Err(TransferError::Export(reason)) => {
            assert!(reason.contains("more than this device allows"), "{reason}")
        }
        other => panic!("{:?}", other.map(|bytes| bytes.len())),
    }
}
