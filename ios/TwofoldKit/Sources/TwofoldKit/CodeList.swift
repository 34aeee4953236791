// Screen state of the codes list: rows with countdowns, search, copy with
// expiry, reorder, HOTP "next code", rename and delete with undo.

import Foundation

/// One row of the codes list at a given instant.
public struct CodeRow: Identifiable, Equatable, Sendable {
    public var id: String
    /// The issuer, or the account name when there is no issuer.
    public var title: String
    /// The account name under the issuer; `nil` when the title already is it.
    public var subtitle: String?
    /// The grouped code ("123 456"); `nil` for an HOTP account whose next code
    /// was not asked for yet.
    public var code: String?
    /// Seconds left for a time-based code; `nil` for HOTP.
    public var secondsLeft: Int?
    /// Countdown ring fill, 1 → 0.
    public var fractionLeft: Double
    /// True in the last five seconds, so the UI can warn before it rolls over.
    public var expiresSoon: Bool
    /// HOTP rows show a "next code" button instead of a countdown.
    public var isCounterBased: Bool
    /// What VoiceOver reads for the whole row.
    public var accessibilityLabel: String
}

public enum EmptyListState: Equatable, Sendable {
    case noAccounts
    case noMatch(query: String)
}

public final class CodeListModel {
    public private(set) var accounts: [AccountSummary] = []
    public private(set) var codes: [String: OneTimeCode] = [:]
    /// The search text; rows are filtered by issuer and name.
    public var query: String = ""
    /// The last failure, for an alert; cleared by the next success.
    public private(set) var lastError: CoreFailure?
    public var copyPolicy: CopyPolicy
    /// Vault edits made here (rename, delete, undo, reorder), for the backup
    /// reminder; the app records them in the settings.
    public var onChange: ((Int) -> Void)?

    private let vault: VaultSession
    private let time: TimeSource
    private let clock: MonotonicClock
    private var notices = NoticeBoard()

    public init(
        vault: VaultSession, time: TimeSource = .system, clock: MonotonicClock = .system,
        copyPolicy: CopyPolicy = .standard
    ) {
        self.vault = vault
        self.time = time
        self.clock = clock
        self.copyPolicy = copyPolicy
    }

    /// The confirmation to show now (newest wins; each one expires).
    public var notice: Notice? {
        notices.notice(at: clock.seconds())
    }

    /// The account just deleted, while its Undo is still offered.
    public var recentlyDeleted: AccountSummary? {
        guard case let .deleted(id, _)? = notice, let deletedAccount, deletedAccount.id == id else { return nil }
        return deletedAccount
    }

    private var deletedAccount: AccountSummary?

    /// Shows a confirmation made outside the list (a backup was saved).
    public func show(_ notice: Notice) {
        notices.show(notice, at: clock.seconds())
    }

    public func dismissNotice() {
        notices.dismiss()
    }

    /// Reads the accounts and their current codes from the vault.
    public func reload() {
        run {
            accounts = try vault.listAccounts()
            let fresh = try vault.codes(at: time.unixSeconds)
            // HOTP codes shown earlier stay until used; deleted accounts go.
            let ids = Set(accounts.map(\.id))
            codes = codes.filter { $0.value.validUntil == nil }
                .merging(fresh) { _, new in new }
                .filter { ids.contains($0.key) }
        }
    }

    /// Called every second by the UI: fetches new codes when one expired.
    /// Returns whether the codes changed.
    @discardableResult
    public func tick() -> Bool {
        let now = time.now()
        guard codes.values.contains(where: { CodeDisplay.isExpired($0, now: now) }) else { return false }
        let kept = codes.filter { $0.value.validUntil == nil }
        var changed = false
        run {
            let fresh = try vault.codes(at: time.unixSeconds)
            codes = kept.merging(fresh) { _, new in new }
            changed = true
        }
        return changed
    }

