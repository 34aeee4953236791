//! Random sequences of vault operations against a plain in-memory model: after
//! every sequence, and again after reopening the file, the vault lists exactly
//! what the model says, in the model's order, with the right secrets.
#![allow(clippy::unwrap_used)] // a test may unwrap: a panic here is a failed test

mod vault_common;

use proptest::prelude::*;
use twofold_core::vault::Vault;
use vault_common::*;

#[derive(Debug, Clone)]
enum Op {
    Add(u32),
    Delete(usize),
    Restore(usize),
    Rename(usize, String),
    Reverse,
    Purge,
    NextHotp(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u32..50).prop_map(Op::Add),
        1 => any::<usize>().prop_map(Op::Delete),
        1 => any::<usize>().prop_map(Op::Restore),
        1 => (any::<usize>(), "[a-z@.]{0,12}").prop_map(|(i, n)| Op::Rename(i, n)),
        1 => Just(Op::Reverse),
        1 => Just(Op::Purge),
        1 => any::<usize>().prop_map(Op::NextHotp),
    ]
}

struct Entry {
    id: String,
    name: String,
    secret: u32,
    deleted: bool,
}

fn pick(entries: &[Entry], deleted: bool, index: usize) -> Option<usize> {
    let candidates: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].deleted == deleted)
        .collect();
    (!candidates.is_empty()).then(|| candidates[index % candidates.len()])
}

fn check(vault: &Vault, model: &[Entry]) {
    let listing = vault.list().unwrap();
    assert!(listing.unreadable.is_empty());
    let live: Vec<&Entry> = model.iter().filter(|e| !e.deleted).collect();
    assert_eq!(listing.accounts.len(), live.len());
    for (account, entry) in listing.accounts.iter().zip(live) {
        assert_eq!(account.id, entry.id);
        assert_eq!(account.name, entry.name);
        assert_eq!(
            vault.reveal_secret(&account.id).unwrap(),
            secret_for(entry.secret)
        );
    }
    let trashed = model.iter().filter(|e| e.deleted).count();
    assert_eq!(vault.trash().unwrap().accounts.len(), trashed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn the_vault_behaves_like_a_list(ops in proptest::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let path = vault_path(&dir);
        let vault = create(&path);
        let mut model: Vec<Entry> = Vec::new();
        for op in ops {
            match op {
                Op::Add(secret) => {
                    let name = format!("user{secret}");
                    let account = if secret % 3 == 0 {
                        hotp_account(&name, secret_for(secret), 0)
                    } else {
                        totp_account("Model", &name, secret_for(secret))
                    };
                    let added = vault.add(&account, NOW).unwrap();
                    model.push(Entry { id: added.id, name, secret, deleted: false });
                }
                Op::Delete(index) => {
                    if let Some(i) = pick(&model, false, index) {
                        vault.delete(&model[i].id, NOW).unwrap();
                        model[i].deleted = true;
                    }
                }
                Op::Restore(index) => {
                    if let Some(i) = pick(&model, true, index) {
                        vault.restore(&model[i].id, NOW).unwrap();
                        model[i].deleted = false;
                    }
                }
                Op::Rename(index, name) => {
                    if let Some(i) = pick(&model, false, index) {
                        vault.rename(&model[i].id, None, &name, NOW).unwrap();
                        model[i].name = name;
                    }
                }
                Op::Reverse => {
                    // Live accounts in reverse order; trashed ones keep their slots.
                    let mut live: Vec<usize> = (0..model.len()).filter(|&i| !model[i].deleted).collect();
                    let ids: Vec<String> = live.iter().rev().map(|&i| model[i].id.clone()).collect();
                    vault.reorder(&ids).unwrap();
                    let mut reordered: Vec<Entry> = Vec::new();
                    let mut others: Vec<Entry> = Vec::new();
                    live.reverse();
                    let mut taken: Vec<Option<Entry>> = model.drain(..).map(Some).collect();
                    for i in &live {
                        reordered.push(taken[*i].take().unwrap());
                    }
                    others.extend(taken.into_iter().flatten());
                    // Trashed entries are not listed, so their place does not matter.
                    model = reordered;
                    model.extend(others);
                }
                Op::Purge => {
                    vault.purge_trash(0, NOW).unwrap();
                    model.retain(|e| !e.deleted);
                }
                Op::NextHotp(index) => {
                    if let Some(i) = pick(&model, false, index) {
                        let result = vault.next_hotp(&model[i].id, NOW);
                        prop_assert_eq!(result.is_ok(), model[i].secret.is_multiple_of(3));
                    }
                }
            }
            check(&vault, &model);
        }
        drop(vault);
        check(&open_unlocked(&path), &model);
    }
}
