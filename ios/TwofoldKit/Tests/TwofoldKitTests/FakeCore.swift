// An in-memory stand-in for the Rust core with the same promises as
// `core/src/enroll/flow.rs` and the vault, so the kit's tests run without the
// library. `TwofoldCoreAdapterTests` run the kit against the real library.

import Foundation
import TwofoldKit

/// A settable clock.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ unixSeconds: TimeInterval) {
        current = Date(timeIntervalSince1970: unixSeconds)
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    var source: TimeSource {
        TimeSource(now: { [self] in self.now })
    }
}

/// A fake code: changes every period, deterministic.
func fakeCode(secret: String, at unixSeconds: UInt64, period: UInt64 = 30) -> OneTimeCode {
    let step = unixSeconds / period
    let seed = secret.unicodeScalars.reduce(UInt64(7)) { ($0 &* 31) &+ UInt64($1.value) }
    let value = (seed &+ step &* 7919) % 1_000_000
    let text = String(value)
    let padded = String(repeating: "0", count: 6 - text.count) + text
    return OneTimeCode(
        value: padded, validFrom: step * period, validUntil: (step + 1) * period,
        grouped: "\(padded.prefix(3)) \(padded.suffix(3))")
}

/// Stand-ins for the core's display rules (their real behaviour is tested in
/// Rust and through the adapter against the real library): plain answers the
/// tests can predict.
func fakeLabel(issuer: String?, name: String) -> String {
    issuer.map { "\($0) (\(name))" } ?? name
}

/// Display rules that record what they were asked and give a fixed answer.
final class RecordingRules: DisplayRules, @unchecked Sendable {
    struct Question: Equatable { var copiedAt: UInt64; var validUntil: UInt64?; var limitSeconds: UInt32 }
    let answer: UInt64
    private(set) var asked: [Question] = []
    init(answer: UInt64) { self.answer = answer }
    func matchesSearch(_ query: String, issuer: String?, name: String) -> Bool { true }
    func clipboardClearAt(copiedAt: UInt64, validUntil: UInt64?, limitSeconds: UInt32) -> UInt64 {
        asked.append(Question(copiedAt: copiedAt, validUntil: validUntil, limitSeconds: limitSeconds))
        return answer
    }
}

/// The fake core's canned password estimates: a few weak passwords by
/// name, everything else strong. (The rule itself is the core's.)
struct FakePasswords: PasswordStrengthEstimating {
    static let weak: [String: (score: UInt8, weakness: PasswordWeakness)] = [
        "": (0, .empty),
        "short": (0, .tooShort),
        "password": (0, .topTenPassword),
        "qwertyuiop": (1, .straightRow),
        "Sunshine": (1, .singleWord),
    ]

    func passwordStrength(_ password: String) -> PasswordStrength {
        Self.strength(password)
    }

    static func strength(_ password: String) -> PasswordStrength {
        if let (score, weakness) = weak[password] {
            return PasswordStrength(score: score, guesses: 100, guessesLog10: 2, weakness: weakness, acceptable: false)
        }
        return PasswordStrength(score: 4, guesses: 10_000_000_000_000, guessesLog10: 13, weakness: nil, acceptable: true)
    }

    /// What the fake core's floor throws for `password`, if it refuses it.
    /// `refusingAll`: the floor refuses even what the estimate accepted (a
    /// core newer than the estimate the screen showed, say).
    static func floor(_ password: String, refusingAll: Bool) throws {
        let strength = strength(password)
        guard strength.acceptable && !refusingAll else {
            throw CoreFailure(.passwordTooWeak(strength.weakness ?? .commonPassword), message: "the password is too easy to guess")
        }
    }
}

final class FakeVault: VaultSession, @unchecked Sendable {
    struct Stored {
        var summary: AccountSummary
        var secret: String
        var trashed = false
        var recoveryCodes: [String] = []
    }

    var stored: [Stored] = []
    var failReorder = false
    private(set) var reorderCalls = 0
    private var nextId = 1
    /// `lock()` was called: every later call throws, as the core's does.
    private(set) var isLocked = false
    private(set) var lockCalls = 0
    var slots: [KeySlot] = [KeySlot(id: "password-1", kind: .password), KeySlot(id: "device-1", kind: .deviceKey)]
    private var nextSlot = 2
    /// Called (on whatever thread runs the job) when a password slot is added
    /// or changed: where Argon2 would run.
    var onKeyDerivation: (() -> Void)?
    var failAddingDeviceKey = false
    /// The fake floor refuses every new password (see `FakePasswords.floor`).
    var floorRefusesAll = false
    /// What the fake camera scanner reports, by a frame's first byte.
    var importScans: [UInt8: ImportScan] = [:]

