//! Helpers shared by the vault test files (included with `mod`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use twofold_core::vault::{KdfParams, KeyProvider, KeyProviderError, NewSlot, Vault};
use twofold_core::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};
use zeroize::Zeroizing;

pub const PASSWORD: &str = "correct horse battery staple";
pub const NOW: u64 = 1_700_000_000;

pub fn vault_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("vault.sqlite")
}

pub fn create(path: &Path) -> Vault {
    Vault::create(
        path,
        &[NewSlot::Password {
            password: PASSWORD,
            params: KdfParams::INSECURE_FOR_TESTS,
        }],
        NOW,
    )
    .unwrap()
}

/// A new vault at `path` with three TOTP accounts (`acct-0`..`acct-2` of
/// `issuer`); their ids in order.
pub fn three_accounts(path: &Path, issuer: &str) -> Vec<String> {
    let vault = create(path);
    (0..3)
        .map(|index| {
            vault
                .add(
                    &totp_account(issuer, &format!("acct-{index}"), secret_for(index)),
                    NOW,
                )
                .unwrap()
                .id
        })
        .collect()
}

/// Changes the closed vault file behind Twofold's back, as bit rot or an
/// attacker with write access would (foreign keys are not asked), and fails
/// the test if the statement changed no row: an attack that hits nothing
/// proves nothing.
pub fn edit_raw(path: &Path, sql: &str, params: impl rusqlite::Params) -> usize {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let changed = conn.execute(sql, params).unwrap();
    assert!(changed > 0, "the edit changed no row: {sql}");
    changed
}

pub fn open_unlocked(path: &Path) -> Vault {
    let vault = Vault::open(path).unwrap();
    vault.unlock_with_password(PASSWORD).unwrap();
    vault
}

/// A distinctive secret for account `index`: never all-printable, 20 bytes.
pub fn secret_for(index: u32) -> Secret {
    let mut bytes = b"\x9fSECRET-KEY-\x01\x02".to_vec();
    bytes.extend_from_slice(&index.to_be_bytes());
    bytes.extend_from_slice(b"\xee\xff");
    Secret::from_bytes(bytes)
}

pub fn totp_account(issuer: &str, name: &str, secret: Secret) -> NewAccount {
    NewAccount {
        issuer: Some(issuer.to_string()),
        name: name.to_string(),
        secret,
        params: OtpParams::DEFAULT_TOTP,
    }
}

pub fn hotp_account(name: &str, secret: Secret, counter: u64) -> NewAccount {
    NewAccount {
        issuer: None,
        name: name.to_string(),
        secret,
        params: OtpParams {
            kind: OtpKind::Hotp { counter },
            algorithm: Algorithm::Sha1,
            digits: 6,
        },
    }
}

/// The file and its WAL/SHM/journal companions, as bytes (missing = empty).
pub fn file_bytes(path: &Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let bytes = std::fs::read(PathBuf::from(&name)).unwrap_or_default();
            (name.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// A stand-in for the Android Keystore: XOR with a device pad, tagged.
pub struct FakeKeystore {
    pub pad: [u8; 32],
}

impl KeyProvider for FakeKeystore {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        let mut out = b"fake".to_vec();
        out.extend(
            plaintext
                .iter()
                .zip(self.pad.iter().cycle())
                .map(|(a, b)| a ^ b),
        );
        Ok(out)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        let body = wrapped
            .strip_prefix(b"fake")
            .ok_or_else(|| KeyProviderError::Failed("not ours".into()))?;
        Ok(Zeroizing::new(
            body.iter()
                .zip(self.pad.iter().cycle())
                .map(|(a, b)| a ^ b)
                .collect(),
        ))
    }
}

/// A key store whose user always cancels the biometric prompt.
pub struct CancellingKeystore;

impl KeyProvider for CancellingKeystore {
    fn wrap(&self, _plaintext: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        Err(KeyProviderError::Cancelled)
    }

    fn unwrap(&self, _wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        Err(KeyProviderError::Cancelled)
    }
}
