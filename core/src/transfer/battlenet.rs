//! Battle.net Authenticator (inside Blizzard's Battle.net app), from a
//! rooted Android device:
//! `shared_prefs/com.blizzard.messenger.authenticator_preferences.xml`.
//! Two preferences matter: `com.blizzard.messenger.AUTHENTICATOR_SERIAL`
//! (the serial, e.g. US-1234-5678-9012) and `…AUTHENTICATOR_DEVICE_SECRET`
//! (the key as hex text). Both are stored hex-encoded and XOR-masked with a
//! fixed 56-byte mask the app ships, as Aegis documents in its importer.
//! The codes are TOTP, SHA-1, 8 digits, 30 s; the serial becomes the
//! account name.

use super::fields::{clean_label, without_bom};
use super::{
    prefs_xml, raw_keys, EntryProblem, Format, ImportFile, PortableAccount, TransferError,
};
use crate::account::{Algorithm, NewAccount, OtpKind, OtpParams};
use crate::key::Field;
use zeroize::Zeroizing;

const FORMAT: Format = Format::BattleNetXml;
pub(super) const SECRET_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";

/// The app's fixed XOR mask over the stored values.
const MASK: [u8; 56] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
    0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b,
];

pub fn parse(text: &str) -> Result<ImportFile, TransferError> {
    let entries = prefs_xml::read(without_bom(text), FORMAT)?;
    let value = |key: &str| entries.iter().find(|e| e.name == key).map(|e| &e.value);
    let masked_secret = value(SECRET_KEY).ok_or_else(|| {
        TransferError::malformed(FORMAT, format!("there is no {SECRET_KEY} entry"))
    })?;
    let serial = value(SERIAL_KEY)
        .filter(|s| !s.trim().is_empty())
        .map(|masked| unmask("AUTHENTICATOR_SERIAL", masked));
    let mut file = ImportFile::new(FORMAT);
    let result = (|| {
        let serial = serial.transpose()?;
        let secret_hex = unmask("AUTHENTICATOR_DEVICE_SECRET", masked_secret)?;
        let secret = raw_keys::from_hex("AUTHENTICATOR_DEVICE_SECRET (unmasked)", &secret_hex)?;
        Ok::<_, String>(NewAccount {
            issuer: Some("Battle.net".into()),
            name: clean_label(Field::Name, serial.as_deref().map(|s| s.as_str()))?
                .unwrap_or_default(),
            secret,
            params: OtpParams {
                kind: OtpKind::Totp { period: 30 },
                algorithm: Algorithm::Sha1,
                digits: 8,
            },
        })
    })();
    match result {
        Ok(account) => file.accounts.push(PortableAccount::bare(account)),
        Err(reason) => file.problems.push(EntryProblem {
            position: 1,
            label: Some("Battle.net".into()),
            reason,
        }),
    }
    Ok(file)
}

/// Hex-decodes a stored value and removes the mask; the result is text.
fn unmask(field: &str, masked: &str) -> Result<Zeroizing<String>, String> {
    let bytes = raw_keys::from_hex(field, masked)?;
    if bytes.expose().len() > MASK.len() {
        return Err(format!(
            "{field}: {} bytes, longer than the app's {}-byte mask",
            bytes.expose().len(),
            MASK.len()
        ));
    }
    let plain: Zeroizing<Vec<u8>> = Zeroizing::new(
        bytes
            .expose()
            .iter()
            .zip(MASK)
            .map(|(byte, mask)| byte ^ mask)
            .collect(),
    );
    match std::str::from_utf8(&plain) {
        Ok(text) => Ok(Zeroizing::new(text.to_string())),
        Err(_) => Err(format!("{field}: the unmasked value is not text")),
    }
}
