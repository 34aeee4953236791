// When the vault locks by itself: after the chosen time in the background,
// measured on a clock the user cannot move, and never while a system picker
// the app opened (file importer/exporter, photo picker) is on screen, since
// locking would drop the file the user is choosing.

import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that only moves forward, including while the phone
/// sleeps. Changing the date in Settings does not move it, so setting the
/// clock back cannot skip the auto-lock.
public struct MonotonicClock: Sendable {
    public var seconds: @Sendable () -> TimeInterval

    public init(seconds: @escaping @Sendable () -> TimeInterval) {
        self.seconds = seconds
    }

    /// Darwin's `CLOCK_MONOTONIC` keeps counting while the system is asleep
    /// (clock_gettime(3)); `ProcessInfo.systemUptime` and `CLOCK_UPTIME_RAW`
    /// stop, which would let a phone that slept in a pocket for an hour come
    /// back unlocked. Linux's equivalent is `CLOCK_BOOTTIME`.
    public static let system = MonotonicClock {
        var spec = timespec()
        #if canImport(Darwin)
        clock_gettime(CLOCK_MONOTONIC, &spec)
        #else
        clock_gettime(CLOCK_BOOTTIME, &spec)
        #endif
        return TimeInterval(spec.tv_sec) + TimeInterval(spec.tv_nsec) / 1_000_000_000
    }
}

/// How long the app may stay in the background before the vault locks (the
/// same choices as the Android app).
public enum AutoLockDelay: String, CaseIterable, Sendable {
    case immediately
    case after30Seconds
    case after1Minute
    case after5Minutes
    case never

    /// `nil`: never.
    public var seconds: TimeInterval? {
        switch self {
        case .immediately: return 0
        case .after30Seconds: return 30
        case .after1Minute: return 60
        case .after5Minutes: return 300
        case .never: return nil
        }
    }

    public static let standard = AutoLockDelay.after30Seconds
}

/// The auto-lock rule, on a monotonic clock. The app reports scene changes
/// and pickers; the policy answers whether to lock now.
public struct AutoLockPolicy: Sendable {
    public var delay: AutoLockDelay
    /// While an enrollment runs the user switches to the site (often Safari on
    /// the same phone) to type the code: allow at least this long.
    public var enrollmentAllowance: TimeInterval
    /// While a picker the app opened is showing, allow at least this long (the
    /// user browses Files or Photos); after that the vault locks anyway, so a
    /// phone left with a picker open does not stay unlocked for ever.
    public var pickerAllowance: TimeInterval

    private var leftAt: TimeInterval?
    private var openPickers = 0
    /// A picker was open at some point while the app was away.
    private var pickerOpenWhileAway = false

    public init(delay: AutoLockDelay = .standard, enrollmentAllowance: TimeInterval = 600, pickerAllowance: TimeInterval = 600) {
        self.delay = delay
        self.enrollmentAllowance = enrollmentAllowance
        self.pickerAllowance = pickerAllowance
    }

    /// A picker the app launched is on screen.
    public var isSuspended: Bool { openPickers > 0 }

    /// The scene went to the background at `now`. Returns true when the vault
    /// must lock right away ("Immediately", no picker open).
    public mutating func enteredBackground(at now: TimeInterval, enrolling: Bool) -> Bool {
        if leftAt == nil {
            leftAt = now
            pickerOpenWhileAway = isSuspended
        }
        return limit(enrolling: enrolling) == 0
    }

    /// The scene is active again at `now`. Returns true when the time away
    /// reached the limit.
    public mutating func becameActive(at now: TimeInterval, enrolling: Bool) -> Bool {
        guard let since = leftAt else { return false }
        leftAt = nil
        let limit = limit(enrolling: enrolling)
        pickerOpenWhileAway = false
        // A monotonic clock cannot go back; `max` keeps a faulty one harmless.
        return max(0, now - since) >= limit
    }

    /// The app presented a picker (before it shows, so the scene change it
    /// causes is already covered).
    public mutating func pickerOpened() {
        openPickers += 1
        if leftAt != nil { pickerOpenWhileAway = true }
    }

    /// The picker closed (its result delivered or cancelled).
    public mutating func pickerClosed() {
        openPickers = max(0, openPickers - 1)
    }

    /// The vault locked (or unlocked): nothing is being timed.
    public mutating func reset() {
        leftAt = nil
        pickerOpenWhileAway = false
    }

    /// Seconds away after which the vault locks; `.infinity` for never.
    func limit(enrolling: Bool) -> TimeInterval {
        guard let base = delay.seconds else { return .infinity }
        var limit = base
        if enrolling { limit = max(limit, enrollmentAllowance) }
        if isSuspended || pickerOpenWhileAway { limit = max(limit, pickerAllowance) }
        return limit
    }
}
