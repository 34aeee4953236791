//! Whole sets of accounts in and out of the vault: `import` (from any
//! importer or a Twofold backup) and `export_all` (for backups and exports).
//!
//! An import is one immediate transaction: every account is added, or none.
//! An imported account is a duplicate only when it is the same account as
//! one already in the vault (or one added earlier by the same import): same
//! secret, issuer, name, kind, algorithm, digits and period ([`Identity`]).
//! Accounts that only share a secret are distinct (real exports hold a TOTP
//! and an HOTP on one secret, or one secret under two names); they are added
//! and reported in [`ImportReport::shared_secrets`]. A duplicate is not added
//! again; its recovery codes that the existing account lacks are added to
//! it, so importing or restoring the same file twice changes nothing the
//! second time. Deciding whether a partly readable file may be imported is
//! the caller's job (`ImportFile::problems`).

use super::records::{Account, AccountPayload, RecoveryPayload, UnreadableRow};
use super::store::{from_sql_time, new_id, to_sql_time, Inner};
use super::{Vault, VaultError};
use crate::account::{
    Algorithm, NewAccount, OtpKind, OtpParams, PortableAccount, PortableRecoveryCode,
};
use crate::crypto;
use crate::otp;
use crate::secret::Secret;
use rusqlite::{params, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use zeroize::Zeroizing;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// The accounts added, in import order.
    pub added: Vec<Account>,
    /// Imported accounts that were already there, in import order.
    pub duplicates: Vec<DuplicateInfo>,
    /// Added accounts whose secret another account also has (one already in
    /// the vault or added earlier by this import), in import order. Not an
    /// error: users may want to know that one secret opens both.
    pub shared_secrets: Vec<SharedSecretInfo>,
    /// Recovery codes added in all: to new accounts and merged into duplicates.
    pub recovery_codes_added: usize,
}

/// An imported account that matched an account already in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateInfo {
    /// 1-based position of the account in the imported list.
    pub position: usize,
    /// "Issuer (name)" of the imported account.
    pub label: String,
    /// The matching account (possibly one added earlier by this import).
    pub existing_id: String,
    /// "Issuer (name)" of the matching account, as the vault lists it.
    pub existing_label: String,
    /// Recovery codes of the imported account that the existing one lacked,
    /// now added to it.
    pub recovery_codes_added: usize,
}

/// An added account that shares its secret with another account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSecretInfo {
    /// 1-based position of the account in the imported list.
    pub position: usize,
    /// The added account.
    pub id: String,
    /// "Issuer (name)" of the added account.
    pub label: String,
    /// The first account found with the same secret.
    pub other_id: String,
    /// "Issuer (name)" of that account.
    pub other_label: String,
}

/// A digest of a secret under the import's random salt: the index is keyed
/// by it so it never holds the secret itself.
type SecretDigest = [u8; 32];

/// What makes two accounts the same account. Issuer and name compare
/// trimmed and case-folded ("ACME " = "acme"), no issuer as "". The kind
/// compares without the HOTP counter, which moves as codes are used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Identity {
    secret: SecretDigest,
    issuer: String,
    name: String,
    kind: KindKey,
    algorithm: Algorithm,
    digits: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KindKey {
    Totp { period: u32 },
    Hotp,
    Steam,
}

/// An account the import compares against.
struct Known {
    id: String,
    label: String,
    /// Digests of its recovery codes' texts, loaded on the first match.
    codes: Option<HashSet<SecretDigest>>,
}

/// The accounts an import compares against, indexed so each lookup costs
/// the same however many accounts the vault holds.
struct KnownIndex {
    salt: [u8; 32],
    accounts: Vec<Known>,
    by_identity: HashMap<Identity, usize>,
    /// The first account holding each secret.
    by_secret: HashMap<SecretDigest, usize>,
}

impl KnownIndex {
    fn new() -> Result<Self, VaultError> {
        let mut salt = [0u8; 32];
        crypto::fill_random(&mut salt)?;
        Ok(KnownIndex {
            salt,
            accounts: Vec::new(),
            by_identity: HashMap::new(),
            by_secret: HashMap::new(),
        })
    }

    fn identity(
        &self,
        issuer: Option<&str>,
        name: &str,
        secret: &[u8],
        params: OtpParams,
    ) -> Identity {
        Identity {
            secret: digest(&self.salt, secret),
            issuer: fold(issuer.unwrap_or_default()),
            name: fold(name),
            kind: match params.kind {
                OtpKind::Totp { period } => KindKey::Totp { period },
                OtpKind::Hotp { .. } => KindKey::Hotp,
                OtpKind::Steam => KindKey::Steam,
            },
            algorithm: params.algorithm,
            digits: params.digits,
        }
    }

