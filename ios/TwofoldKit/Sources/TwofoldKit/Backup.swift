// The backup reminder banner of the codes list. The core decides when a
// reminder is due (`backup_reminder`: never backed up, or unsaved changes a
// day old or five of them); the kit adds the user's "Not Now", which hides
// the banner until the next change.

import Foundation

/// Mirror of the core's `BackupReminder`.
public enum BackupReminder: Equatable, Sendable {
    case upToDate
    case neverBackedUp(accounts: UInt32)
    case changesNotBackedUp(changes: UInt32, lastBackupAt: UInt64)
}

public enum BackupBanner {
    /// The reminder to show now, or `nil` for no banner.
    public static func reminder(
        core: CoreGateway, settings: AppSettings, accounts: Int, unixSeconds: UInt64
    ) -> BackupReminder? {
        let reminder = core.backupReminder(
            accounts: UInt32(clamping: accounts), changesSinceBackup: settings.changesSinceBackup,
            lastBackupAt: settings.lastBackupAt, unixSeconds: unixSeconds)
        if reminder == .upToDate { return nil }
        if let dismissed = settings.reminderDismissedAtChanges, settings.changesSinceBackup <= dismissed {
            return nil
        }
        return reminder
    }
}
