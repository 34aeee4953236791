// How codes and countdowns are shown and read aloud: pure functions, used by
// the code list and the enrollment's "show code" screen alike.

import Foundation

public enum CodeDisplay {
    /// Seconds until `validUntil`, rounded up (a code valid for 0.2 s more
    /// shows "1"), never negative.
    public static func secondsLeft(validUntil: UInt64, now: Date) -> Int {
        let remaining = Double(validUntil) - now.timeIntervalSince1970
        return remaining <= 0 ? 0 : Int(remaining.rounded(.up))
    }

    /// Fraction of the code's lifetime still left, 1 when fresh, 0 when
    /// expired: what a countdown ring draws.
    public static func fractionLeft(code: OneTimeCode, now: Date) -> Double {
        guard let until = code.validUntil, until > code.validFrom else { return 1 }
        let total = Double(until - code.validFrom)
        let remaining = Double(until) - now.timeIntervalSince1970
        return min(1, max(0, remaining / total))
    }

    /// Whether the code has stopped being current at `now`.
    public static func isExpired(_ code: OneTimeCode, now: Date) -> Bool {
        guard let until = code.validUntil else { return false }
        return now.timeIntervalSince1970 >= Double(until)
    }

    /// Groups a code for reading: "123 456", "1234 5678", "123 4567",
    /// "123 456 789", "12345 67890". Codes of five or fewer characters (Steam)
    /// stay whole.
    public static func grouped(_ value: String) -> String {
        let characters = Array(value)
        let count = characters.count
        guard count > 5 else { return value }
        var groups: [String] = []
        if count % 3 == 0 {
            var index = 0
            while index < count {
                groups.append(String(characters[index..<index + 3]))
                index += 3
            }
        } else {
            let first = count / 2
            groups = [String(characters[0..<first]), String(characters[first...])]
        }
        return groups.joined(separator: " ")
    }

    /// The code as VoiceOver should read it: one character at a time
    /// ("1 2 3 4 5 6"), not "one hundred twenty-three thousand…".
    public static func spoken(_ value: String) -> String {
        value.map(String.init).joined(separator: " ")
    }

    /// "12 seconds left" / "1 second left".
    public static func secondsLeftText(_ seconds: Int) -> String {
        seconds == 1 ? "1 second left" : "\(seconds) seconds left"
    }
}

/// What the app puts on the pasteboard when a code is copied: the code, and
/// when the system should remove it again
/// (`UIPasteboard.setItems(_:options:)` with `.expirationDate`).
public struct ClipboardItem: Equatable, Sendable {
    public var text: String
    public var expiresAt: Date

    public init(text: String, expiresAt: Date) {
        self.text = text
        self.expiresAt = expiresAt
    }
}

/// How long a copied code stays on the pasteboard.
public struct CopyPolicy: Equatable, Sendable {
    /// Time after a TOTP code's end during which servers usually still accept
    /// it (one step of clock drift).
    public var graceAfterExpiry: TimeInterval
    /// Upper bound for any copied code.
    public var maximumLifetime: TimeInterval
    /// Lower bound, so a code copied one second before it rolls over can
    /// still be pasted.
    public var minimumLifetime: TimeInterval

    public init(graceAfterExpiry: TimeInterval, maximumLifetime: TimeInterval, minimumLifetime: TimeInterval) {
        self.graceAfterExpiry = graceAfterExpiry
        self.maximumLifetime = maximumLifetime
        self.minimumLifetime = minimumLifetime
    }

    public static let standard = CopyPolicy(graceAfterExpiry: 30, maximumLifetime: 90, minimumLifetime: 15)

    /// The pasteboard item for `code` copied at `now`.
    public func item(for code: OneTimeCode, now: Date) -> ClipboardItem {
        let latest = now.addingTimeInterval(maximumLifetime)
        let earliest = now.addingTimeInterval(minimumLifetime)
        var expiry = latest
        if let until = code.validUntil {
            let accepted = Date(timeIntervalSince1970: Double(until) + graceAfterExpiry)
            expiry = min(latest, max(earliest, accepted))
        }
        return ClipboardItem(text: code.value, expiresAt: expiry)
    }
}
