// Lock state: first-run setup, unlocking with the device key (Face ID /
// Touch ID inside the key provider) or the password, the privacy cover in the
// app switcher, and auto-lock after time in the background.

import Foundation

/// The scene's phase, as SwiftUI's `ScenePhase` reports it.
public enum AppPhase: Sendable {
    case active
    case inactive
    case background
}

public enum LockState: Equatable, Sendable {
    /// No vault yet: the setup screen.
    case needsSetup
    case locked
    /// An unlock or setup is running (biometric prompt, key derivation).
    case working
    case unlocked
}

public final class LockModel {
    public private(set) var state: LockState
    /// The unlocked vault; `nil` whenever the state is not `.unlocked`.
    public private(set) var vault: VaultSession?
    /// Drawn over everything while the app is not active, so the app switcher
    /// never shows codes.
    public private(set) var showsPrivacyCover = false
    public private(set) var errorMessage: String?
    public private(set) var failedPasswordAttempts = 0
    /// Lock after this long in the background.
    public var autoLockAfter: TimeInterval
    /// While an enrollment runs the user switches to the site (often in
    /// Safari on the same phone) to type the code: allow longer.
    public var autoLockDuringEnrollment: TimeInterval
    public var enrollmentInProgress = false
    /// "Face ID", "Touch ID" or `nil`, from `LAContext.biometryType`.
    public var biometryName: String?

    private let time: TimeSource
    private var backgroundedAt: Date?
    private var pending: UnlockMethod?
    private var pendingSetup = false

    public static let minimumPasswordLength = 8

    public init(
        vaultExists: Bool, time: TimeSource = .system,
        autoLockAfter: TimeInterval = 60, autoLockDuringEnrollment: TimeInterval = 600
    ) {
        self.state = vaultExists ? .locked : .needsSetup
        self.time = time
        self.autoLockAfter = autoLockAfter
        self.autoLockDuringEnrollment = autoLockDuringEnrollment
    }

    // MARK: - Setup

    /// Why a password cannot be used yet, or `nil`. An empty password means
    /// "device key only" and is allowed.
    public static func passwordProblem(_ password: String, confirmation: String) -> String? {
        if password.isEmpty && confirmation.isEmpty { return nil }
        if password.count < minimumPasswordLength {
            return "Use at least \(minimumPasswordLength) characters."
        }
        if password != confirmation { return "The passwords don’t match." }
        return nil
    }

    /// Text under the setup form.
    public static func setupNote(password: String) -> String {
        password.isEmpty
            ? "Without a password, your codes open only on this iPhone. If it is lost, you need the sites’ recovery codes."
            : "The password also opens your codes if the device key is lost (for example after restoring a backup to a new iPhone)."
    }

    /// What to pass to `CoreGateway.createVault`.
    public struct SetupRequest: Equatable, Sendable {
        /// `nil`: device key only.
        public var password: String?
    }

    /// Starts creating the vault. Returns what to run through
    /// `CoreGateway.createVault` off the main thread, or `nil` when setup
    /// cannot start now.
    public func beginSetup(password: String, confirmation: String) -> SetupRequest? {
        guard state == .needsSetup else { return nil }
        if let problem = Self.passwordProblem(password, confirmation: confirmation) {
            errorMessage = problem
            return nil
        }
        errorMessage = nil
        state = .working
        pendingSetup = true
        return SetupRequest(password: password.isEmpty ? nil : password)
    }

    // MARK: - Unlock

    /// Starts an unlock. Returns the method to run through
    /// `CoreGateway.unlock` off the main thread, or `nil` when none may start
    /// (already working or unlocked, empty password).
    public func beginUnlock(_ method: UnlockMethod) -> UnlockMethod? {
        guard state == .locked else { return nil }
        if case let .password(password) = method, password.isEmpty {
            errorMessage = "Enter your password."
            return nil
        }
        errorMessage = nil
        pending = method
        state = .working
        return method
    }

    /// The result of `createVault` or `unlock`, back on the main thread.
    public func finish(_ result: Result<VaultSession, Error>) {
        guard state == .working else { return }
        let wasSetup = pendingSetup
        let method = pending
        pending = nil
        pendingSetup = false
        switch result {
        case let .success(vault):
            self.vault = vault
            failedPasswordAttempts = 0
            errorMessage = nil
            state = .unlocked
        case let .failure(error):
            state = wasSetup ? .needsSetup : .locked
            let failure = error as? CoreFailure
            switch failure?.kind {
            case .wrongPassword?:
                failedPasswordAttempts += 1
                errorMessage = failedPasswordAttempts >= 3
                    ? "Wrong password (\(failedPasswordAttempts) attempts). Passwords are case-sensitive."
                    : "Wrong password."
            case .keyUnavailable?:
                if case .deviceKey? = method {
                    errorMessage = "\(biometryName ?? "The device key") didn’t unlock Twofold. Try again or use your password."
                } else {
                    errorMessage = failure?.message
                }
            case .damaged?:
                errorMessage = "The vault file is damaged: \(failure?.message ?? "")"
            default:
                errorMessage = failure?.message ?? String(describing: error)
            }
        }
    }

    /// Title of the main unlock button.
    public var unlockButtonTitle: String {
        biometryName.map { "Unlock with \($0)" } ?? "Unlock"
    }

    public func lock() {
        guard state == .unlocked || state == .working else { return }
        vault = nil
        pending = nil
        enrollmentInProgress = false
        state = .locked
    }

    // MARK: - Scene phase

    public func phaseChanged(to phase: AppPhase) {
        switch phase {
        case .inactive:
            showsPrivacyCover = true
        case .background:
            showsPrivacyCover = true
            if backgroundedAt == nil { backgroundedAt = time.now() }
        case .active:
            showsPrivacyCover = false
            if let since = backgroundedAt {
                backgroundedAt = nil
                let limit = enrollmentInProgress ? autoLockDuringEnrollment : autoLockAfter
                if time.now().timeIntervalSince(since) >= limit { lock() }
            }
        }
    }
}