    func lock() {
        lockCalls += 1
        isLocked = true
    }

    /// What `generation()` reports; tests raise or lower it.
    var sealedGeneration: UInt64 = 1
    var failGeneration = false

    func generation() throws -> UInt64 {
        try checkUnlocked()
        if failGeneration { throw CoreFailure(.damaged, message: "the generation does not open") }
        return sealedGeneration
    }

    private func checkUnlocked() throws {
        if isLocked { throw CoreFailure(.locked, message: "the vault is locked") }
    }

    func keySlots() throws -> [KeySlot] {
        try checkUnlocked()
        return slots
    }

    func addPasswordSlot(_ password: String, at unixSeconds: UInt64) throws {
        try checkUnlocked()
        try FakePasswords.floor(password, refusingAll: floorRefusesAll)
        onKeyDerivation?()
        slots.append(KeySlot(id: "password-\(nextSlot)", kind: .password))
        nextSlot += 1
    }

    func changePassword(slotId: String, to password: String, at unixSeconds: UInt64) throws {
        try checkUnlocked()
        try FakePasswords.floor(password, refusingAll: floorRefusesAll)
        onKeyDerivation?()
        guard slots.contains(where: { $0.id == slotId && $0.kind == .password }) else {
            throw CoreFailure(.notFound, message: "no such slot")
        }
    }

    func addDeviceKeySlot(at unixSeconds: UInt64) throws {
        try checkUnlocked()
        if failAddingDeviceKey { throw CoreFailure(.keyUnavailable, message: "the Secure Enclave refused") }
        slots.append(KeySlot(id: "device-\(nextSlot)", kind: .deviceKey))
        nextSlot += 1
    }

    func removeSlot(id: String) throws {
        try checkUnlocked()
        guard slots.count > 1 else { throw CoreFailure(.invalidRequest, message: "the last key slot cannot be removed") }
        slots.removeAll { $0.id == id }
    }

    func startImportScanner() -> ImportFrameScanning {
        FakeImportScanner(scans: importScans)
    }

    @discardableResult
    func add(issuer: String?, name: String, secret: String, kind: CodeKind = .totp(period: 30)) -> String {
        let id = "acct-\(nextId)"
        nextId += 1
        stored.append(Stored(summary: AccountSummary(id: id, issuer: issuer, name: name, kind: kind, digits: 6, label: fakeLabel(issuer: issuer, name: name)), secret: secret))
        return id
    }

