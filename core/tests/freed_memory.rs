//! No copy of a secret is left in memory the program gives back.
//!
//! This binary swaps in an allocator that reads every block as it is freed
//! (and the old block of every move by `realloc`) and looks for "needles":
//! the raw bytes of a known secret, its Base32 text and its otpauth URI. Each
//! path that handles secrets runs with the detector armed; any freed block
//! holding a long enough run of a needle is a copy that was not wiped.
//!
//! The allocator must not allocate, so needles live in fixed static storage
//! and every shared value is an atomic.

use std::alloc::System;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;
use twofold_core::transfer::{uri_list, PortableAccount};
use twofold_core::uri;
use twofold_core::vault::{KdfParams, NewSlot, Vault};
use twofold_core::Secret;
use twofold_wipe_alloc::InspectingAllocator;
use zeroize::Zeroizing;

/// A copy of a key counts when this many consecutive bytes of it survive: a
/// partial copy (16 of 20 key bytes) is as bad as a whole one.
const KEY_RUN: usize = 8;
const MAX_NEEDLES: usize = 4;
const MAX_NEEDLE_LEN: usize = 512;

struct Needle {
    len: AtomicUsize,
    /// How many consecutive bytes of the needle make a hit.
    run: AtomicUsize,
    bytes: [AtomicU8; MAX_NEEDLE_LEN],
    hits: AtomicUsize,
    largest_hit_block: AtomicUsize,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY_NEEDLE: Needle = Needle {
    len: AtomicUsize::new(0),
    run: AtomicUsize::new(0),
    bytes: [const { AtomicU8::new(0) }; MAX_NEEDLE_LEN],
    hits: AtomicUsize::new(0),
    largest_hit_block: AtomicUsize::new(0),
};

static NEEDLES: [Needle; MAX_NEEDLES] = [EMPTY_NEEDLE; MAX_NEEDLES];
static ARMED: AtomicBool = AtomicBool::new(false);

/// Records every needle with a long enough run of bytes in a freed block.
fn inspect(block: &[u8]) {
    if !ARMED.load(Ordering::Acquire) {
        return;
    }
    for needle in &NEEDLES {
        let len = needle.len.load(Ordering::Acquire);
        let run = needle.run.load(Ordering::Relaxed);
        if run == 0 || len < run || block.len() < run {
            continue;
        }
        if holds_run_of(block, needle, len, run) {
            needle.hits.fetch_add(1, Ordering::Relaxed);
            needle
                .largest_hit_block
                .fetch_max(block.len(), Ordering::Relaxed);
        }
    }
}

/// Whether any `run` consecutive bytes of the needle appear in `block`.
fn holds_run_of(block: &[u8], needle: &Needle, len: usize, run: usize) -> bool {
    let byte = |i: usize| needle.bytes[i].load(Ordering::Relaxed);
    for start in 0..=block.len() - run {
        for offset in 0..=len - run {
            if (0..run).all(|k| block[start + k] == byte(offset + k)) {
                return true;
            }
        }
    }
    false
}

// Also sees the old block of every move by realloc.
#[global_allocator]
static ALLOCATOR: InspectingAllocator<System> = InspectingAllocator {
    inner: System,
    inspect,
};

/// The detector is global: one path at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// A 160-bit key in the common 32-character Base32 form.
const KEY_BASE32: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";

fn key_bytes() -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, KEY_BASE32)
            .expect("the test key is Base32"),
    )
}

