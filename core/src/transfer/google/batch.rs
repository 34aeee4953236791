//! Gathering the QR codes of one multi-code export, in any order, within
//! the limits on codes and entries.

use super::FORMAT;
use crate::transfer::limits::{self, MAX_GOOGLE_BATCH_CODES, MAX_IMPORT_ENTRIES};
use crate::transfer::{
    EntryProblem, GoogleBatch, ImportFile, IncompleteGoogleExport, TransferError,
};
use std::collections::BTreeMap;

/// Why a scanned QR code does not belong with the ones collected so far.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("this is not a Google Authenticator export QR code")]
    NotGoogleExport,
    #[error("this QR code is from a different export (batch {found}; the codes scanned so far are from batch {expected}): scan the codes of one export only")]
    ForeignBatch { expected: i32, found: i32 },
    #[error("this QR code says it is one of {found} codes, the others said {expected}")]
    SizeMismatch { expected: i32, found: i32 },
    #[error("this QR code says it is number {} of {size}, which cannot be", *index as i64 + 1)]
    IndexOutOfRange { index: i32, size: i32 },
    #[error(
        "this QR code says it is number {} of {} codes; a Google Authenticator export has at most {limit}",
        limits::grouped((*index as i64 + 1).max(0) as u64),
        limits::grouped(*size as u64)
    )]
    TooManyCodes { index: i32, size: i32, limit: i32 },
    #[error(
        "these QR codes hold more than {} entries, the most Twofold imports at once",
        limits::grouped(*limit as u64)
    )]
    TooManyEntries { limit: usize },
}

/// Refuses a claimed batch size above [`MAX_GOOGLE_BATCH_CODES`], so nothing
/// of the claimed size (the list of missing codes, progress) is ever built.
pub(super) fn check_batch_size(index: i32, size: i32) -> Result<(), BatchError> {
    if size > MAX_GOOGLE_BATCH_CODES {
        return Err(BatchError::TooManyCodes {
            index,
            size,
            limit: MAX_GOOGLE_BATCH_CODES,
        });
    }
    Ok(())
}

impl From<BatchError> for TransferError {
    fn from(error: BatchError) -> Self {
        TransferError::malformed(FORMAT, error.to_string())
    }
}

/// What [`BatchCollector::add`] did with a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAdd {
    /// A code not seen before.
    Added,
    /// This code was already scanned; nothing changed.
    AlreadyScanned,
}

/// Gathers the QR codes of one multi-code Google Authenticator export as the
/// user scans them, in any order. Importing is left to the caller (when the
/// user chooses), so nothing is applied automatically.
#[derive(Debug, Default)]
pub struct BatchCollector {
    /// Batch id and size, fixed by the first code scanned.
    batch: Option<(i32, i32)>,
    parts: BTreeMap<i32, ImportFile>,
}

impl BatchCollector {
    pub fn new() -> Self {
        BatchCollector::default()
    }

    /// Adds one scanned code (parsed with [`super::parse_uri`]).
    pub fn add(&mut self, file: ImportFile) -> Result<BatchAdd, BatchError> {
        let batch = file.google_batch.ok_or(BatchError::NotGoogleExport)?;
        check_batch_size(batch.index, batch.size)?;
        // Old single-code exports leave the size at 0.
        let size = batch.size.max(1);
        if let Some((expected_id, expected_size)) = self.batch {
            if batch.batch_id != expected_id {
                return Err(BatchError::ForeignBatch {
                    expected: expected_id,
                    found: batch.batch_id,
                });
            }
            if size != expected_size {
                return Err(BatchError::SizeMismatch {
                    expected: expected_size,
                    found: size,
                });
            }
        }
        if batch.index < 0 || batch.index >= size {
            return Err(BatchError::IndexOutOfRange {
                index: batch.index,
                size,
            });
        }
        if self.parts.contains_key(&batch.index) {
            self.batch = Some((batch.batch_id, size));
            return Ok(BatchAdd::AlreadyScanned);
        }
        let entries = |file: &ImportFile| file.accounts.len() + file.problems.len();
        let collected: usize = self.parts.values().map(entries).sum();
        if collected + entries(&file) > MAX_IMPORT_ENTRIES {
            return Err(BatchError::TooManyEntries {
                limit: MAX_IMPORT_ENTRIES,
            });
        }
        self.batch = Some((batch.batch_id, size));
        self.parts.insert(batch.index, file);
        Ok(BatchAdd::Added)
    }

    /// How many codes the export has (0 before the first scan).
    pub fn size(&self) -> i32 {
        self.batch.map_or(0, |(_, size)| size)
    }

    /// 0-based indices of the codes not scanned yet (empty before the first
    /// scan); at most [`MAX_GOOGLE_BATCH_CODES`] of them.
    pub fn missing_indices(&self) -> Vec<i32> {
        (0..self.size())
            .filter(|index| !self.parts.contains_key(index))
            .collect()
    }

    /// True once every code of the export has been scanned.
    pub fn is_complete(&self) -> bool {
        self.batch.is_some() && self.missing_indices().is_empty()
    }

    /// The export's missing codes, `None` when every code was scanned (or
    /// none yet).
    pub fn incomplete(&self) -> Option<IncompleteGoogleExport> {
        let missing = self.missing_indices();
        (!missing.is_empty()).then(|| IncompleteGoogleExport {
            size: self.size(),
            missing,
        })
    }

    /// Everything scanned so far as one import, in batch order, with the
    /// codes still missing in `incomplete_google`. Problem positions count
    /// entries across the whole export.
    pub fn into_import(self) -> ImportFile {
        let mut merged = ImportFile::new(FORMAT);
        merged.incomplete_google.extend(self.incomplete());
        merged.google_batch = self.batch.map(|(batch_id, size)| GoogleBatch {
            batch_id,
            index: 0,
            size,
        });
        let mut entries_before = 0;
        for (_, part) in self.parts {
            let entries = part.accounts.len() + part.problems.len();
            merged.accounts.extend(part.accounts);
            merged
                .problems
                .extend(part.problems.into_iter().map(|problem| EntryProblem {
                    position: problem.position + entries_before,
                    ..problem
                }));
            entries_before += entries;
        }
        merged
    }
}

/// The Google Authenticator exports of a list of `otpauth-migration://`
/// lines whose codes are not all there. Each export has its own batch id, so
/// codes are filed by it (a map: a file of many exports stays linear). Lines
/// that do not parse or do not fit their export are the importer's to report.
pub fn incomplete_exports<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<IncompleteGoogleExport> {
    let mut collectors: BTreeMap<i32, BatchCollector> = BTreeMap::new();
    for line in lines.map(str::trim) {
        let is_export = line
            .get(..super::SCHEME.len())
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case(super::SCHEME));
        if !is_export {
            continue;
        }
        let Ok(part) = super::parse_uri(line) else {
            continue;
        };
        let Some(batch) = part.google_batch else {
            continue;
        };
        let _ = collectors.entry(batch.batch_id).or_default().add(part);
    }
    collectors
        .values()
        .filter_map(BatchCollector::incomplete)
        .collect()
}
