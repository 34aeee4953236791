//! The platform key store, implemented by the app (Android Keystore, iOS
//! Keychain / Secure Enclave) and handed to the vault to wrap its data key.

use crate::error::TwofoldError;
use std::sync::Arc;
use twofold_core::vault::{KeyProvider as CoreKeyProvider, KeyProviderError};
use zeroize::Zeroizing;

/// A platform key store that wraps and unwraps the vault's 32-byte data key,
/// implemented in Kotlin or Swift. `wrap` necessarily receives the data key:
/// encrypt it at once and do not keep or log it.
///
/// To report that the user cancelled biometrics, throw
/// `TwofoldError.AuthenticationCancelled`; when the platform key no longer
/// exists (new biometrics, passcode removed), throw
/// `TwofoldError.PlatformKeyMismatch`; throw `TwofoldError.KeyProviderFailed`
/// for other failures. Any other exception also arrives as `KeyProviderFailed`
/// instead of crashing.
#[uniffi::export(foreign)]
pub trait KeyProvider: Send + Sync {
    /// Encrypts `plaintext` under a key the platform keeps; returns opaque bytes.
    fn wrap(&self, plaintext: Vec<u8>) -> Result<Vec<u8>, TwofoldError>;
    /// Reverses `wrap`.
    fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, TwofoldError>;
}

/// Lets the core call a foreign key provider through its own trait.
pub(crate) struct ProviderBridge(pub(crate) Arc<dyn KeyProvider>);

fn provider_error(error: TwofoldError) -> KeyProviderError {
    match error {
        TwofoldError::AuthenticationCancelled => KeyProviderError::Cancelled,
        TwofoldError::PlatformKeyMismatch => KeyProviderError::KeyGone,
        TwofoldError::KeyProviderFailed { reason } => KeyProviderError::Failed(reason),
        other => KeyProviderError::Failed(other.to_string()),
    }
}

impl CoreKeyProvider for ProviderBridge {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        // The foreign call takes the key by value: UniFFI serialises this copy
        // into its own buffer and frees both, out of our reach. The library's
        // allocator wipes every block it frees (`wiping_alloc`), these too.
        self.0.wrap(plaintext.to_vec()).map_err(provider_error)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        self.0
            .unwrap(wrapped.to_vec())
            .map(Zeroizing::new)
            .map_err(provider_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Refusing(TwofoldError);

    impl KeyProvider for Refusing {
        fn wrap(&self, _plaintext: Vec<u8>) -> Result<Vec<u8>, TwofoldError> {
            Err(self.0.clone())
        }
        fn unwrap(&self, _wrapped: Vec<u8>) -> Result<Vec<u8>, TwofoldError> {
            Err(self.0.clone())
        }
    }

    #[test]
    fn cancellation_and_failures_reach_the_core_as_such() {
        let cancelled = ProviderBridge(Arc::new(Refusing(TwofoldError::AuthenticationCancelled)));
        assert_eq!(cancelled.wrap(b"k"), Err(KeyProviderError::Cancelled));
        let failed = ProviderBridge(Arc::new(Refusing(TwofoldError::KeyProviderFailed {
            reason: "keystore locked".into(),
        })));
        assert_eq!(
            failed.unwrap(b"k").map(|_| ()),
            Err(KeyProviderError::Failed("keystore locked".into()))
        );
        let gone = ProviderBridge(Arc::new(Refusing(TwofoldError::PlatformKeyMismatch)));
        assert_eq!(
            gone.unwrap(b"k").map(|_| ()),
            Err(KeyProviderError::KeyGone)
        );
    }
}
