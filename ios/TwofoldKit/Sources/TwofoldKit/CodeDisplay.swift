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

/// The core's display rules that take input from the screens (the search
/// text, the copy time); labels and grouped codes arrive ready in the records.
public protocol DisplayRules: Sendable {
    /// Whether the codes-list search `query` shows the account: every word in
    /// its issuer or name, case and accents ignored.
    func matchesSearch(_ query: String, issuer: String?, name: String) -> Bool
    /// When (unix seconds) to clear a code copied at `copiedAt`: 30 s after
    /// `validUntil`, within `limitSeconds` of copying, at least 15 s.
    func clipboardClearAt(copiedAt: UInt64, validUntil: UInt64?, limitSeconds: UInt32) -> UInt64
}

/// How long a copied code may stay on the pasteboard: the user's limit; the
/// core's rule (`DisplayRules.clipboardClearAt`) decides within it.
public struct CopyPolicy: Equatable, Sendable {
    public var limitSeconds: UInt32

    public init(limitSeconds: UInt32) {
        self.limitSeconds = limitSeconds
    }

    public static let standard = CopyPolicy(limitSeconds: 30)

    /// The pasteboard item for `code` copied at `now`.
    public func item(for code: OneTimeCode, now: Date, rules: DisplayRules) -> ClipboardItem {
        let copiedAt = UInt64(max(0, now.timeIntervalSince1970))
        let clearAt = rules.clipboardClearAt(copiedAt: copiedAt, validUntil: code.validUntil, limitSeconds: limitSeconds)
        return ClipboardItem(text: code.value, expiresAt: Date(timeIntervalSince1970: Double(clearAt)))
    }
}
