// The vault's platform key slot on iOS. The core hands over its 256-bit data
// key to `wrap` once, when the vault is created, and stores what comes back;
// at unlock it hands that back to `unwrap`.
//
// Wrapping is ECIES (`SecKeyCreateEncryptedData`, cofactor X9.63 SHA-256
// AES-GCM) to a P-256 key that lives in the Secure Enclave: its private half
// never leaves the chip, so the wrapped data key in the vault file is useless
// anywhere else. The key is a Keychain item accessible only when the device is
// unlocked, on this device only (`kSecAttrAccessibleWhenUnlockedThisDeviceOnly`:
// never in backups, never on another phone), and optionally requires Face ID /
// Touch ID for every use (`.biometryCurrentSet`: adding a new fingerprint or
// face invalidates it, and the password slot opens the vault instead).
//
// The Simulator has no Secure Enclave: there the same key is a software key in
// the Keychain, so the app runs the same code paths.

import Foundation
import LocalAuthentication
import Security
import TwofoldCore

final class SecureEnclaveKeyProvider: KeyProvider, @unchecked Sendable {
    private static let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM
    private let tag: Data
    private let lock = NSLock()

    init(tag: String = "app.twofold.vault-wrapping-key") {
        self.tag = Data(tag.utf8)
    }

    // MARK: - KeyProvider (called by the core, off the main thread)

    func wrap(plaintext key: Data) throws -> Data {
        let privateKey = try existingKey(context: nil) ?? createKey(requireBiometrics: Self.biometricsRequested)
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
        context.localizedReason = "Unlock your codes"
        context.localizedCancelTitle = "Use Password"
        guard let privateKey = try existingKey(context: context) else {
            throw TwofoldError.KeyProviderFailed(
                reason: "the device key is gone (new device, restored backup or changed Face ID); unlock with your password")
        }
        var error: Unmanaged<CFError>?
        // With `.biometryCurrentSet` this call shows the Face ID / Touch ID
        // prompt and blocks this (background) thread until it is answered.
        guard let key = SecKeyCreateDecryptedData(privateKey, Self.algorithm, wrapped as CFData, &error) as Data? else {
            throw Self.failure("the device key did not unlock the vault", error)
        }
        return key
    }

    // MARK: - Key management

    /// The choice made at setup: require Face ID / Touch ID for the key.
    static var biometricsRequested: Bool {
        get { UserDefaults.standard.bool(forKey: "requireBiometrics") }
        set { UserDefaults.standard.set(newValue, forKey: "requireBiometrics") }
    }

    /// Before creating a new vault: removes a key left by an earlier install
    /// (Keychain items outlive the app), so the new vault gets a fresh key with
    /// the protection chosen now.
    func resetKey() {
        lock.lock()
        defer { lock.unlock() }
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag,
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
        ]
        SecItemDelete(query as CFDictionary)
    }

    private func existingKey(context: LAContext?) throws -> SecKey? {
        lock.lock()
        defer { lock.unlock() }
        var query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag,
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

    private func createKey(requireBiometrics: Bool) throws -> SecKey {
        lock.lock()
        defer { lock.unlock() }
        var flags: SecAccessControlCreateFlags = [.privateKeyUsage]
        if requireBiometrics {
            flags.insert(.biometryCurrentSet)
        }
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            kCFAllocatorDefault, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, flags, &error)
        else {
            throw Self.failure("cannot create the key's access control", error)
        }
        var attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag,
                kSecAttrAccessControl as String: access,
            ] as [String: Any],
        ]
        #if !targetEnvironment(simulator)
        attributes[kSecAttrTokenID as String] = kSecAttrTokenIDSecureEnclave
        #endif
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw Self.failure("cannot create the Secure Enclave key", error)
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

/// What the device offers for biometric unlock.
enum Biometrics {
    /// "Face ID", "Touch ID" or `nil` when none is set up.
    static var name: String? {
        let context = LAContext()
        var error: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &error) else {
            return nil
        }
        switch context.biometryType {
        case .faceID: return "Face ID"
        case .touchID: return "Touch ID"
        case .none: return nil
        @unknown default: return "Biometrics"
        }
    }
}
