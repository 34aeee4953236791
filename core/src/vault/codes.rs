//! Codes and secrets: every account's current code, one account's code (an
//! HOTP counter committed before its code is shown), and the only ways a
//! secret leaves the vault.

use super::records::AccountCode;
use super::{Account, CodesListing, Vault, VaultError};
use crate::account::{NewAccount, OtpKind};
use crate::otp::{self, Code};
use crate::secret::Secret;

impl Vault {
    /// The current code of every account at `at` (HOTP accounts get `None`:
    /// use [`Vault::next_hotp`]).
    pub fn codes(&self, at: u64) -> Result<CodesListing, VaultError> {
        let mut inner = self.inner();
        let cache = inner.accounts()?;
        let mut listing = CodesListing {
            codes: Vec::with_capacity(cache.accounts.len()),
            unreadable: cache.unreadable.clone(),
        };
        for cached in &cache.accounts {
            let params = &cached.account.params;
            let code = match params.kind {
                OtpKind::Hotp { .. } => None,
                OtpKind::Totp { .. } | OtpKind::Steam => Some(cached.code_at(at)?),
            };
            listing.codes.push(AccountCode {
                account: cached.account.clone(),
                code,
            });
        }
        Ok(listing)
    }

    /// One account's code at `now`: the current TOTP/Steam code, or for HOTP
    /// the next code (advancing and committing the counter first).
    pub fn code(&self, id: &str, now: u64) -> Result<Code, VaultError> {
        let mut inner = self.inner();
        let found = inner
            .accounts()?
            .accounts
            .iter()
            .find(|cached| cached.account.id == id)
            .map(|cached| match cached.account.params.kind {
                OtpKind::Hotp { .. } => None,
                OtpKind::Totp { .. } | OtpKind::Steam => Some(cached.code_at(now)),
            });
        drop(inner);
        match found {
            Some(Some(code)) => Ok(code?),
            Some(None) => self.next_hotp(id, now),
            // Not readable from the cache: say why (missing or tampered).
            None => self
                .get(id)
                .and_then(|_| Err(VaultError::AccountNotFound { id: id.to_string() })),
        }
    }

    /// The next HOTP code. The advanced counter is committed before the code
    /// is returned, so a code is never shown twice, even after a crash.
    pub fn next_hotp(&self, id: &str, now: u64) -> Result<Code, VaultError> {
        let mut code = None;
        self.write(|inner| {
            inner.modify_account(id, now, |payload| {
                let OtpKind::Hotp { counter } = payload.params.kind else {
                    return Err(VaultError::NotHotp { id: id.to_string() });
                };
                let secret = Secret::from_bytes(payload.secret.clone());
                code = Some(otp::generate(&secret, &payload.params, now)?);
                payload.params.kind = OtpKind::Hotp {
                    counter: counter.saturating_add(1),
                };
                Ok(())
            })
        })?;
        code.ok_or(VaultError::Internal("no code was produced"))
    }

    /// Accounts (outside the trash) that already hold `secret`, so enrollment
    /// can offer "replace" or "keep both".
    pub fn find_same_secret(&self, secret: &Secret) -> Result<Vec<Account>, VaultError> {
        let mut inner = self.inner();
        Ok(inner
            .accounts()?
            .accounts
            .iter()
            .filter(|cached| &cached.secret == secret)
            .map(|cached| cached.account.clone())
            .collect())
    }

    /// The secret of one account. The only way, with [`Vault::export_account`],
    /// that a secret leaves the vault.
    pub fn reveal_secret(&self, id: &str) -> Result<Secret, VaultError> {
        Ok(self.export_account(id)?.secret)
    }

    /// One account with its secret, for export.
    pub fn export_account(&self, id: &str) -> Result<NewAccount, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        let row = inner.live_account_row(id)?;
        let mut payload = inner.open_account(&row)?;
        Ok(NewAccount {
            issuer: payload.issuer.clone(),
            name: payload.name.clone(),
            secret: Secret::from_bytes(std::mem::take(&mut payload.secret)),
            params: payload.params,
        })
    }
}
