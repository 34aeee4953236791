// Lock state: first-run setup, unlocking with the device key (Face ID /
// Touch ID / passcode inside the key provider) or the password, the privacy
// cover in the app switcher, and auto-lock (see AutoLockPolicy). Locking is
// an explicit call into the core, which wipes the data key at once, whoever
// still holds a reference to the session.

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
    /// The vault opened but is older than one this device already opened
    /// (a restored or swapped copy of the file: an HOTP counter or a used
    /// recovery code may be back). The user opens it anyway or not.
    case olderVault(seen: UInt64, found: UInt64)
    case unlocked
}

/// What the setup and lock screens say; the app turns each case into text
/// from its String Catalog.
public enum LockMessage: Equatable, Sendable {
    case password(PasswordProblem)
    case enterPassword
    case wrongPassword(attempts: Int)
    /// The device key did not open the vault (cancelled or failed).
    case deviceKeyFailed
    /// The device key is gone (a new face or finger, the passcode turned off,
    /// a restored phone): the recovery password or a backup is the way back.
    case deviceKeyInvalidated
    case damaged(detail: String)
    case failed(detail: String)
}

/// The note under the setup form: plainly what happens when the device key
/// stops working, for the chosen method.
public enum SetupNote: Equatable, Sendable {
    /// Only the password opens the vault; forgetting it loses the codes.
    case passwordOnly
    /// A new face or finger invalidates the key: the password opens it then.
    case biometricsNeedPassword
    /// Turning the passcode off deletes the key: the password opens it then.
    case passcodeNeedsPassword

    public static func forMethod(_ method: LockMethod) -> SetupNote {
        switch method {
        case .password: return .passwordOnly
        case .biometrics: return .biometricsNeedPassword
        case .deviceCredential: return .passcodeNeedsPassword
        }
    }
}

public final class LockModel {
    public private(set) var state: LockState
    /// The unlocked vault; `nil` whenever the state is not `.unlocked`.
    public private(set) var vault: VaultSession?
    /// Drawn over everything while the app is not active, so the app switcher
    /// never shows codes.
    public private(set) var showsPrivacyCover = false
    public private(set) var message: LockMessage?
    public private(set) var failedPasswordAttempts = 0
    /// How the vault is opened (from the settings).
    public var method: LockMethod
    public var enrollmentInProgress = false
    /// "Face ID", "Touch ID" or `nil`, from `LAContext.biometryType`.
    public var biometryName: String?
    /// The lock screen asks the device key by itself when it appears after
    /// launch or an auto-lock, never after "Lock Now" (the user just locked:
    /// a prompt that unlocks again would make the button useless).
    public private(set) var promptsDeviceKeyOnAppear: Bool
    public private(set) var autoLock: AutoLockPolicy
    /// The setup form's recovery password strength, as the user types.
    public private(set) var passwordMeter: PasswordMeter

    private let clock: MonotonicClock
    /// Remembers the highest vault generation seen; `nil`: no rollback check.
    private let rollbackGuard: RollbackGuard?
    private var pending: UnlockMethod?
    private var pendingSetup = false
    /// The opened vault while `.olderVault` waits for the user's answer.
    private var heldVault: VaultSession?

    public init(
        vaultExists: Bool, passwords: PasswordStrengthEstimating, method: LockMethod = .biometrics,
        autoLock: AutoLockPolicy = AutoLockPolicy(), clock: MonotonicClock = .system,
        rollbackGuard: RollbackGuard? = nil
    ) {
        self.rollbackGuard = rollbackGuard
        self.state = vaultExists ? .locked : .needsSetup
        self.passwordMeter = PasswordMeter(estimator: passwords)
        self.method = method
        self.autoLock = autoLock
        self.clock = clock
        self.promptsDeviceKeyOnAppear = method.deviceKey != nil
    }

    /// The device key can open the vault (a platform slot exists).
    public var offersDeviceKey: Bool { method.deviceKey != nil }

    public func setAutoLockDelay(_ delay: AutoLockDelay) {
        autoLock.delay = delay
    }

    // MARK: - Setup