    func matchesSearch(_ query: String, issuer: String?, name: String) -> Bool {
        query.split(separator: " ").allSatisfy { word in
            [issuer ?? "", name].contains { $0.range(of: word, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
    }

    func clipboardClearAt(copiedAt: UInt64, validUntil: UInt64?, limitSeconds: UInt32) -> UInt64 {
        copiedAt + UInt64(limitSeconds)
    }

    func listAccounts() throws -> [AccountSummary] {
        try checkUnlocked()
        return stored.filter { !$0.trashed }.map(\.summary)
    }

    func codes(at unixSeconds: UInt64) throws -> [String: OneTimeCode] {
        var result: [String: OneTimeCode] = [:]
        for entry in stored where !entry.trashed {
            switch entry.summary.kind {
            case let .totp(period):
                result[entry.summary.id] = fakeCode(secret: entry.secret, at: unixSeconds, period: UInt64(period))
            case .steam:
                result[entry.summary.id] = fakeCode(secret: entry.secret, at: unixSeconds)
            case .hotp:
                break
            }
        }
        return result
    }

    func code(id: String, at unixSeconds: UInt64) throws -> OneTimeCode {
        guard let index = stored.firstIndex(where: { $0.summary.id == id }) else {
            throw CoreFailure(.notFound, message: "no such account")
        }
        if case let .hotp(counter) = stored[index].summary.kind {
            stored[index].summary.kind = .hotp(counter: counter + 1)
            let code = fakeCode(secret: stored[index].secret, at: counter + 1, period: 1)
            return OneTimeCode(value: code.value, validFrom: unixSeconds, validUntil: nil, grouped: code.grouped)
        }
        return fakeCode(secret: stored[index].secret, at: unixSeconds)
    }

    func nextHotpCode(accountId: String, at unixSeconds: UInt64) throws -> OneTimeCode {
        try code(id: accountId, at: unixSeconds)
    }

    func rename(accountId: String, issuer: String?, name: String, at unixSeconds: UInt64) throws {
        guard let index = stored.firstIndex(where: { $0.summary.id == accountId }) else {
            throw CoreFailure(.notFound, message: "no such account")
        }
        stored[index].summary.issuer = issuer
        stored[index].summary.name = name
    }

    func delete(accountId: String, at unixSeconds: UInt64) throws {
        setTrashed(accountId, true)
    }

    func restore(accountId: String, at unixSeconds: UInt64) throws {
        setTrashed(accountId, false)
    }

    func reorder(accountIds: [String]) throws {
        reorderCalls += 1
        if failReorder { throw CoreFailure(.storage, message: "disk full") }
        stored.sort { a, b in
            (accountIds.firstIndex(of: a.summary.id) ?? Int.max) < (accountIds.firstIndex(of: b.summary.id) ?? Int.max)
        }
    }

    func startEnrollment() throws -> EnrollmentSession {
        FakeEnrollment(vault: self)
    }

    // MARK: Import and export

    /// A file the fake "reads": its summary, its password (encrypted when
    /// set) and each account's secret. Files are found by their UTF-8 text.
    struct FakeFile {
        var summary: ImportSummary
        var secrets: [String]
        var password: String?
    }

    var files: [String: FakeFile] = [:]
    var importFailure: String?
    var exportFailure: String?
    var googleLeftOut: [ImportIssue] = []
    private(set) var exportCalls: [String] = []

    private func fakeFile(_ data: Data) throws -> FakeFile {
        guard let file = files[String(decoding: data, as: UTF8.self)] else {
            throw CoreFailure(.importFailed, message: "not a format Twofold can import (expected Aegis, 2FAS, andOTP, Bitwarden, a Twofold backup, or otpauth:// / otpauth-migration:// lines)")
        }
        return file
    }

    /// Called where the core would derive the file's key from its password.
    var onReadImport: (() -> Void)?

    func readImport(_ bytes: Data, password: String?) throws -> PendingImport {
        onReadImport?()
        let file = try fakeFile(bytes)
        if let expected = file.password {
            guard let password else {
                throw CoreFailure(.passwordRequired, message: "this \(file.summary.format == .twofoldBackup ? "Twofold backup" : "file") is encrypted: a password is needed")
            }
            guard password == expected else { throw CoreFailure(.wrongPassword, message: "wrong password") }
        }
        return FakePending(file.summary, file.secrets)
    }

    func readImportImage(_ encoded: Data) throws -> PendingImport {
        guard let file = files[String(decoding: encoded, as: UTF8.self)] else {
            throw CoreFailure(.other, message: "no Google Authenticator export QR code in this image")
        }
        return FakePending(file.summary, file.secrets)
    }

    func startGoogleExport() -> GoogleExportCollecting { FakeCollector() }

    func importAccounts(_ pending: PendingImport, acceptingProblems: Bool, at unixSeconds: UInt64) throws -> ImportResult {
        let fake = pending as! FakePending
        if !fake.summary.problems.isEmpty && !acceptingProblems {
            throw CoreFailure(.importFailed, message: "some entries can’t be read: accept importing the rest first")
        }
        if let importFailure { throw CoreFailure(.importFailed, message: importFailure) }
        var added = 0
        var duplicates: [String] = []
        for (label, secret) in zip(fake.summary.accounts, fake.secrets) {
            if stored.contains(where: { !$0.trashed && $0.secret == secret }) {
                duplicates.append(label)
            } else {
                add(issuer: nil, name: label, secret: secret)
                added += 1
            }
        }
        return ImportResult(added: added, duplicates: duplicates)
    }

    private func exported(_ what: String) throws -> String {
        if let exportFailure { throw CoreFailure(.exportFailed, message: exportFailure) }
        exportCalls.append(what)
        return what + ":" + stored.filter { !$0.trashed }.map(\.secret).joined(separator: ",")
    }

    func exportBackup(password: String, at unixSeconds: UInt64) throws -> Data {
        try FakePasswords.floor(password, refusingAll: floorRefusesAll)
        return Data(try exported("backup/\(password)/\(unixSeconds)").utf8)
    }

    func exportAegis(password: String) throws -> Data {
        try FakePasswords.floor(password, refusingAll: floorRefusesAll)
        return Data(try exported("aegis/\(password)").utf8)
    }

    func exportOtpauthList() throws -> String { try exported("otpauth") }

    func exportGoogleQr(accountsPerCode: UInt32?) throws -> GoogleQrExport {
        _ = try exported("google/\(accountsPerCode.map(String.init) ?? "nil")")
        let live = stored.filter { !$0.trashed }
        let size = Int(accountsPerCode ?? 5)
        let pngs = stride(from: 0, to: live.count, by: size).map { start in
            Data(live[start..<min(start + size, live.count)].map(\.secret).joined(separator: ",").utf8)
        }
        return GoogleQrExport(pngs: pngs, leftOut: googleLeftOut)
    }

    private func setTrashed(_ id: String, _ value: Bool) {
        for index in stored.indices where stored[index].summary.id == id {
            stored[index].trashed = value
        }
    }
}

/// What the fake scanner "sees" in a frame or image: the frame's first byte
/// picks an outcome from `FakeEnrollment.frameOutcomes`.
enum FakeScan {
    case account(issuer: String?, name: String, secret: String, shortKey: Bool)
    case invalid(reason: String)
    case migration
    case text(String)
    case nothing
}

final class FakeEnrollment: EnrollmentSession, @unchecked Sendable {
    private let vault: FakeVault
    private var step: EnrollmentStep = .chooseMethod
    private var method: EnrollmentMethod?
    private var pending: (issuer: String?, name: String, secret: String, shortKey: Bool)?
    private var duplicate: ExistingAccount?
    private var savedId: String?
    private var replacedId: String?
    private var emptyFrames = 0
    var frameOutcomes: [UInt8: FakeScan] = [:]

    init(vault: FakeVault) {
        self.vault = vault
    }

    private func notHere() -> CoreFailure {
        CoreFailure(.notAllowedHere, message: "cannot do that on this screen")
    }

    func currentStep() -> EnrollmentStep { step }

    func choose(_ method: EnrollmentMethod) throws -> EnrollmentStep {
        guard step == .chooseMethod else { throw notHere() }
        self.method = method
        emptyFrames = 0
        step = method == .manual ? .manualEntry(errors: []) : .scanning(method: method, hint: nil)
        return step
    }

    func submitFrame(_ frame: LumaFrame) throws -> EnrollmentStep {
        try submit(frameOutcomes[frame.luma.first ?? 0] ?? .nothing)
    }

    func submitImage(_ encoded: Data) throws -> EnrollmentStep {
        try submit(frameOutcomes[encoded.first ?? 0] ?? .nothing)
    }

    func submitLink(_ uri: String) throws -> EnrollmentStep {
        guard let components = URLComponents(string: uri), components.scheme == "otpauth",
              let secret = components.queryItems?.first(where: { $0.name == "secret" })?.value
        else {
            return try submit(.invalid(reason: "not an otpauth URI"))
        }
        let issuer = components.queryItems?.first(where: { $0.name == "issuer" })?.value
        let label = components.path.split(separator: ":").last.map(String.init) ?? ""
        return try submit(.account(issuer: issuer, name: label, secret: secret, shortKey: secret.count < 26))
    }

    private func submit(_ scan: FakeScan) throws -> EnrollmentStep {
        guard case let .scanning(method, currentHint) = step else { throw notHere() }
        var hint: ScanHint?
        switch scan {
        case let .account(issuer, name, secret, shortKey):
            goToConfirm((issuer, name, secret, shortKey))
            return step
        case let .invalid(reason): hint = .invalidSetupCode(reason: reason)
        case .migration: hint = .useImportForExports
        case let .text(text): hint = .notAnAuthenticatorCode(text: text)
        case .nothing where method == .image: hint = .noCodeInImage
        case .nothing:
            emptyFrames += 1
            if let currentHint, currentHint != .holdSteady {
                hint = currentHint
            } else {
                hint = emptyFrames >= 30 ? .holdSteady : nil
            }
        }
        step = .scanning(method: method, hint: hint)
        return step
    }

    static func isKeyCharacter(_ character: Character) -> Bool {
        if character.isWhitespace || character == "-" || character == "=" { return true }
        let scalars = Array(String(character).uppercased().unicodeScalars)
        guard scalars.count == 1 else { return false }
        let value = scalars[0].value
        return (65...90).contains(value) || (50...55).contains(value)
    }

    static func validate(_ form: ManualForm) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let key = form.key.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        if key.isEmpty {
            issues.append(FieldIssue(field: .key, reason: "key: the key is empty", keyIssue: .empty))
        } else if let bad = form.key.enumerated().first(where: { !isKeyCharacter($0.element) }) {
            let hint: String? = bad.element == "0" ? "Base32 has no zero: did you mean the letter O?" : nil
            issues.append(FieldIssue(
                field: .key, reason: "key: character \(bad.offset + 1) is not Base32",
                keyIssue: .invalidCharacter(character: String(bad.element), position: UInt32(bad.offset + 1), hint: hint)))
        } else if key.count < 16 {
            issues.append(FieldIssue(
                field: .key, reason: "key: too short",
                keyIssue: .tooShort(bits: UInt32(key.count * 5), minBits: 80)))
        }
        if form.name.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(FieldIssue(
                field: .name, reason: "account name: required (for example the email you sign in with)"))
        }
        if form.kind != .steam && !(6...10).contains(form.digits) {
            issues.append(FieldIssue(field: .digits, reason: "digits: must be between 6 and 10, got \(form.digits)"))
        }
        if form.kind == .totp && form.period == 0 {
            issues.append(FieldIssue(field: .period, reason: "period: must be at least 1 second"))
        }
        return issues
    }

    func updateManual(_ form: ManualForm) throws -> EnrollmentStep {
        guard case .manualEntry = step else { throw notHere() }
        step = .manualEntry(errors: Self.validate(form))
        return step
    }

    func submitManual(_ form: ManualForm) throws -> EnrollmentStep {
        guard case .manualEntry = step else { throw notHere() }
        let issues = Self.validate(form)
        if issues.isEmpty {
            let secret = form.key.uppercased().filter { !$0.isWhitespace && $0 != "-" }
            let issuer = form.issuer.trimmingCharacters(in: .whitespaces)
            goToConfirm((issuer.isEmpty ? nil : issuer, form.name.trimmingCharacters(in: .whitespaces), secret, secret.count < 26))
        } else {
            step = .manualEntry(errors: issues)
        }
        return step
    }

    private func goToConfirm(_ account: (issuer: String?, name: String, secret: String, shortKey: Bool)) {
        duplicate = vault.stored.first { !$0.trashed && $0.secret == account.secret }.map {
            ExistingAccount(id: $0.summary.id, issuer: $0.summary.issuer, name: $0.summary.name, label: $0.summary.label)
        }
        pending = account
        showConfirm()
    }

    private func showConfirm() {
        guard let pending else { return }
        step = .confirm(
            issuer: pending.issuer, name: pending.name,
            duplicate: savedId == nil ? duplicate : nil, shortKey: pending.shortKey)
    }

    func editLabels(issuer: String?, name: String) throws -> EnrollmentStep {
        guard case .confirm = step else { throw notHere() }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.count > 256 {
            throw CoreFailure(
                .invalidForm([FieldIssue(field: .name, reason: "account name: longer than 256 characters")]),
                message: "account name: longer than 256 characters")
        }
        pending?.issuer = issuer
        pending?.name = trimmed
        showConfirm()
        return step
    }

    func confirm(_ choice: DuplicateChoice?, at unixSeconds: UInt64) throws -> EnrollmentStep {
        guard case .confirm = step, let pending else { throw notHere() }
        let id: String
        if let savedId {
            try vault.rename(accountId: savedId, issuer: pending.issuer, name: pending.name, at: unixSeconds)
            id = savedId
        } else {
            if let duplicate {
                switch choice {
                case nil:
                    throw CoreFailure(.duplicateChoiceRequired, message: "choose replace or keep both")
                case .keepBoth?:
                    break
                case .replace?:
                    try vault.delete(accountId: duplicate.id, at: unixSeconds)
                    replacedId = duplicate.id
                }
            }
            id = vault.add(issuer: pending.issuer, name: pending.name, secret: pending.secret)
            savedId = id
        }
        step = .showCode(accountId: id, code: try vault.code(id: id, at: unixSeconds))
        return step
    }

    func refreshCode(at unixSeconds: UInt64) throws -> EnrollmentStep {
        guard case let .showCode(id, _) = step else { throw notHere() }
        step = .showCode(accountId: id, code: try vault.code(id: id, at: unixSeconds))
        return step
    }

    func codeEntered() throws -> EnrollmentStep {
        guard case let .showCode(id, _) = step else { throw notHere() }
        step = .recoveryCode(accountId: id, acknowledged: false)
        return step
    }

    func acknowledge(_ acknowledged: Bool) throws -> EnrollmentStep {
        guard case let .recoveryCode(id, _) = step else { throw notHere() }
        step = .recoveryCode(accountId: id, acknowledged: acknowledged)
        return step
    }

    func saveRecoveryCode(_ code: String, at unixSeconds: UInt64) throws -> EnrollmentStep {
        guard case let .recoveryCode(id, acknowledged) = step else { throw notHere() }
        guard acknowledged else { throw CoreFailure(.acknowledgementRequired, message: "acknowledge first") }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CoreFailure(.recoveryCodeEmpty, message: "the recovery code is empty") }
        if let index = vault.stored.firstIndex(where: { $0.summary.id == id }) {
            vault.stored[index].recoveryCodes.append(trimmed)
        }
        step = .done(accountId: id)
        return step
    }

