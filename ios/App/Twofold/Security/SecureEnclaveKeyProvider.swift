// The vault's platform key slot on iOS. The core hands its 256-bit data key
// to `wrap` when a platform slot is added, and stores what comes back; at
// unlock it hands that back to `unwrap`.
//
// Wrapping is ECIES (`SecKeyCreateEncryptedData`, cofactor X9.63 SHA-256
// AES-GCM) to a P-256 key in the Secure Enclave: its private half never
// leaves the chip, so the wrapped data key in the vault file is useless
// anywhere else. The key is a Keychain item of this device only, never in
// backups, that asks for the chosen lock method before every use:
//
//   biometrics        `.biometryCurrentSet`: Face ID / Touch ID; adding a face
//                     or finger invalidates the key.
//   deviceCredential  `.userPresence`: Face ID / Touch ID or the passcode.
//
// Both use `kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly`: turning the
// passcode off deletes the key. The recovery password (or a saved backup) is
// the way back then; the app says so at setup and in Settings.
//
// Switching methods creates the new key under a new tag (prepared), lets the
// core add a platform slot wrapped with it, and only then deletes the old key
// (commit), so the vault always has a working slot.
//
// The Simulator has no Secure Enclave: there the key is a software key in
// the Keychain, and `.privateKeyUsage` is left out, because that flag
// requires the Secure Enclave (SecKeyCreateRandomKey fails with -25293
// otherwise; see "Protecting keys with the Secure Enclave").

import CryptoKit
import Foundation
import LocalAuthentication
import Security
import TwofoldCore
import TwofoldKit

final class SecureEnclaveKeyProvider: KeyProvider, DeviceKeyStore, @unchecked Sendable {
    private static let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM
    private static let currentTagKey = "deviceKeyTag"
    private static let tagPrefix = "app.twofold.vault-wrapping-key"
    private let lock = NSLock()
    /// The key the next platform slot is wrapped with, until committed.
    private var prepared: (tag: String, key: SecKey, protection: DeviceKeyProtection)?

    /// Whether keys really live in the Secure Enclave here.
    static var usesSecureEnclave: Bool {
        #if targetEnvironment(simulator)
        return false
        #else
        return SecureEnclave.isAvailable
        #endif
    }

    // MARK: - KeyProvider (called by the core, off the main thread)

    func wrap(plaintext key: Data) throws -> Data {
        lock.lock()
        let preparedKey = prepared?.key
        lock.unlock()
        guard let privateKey = try preparedKey ?? existingKey(tag: currentTag, context: nil) else {
            throw TwofoldError.KeyProviderFailed(reason: "no device key was prepared for the new slot")
        }
        guard let publicKey = SecKeyCopyPublicKey(privateKey) else {
            throw TwofoldError.KeyProviderFailed(reason: "the wrapping key has no public key")
        }
        guard SecKeyIsAlgorithmSupported(publicKey, .encrypt, Self.algorithm) else {
            throw TwofoldError.KeyProviderFailed(reason: "ECIES is not supported by the wrapping key")
        }
        var error: Unmanaged<CFError>?
        guard let wrapped = SecKeyCreateEncryptedData(publicKey, Self.algorithm, key as CFData, &error) as Data? else {
            throw Self.failure("wrapping the vault key failed", error)
        }
        return wrapped
    }

    func unwrap(wrapped: Data) throws -> Data {
        let context = LAContext()
        context.localizedReason = String(localized: "lock.prompt.reason", defaultValue: "Unlock your codes")
        context.localizedCancelTitle = String(localized: "lock.prompt.cancel", defaultValue: "Use Password")
        guard let privateKey = try existingKey(tag: currentTag, context: context) else {
            // Gone for good (a new face or finger, the passcode turned off, or
            // a new device): the core reports it as PlatformKeyMismatch.
            throw TwofoldError.PlatformKeyMismatch
        }
        var error: Unmanaged<CFError>?
        // This call shows the Face ID / Touch ID / passcode prompt and blocks
        // this (background) thread until it is answered.
        guard let key = SecKeyCreateDecryptedData(privateKey, Self.algorithm, wrapped as CFData, &error) as Data? else {
            // A `.biometryCurrentSet` key stops working for good once the
            // enrolled faces or fingers change; LAContext's
            // `evaluatedPolicyDomainState` changes with them, so compare it
            // with the state saved when the key was made.
            if let saved = UserDefaults.standard.data(forKey: Self.domainStateKey), saved != Self.biometryDomainState() {
                throw TwofoldError.PlatformKeyMismatch
            }
            throw Self.failure("the device key did not unlock the vault", error)
        }
        return key
    }

    private static let domainStateKey = "deviceKeyBiometryState"

