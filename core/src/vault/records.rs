//! Row types: what is sealed inside each row (payloads, zeroized on drop) and
//! what the vault hands out (listable views without secrets).

use crate::account::NewAccount;
use crate::account::OtpParams;
use crate::key::MAX_KEY_BITS;
use crate::otp::Code;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The sealed part of an account row: everything but id, order and timestamps.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub(crate) struct AccountPayload {
    pub issuer: Option<String>,
    pub name: String,
    pub note: String,
    #[serde(deserialize_with = "secret_bytes")]
    pub secret: Vec<u8>,
    #[zeroize(skip)]
    pub params: OtpParams,
    /// Folder-like group names (as Aegis keeps them). Rows sealed before
    /// groups existed have no such field: they open with none.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl AccountPayload {
    /// What is sealed for a new account (an add or an import).
    pub(crate) fn new(account: &NewAccount, note: String, groups: Vec<String>) -> Self {
        AccountPayload {
            issuer: account.issuer.clone(),
            name: account.name.clone(),
            note,
            secret: account.secret.expose().to_vec(),
            params: account.params,
            groups,
        }
    }
}

/// Reads the key bytes into a buffer sized for the longest typed key, so no
/// smaller buffer holding a part of the key is freed unwiped as the list
/// grows (serde's `Vec<u8>` starts small and doubles). A longer key still
/// reads: each move wipes the buffer it leaves.
fn secret_bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    struct Bytes;
    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of key bytes")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_KEY_BITS / 8));
            while let Some(byte) = seq.next_element::<u8>()? {
                if bytes.len() == bytes.capacity() {
                    let mut larger = Zeroizing::new(Vec::with_capacity(bytes.capacity() * 2));
                    larger.extend_from_slice(&bytes);
                    bytes = larger;
                }
                bytes.push(byte);
            }
            Ok(std::mem::take(&mut *bytes))
        }
    }
    deserializer.deserialize_seq(Bytes)
}

/// The sealed part of a recovery-code row. `used_at` lives here too so that
/// clearing the plaintext column cannot make a used code usable again.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub(crate) struct RecoveryPayload {
    pub code: String,
    pub used_at: Option<u64>,
}

/// An account as listed and shown: no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// UUID.
    pub id: String,
    pub issuer: Option<String>,
    pub name: String,
    pub params: OtpParams,
    pub note: String,
    /// Group names, in the order given.
    pub groups: Vec<String>,
    /// Place in the user's order (smaller first).
    pub position: i64,
    pub created_at: u64,
    pub updated_at: u64,
}

impl Account {
    /// The account's label ("Issuer (name)"), by the one rule in [`crate::display::label`].
    pub fn label(&self) -> String {
        crate::display::label(self.issuer.as_deref(), &self.name)
    }
}

/// An account in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrashedAccount {
    pub account: Account,
    pub deleted_at: u64,
}

/// A row that failed authentication: it is reported, not fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableRow {
    pub table: &'static str,
    pub id: String,
}

/// The readable accounts in order, and the rows that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listing {
    pub accounts: Vec<Account>,
    pub unreadable: Vec<UnreadableRow>,
}

/// One account's current code. `code` is `None` for HOTP accounts, whose codes
/// are only produced by `next_hotp` (each one advances the counter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCode {
    pub account: Account,
    pub code: Option<Code>,
}

/// Codes for every readable account, and the rows that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodesListing {
    pub codes: Vec<AccountCode>,
    pub unreadable: Vec<UnreadableRow>,
}

/// A saved recovery code as listed: no code text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryCodeInfo {
    pub id: String,
    pub account_id: String,
    pub saved_at: u64,
    pub used_at: Option<u64>,
}

/// The trash: deleted accounts that can still be restored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrashListing {
    pub accounts: Vec<TrashedAccount>,
    pub unreadable: Vec<UnreadableRow>,
}

/// An account's recovery codes (no text), and any that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecoveryListing {
    pub codes: Vec<RecoveryCodeInfo>,
    pub unreadable: Vec<UnreadableRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(secret: Vec<u8>) -> Vec<u8> {
        let payload = AccountPayload {
            issuer: None,
            name: "n".into(),
            note: String::new(),
            secret,
            params: OtpParams::DEFAULT_TOTP,
            groups: Vec::new(),
        };
        let json = serde_json::to_vec(&payload).unwrap();
        let mut read: AccountPayload = serde_json::from_slice(&json).unwrap();
        std::mem::take(&mut read.secret)
    }

    #[test]
    fn secrets_of_every_length_read_back() {
        for length in [0, 1, 20, 64, MAX_KEY_BITS / 8, MAX_KEY_BITS / 8 + 1, 1000] {
            let secret: Vec<u8> = (0..length).map(|i| (i * 7 % 256) as u8).collect();
            assert_eq!(round_trip(secret.clone()), secret, "{length} bytes");
        }
    }

    #[test]
    fn a_secret_that_is_not_a_byte_list_is_refused() {
        let json = br#"{"issuer":null,"name":"n","note":"","secret":[1,300],"params":{"kind":{"Totp":{"period":30}},"algorithm":"Sha1","digits":6}}"#;
        assert!(serde_json::from_slice::<AccountPayload>(json).is_err());
        let json = br#"{"issuer":null,"name":"n","note":"","secret":"AB","params":{"kind":{"Totp":{"period":30}},"algorithm":"Sha1","digits":6}}"#;
        assert!(serde_json::from_slice::<AccountPayload>(json).is_err());
    }
}