    /// What to pass to `CoreGateway.createVault`.
    public struct SetupRequest: Equatable, Sendable {
        public var password: String
        /// `nil`: password only.
        public var deviceKey: DeviceKeyProtection?

        public init(password: String, deviceKey: DeviceKeyProtection?) {
            self.password = password
            self.deviceKey = deviceKey
        }

        /// Creates the vault (off the main actor): a fresh Secure Enclave key
        /// with the chosen protection wraps the platform slot, and a key left
        /// by an earlier install (Keychain items outlive the app) is deleted.
        public func job(core: CoreGateway, keys: DeviceKeyStore) -> CoreJob<VaultSession> {
            let request = self
            return CoreJob {
                guard let protection = request.deviceKey else {
                    keys.deleteKey()
                    return try core.createVault(password: request.password, withDeviceKey: false)
                }
                try keys.prepareKey(protection)
                do {
                    let vault = try core.createVault(password: request.password, withDeviceKey: true)
                    keys.commitPreparedKey()
                    return vault
                } catch {
                    keys.discardPreparedKey()
                    throw error
                }
            }
        }
    }

    /// The setup form's password field changed.
    public func setupPasswordChanged(_ password: String) {
        passwordMeter.update(password)
    }

    /// Whether "Continue" is enabled: the core accepts the password and the
    /// confirmation matches.
    public func canSetUp(password: String, confirmation: String) -> Bool {
        state == .needsSetup && passwordMeter.problem(password, confirmation: confirmation) == nil
    }

    /// Starts creating the vault. The recovery password is always required:
    /// with a device key it is the way back when the key is invalidated, and
    /// without one it is the only key. Returns what to run through
    /// `CoreGateway.createVault` off the main thread, or `nil`.
    public func beginSetup(method: LockMethod, password: String, confirmation: String) -> SetupRequest? {
        guard state == .needsSetup else { return nil }
        if let problem = passwordMeter.problem(password, confirmation: confirmation) {
            message = .password(problem)
            return nil
        }
        message = nil
        self.method = method
        state = .working
        pendingSetup = true
        return SetupRequest(password: password, deviceKey: method.deviceKey)
    }

    // MARK: - Unlock

    /// Starts an unlock. Returns the method to run through
    /// `CoreGateway.unlock` off the main thread, or `nil` when none may start
    /// (already working or unlocked, empty password, no device key).
    public func beginUnlock(_ unlock: UnlockMethod) -> UnlockMethod? {
        guard state == .locked else { return nil }
        switch unlock {
        case let .password(password) where password.isEmpty:
            message = .enterPassword
            return nil
        case .deviceKey where !offersDeviceKey:
            return nil
        default:
            break
        }
        message = nil
        pending = unlock
        state = .working
        return unlock
    }

    /// The result of `createVault` or `unlock`, back on the main thread.
    public func finish(_ result: Result<VaultSession, Error>) {
        guard state == .working else {
            // A late result (the user locked meanwhile): close it again.
            if case let .success(late) = result, late !== vault, late !== heldVault { late.lock() }
            return
        }
        let wasSetup = pendingSetup
        let unlock = pending
        pending = nil
        pendingSetup = false
        switch result {
        case let .success(vault):
            failedPasswordAttempts = 0
            message = nil
            if let rollbackGuard {
                let found: UInt64
                do {
                    found = try vault.generation()
                } catch {
                    vault.lock()
                    fail(error, wasSetup: wasSetup, unlock: unlock)
                    return
                }
                if wasSetup {
                    rollbackGuard.startOver(at: found)
                } else if case let .olderThanLastSeen(seen, found) = rollbackGuard.check(found: found) {
                    heldVault = vault
                    state = .olderVault(seen: seen, found: found)
                    return
                } else {
                    rollbackGuard.record(found)
                }
            }
            open(vault)
        case let .failure(error):
            fail(error, wasSetup: wasSetup, unlock: unlock)
        }
    }

    private func open(_ vault: VaultSession) {
        self.vault = vault
        autoLock.reset()
        state = .unlocked
    }

