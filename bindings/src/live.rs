//! A count of exported objects that currently hold secret material in Rust
//! memory, so tests (and debug builds of the apps) can check that releasing an
//! object really wipes its secret at that moment.

use std::sync::atomic::{AtomicU64, Ordering};

static LIVE: AtomicU64 = AtomicU64::new(0);

/// Held by every exported object that owns a secret; counts it while alive.
#[derive(Debug)]
pub(crate) struct SecretHolder(());

impl SecretHolder {
    pub(crate) fn new() -> Self {
        LIVE.fetch_add(1, Ordering::SeqCst);
        SecretHolder(())
    }
}

impl Drop for SecretHolder {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Number of pending accounts (objects holding an account's secret) alive in
/// Rust memory right now. It drops by one the moment such an object is
/// released (`close()` in Kotlin, the last reference going away in Swift and
/// Python), when its secret is zeroized.
#[uniffi::export]
pub fn live_secret_holders() -> u64 {
    LIVE.load(Ordering::SeqCst)
}
