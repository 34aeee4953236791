// Whole-file rollback: an older copy of the vault file is self-consistent and
// opens, bringing back an HOTP counter or a used recovery code. The vault
// seals a generation counter that rises with every change; the highest one
// seen is kept where the file cannot roll it back with it (the Keychain, this
// device only). A vault that opens lower than that was replaced by an older copy.

import Foundation

/// Where the highest generation seen is kept: the Keychain in the app,
/// memory in the tests.
public protocol GenerationStore: AnyObject, Sendable {
    /// `nil`: none stored yet (first unlock, or a fresh install).
    func load() -> UInt64?
    func save(_ generation: UInt64)
}

/// A store in memory (tests, previews).
public final class MemoryGenerationStore: GenerationStore, @unchecked Sendable {
    private let lock = NSLock()
    private var value: UInt64?

    public init(_ value: UInt64? = nil) {
        self.value = value
    }

    public func load() -> UInt64? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    public func save(_ generation: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        value = generation
    }
}

/// What the vault's generation says against the highest one seen.
public enum RollbackCheck: Equatable, Sendable {
    case fine
    /// The vault is older than one this device already opened.
    case olderThanLastSeen(seen: UInt64, found: UInt64)
}

/// The rule: compare after an unlock, remember the maximum after every
/// unlock and every change. A warning stays until the vault's generation
/// passes the remembered one (opening anyway does not lower it: that would
/// make one "Open anyway" hide every later rollback).
public struct RollbackGuard: Sendable {
    public let store: GenerationStore

    public init(store: GenerationStore) {
        self.store = store
    }

    public static func check(seen: UInt64?, found: UInt64) -> RollbackCheck {
        guard let seen, found < seen else { return .fine }
        return .olderThanLastSeen(seen: seen, found: found)
    }

    public func check(found: UInt64) -> RollbackCheck {
        Self.check(seen: store.load(), found: found)
    }

    /// The stored value becomes max(stored, current).
    public func record(_ current: UInt64) {
        if let seen = store.load(), seen >= current { return }
        store.save(current)
    }

    /// A new vault was created: its generation is the new baseline, whatever
    /// a deleted vault (or an earlier install) left in the store.
    public func startOver(at current: UInt64) {
        store.save(current)
    }
}