    func skipRecoveryCode() throws -> EnrollmentStep {
        guard case let .recoveryCode(id, _) = step else { throw notHere() }
        step = .done(accountId: id)
        return step
    }

    func back(at unixSeconds: UInt64) throws -> EnrollmentStep {
        switch step {
        case .chooseMethod:
            step = .cancelled
        case .scanning, .manualEntry:
            method = nil
            step = .chooseMethod
        case .confirm where savedId != nil:
            step = .showCode(accountId: savedId!, code: try vault.code(id: savedId!, at: unixSeconds))
        case .confirm:
            pending = nil
            duplicate = nil
            switch method {
            case .camera?: step = .scanning(method: .camera, hint: nil)
            case .image?: step = .scanning(method: .image, hint: nil)
            default: step = .manualEntry(errors: [])
            }
        case .showCode:
            showConfirm()
        case let .recoveryCode(id, _):
            step = .showCode(accountId: id, code: try vault.code(id: id, at: unixSeconds))
        case .done, .cancelled:
            break
        }
        return step
    }

    func cancel(at unixSeconds: UInt64) throws -> EnrollmentStep {
        switch step {
        case .showCode, .confirm:
            if let id = savedId {
                try vault.delete(accountId: id, at: unixSeconds)
                savedId = nil
                if let replacedId {
                    try vault.restore(accountId: replacedId, at: unixSeconds)
                    self.replacedId = nil
                }
            }
            step = .cancelled
        case let .recoveryCode(id, _):
            step = .done(accountId: id)
        case .done:
            break
        default:
            step = .cancelled
        }
        pending = nil
        return step
    }
}

