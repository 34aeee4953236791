//! Import speed (docs/design.md §9): importing 20,000 accounts takes about 4× a
//! 5,000-account import (linear), not 16× (quadratic). Also a second import
//! of the same accounts, where every one is a duplicate.
//!
//! Run: `cargo bench -p twofold-core --bench import`. The vaults use the
//! light test Argon2 parameters; each sample imports into a fresh vault.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::time::Duration;
use twofold_core::transfer::PortableAccount;
use twofold_core::vault::{KdfParams, NewSlot, Vault};
use twofold_core::{NewAccount, OtpParams, Secret};

const PASSWORD: &str = "bench password";
const NOW: u64 = 1_700_000_000;

/// Distinct accounts: each has its own secret and name.
fn accounts(count: u32) -> Vec<PortableAccount> {
    (0..count)
        .map(|index| {
            let mut secret = b"bench-secret-".to_vec();
            secret.extend_from_slice(&index.to_be_bytes());
            PortableAccount::bare(NewAccount {
                issuer: Some(format!("Issuer {}", index % 97)),
                name: format!("user{index}@example.com"),
                secret: Secret::from_bytes(secret),
                params: OtpParams::DEFAULT_TOTP,
            })
        })
        .collect()
}

fn fresh_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = Vault::create(
        &dir.path().join("vault.sqlite"),
        &[NewSlot::Password {
            password: PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    )
    .expect("create");
    (dir, vault)
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import distinct accounts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for count in [5_000, 20_000] {
        let input = accounts(count);
        group.bench_function(format!("{count} into an empty vault"), |b| {
            b.iter_batched(
                fresh_vault,
                |(dir, vault)| {
                    let report = vault.import(&input, NOW).expect("import");
                    assert_eq!(report.added.len(), count as usize);
                    (dir, vault)
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("{count} again (all duplicates)"), |b| {
            b.iter_batched(
                || {
                    let (dir, vault) = fresh_vault();
                    vault.import(&input, NOW).expect("first import");
                    (dir, vault)
                },
                |(dir, vault)| {
                    let report = vault.import(&input, NOW).expect("import");
                    assert_eq!(report.duplicates.len(), count as usize);
                    (dir, vault)
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
