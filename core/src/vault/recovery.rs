//! The recovery codes a site gave for an account, sealed beside it.

use super::records::{RecoveryCodeInfo, RecoveryListing, RecoveryPayload, UnreadableRow};
use super::store::{new_id, to_sql_time};
use super::{Vault, VaultError};
use rusqlite::params;
use zeroize::Zeroizing;

impl Vault {
    /// Saves a recovery code the site gave for an account.
    pub fn save_recovery_code(
        &self,
        account_id: &str,
        code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(VaultError::EmptyRecoveryCode);
        }
        let id = new_id();
        let payload = RecoveryPayload {
            code: code.to_string(),
            used_at: None,
        };
        self.write(|inner| {
            let sealed = inner.seal_recovery(&id, account_id, &payload)?;
            inner.live_account_row(account_id)?;
            inner.conn.execute(
                "INSERT INTO recovery_codes (id, account_id, saved_at, used_at, sealed) VALUES (?1, ?2, ?3, NULL, ?4)",
                params![id, account_id, to_sql_time(now), sealed],
            )?;
            Ok(())
        })?;
        Ok(RecoveryCodeInfo {
            id,
            account_id: account_id.to_string(),
            saved_at: now,
            used_at: None,
        })
    }

    /// An account's recovery codes, without their text.
    pub fn recovery_codes(&self, account_id: &str) -> Result<RecoveryListing, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let _snapshot = inner.snapshot()?;
        inner.live_account_row(account_id)?;
        let mut listing = RecoveryListing::default();
        let rows = inner.recovery_rows(account_id)?;
        listing.unreadable = inner.missing_codes(account_id, &rows)?;
        for row in rows {
            match inner.recovery_info(&row) {
                Ok(info) => listing.codes.push(info),
                Err(VaultError::Tampered { table, id }) => {
                    listing.unreadable.push(UnreadableRow { table, id })
                }
                Err(other) => return Err(other),
            }
        }
        Ok(listing)
    }

    /// The text of one recovery code: only on explicit request.
    pub fn reveal_recovery_code(&self, code_id: &str) -> Result<Zeroizing<String>, VaultError> {
        let inner = self.inner();
        let _snapshot = inner.snapshot()?;
        let row = inner.recovery_row_by_id(code_id)?;
        let mut payload = inner.open_recovery(&row)?;
        Ok(Zeroizing::new(std::mem::take(&mut payload.code)))
    }

    /// Marks the account's recovery code with text `code` used. Using it a
    /// second time is refused with [`VaultError::RecoveryCodeAlreadyUsed`].
    pub fn use_recovery_code(
        &self,
        account_id: &str,
        code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let wanted = code.trim();
        self.write(|inner| {
            inner.live_account_row(account_id)?;
            for row in inner.recovery_rows(account_id)? {
                let Ok(payload) = inner.open_recovery(&row) else {
                    continue;
                };
                if crate::crypto::equal(payload.code.as_bytes(), wanted.as_bytes()) {
                    return inner.mark_used(&row, payload, now);
                }
            }
            Err(VaultError::RecoveryCodeNotFound {
                what: format!("matching that text for account {account_id}"),
            })
        })
    }

    /// Marks one recovery code used, by id (a second use is refused).
    pub fn mark_recovery_code_used(
        &self,
        code_id: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        self.write(|inner| {
            let row = inner.recovery_row_by_id(code_id)?;
            let payload = inner.open_recovery(&row)?;
            inner.mark_used(&row, payload, now)
        })
    }

    /// Replaces a recovery code's text with the new one the site offered; the
    /// new code is unused.
    pub fn replace_recovery_code(
        &self,
        code_id: &str,
        new_code: &str,
        now: u64,
    ) -> Result<RecoveryCodeInfo, VaultError> {
        let new_code = new_code.trim();
        if new_code.is_empty() {
            return Err(VaultError::EmptyRecoveryCode);
        }
        let row = self.write(|inner| {
            let row = inner.recovery_row_by_id(code_id)?;
            inner.open_recovery(&row)?;
            let payload = RecoveryPayload {
                code: new_code.to_string(),
                used_at: None,
            };
            let sealed = inner.seal_recovery(&row.id, &row.account_id, &payload)?;
            inner.conn.execute(
                "UPDATE recovery_codes SET sealed = ?1, saved_at = ?2, used_at = NULL WHERE id = ?3",
                params![sealed, to_sql_time(now), code_id],
            )?;
            Ok(row)
        })?;
        Ok(RecoveryCodeInfo {
            id: row.id,
            account_id: row.account_id,
            saved_at: now,
            used_at: None,
        })
    }
}