    fn insert(&mut self, identity: Identity, known: Known) {
        let index = self.accounts.len();
        self.accounts.push(known);
        self.by_secret.entry(identity.secret).or_insert(index);
        self.by_identity.entry(identity).or_insert(index);
    }
}

/// `bytes` (a secret or a recovery code) hashed under the import's salt.
fn digest(salt: &[u8; 32], bytes: &[u8]) -> SecretDigest {
    Sha256::new()
        .chain_update(salt)
        .chain_update(bytes)
        .finalize()
        .into()
}

/// Issuers and names match ignoring case and surrounding space.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

fn label_of(issuer: Option<&str>, name: &str) -> String {
    crate::display::label(issuer, name)
}

impl Vault {
    /// Adds `accounts` with their notes, groups and recovery codes (saved and
    /// used times kept) in one transaction. Duplicates (the same account as a
    /// live one: see the module's rule) are reported instead of added, and
    /// receive the recovery codes they lack. Any failure writes nothing.
    /// Linear in the vault's and the import's size.
    pub fn import(
        &self,
        accounts: &[PortableAccount],
        now: u64,
    ) -> Result<ImportReport, VaultError> {
        self.write(|inner| {
            let mut known = inner.known_accounts()?;
            let mut position = inner.last_position()?;
            let mut report = ImportReport::default();
            for (index, portable) in accounts.iter().enumerate() {
                let account = &portable.account;
                let label = account.label();
                check_entry(portable).map_err(|reason| VaultError::BadImportEntry {
                    position: index + 1,
                    label: label.clone(),
                    reason,
                })?;
                let identity = known.identity(
                    account.issuer.as_deref(),
                    &account.name,
                    account.secret.expose(),
                    account.params,
                );
                if let Some(&existing) = known.by_identity.get(&identity) {
                    let existing = &mut known.accounts[existing];
                    let added =
                        inner.merge_codes(existing, &portable.recovery_codes, &known.salt)?;
                    report.recovery_codes_added += added;
                    report.duplicates.push(DuplicateInfo {
                        position: index + 1,
                        label,
                        existing_id: existing.id.clone(),
                        existing_label: existing.label.clone(),
                        recovery_codes_added: added,
                    });
                    continue;
                }
                let payload =
                    AccountPayload::new(account, portable.note.clone(), portable.groups.clone());
                position += 1;
                let added = inner.insert_account(&payload, position, now)?;
                let id = added.id.clone();
                if let Some(&other) = known.by_secret.get(&identity.secret) {
                    let other = &known.accounts[other];
                    report.shared_secrets.push(SharedSecretInfo {
                        position: index + 1,
                        id: id.clone(),
                        label: label.clone(),
                        other_id: other.id.clone(),
                        other_label: other.label.clone(),
                    });
                }
                let mut entry = Known {
                    id: id.clone(),
                    label,
                    codes: Some(HashSet::new()),
                };
                report.recovery_codes_added +=
                    inner.merge_codes(&mut entry, &portable.recovery_codes, &known.salt)?;
                known.insert(identity, entry);
                report.added.push(added);
            }
            Ok(report)
        })
    }

    /// Every account outside the trash, in the user's order, with its secret,
    /// parameters (HOTP with its current counter), note, groups and recovery
    /// codes (used ones too). Read in one snapshot. If any row fails
    /// authentication the export is refused with [`VaultError::Unreadable`]
    /// naming every such row: a backup must not silently miss accounts.
    pub fn export_all(&self) -> Result<Vec<PortableAccount>, VaultError> {
        let inner = self.inner();
        inner.key()?;
        let tx = rusqlite::Transaction::new_unchecked(&inner.conn, TransactionBehavior::Deferred)?;
        let mut exported = Vec::new();
        // Listed rows that are gone count as unreadable too.
        let mut unreadable = inner.missing_accounts()?;
        for row in inner.account_rows(false)? {
            let mut payload = match inner.open_account(&row) {
                Ok(payload) => payload,
                Err(VaultError::Tampered { table, id }) => {
                    unreadable.push(UnreadableRow { table, id });
                    continue;
                }
                Err(other) => return Err(other),
            };
            let mut recovery_codes = Vec::new();
            let code_rows = inner.recovery_rows(&row.id)?;
            unreadable.extend(inner.missing_codes(&row.id, &code_rows)?);
            for code_row in code_rows {
                match inner.open_recovery(&code_row) {
                    Ok(mut code) => recovery_codes.push(PortableRecoveryCode {
                        code: Zeroizing::new(std::mem::take(&mut code.code)),
                        saved_at: from_sql_time(code_row.saved_at),
                        used_at: code.used_at,
                    }),
                    Err(VaultError::Tampered { table, id }) => {
                        unreadable.push(UnreadableRow { table, id })
                    }
                    Err(other) => return Err(other),
                }
            }
            exported.push(PortableAccount {
                account: NewAccount {
                    issuer: payload.issuer.clone(),
                    name: payload.name.clone(),
                    secret: Secret::from_bytes(std::mem::take(&mut payload.secret)),
                    params: payload.params,
                },
                note: payload.note.clone(),
                groups: payload.groups.clone(),
                recovery_codes,
            });
        }
        tx.commit()?;
        if !unreadable.is_empty() {
            return Err(VaultError::Unreadable { rows: unreadable });
        }
        Ok(exported)
    }
}

