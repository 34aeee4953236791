//! Arbitrary bytes opened as a vault file: `Vault::open` must return an error
//! or a locked vault, never panic, and a refused file must be left untouched.

#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::vault::{KeyProvider, KeyProviderError, Vault};
use zeroize::Zeroizing;

/// Hands back whatever a slot holds, so the data-key check runs on junk.
struct EchoProvider;

impl KeyProvider for EchoProvider {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        Ok(plaintext.to_vec())
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        Ok(Zeroizing::new(wrapped.to_vec()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("vault.sqlite");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    match Vault::open(&path) {
        Ok(vault) => {
            assert!(!vault.is_unlocked());
            assert!(vault.list().is_err());
            let _ = vault.slots();
            let _ = vault.unlock_with_provider(&EchoProvider);
        }
        Err(_) => {
            let after = std::fs::read(&path).unwrap_or_default();
            assert_eq!(after, data, "a refused file must be left untouched");
        }
    }
});