    /// "Open anyway" on the older-vault warning. The remembered generation
    /// stays: the warning returns on the next unlock until the vault's
    /// generation passes it.
    public func openOlderVaultAnyway() {
        guard case .olderVault = state, let held = heldVault else { return }
        heldVault = nil
        open(held)
    }

    /// "Don't open" on the older-vault warning: the vault is locked again and
    /// the lock screen does not prompt by itself.
    public func refuseOlderVault() {
        guard case .olderVault = state else { return }
        lock(prompting: false)
    }

    /// The vault changed: remember its generation (max with the stored one).
    /// Also done on locking and on going to the background, so a change
    /// nobody reported (an HOTP code) is remembered before the app may end.
    public func vaultChanged() {
        guard state == .unlocked, let vault, let rollbackGuard,
              let current = try? vault.generation() else { return }
        rollbackGuard.record(current)
    }

    private func fail(_ error: Error, wasSetup: Bool, unlock: UnlockMethod?) {
        state = wasSetup ? .needsSetup : .locked
        let failure = error as? CoreFailure
        switch failure?.kind {
        case .wrongPassword?:
            failedPasswordAttempts += 1
            message = .wrongPassword(attempts: failedPasswordAttempts)
        case .keyInvalidated?:
            if case .deviceKey? = unlock {
                message = .deviceKeyInvalidated
            } else {
                message = .failed(detail: failure?.message ?? "")
            }
        case .keyUnavailable?, .cancelled?:
            if case .deviceKey? = unlock {
                message = .deviceKeyFailed
            } else {
                message = .failed(detail: failure?.message ?? "")
            }
        case .damaged?:
            message = .damaged(detail: failure?.message ?? "")
        case let .passwordTooWeak(weakness)?:
            message = .password(.tooWeak(weakness))
        default:
            message = .failed(detail: failure?.message ?? String(describing: error))
        }
    }

    /// Locks now: the core forgets the data key (explicitly, not by dropping
    /// references), and the lock screen does not prompt by itself.
    public func lockNow() {
        lock(prompting: false)
    }

    private func lock(prompting: Bool) {
        switch state {
        case .unlocked, .working, .olderVault: break
        case .needsSetup, .locked: return
        }
        vaultChanged()
        vault?.lock()
        vault = nil
        heldVault?.lock()
        heldVault = nil
        pending = nil
        pendingSetup = false
        enrollmentInProgress = false
        autoLock.reset()
        promptsDeviceKeyOnAppear = prompting && offersDeviceKey
        state = .locked
    }

    /// The vault file was deleted (the user started over): setup again.
    public func vaultErased() {
        guard state == .locked else { return }
        message = nil
        failedPasswordAttempts = 0
        passwordMeter.reset()
        state = .needsSetup
    }

    /// The lock screen showed its automatic prompt.
    public func deviceKeyPromptShown() {
        promptsDeviceKeyOnAppear = false
    }

    // MARK: - Scene phase and pickers

    /// Returns true when this change locked the vault.
    @discardableResult
    public func phaseChanged(to phase: AppPhase) -> Bool {
        switch phase {
        case .inactive:
            showsPrivacyCover = true
            return false
        case .background:
            showsPrivacyCover = true
            if case .olderVault = state {
                // Nothing shows yet; never leave an opened vault waiting in the background.
                lock(prompting: true)
                return true
            }
            guard state == .unlocked else { return false }
            vaultChanged()
            if autoLock.enteredBackground(at: clock.seconds(), enrolling: enrollmentInProgress) {
                lock(prompting: true)
                return true
            }
            return false
        case .active:
            showsPrivacyCover = false
            guard state == .unlocked else {
                autoLock.reset()
                return false
            }
            if autoLock.becameActive(at: clock.seconds(), enrolling: enrollmentInProgress) {
                lock(prompting: true)
                return true
            }
            return false
        }
    }

    /// The app is about to present a file importer/exporter or photo picker.
    public func pickerOpened() {
        autoLock.pickerOpened()
    }

    /// That picker closed; its result is delivered to a still-unlocked vault.
    public func pickerClosed() {
        autoLock.pickerClosed()
    }
}
