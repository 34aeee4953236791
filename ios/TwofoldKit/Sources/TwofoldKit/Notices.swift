// The short confirmations under the codes list ("Copied", "Deleted … Undo",
// "Backup saved"). One shows at a time, the newest wins, and each expires on
// its own, so an old Undo never hides a later confirmation and never stays
// on screen for ever.

import Foundation

public enum Notice: Equatable, Sendable {
    /// An account was moved to the trash; offers Undo while it shows.
    case deleted(accountId: String, label: String)
    case copied
    case backupSaved
}

public struct NoticeBoard: Sendable {
    private var current: (notice: Notice, until: TimeInterval)?

    public init() {}

    /// How long each notice stays, in seconds.
    public static func lifetime(of notice: Notice) -> TimeInterval {
        switch notice {
        case .deleted: return 8
        case .copied: return 3
        case .backupSaved: return 4
        }
    }

    public mutating func show(_ notice: Notice, at now: TimeInterval) {
        current = (notice, now + Self.lifetime(of: notice))
    }

    /// The notice on screen at `now`, `nil` once it expired.
    public func notice(at now: TimeInterval) -> Notice? {
        guard let current, now < current.until else { return nil }
        return current.notice
    }

    public mutating func dismiss() {
        current = nil
    }
}
