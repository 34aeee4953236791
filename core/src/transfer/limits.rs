//! How much one import may ask of the device. Every count and size read from
//! an import file is checked against these before anything of that size is
//! built, so a hostile file is refused quickly with a clear error instead of
//! exhausting memory. The numbers are far above any real export:
//!
//! - [`MAX_IMPORT_FILE_BYTES`], 64 MiB: an Aegis export of 100,000 accounts is
//!   about 35 MB (50 MB encrypted, as Base64); real exports are kilobytes.
//! - [`MAX_IMPORT_ENTRIES`], 100,000 entries per file (accounts and unreadable
//!   entries together): above the 80,000-account stress case, while a full
//!   file of them still fits a phone's memory.
//! - [`MAX_GOOGLE_BATCH_CODES`], 100 QR codes per Google Authenticator export:
//!   Google puts about 10 accounts in each code, so 100 codes hold some 1,000
//!   accounts; real exports have a few.
//! - [`MAX_JSON_VALUES`], 4,000,000 JSON values (objects, lists, strings,
//!   numbers…) per JSON file: 40 per entry on average at the entry limit;
//!   real entries have 10 to 30. Parsing builds one node per value, so this
//!   bounds the parser's memory before it runs.
//! - [`MAX_PROBLEMS_SHOWN`]: a list of per-entry problems shows the first 20
//!   and summarises the rest.

use super::TransferError;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Largest import file read, in bytes.
pub const MAX_IMPORT_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Most entries (readable or not) imported from one file or one Google export.
pub const MAX_IMPORT_ENTRIES: usize = 100_000;
/// Most QR codes one Google Authenticator export may claim to have.
pub const MAX_GOOGLE_BATCH_CODES: i32 = 100;
/// Most JSON values in one JSON import file (or decrypted JSON inside one).
pub const MAX_JSON_VALUES: usize = 4_000_000;
/// Per-entry problems listed one by one; the rest are counted.
pub const MAX_PROBLEMS_SHOWN: usize = 20;

/// Refuses a file larger than [`MAX_IMPORT_FILE_BYTES`].
pub fn check_file_size(bytes: u64) -> Result<(), TransferError> {
    if bytes > MAX_IMPORT_FILE_BYTES as u64 {
        return Err(TransferError::FileTooLarge {
            bytes,
            limit: MAX_IMPORT_FILE_BYTES as u64,
        });
    }
    Ok(())
}

/// Refuses more than [`MAX_IMPORT_ENTRIES`] entries.
pub fn check_entry_count(entries: usize) -> Result<(), TransferError> {
    if entries > MAX_IMPORT_ENTRIES {
        return Err(TransferError::TooManyEntries {
            limit: MAX_IMPORT_ENTRIES,
        });
    }
    Ok(())
}

/// Walks `json` without building it and refuses it when it holds more than
/// [`MAX_JSON_VALUES`] values. Syntax errors are left to the real parser,
/// which reports them precisely.
pub fn check_json_values(json: &[u8]) -> Result<(), TransferError> {
    let mut counter = ValueCounter {
        seen: 0,
        limit: MAX_JSON_VALUES,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match (&mut counter).deserialize(&mut deserializer) {
        Err(_) if counter.seen > counter.limit => Err(TransferError::TooManyJsonValues {
            limit: MAX_JSON_VALUES,
        }),
        _ => Ok(()),
    }
}

/// `n` with thousands separators (defined beside `kdf_limits::ByteSize`).
pub use crate::kdf_limits::grouped;

/// Counts JSON values as serde reads them, keeping none; stops past `limit`.
struct ValueCounter {
    seen: usize,
    limit: usize,
}

impl ValueCounter {
    fn count<E: de::Error>(&mut self) -> Result<(), E> {
        self.seen += 1;
        if self.seen > self.limit {
            return Err(E::custom("too many JSON values"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for &mut ValueCounter {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &mut ValueCounter {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.count()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.count()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.count()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.count()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.count()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.count()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.count()?;
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.count()?;
        // A key is a string that becomes a node of its own in the parsed map.
        while map.next_key::<IgnoredAny>()?.is_some() {
            self.count()?;
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_counts() {
        assert_eq!(grouped(0u32), "0");
        assert_eq!(grouped(999u32), "999");
        assert_eq!(grouped(1_000u32), "1,000");
        assert_eq!(grouped(3_999_990u32), "3,999,990");
        assert_eq!(grouped(100_000u32), "100,000");
    }

    #[test]
    fn json_values_are_counted_without_building_them() {
        assert_eq!(check_json_values(br#"{"a":[1,2,{"b":null}]}"#), Ok(()));
        // Broken JSON is for the real parser to report.
        assert_eq!(check_json_values(b"{not json"), Ok(()));
        let mut many = String::from("[");
        for _ in 0..MAX_JSON_VALUES {
            many.push_str("0,");
        }
        many.push_str("0]");
        assert_eq!(
            check_json_values(many.as_bytes()),
            Err(TransferError::TooManyJsonValues {
                limit: MAX_JSON_VALUES
            })
        );
    }
}