/// What makes an entry unusable, checked before it is written.
fn check_entry(portable: &PortableAccount) -> Result<(), String> {
    otp::validate(&portable.account.params).map_err(|e| e.to_string())?;
    if portable.account.secret.expose().is_empty() {
        return Err("the secret is empty".into());
    }
    if portable
        .recovery_codes
        .iter()
        .any(|code| code.code.trim().is_empty())
    {
        return Err("a recovery code is empty".into());
    }
    Ok(())
}

impl Inner {
    /// The live accounts an import compares against. Rows that cannot be
    /// opened cannot be compared; they are left alone.
    fn known_accounts(&self) -> Result<KnownIndex, VaultError> {
        let mut known = KnownIndex::new()?;
        for row in self.account_rows(false)? {
            match self.open_account(&row) {
                Ok(payload) => {
                    // The opened secret is wiped with the payload (zeroizing).
                    let identity = known.identity(
                        payload.issuer.as_deref(),
                        &payload.name,
                        &payload.secret,
                        payload.params,
                    );
                    known.insert(
                        identity,
                        Known {
                            id: row.id,
                            label: label_of(payload.issuer.as_deref(), &payload.name),
                            codes: None,
                        },
                    );
                }
                Err(VaultError::Tampered { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(known)
    }

    /// Adds to `account` the codes whose text it does not have yet; returns
    /// how many. Runs inside the import's transaction.
    fn merge_codes(
        &self,
        account: &mut Known,
        codes: &[PortableRecoveryCode],
        salt: &[u8; 32],
    ) -> Result<usize, VaultError> {
        if codes.is_empty() {
            return Ok(0);
        }
        let have = match &mut account.codes {
            Some(have) => have,
            None => {
                let mut have = HashSet::new();
                for row in self.recovery_rows(&account.id)? {
                    // An unreadable code cannot be compared; it stays as it is.
                    if let Ok(payload) = self.open_recovery(&row) {
                        have.insert(digest(salt, payload.code.as_bytes()));
                    }
                }
                account.codes.insert(have)
            }
        };
        let mut added = 0;
        for code in codes {
            let text = code.code.trim();
            if !have.insert(digest(salt, text.as_bytes())) {
                continue;
            }
            let id = new_id();
            let payload = RecoveryPayload {
                code: text.to_string(),
                used_at: code.used_at,
            };
            let sealed = self.seal_recovery(&id, &account.id, &payload)?;
            self.conn.prepare_cached(
                "INSERT INTO recovery_codes (id, account_id, saved_at, used_at, sealed) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?.execute(params![
                id,
                account.id,
                to_sql_time(code.saved_at),
                code.used_at.map(to_sql_time),
                sealed
            ])?;
            added += 1;
        }
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::OtpParams;
    use crate::vault::sealing;
    use crate::vault::{KdfParams, NewSlot};

    /// Rows sealed before accounts had groups carry no `groups` field.
    #[test]
    fn a_row_sealed_without_groups_still_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.sqlite");
        let vault = Vault::create(
            &path,
            &[NewSlot::Password {
                password: "pw",
                params: KdfParams::INSECURE_FOR_TESTS,
            }],
            1,
        )
        .unwrap();
        let old_payload = serde_json::json!({
            "issuer": "ACME",
            "name": "old@example.com",
            "note": "from before groups",
            "secret": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            "params": OtpParams::DEFAULT_TOTP,
        });
        {
            let inner = vault.inner();
            let sealed = sealing::seal_row(
                inner.key().unwrap(),
                &inner.account_ref("old"),
                old_payload.to_string().as_bytes(),
            )
            .unwrap();
            inner
                .conn
                .execute(
                    "INSERT INTO accounts VALUES ('old', 1, 1, 1, NULL, ?1)",
                    [sealed],
                )
                .unwrap();
            // Rows Twofold writes are listed in the manifest.
            inner.seal_manifest().unwrap();
        }
        let listing = vault.list().unwrap();
        assert!(listing.unreadable.is_empty());
        assert_eq!(listing.accounts.len(), 1);
        assert_eq!(listing.accounts[0].name, "old@example.com");
        assert_eq!(listing.accounts[0].note, "from before groups");
        assert!(listing.accounts[0].groups.is_empty());
        let exported = vault.export_all().unwrap();
        assert_eq!(
            exported[0].account.secret.expose(),
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        );
    }
}
