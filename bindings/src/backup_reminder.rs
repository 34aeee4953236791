//! The backup reminder rule (`twofold_core::backup_reminder`) for the apps'
//! codes-list banner.

/// What the codes list should say about backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BackupReminder {
    /// Nothing to say.
    UpToDate,
    /// Accounts exist and none was ever backed up.
    NeverBackedUp { accounts: u32 },
    /// Edits since the backup made at `last_backup_at` (unix seconds).
    ChangesNotBackedUp { changes: u32, last_backup_at: u64 },
}

impl From<twofold_core::backup_reminder::BackupReminder> for BackupReminder {
    fn from(reminder: twofold_core::backup_reminder::BackupReminder) -> Self {
        use twofold_core::backup_reminder::BackupReminder as Core;
        match reminder {
            Core::UpToDate => BackupReminder::UpToDate,
            Core::NeverBackedUp { accounts } => BackupReminder::NeverBackedUp { accounts },
            Core::ChangesNotBackedUp {
                changes,
                last_backup_at,
            } => BackupReminder::ChangesNotBackedUp {
                changes,
                last_backup_at,
            },
        }
    }
}

/// The reminder for `accounts` accounts with `changes_since_backup` edits
/// after the last successful backup at `last_backup_at` (None: never), at
/// `unix_seconds`. The app counts edits and resets the count on each backup.
#[uniffi::export]
pub fn backup_reminder(
    accounts: u32,
    changes_since_backup: u32,
    last_backup_at: Option<u64>,
    unix_seconds: u64,
) -> BackupReminder {
    twofold_core::backup_reminder::backup_reminder(
        accounts,
        changes_since_backup,
        last_backup_at,
        unix_seconds,
    )
    .into()
}
