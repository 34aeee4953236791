//! Vault speed targets (docs/design.md §9): open + list 10,000 accounts after key
//! derivation ≤ 100 ms, codes for 1,000 accounts ≤ 1 ms, add one account
//! including its commit ≤ 10 ms.
//!
//! Run: `cargo bench -p twofold-core --bench vault`. The vaults use the light
//! test Argon2 parameters, so "open" costs the file open, the schema checks and
//! a negligible key derivation; the phone parameters add ~0.5 s once per unlock
//! by design.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::Path;
use twofold_core::vault::{KdfParams, NewSlot, Vault};
use twofold_core::{NewAccount, OtpParams, Secret};

const PASSWORD: &str = "bench password";
const NOW: u64 = 1_700_000_000;

fn account(index: u32) -> NewAccount {
    let mut secret = b"bench-secret-".to_vec();
    secret.extend_from_slice(&index.to_be_bytes());
    NewAccount {
        issuer: Some(format!("Issuer {}", index % 97)),
        name: format!("user{index}@example.com"),
        secret: Secret::from_bytes(secret),
        params: OtpParams::DEFAULT_TOTP,
    }
}

fn vault_with(path: &Path, count: u32) -> Vault {
    let vault = Vault::create(
        path,
        &[NewSlot::Password {
            password: PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    )
    .expect("create");
    let accounts: Vec<NewAccount> = (0..count).map(account).collect();
    for chunk in accounts.chunks(1000) {
        vault.add_all(chunk, NOW).expect("add");
    }
    vault
}

fn open_and_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vault.sqlite");
    drop(vault_with(&path, 10_000));
    c.bench_function("open + unlock + list 10,000 accounts", |b| {
        b.iter(|| {
            let vault = Vault::open(&path).expect("open");
            vault.unlock_with_password(PASSWORD).expect("unlock");
            let listing = vault.list().expect("list");
            assert_eq!(listing.accounts.len(), 10_000);
            listing
        })
    });
}

fn codes(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = vault_with(&dir.path().join("vault.sqlite"), 1_000);
    let mut at = NOW;
    c.bench_function("codes for 1,000 accounts", |b| {
        b.iter(|| {
            at += 30;
            let codes = vault.codes(at).expect("codes");
            assert_eq!(codes.codes.len(), 1_000);
            codes
        })
    });
}

/// The OTP engine alone on the same 1,000 secrets: the floor under `codes`.
fn engine_floor(c: &mut Criterion) {
    let accounts: Vec<NewAccount> = (0..1_000).map(account).collect();
    let mut at = NOW;
    c.bench_function("otp::generate for 1,000 secrets (no vault)", |b| {
        b.iter(|| {
            at += 30;
            accounts
                .iter()
                .map(|a| twofold_core::otp::generate(&a.secret, &a.params, at).expect("code"))
                .collect::<Vec<_>>()
        })
    });
}

fn add_one(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = vault_with(&dir.path().join("vault.sqlite"), 100);
    let mut index = 1_000_000;
    c.bench_function("add one account (with commit)", |b| {
        b.iter_batched(
            || {
                index += 1;
                account(index)
            },
            |new| vault.add(&new, NOW).expect("add"),
            BatchSize::SmallInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = open_and_list, codes, engine_floor, add_one
}
criterion_main!(benches);