final class FakeImportScanner: ImportFrameScanning, @unchecked Sendable {
    private let scans: [UInt8: ImportScan]

    init(scans: [UInt8: ImportScan]) {
        self.scans = scans
    }

    func scan(_ frame: LumaFrame) throws -> ImportScan {
        scans[frame.luma.first ?? 0] ?? .nothing
    }
}

/// The app's Secure Enclave key, in memory: records what the switch did.
final class FakeDeviceKeys: DeviceKeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var current: DeviceKeyProtection?
    private(set) var prepared: DeviceKeyProtection?
    private(set) var log: [String] = []
    var failPreparing = false

    init(current: DeviceKeyProtection? = nil) {
        self.current = current
    }

    func prepareKey(_ protection: DeviceKeyProtection) throws {
        lock.lock()
        defer { lock.unlock() }
        if failPreparing { throw CoreFailure(.keyUnavailable, message: "no passcode") }
        prepared = protection
        log.append("prepare \(protection.rawValue)")
    }

    func commitPreparedKey() {
        lock.lock()
        defer { lock.unlock() }
        current = prepared
        prepared = nil
        log.append("commit")
    }

    func discardPreparedKey() {
        lock.lock()
        defer { lock.unlock() }
        prepared = nil
        log.append("discard")
    }

    func deleteKey() {
        lock.lock()
        defer { lock.unlock() }
        current = nil
        log.append("delete")
    }
}