    /// The moment the next code rolls over, for scheduling a refresh.
    public var nextExpiry: Date? {
        codes.values.compactMap(\.validUntil).min().map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// Accounts matching the search, in the user's order.
    public var visibleAccounts: [AccountSummary] {
        guard !query.allSatisfy(\.isWhitespace) else { return accounts }
        return accounts.filter { vault.matchesSearch(query, issuer: $0.issuer, name: $0.name) }
    }

    /// The rows to draw now.
    public func rows() -> [CodeRow] {
        let now = time.now()
        return visibleAccounts.map { row(for: $0, now: now) }
    }

    /// Why the list is empty (the app words it), or `nil` when it is not.
    public var emptyState: EmptyListState? {
        if accounts.isEmpty { return .noAccounts }
        if visibleAccounts.isEmpty { return .noMatch(query: query) }
        return nil
    }

    /// Reordering a filtered list would be ambiguous: only without search.
    public var canReorder: Bool {
        query.trimmingCharacters(in: .whitespaces).isEmpty && accounts.count > 1
    }

    /// Moves rows like SwiftUI's `onMove` and stores the new order. On failure
    /// the old order comes back.
    public func move(fromOffsets source: IndexSet, toOffset destination: Int) {
        guard canReorder else { return }
        let before = accounts
        accounts = Self.moving(accounts, fromOffsets: source, toOffset: destination)
        guard accounts != before else { return }
        let ok = run { try vault.reorder(accountIds: accounts.map(\.id)) }
        if ok { onChange?(1) } else { accounts = before }
    }

    /// What to put on the pasteboard for this account's current code, or `nil`
    /// when it has none (HOTP not generated yet).
    public func copy(accountId: String) -> ClipboardItem? {
        let now = time.now()
        if let code = codes[accountId], CodeDisplay.isExpired(code, now: now) {
            tick()
        }
        guard let code = codes[accountId], !CodeDisplay.isExpired(code, now: now) else { return nil }
        notices.show(.copied, at: clock.seconds())
        return copyPolicy.item(for: code, now: now, rules: vault)
    }

    /// Produces the next HOTP code (the counter is committed first).
    public func nextHotpCode(accountId: String) {
        run {
            codes[accountId] = try vault.nextHotpCode(accountId: accountId, at: time.unixSeconds)
        }
    }

    /// Renames an account; an empty issuer removes it.
    public func rename(accountId: String, issuer: String, name: String) {
        let trimmedIssuer = issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let ok = run {
            try vault.rename(
                accountId: accountId, issuer: trimmedIssuer.isEmpty ? nil : trimmedIssuer,
                name: trimmedName, at: time.unixSeconds)
        }
        if ok {
            onChange?(1)
            reload()
        }
    }

    /// Moves an account to the trash and remembers it for `undoDelete()`.
    public func delete(accountId: String) {
        guard let account = accounts.first(where: { $0.id == accountId }) else { return }
        let ok = run { try vault.delete(accountId: accountId, at: time.unixSeconds) }
        if ok {
            deletedAccount = account
            notices.show(.deleted(accountId: account.id, label: account.label), at: clock.seconds())
            accounts.removeAll { $0.id == accountId }
            codes[accountId] = nil
            onChange?(1)
        }
    }

    /// Brings back the account deleted last, while its Undo shows.
    public func undoDelete() {
        guard let account = recentlyDeleted else { return }
        let ok = run { try vault.restore(accountId: account.id, at: time.unixSeconds) }
        if ok {
            deletedAccount = nil
            notices.dismiss()
            onChange?(1)
            reload()
        }
    }

    public func clearError() {
        lastError = nil
    }

    // MARK: - Helpers

    private func row(for account: AccountSummary, now: Date) -> CodeRow {
        let title = account.issuer ?? account.name
        let subtitle = account.issuer == nil || account.name.isEmpty ? nil : account.name
        let code = codes[account.id]
        var secondsLeft: Int?
        var fraction = 1.0
        if let code, let until = code.validUntil {
            secondsLeft = CodeDisplay.secondsLeft(validUntil: until, now: now)
            fraction = CodeDisplay.fractionLeft(code: code, now: now)
        }
        let isCounter: Bool
        if case .hotp = account.kind { isCounter = true } else { isCounter = false }
        var spoken = [title]
        if let subtitle { spoken.append(subtitle) }
        if let code {
            spoken.append("code \(CodeDisplay.spoken(code.value))")
        } else {
            spoken.append("no code yet, use Next code")
        }
        if let secondsLeft { spoken.append(CodeDisplay.secondsLeftText(secondsLeft)) }
        return CodeRow(
            id: account.id,
            title: title,
            subtitle: subtitle,
            code: code.map(\.grouped),
            secondsLeft: secondsLeft,
            fractionLeft: fraction,
            expiresSoon: (secondsLeft ?? Int.max) <= 5,
            isCounterBased: isCounter,
            accessibilityLabel: spoken.joined(separator: ", "))
    }

    /// Runs a core call; records its failure. Returns whether it succeeded.
    @discardableResult
    private func run(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            lastError = nil
            return true
        } catch let failure as CoreFailure {
            lastError = failure
        } catch {
            lastError = CoreFailure(.other, message: String(describing: error))
        }
        return false
    }

    /// `Array.move(fromOffsets:toOffset:)` semantics (SwiftUI's, which this
    /// module cannot import).
    static func moving<T>(_ items: [T], fromOffsets source: IndexSet, toOffset destination: Int) -> [T] {
        let valid = source.filter { $0 >= 0 && $0 < items.count }
        guard !valid.isEmpty else { return items }
        let moved = valid.map { items[$0] }
        let insertAt = destination - valid.filter { $0 < destination }.count
        var rest = items.enumerated().filter { !valid.contains($0.offset) }.map(\.element)
        rest.insert(contentsOf: moved, at: min(max(0, insertAt), rest.count))
        return rest
    }
}
