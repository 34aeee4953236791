// The highest vault generation this device has seen (see the kit's
// RollbackGuard), kept where a restored or swapped vault file cannot roll it
// back: a generic-password Keychain item, readable after the first unlock
// since boot (auto-lock and background work need it with the screen locked)
// and never copied to backups or another device (`ThisDeviceOnly`). It holds
// no secret, only a counter: 8 bytes, big-endian.

import Foundation
import Security
import TwofoldKit

final class KeychainGenerationStore: GenerationStore, @unchecked Sendable {
    private static let service = "app.twofold.vault-generation"
    private static let account = "vault.sqlite"

    private var identity: [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: Self.service,
            kSecAttrAccount as String: Self.account,
        ]
    }

    /// `nil` when there is no item yet, or it is unreadable: the check then
    /// starts over from the vault's current generation.
    func load() -> UInt64? {
        var query = identity
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        guard SecItemCopyMatching(query as CFDictionary, &result) == errSecSuccess,
              let data = result as? Data, data.count == 8
        else { return nil }
        return data.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Updates the item, or adds it the first time. A failed write keeps the
    /// older value, which only makes the check weaker, never wrong.
    func save(_ generation: UInt64) {
        let data = Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: generation >> (8 * UInt64($0))) })
        let update: [String: Any] = [
            kSecValueData as String: data,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        let status = SecItemUpdate(identity as CFDictionary, update as CFDictionary)
        guard status == errSecItemNotFound else { return }
        var add = identity
        add.merge(update) { _, new in new }
        _ = SecItemAdd(add as CFDictionary, nil)
    }
}
