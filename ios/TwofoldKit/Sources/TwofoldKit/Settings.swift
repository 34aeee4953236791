// The user's settings (the same options as the Android app) and what the app
// remembers about backups, kept in a small key-value store: UserDefaults in
// the app, a dictionary in the tests. No secret is ever stored here.

import Foundation

/// Where settings live.
public protocol SettingsStore: AnyObject {
    func string(forKey key: String) -> String?
    func setString(_ value: String?, forKey key: String)
}

/// A store in memory (tests, previews).
public final class MemorySettingsStore: SettingsStore {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public func string(forKey key: String) -> String? { values[key] }

    public func setString(_ value: String?, forKey key: String) { values[key] = value }
}

public struct AppSettings: Equatable, Sendable {
    public var autoLock: AutoLockDelay = .standard
    /// Seconds a copied code stays on the pasteboard at most.
    public var clipboardClearSeconds: Int = 30
    public var lockMethod: LockMethod = .biometrics
    /// Edits (adds, renames, deletions, imports, reorders) since the last backup.
    public var changesSinceBackup: UInt32 = 0
    /// When the last encrypted export was saved (unix seconds).
    public var lastBackupAt: UInt64?
    /// The backup banner was dismissed at this many changes: it stays hidden
    /// until the next change.
    public var reminderDismissedAtChanges: UInt32?

    public init() {}

    public static let clipboardChoices = [15, 30, 60, 120]
}

/// Reads and writes `AppSettings`; every change is saved at once.
public final class SettingsModel {
    public private(set) var settings: AppSettings
    private let store: SettingsStore

    public init(store: SettingsStore) {
        self.store = store
        var loaded = AppSettings()
        if let raw = store.string(forKey: Keys.autoLock), let delay = AutoLockDelay(rawValue: raw) {
            loaded.autoLock = delay
        }
        if let raw = store.string(forKey: Keys.clipboard), let seconds = Int(raw),
           AppSettings.clipboardChoices.contains(seconds) {
            loaded.clipboardClearSeconds = seconds
        }
        if let raw = store.string(forKey: Keys.lockMethod), let method = LockMethod(rawValue: raw) {
            loaded.lockMethod = method
        }
        loaded.changesSinceBackup = store.string(forKey: Keys.changes).flatMap { UInt32($0) } ?? 0
        loaded.lastBackupAt = store.string(forKey: Keys.lastBackup).flatMap { UInt64($0) }
        loaded.reminderDismissedAtChanges = store.string(forKey: Keys.dismissed).flatMap { UInt32($0) }
        settings = loaded
    }

    public func setAutoLock(_ delay: AutoLockDelay) {
        change { $0.autoLock = delay }
    }

    /// Only the offered choices are accepted.
    public func setClipboardClearSeconds(_ seconds: Int) {
        guard AppSettings.clipboardChoices.contains(seconds) else { return }
        change { $0.clipboardClearSeconds = seconds }
    }

    /// Set by the lock-method switch once the vault's key slots match.
    public func setLockMethod(_ method: LockMethod) {
        change { $0.lockMethod = method }
    }

    /// The vault changed (`count` edits); saturates instead of wrapping.
    public func recordChanges(_ count: Int = 1) {
        guard count > 0 else { return }
        change {
            let (sum, overflow) = $0.changesSinceBackup.addingReportingOverflow(UInt32(clamping: count))
            $0.changesSinceBackup = overflow ? .max : sum
        }
    }

    /// An encrypted export was saved at `unixSeconds`.
    public func recordBackup(at unixSeconds: UInt64) {
        change {
            $0.lastBackupAt = unixSeconds
            $0.changesSinceBackup = 0
            $0.reminderDismissedAtChanges = nil
        }
    }

    /// "Not Now" on the backup banner.
    public func dismissReminder() {
        change { $0.reminderDismissedAtChanges = $0.changesSinceBackup }
    }

    /// The vault was erased: back to the defaults, so nothing (a backup date
    /// that would satisfy the recovery rule) carries over to the next vault.
    public func reset() {
        change { $0 = AppSettings() }
    }

    /// The pasteboard limit chosen: a code goes at most
    /// `clipboardClearSeconds` after copying (the core's rule decides within it).
    public var copyPolicy: CopyPolicy {
        CopyPolicy(limitSeconds: UInt32(clamping: settings.clipboardClearSeconds))
    }

    private func change(_ edit: (inout AppSettings) -> Void) {
        var next = settings
        edit(&next)
        guard next != settings else { return }
        settings = next
        store.setString(next.autoLock.rawValue, forKey: Keys.autoLock)
        store.setString(String(next.clipboardClearSeconds), forKey: Keys.clipboard)
        store.setString(next.lockMethod.rawValue, forKey: Keys.lockMethod)
        store.setString(String(next.changesSinceBackup), forKey: Keys.changes)
        store.setString(next.lastBackupAt.map(String.init), forKey: Keys.lastBackup)
        store.setString(next.reminderDismissedAtChanges.map(String.init), forKey: Keys.dismissed)
    }

    enum Keys {
        static let autoLock = "autoLock"
        static let clipboard = "clipboardClearSeconds"
        static let lockMethod = "lockMethod"
        static let changes = "changesSinceBackup"
        static let lastBackup = "lastBackupAt"
        static let dismissed = "backupReminderDismissedAtChanges"
    }
}
