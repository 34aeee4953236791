// The core's password strength estimate and floor, as the "choose a new
// password" screens show them. The rule lives only in the core: the kit
// asks it as the user types and never judges a password itself.

import Foundation

/// Why a password is easy to guess (the core's reason; the app words each
/// case from its String Catalog, key `password.weakness.<rawValue>`).
public enum PasswordWeakness: String, CaseIterable, Equatable, Sendable {
    case empty
    /// Nothing to blame but length: another word or two.
    case tooShort
    case topTenPassword
    case topHundredPassword
    case commonPassword
    case similarToCommonPassword
    /// A single dictionary word (or a reversed or l33t one).
    case singleWord
    /// A straight row of keys ("qwerty").
    case straightRow
    /// A short keyboard pattern with few turns.
    case keyboardPattern
    /// One character repeated ("aaa").
    case repeatedCharacter
    /// A group repeated ("abcabc").
    case repeatedGroup
    /// A sequence ("abc", "6543").
    case sequence
    case recentYear
    case date
}

/// How guessable a password is, from the core.
public struct PasswordStrength: Equatable, Sendable {
    /// 0 (guessed at once) to 4 (more than 10^10 guesses); the app words each
    /// score from its String Catalog, key `password.score.<score>`.
    public var score: UInt8
    /// Estimated guesses an attacker needs.
    public var guesses: UInt64
    public var guessesLog10: Double
    /// The main reason it is weak, if there is one to name.
    public var weakness: PasswordWeakness?
    /// At or above the core's floor: the core accepts it for a new vault,
    /// password slot or encrypted export.
    public var acceptable: Bool

    public init(score: UInt8, guesses: UInt64, guessesLog10: Double, weakness: PasswordWeakness?, acceptable: Bool) {
        self.score = score
        self.guesses = guesses
        self.guessesLog10 = guessesLog10
        self.weakness = weakness
        self.acceptable = acceptable
    }
}

/// The core's estimate (cheap: call it on every keystroke). `CoreGateway`
/// provides it; the screen models take only this.
public protocol PasswordStrengthEstimating: Sendable {
    func passwordStrength(_ password: String) -> PasswordStrength
}

/// Why a new password (typed twice) cannot be used.
public enum PasswordProblem: Equatable, Sendable {
    /// Nothing typed.
    case empty
    /// Below the core's floor (the estimate as the user typed, or the core's
    /// refusal when saving), with its reason if it names one.
    case tooWeak(PasswordWeakness?)
    /// The confirmation differs.
    case mismatch

    /// `nil` when `password`, typed twice, is usable; `strength` is the core's
    /// estimate of `password`.
    public static func check(_ password: String, confirmation: String, strength: PasswordStrength) -> PasswordProblem? {
        if password.isEmpty { return .empty }
        if !strength.acceptable { return .tooWeak(strength.weakness) }
        if password != confirmation { return .mismatch }
        return nil
    }

    /// The problem a failed save reports, when the core's floor refused it.
    public static func refusal(_ failure: CoreFailure) -> PasswordProblem? {
        if case let .passwordTooWeak(weakness) = failure.kind { return .tooWeak(weakness) }
        return nil
    }
}

/// The strength meter of one "new password" field: the latest estimate of
/// what the user typed, as data for the view (score, weakness, acceptable).
public struct PasswordMeter: Sendable {
    public private(set) var strength: PasswordStrength?
    private let estimator: PasswordStrengthEstimating

    public init(estimator: PasswordStrengthEstimating) {
        self.estimator = estimator
    }

    /// The user typed: `nil` again when the field is empty (no meter shown).
    public mutating func update(_ password: String) {
        strength = password.isEmpty ? nil : estimator.passwordStrength(password)
    }

    public mutating func reset() {
        strength = nil
    }

    /// The check of `password` typed twice, with a fresh estimate.
    public func problem(_ password: String, confirmation: String) -> PasswordProblem? {
        PasswordProblem.check(password, confirmation: confirmation, strength: estimator.passwordStrength(password))
    }
}