    /// An opaque value that changes whenever biometric enrolment changes.
    private static func biometryDomainState() -> Data? {
        let context = LAContext()
        var error: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &error) else { return nil }
        return context.evaluatedPolicyDomainState
    }

    // MARK: - DeviceKeyStore (the lock-method switch, off the main thread)

    func prepareKey(_ protection: DeviceKeyProtection) throws {
        let tag = "\(Self.tagPrefix).\(UUID().uuidString)"
        let key = try createKey(tag: tag, protection: protection)
        lock.lock()
        if let old = prepared { Self.delete(tag: old.tag) }
        prepared = (tag, key, protection)
        lock.unlock()
    }

    func commitPreparedKey() {
        lock.lock()
        defer { lock.unlock() }
        guard let next = prepared else { return }
        prepared = nil
        let old = currentTag
        UserDefaults.standard.set(next.tag, forKey: Self.currentTagKey)
        if next.protection == .biometryCurrentSet, let state = Self.biometryDomainState() {
            UserDefaults.standard.set(state, forKey: Self.domainStateKey)
        } else {
            UserDefaults.standard.removeObject(forKey: Self.domainStateKey)
        }
        if old != next.tag { Self.delete(tag: old) }
    }

    func discardPreparedKey() {
        lock.lock()
        defer { lock.unlock() }
        if let old = prepared { Self.delete(tag: old.tag) }
        prepared = nil
    }

    func deleteKey() {
        lock.lock()
        defer { lock.unlock() }
        Self.delete(tag: currentTag)
        UserDefaults.standard.removeObject(forKey: Self.currentTagKey)
        UserDefaults.standard.removeObject(forKey: Self.domainStateKey)
    }

    // MARK: - Keychain

    /// The tag of the key that unlocks the vault (the first install's tag
    /// when none was stored).
    private var currentTag: String {
        UserDefaults.standard.string(forKey: Self.currentTagKey) ?? Self.tagPrefix
    }

    private static func delete(tag: String) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: Data(tag.utf8),
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
        ]
        SecItemDelete(query as CFDictionary)
    }

    private func existingKey(tag: String, context: LAContext?) throws -> SecKey? {
        var query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: Data(tag.utf8),
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeyClass as String: kSecAttrKeyClassPrivate,
            kSecReturnRef as String: true,
        ]
        if let context {
            query[kSecUseAuthenticationContext as String] = context
        }
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        switch status {
        case errSecSuccess:
            guard let item, CFGetTypeID(item) == SecKeyGetTypeID() else {
                throw TwofoldError.KeyProviderFailed(reason: "the Keychain returned something that is not a key")
            }
            return (item as! SecKey)
        case errSecItemNotFound:
            return nil
        default:
            throw TwofoldError.KeyProviderFailed(reason: "Keychain error \(status)")
        }
    }

    private func createKey(tag: String, protection: DeviceKeyProtection) throws -> SecKey {
        var flags: SecAccessControlCreateFlags
        switch protection {
        case .biometryCurrentSet: flags = [.biometryCurrentSet]
        case .userPresence: flags = [.userPresence]
        }
        // Only a Secure Enclave key may carry `.privateKeyUsage`.
        if Self.usesSecureEnclave {
            flags.insert(.privateKeyUsage)
        }
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            kCFAllocatorDefault, kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly, flags, &error)
        else {
            throw Self.failure("cannot create the key's access control", error)
        }
        var attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: Data(tag.utf8),
                kSecAttrAccessControl as String: access,
            ] as [String: Any],
        ]
        if Self.usesSecureEnclave {
            attributes[kSecAttrTokenID as String] = kSecAttrTokenIDSecureEnclave
        }
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw Self.failure("cannot create the device key", error)
        }
        return key
    }

    private static func failure(_ what: String, _ error: Unmanaged<CFError>?) -> TwofoldError {
        guard let cfError = error?.takeRetainedValue() else {
            return .KeyProviderFailed(reason: what)
        }
        let nsError = cfError as Error as NSError
        if nsError.domain == LAError.errorDomain || nsError.code == Int(errSecUserCanceled)
            || nsError.code == Int(errSecAuthFailed)
        {
            return .KeyProviderFailed(reason: "\(what): authentication was cancelled or failed")
        }
        return .KeyProviderFailed(reason: "\(what) (\(nsError.domain) \(nsError.code))")
    }
}

/// What the device offers for the lock methods.
enum DeviceAuthentication {
    /// "Face ID", "Touch ID" or `nil` when none is set up.
    static var biometryName: String? {
        let context = LAContext()
        var error: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &error) else {
            return nil
        }
        switch context.biometryType {
        case .faceID: return "Face ID"
        case .touchID: return "Touch ID"
        case .none: return nil
        @unknown default: return String(localized: "lock.biometrics.generic", defaultValue: "Biometrics")
        }
    }

    /// A device passcode is set (needed by both device-key methods).
    static var passcodeSet: Bool {
        var error: NSError?
        return LAContext().canEvaluatePolicy(.deviceOwnerAuthentication, error: &error)
    }
}
