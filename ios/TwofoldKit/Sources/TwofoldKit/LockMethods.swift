// How the vault is unlocked, and switching that at any time. The vault has
// key slots: a password slot (the recovery password) and, for Face ID /
// Touch ID or the device passcode, a platform slot whose key lives in the
// Secure Enclave. Switching adds the new platform slot before removing the
// old one, so the vault is never left without a way in.

import Foundation

public enum LockMethod: String, CaseIterable, Sendable {
    /// Only the password opens the vault.
    case password
    /// Face ID / Touch ID. The key is bound to the enrolled faces and fingers:
    /// adding one invalidates it (`.biometryCurrentSet`).
    case biometrics
    /// Face ID / Touch ID or the device passcode (`.userPresence`). Turning
    /// the passcode off deletes the key.
    case deviceCredential

    /// The methods this device can use now: Face ID / Touch ID needs one set
    /// up, and both device-key methods need a passcode (the key is deleted
    /// when the passcode is turned off).
    public static func available(biometricsEnrolled: Bool, passcodeSet: Bool) -> [LockMethod] {
        allCases.filter { method in
            switch method {
            case .password: return true
            case .biometrics: return biometricsEnrolled && passcodeSet
            case .deviceCredential: return passcodeSet
            }
        }
    }

    /// The platform key this method needs, `nil` for the password.
    public var deviceKey: DeviceKeyProtection? {
        switch self {
        case .password: return nil
        case .biometrics: return .biometryCurrentSet
        case .deviceCredential: return .userPresence
        }
    }
}

/// What the Secure Enclave key asks for before each use.
public enum DeviceKeyProtection: String, Sendable {
    case biometryCurrentSet
    case userPresence
}

public enum KeySlotKind: Equatable, Sendable {
    case password
    case deviceKey
}

/// One way into the vault (no key material).
public struct KeySlot: Equatable, Sendable {
    public var id: String
    public var kind: KeySlotKind

    public init(id: String, kind: KeySlotKind) {
        self.id = id
        self.kind = kind
    }
}

/// The app's Secure Enclave key, as the lock-method switch drives it. The
/// vault wraps its data key with the *prepared* key when a platform slot is
/// added; committing makes it the key used to unlock and deletes the old one.
public protocol DeviceKeyStore: AnyObject, Sendable {
    /// The next platform slot is wrapped with a new key requiring `protection`.
    func prepareKey(_ protection: DeviceKeyProtection) throws
    /// The prepared key becomes the one used to unlock; the old one is deleted.
    func commitPreparedKey()
    /// The switch failed: deletes the prepared key.
    func discardPreparedKey()
    /// No platform slot any more: deletes the key.
    func deleteKey()
}

/// The rule of issue 15: a vault guarded by device authentication must stay
/// recoverable when the device key is invalidated (a new face or finger, the
/// passcode turned off, a new phone): it needs the recovery password, or an
/// encrypted export the user saved.
public enum RecoveryRule {
    public static func isRecoverable(method: LockMethod, hasPasswordSlot: Bool, lastBackupAt: UInt64?) -> Bool {
        switch method {
        case .password: return hasPasswordSlot
        case .biometrics, .deviceCredential: return hasPasswordSlot || lastBackupAt != nil
        }
    }
}

/// Why a lock-method change cannot be made.
public enum LockMethodProblem: Equatable, Sendable, Error {
    /// No Face ID / Touch ID is set up on this device.
    case biometricsUnavailable
    /// No device passcode is set.
    case passcodeNotSet
    /// The password method needs a recovery password: set one first.
    case passwordRequired
    /// Removing the recovery password needs a saved encrypted backup, and a
    /// device-key method to open the vault.
    case backupRequired
    /// The new recovery password cannot be used.
    case password(PasswordProblem)
    /// The core or the Keychain refused.
    case failed(CoreFailure)
}

/// The security part of the settings screen.
public final class LockMethodModel {
    public private(set) var method: LockMethod
    public private(set) var hasPasswordSlot: Bool
    public private(set) var isBusy = false
    public private(set) var problem: LockMethodProblem?
    /// The new recovery password's strength, as the user types.
    public private(set) var passwordMeter: PasswordMeter

    private let vault: VaultSession
    private let keys: DeviceKeyStore
    private let settings: SettingsModel
    private let time: TimeSource

    public init(
        vault: VaultSession, keys: DeviceKeyStore, settings: SettingsModel, passwords: PasswordStrengthEstimating,
        time: TimeSource = .system
    ) throws {
        self.vault = vault
        self.passwordMeter = PasswordMeter(estimator: passwords)
        self.keys = keys
        self.settings = settings
        self.time = time
        method = settings.settings.lockMethod
        hasPasswordSlot = try vault.keySlots().contains { $0.kind == .password }
    }