fn uri_text() -> Zeroizing<String> {
    Zeroizing::new(format!(
        "otpauth://totp/ACME%20Co:alice@example.com?secret={KEY_BASE32}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    ))
}

/// What leaked, by needle name; empty when nothing did.
fn leaks(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .zip(&NEEDLES)
        .filter_map(|(name, needle)| {
            let hits = needle.hits.load(Ordering::Relaxed);
            (hits > 0).then(|| {
                format!(
                    "{name}: {hits} freed block(s), largest {} bytes",
                    needle.largest_hit_block.load(Ordering::Relaxed)
                )
            })
        })
        .collect()
}

/// Runs `path` with the detector armed for the needles and returns what
/// leaked. The needles are copied into static storage before arming.
fn watch(needles: &[(&str, &[u8], usize)], path: impl FnOnce()) -> Vec<String> {
    assert!(needles.len() <= MAX_NEEDLES);
    for (slot, (_, bytes, run)) in NEEDLES.iter().zip(needles) {
        assert!(bytes.len() <= MAX_NEEDLE_LEN);
        for (cell, byte) in slot.bytes.iter().zip(bytes.iter()) {
            cell.store(*byte, Ordering::Relaxed);
        }
        slot.hits.store(0, Ordering::Relaxed);
        slot.largest_hit_block.store(0, Ordering::Relaxed);
        slot.run.store(*run, Ordering::Relaxed);
        slot.len.store(bytes.len(), Ordering::Release);
    }
    ARMED.store(true, Ordering::Release);
    path();
    ARMED.store(false, Ordering::Release);
    let names: Vec<&str> = needles.iter().map(|(name, _, _)| *name).collect();
    let found = leaks(&names);
    for slot in &NEEDLES {
        slot.len.store(0, Ordering::Release);
    }
    found
}

/// The key as bytes and as text (any 8 bytes of either), and the whole URI
/// (a part holding the key is already a Base32 hit; the label alone is no
/// secret).
fn standard_needles<'a>(
    raw: &'a [u8],
    base32: &'a str,
    uri: &'a str,
) -> [(&'static str, &'a [u8], usize); 3] {
    [
        ("raw key bytes", raw, KEY_RUN),
        ("Base32 key", base32.as_bytes(), KEY_RUN),
        ("otpauth URI", uri.as_bytes(), uri.len()),
    ]
}

#[test]
fn the_detector_sees_an_unwiped_copy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let raw = key_bytes();
    let uri = uri_text();
    let found = watch(&standard_needles(&raw, KEY_BASE32, &uri), || {
        // A plain String copy, dropped without wiping.
        let copy: String = uri.as_str().to_owned();
        drop(std::hint::black_box(copy));
    });
    assert!(
        found.iter().any(|f| f.starts_with("otpauth URI")),
        "{found:?}"
    );
}

#[test]
fn uri_parse_leaves_no_copy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let raw = key_bytes();
    let uri = uri_text();
    let found = watch(&standard_needles(&raw, KEY_BASE32, &uri), || {
        let account = uri::parse(&uri).expect("the test URI parses");
        assert_eq!(account.secret.expose(), raw.as_slice());
    });
    assert!(found.is_empty(), "uri::parse left copies: {found:?}");
}

#[test]
fn uri_list_export_leaves_no_copy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let raw = key_bytes();
    let uri = uri_text();
    let account = PortableAccount::bare(uri::parse(&uri).expect("the test URI parses"));
    let accounts = vec![account];
    let found = watch(&standard_needles(&raw, KEY_BASE32, &uri), || {
        let text = uri_list::export(&accounts);
        assert!(text.contains(KEY_BASE32));
    });
    assert!(found.is_empty(), "uri_list::export left copies: {found:?}");
}

#[test]
fn vault_unlock_list_codes_export_and_reveal_leave_no_copy() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let raw = key_bytes();
    let uri = uri_text();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("vault.sqlite");
    let password = "correct horse battery staple";
    {
        let vault = Vault::create(
            &path,
            &[NewSlot::Password {
                password,
                params: KdfParams::INSECURE_FOR_TESTS,
            }],
            1,
        )
        .expect("a new vault");
        let account = uri::parse(&uri).expect("the test URI parses");
        let added = vault.add(&account, 1).expect("the account is added");
        vault
            .save_recovery_code(&added.id, "RECOVERY-CODE-1234-5678", 1)
            .expect("the recovery code is saved");
    }
    let vault = Vault::open(&path).expect("the vault opens");
    let recovery = b"RECOVERY-CODE-1234-5678";
    let mut needles = standard_needles(&raw, KEY_BASE32, &uri).to_vec();
    needles.push(("recovery code", recovery, KEY_RUN));
    let found = watch(&needles, || {
        vault
            .unlock_with_password(password)
            .expect("the password unlocks");
        let listing = vault.list().expect("the vault lists");
        let id = listing.accounts[0].id.clone();
        let codes = vault.codes(59).expect("codes at t=59");
        assert!(codes.codes[0].code.is_some());
        let exported = vault.export_all().expect("the vault exports");
        assert_eq!(exported[0].account.secret.expose(), raw.as_slice());
        let revealed: Secret = vault.reveal_secret(&id).expect("the secret is revealed");
        assert_eq!(revealed.expose(), raw.as_slice());
        let code_id = vault.recovery_codes(&id).expect("recovery codes").codes[0]
            .id
            .clone();
        let text = vault
            .reveal_recovery_code(&code_id)
            .expect("the recovery code is revealed");
        assert_eq!(text.as_bytes(), recovery);
        vault.lock();
    });
    assert!(found.is_empty(), "the vault left copies: {found:?}");
}