final class FakeCore: CoreGateway, @unchecked Sendable {
    let vault = FakeVault()
    var exists: Bool
    var password: String?
    var deviceKeyWorks = true
    private(set) var createdWithDeviceKey: Bool?
    /// The fake floor refuses every new password (see `FakePasswords.floor`).
    var floorRefusesAll = false

    init(exists: Bool, password: String? = nil) {
        self.exists = exists
        self.password = password
    }

    func vaultExists() -> Bool { exists }

    func passwordStrength(_ password: String) -> PasswordStrength {
        FakePasswords.strength(password)
    }

    func createVault(password: String, withDeviceKey: Bool) throws -> VaultSession {
        try FakePasswords.floor(password, refusingAll: floorRefusesAll)
        exists = true
        self.password = password
        createdWithDeviceKey = withDeviceKey
        vault.slots = [KeySlot(id: "password-1", kind: .password)]
        if withDeviceKey { vault.slots.append(KeySlot(id: "device-1", kind: .deviceKey)) }
        return vault
    }

    func eraseVault() throws {
        exists = false
    }

    /// The core's rule (core/src/backup_reminder.rs), restated.
    func backupReminder(accounts: UInt32, changesSinceBackup: UInt32, lastBackupAt: UInt64?, unixSeconds: UInt64) -> BackupReminder {
        guard accounts > 0 else { return .upToDate }
        guard let lastBackupAt else { return .neverBackedUp(accounts: accounts) }
        guard changesSinceBackup > 0 else { return .upToDate }
        if changesSinceBackup >= 5 || unixSeconds >= lastBackupAt + 86_400 {
            return .changesNotBackedUp(changes: changesSinceBackup, lastBackupAt: lastBackupAt)
        }
        return .upToDate
    }

