//! When to remind the user to back up: the one rule both apps show as a
//! banner (issue 15, after Aegis's backup reminder).
//!
//! A vault with accounts and no backup is at risk from the first account on.
//! After a backup, edits since it are at risk too, but a banner right after
//! every single edit would nag: remind once the unsaved changes are a day old
//! or there are several of them.

/// Unsaved changes worth a reminder even before they are a day old.
pub const CHANGES_THAT_REMIND_AT_ONCE: u32 = 5;

/// How long a few unsaved changes may wait before the reminder shows.
pub const GRACE_SECONDS: u64 = 24 * 60 * 60;

/// What the codes list should say about backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReminder {
    /// Nothing to say: no accounts, or everything is in the last backup
    /// (or the changes are too few and too recent to nag about).
    UpToDate,
    /// Accounts exist and none was ever backed up.
    NeverBackedUp { accounts: u32 },
    /// `changes` edits (adds, renames, deletions…) since the backup made at
    /// `last_backup_at`.
    ChangesNotBackedUp { changes: u32, last_backup_at: u64 },
}

/// The reminder for a vault of `accounts` accounts, `changes_since_backup`
/// edits made after the last successful backup (if any) at `last_backup_at`,
/// at time `now` (unix seconds).
pub fn backup_reminder(
    accounts: u32,
    changes_since_backup: u32,
    last_backup_at: Option<u64>,
    now: u64,
) -> BackupReminder {
    if accounts == 0 {
        return BackupReminder::UpToDate;
    }
    let Some(last_backup_at) = last_backup_at else {
        return BackupReminder::NeverBackedUp { accounts };
    };
    if changes_since_backup == 0 {
        return BackupReminder::UpToDate;
    }
    // A clock set back before the backup counts as "just now", not as old.
    let age = now.saturating_sub(last_backup_at);
    if changes_since_backup >= CHANGES_THAT_REMIND_AT_ONCE || age >= GRACE_SECONDS {
        BackupReminder::ChangesNotBackedUp {
            changes: changes_since_backup,
            last_backup_at,
        }
    } else {
        BackupReminder::UpToDate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_800_000_000;

    #[test]
    fn an_empty_vault_needs_no_backup() {
        assert_eq!(backup_reminder(0, 0, None, T), BackupReminder::UpToDate);
        assert_eq!(
            backup_reminder(0, 3, Some(T - GRACE_SECONDS), T),
            BackupReminder::UpToDate
        );
    }

    #[test]
    fn accounts_never_backed_up_remind_at_once() {
        assert_eq!(
            backup_reminder(1, 1, None, T),
            BackupReminder::NeverBackedUp { accounts: 1 }
        );
    }

    #[test]
    fn a_backup_with_no_later_change_is_up_to_date_however_old() {
        assert_eq!(backup_reminder(4, 0, Some(0), T), BackupReminder::UpToDate);
    }

    #[test]
    fn a_few_fresh_changes_wait_for_the_grace_period() {
        let last = T - GRACE_SECONDS + 1;
        assert_eq!(
            backup_reminder(4, 1, Some(last), T),
            BackupReminder::UpToDate
        );
        assert_eq!(
            backup_reminder(4, 1, Some(last), T + 1),
            BackupReminder::ChangesNotBackedUp {
                changes: 1,
                last_backup_at: last
            }
        );
    }

    #[test]
    fn many_changes_remind_at_once() {
        assert_eq!(
            backup_reminder(9, CHANGES_THAT_REMIND_AT_ONCE, Some(T), T),
            BackupReminder::ChangesNotBackedUp {
                changes: CHANGES_THAT_REMIND_AT_ONCE,
                last_backup_at: T
            }
        );
        assert_eq!(
            backup_reminder(9, CHANGES_THAT_REMIND_AT_ONCE - 1, Some(T), T),
            BackupReminder::UpToDate
        );
    }

    #[test]
    fn a_clock_set_back_does_not_age_the_backup() {
        assert_eq!(
            backup_reminder(2, 1, Some(T), T - 10 * GRACE_SECONDS),
            BackupReminder::UpToDate
        );
    }
}