    /// Whether `candidate` can be chosen now, and if not why.
    public func problem(
        switchingTo candidate: LockMethod, biometricsAvailable: Bool, passcodeSet: Bool
    ) -> LockMethodProblem? {
        switch candidate {
        case .biometrics where !biometricsAvailable: return .biometricsUnavailable
        case .biometrics, .deviceCredential: if !passcodeSet { return .passcodeNotSet }
        case .password: break
        }
        guard RecoveryRule.isRecoverable(
            method: candidate, hasPasswordSlot: hasPasswordSlot, lastBackupAt: settings.settings.lastBackupAt)
        else {
            return candidate == .password ? .passwordRequired : .backupRequired
        }
        return nil
    }

    /// The recovery password can be removed (never the vault's only way in,
    /// never without a saved encrypted backup).
    public var canRemovePassword: Bool {
        hasPasswordSlot && method.deviceKey != nil && settings.settings.lastBackupAt != nil
    }

    /// Starts switching to `candidate`; run the job off the main actor (a
    /// Face ID prompt may show) and pass its result to `finish`.
    public func beginSwitch(
        to candidate: LockMethod, biometricsAvailable: Bool, passcodeSet: Bool
    ) -> CoreJob<LockMethodChange>? {
        guard !isBusy, candidate != method else { return nil }
        if let problem = problem(switchingTo: candidate, biometricsAvailable: biometricsAvailable, passcodeSet: passcodeSet) {
            self.problem = problem
            return nil
        }
        problem = nil
        isBusy = true
        let vault = self.vault, keys = self.keys, now = time.unixSeconds
        return CoreJob {
            let old = try vault.keySlots().filter { $0.kind == .deviceKey }
            if let protection = candidate.deviceKey {
                try keys.prepareKey(protection)
                do {
                    try vault.addDeviceKeySlot(at: now)
                } catch {
                    keys.discardPreparedKey()
                    throw error
                }
                for slot in old { try vault.removeSlot(id: slot.id) }
                keys.commitPreparedKey()
            } else {
                for slot in old { try vault.removeSlot(id: slot.id) }
                keys.deleteKey()
            }
            return LockMethodChange(method: candidate, hasPasswordSlot: try Self.hasPassword(vault))
        }
    }

    /// The new recovery password field changed.
    public func newPasswordChanged(_ password: String) {
        passwordMeter.update(password)
    }

    /// Whether "Save" is enabled: the core accepts the password and the
    /// confirmation matches.
    public func canSetPassword(_ password: String, confirmation: String) -> Bool {
        !isBusy && passwordMeter.problem(password, confirmation: confirmation) == nil
    }

    /// Sets or changes the recovery password (Argon2 runs in the job).
    public func beginSetPassword(_ password: String, confirmation: String) -> CoreJob<LockMethodChange>? {
        guard !isBusy else { return nil }
        if let problem = passwordMeter.problem(password, confirmation: confirmation) {
            self.problem = .password(problem)
            return nil
        }
        problem = nil
        isBusy = true
        let vault = self.vault, method = self.method, now = time.unixSeconds
        return CoreJob {
            if let slot = try vault.keySlots().first(where: { $0.kind == .password }) {
                try vault.changePassword(slotId: slot.id, to: password, at: now)
            } else {
                try vault.addPasswordSlot(password, at: now)
            }
            return LockMethodChange(method: method, hasPasswordSlot: true)
        }
    }

    /// Removes the recovery password (only with a backup and a device key).
    public func beginRemovePassword() -> CoreJob<LockMethodChange>? {
        guard !isBusy else { return nil }
        guard canRemovePassword else {
            problem = .backupRequired
            return nil
        }
        problem = nil
        isBusy = true
        let vault = self.vault, method = self.method
        return CoreJob {
            for slot in try vault.keySlots() where slot.kind == .password {
                try vault.removeSlot(id: slot.id)
            }
            return LockMethodChange(method: method, hasPasswordSlot: false)
        }
    }

    public func finish(_ result: Result<LockMethodChange, CoreFailure>) {
        guard isBusy else { return }
        isBusy = false
        switch result {
        case let .success(change):
            method = change.method
            hasPasswordSlot = change.hasPasswordSlot
            passwordMeter.reset()
            settings.setLockMethod(change.method)
        case let .failure(failure):
            problem = PasswordProblem.refusal(failure).map(LockMethodProblem.password) ?? .failed(failure)
            // What the vault really has now, whatever step failed.
            if let slots = try? vault.keySlots() {
                hasPasswordSlot = slots.contains { $0.kind == .password }
            }
        }
    }

    public func clearProblem() {
        problem = nil
    }

    private static func hasPassword(_ vault: VaultSession) throws -> Bool {
        try vault.keySlots().contains { $0.kind == .password }
    }
}

/// What a finished switch left the vault with.
public struct LockMethodChange: Equatable, Sendable {
    public var method: LockMethod
    public var hasPasswordSlot: Bool
}