    func unlock(_ method: UnlockMethod) throws -> VaultSession {
        switch method {
        case .deviceKey:
            guard deviceKeyWorks else { throw CoreFailure(.cancelled, message: "user cancelled") }
        case let .password(given):
            guard given == password else { throw CoreFailure(.wrongPassword, message: "wrong password") }
        }
        return vault
    }
}

final class FakePending: PendingImport, @unchecked Sendable {
    let summary: ImportSummary
    let secrets: [String]

    init(_ summary: ImportSummary, _ secrets: [String]) {
        self.summary = summary
        self.secrets = secrets
    }
}

final class FakeCollector: GoogleExportCollecting, @unchecked Sendable {
    private var parts: [Int: FakePending] = [:]
    private var batch: GoogleBatch?

    func add(_ part: PendingImport) throws -> GoogleExportProgress {
        let fake = part as! FakePending
        guard let incoming = fake.summary.googleBatch else {
            throw CoreFailure(.importFailed, message: "not a Google Authenticator export QR code")
        }
        let first = batch ?? incoming
        batch = first
        guard first.batchId == incoming.batchId else {
            throw CoreFailure(.importFailed, message: "this QR code belongs to another Google Authenticator export")
        }
        if parts[incoming.index] == nil { parts[incoming.index] = fake }
        return GoogleExportProgress(size: first.size, missing: (0..<first.size).filter { parts[$0] == nil })
    }

    func finish() -> PendingImport {
        let all = parts.keys.sorted().compactMap { parts[$0] }
        return FakePending(
            ImportSummary(
                format: .googleAuthenticator, accounts: all.flatMap(\.summary.accounts),
                problems: all.flatMap(\.summary.problems)),
            all.flatMap(\.secrets))
    }
}

/// The models' background work, run at once on the test's thread (the
/// threading itself is tested in BackgroundWorkTests).
extension ImportModel {
    func chooseFileNow(_ data: Data) { fileChosen(data).map { complete($0.run()) } }
    func chooseImageNow(_ data: Data) { imageChosen(data).map { complete($0.run()) } }
    func submitPasswordNow(_ password: String) { submitPassword(password).map { complete($0.run()) } }
}

extension ExportModel {
    func exportNow(password: String = "", confirmation: String = "") {
        export(password: password, confirmation: confirmation).map { complete($0.run()) }
    }
}

/// A monotonic clock the test moves; independent of the wall clock.
final class TestUptime: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: TimeInterval

    init(_ seconds: TimeInterval = 100) {
        self.seconds = seconds
    }

    func advance(_ delta: TimeInterval) {
        lock.lock()
        seconds += delta
        lock.unlock()
    }

    var clock: MonotonicClock {
        MonotonicClock { [self] in
            self.lock.lock()
            defer { self.lock.unlock() }
            return self.seconds
        }
    }
}
