// `CoreGateway` over the UniFFI-generated `TwofoldCore` module. The only file
// that touches generated names: when the bindings change, this file changes.
// Both modules define some same-named types (FormField, ManualKind,
// DuplicateChoice, ScanHint, ExistingAccount, ...), so names are qualified
// with their module throughout.

import Foundation
import TwofoldCore
import TwofoldKit

/// The real core: the vault file at `vaultPath`, unlocked through the app's
/// `KeyProvider` (Keychain + Secure Enclave) or a password.
public final class RustCore: CoreGateway, @unchecked Sendable {
    private let vaultPath: String
    private let keyProvider: KeyProvider
    private let deviceSlotLabel: String
    private let kdfParams: KdfParams?
    private let time: TimeSource

    /// `vaultPath`: a file in the app's Application Support directory (the app
    /// excludes it from nothing: the vault is encrypted, and an encrypted
    /// backup with the password slot is how it survives a new phone).
    /// `deviceSlotLabel` names the platform key slot; `kdfParams` `nil` means
    /// the core's recommended password hashing (tests pass cheap ones);
    /// `time` stamps the slots created with the vault.
    public init(
        vaultPath: String, keyProvider: KeyProvider, deviceSlotLabel: String = "This device",
        kdfParams: KdfParams? = nil, time: TimeSource = .system
    ) {
        self.vaultPath = vaultPath
        self.keyProvider = keyProvider
        self.deviceSlotLabel = deviceSlotLabel
        self.kdfParams = kdfParams
        self.time = time
    }

    public func vaultExists() -> Bool {
        FileManager.default.fileExists(atPath: vaultPath)
    }

    public func createVault(password: String, withDeviceKey: Bool) throws -> VaultSession {
        try translatingErrors {
            let now = time.unixSeconds
            let vault: Vault
            // The password slot first (the core checks the floor before the
            // file exists): whatever then happens to the device key, the
            // vault never exists without its recovery password.
            vault = try Vault.createWithPassword(path: vaultPath, password: password, kdfParams: kdfParams, now: now)
            if withDeviceKey {
                _ = try vault.addPlatformSlot(provider: keyProvider, label: deviceSlotLabel, now: now)
            }
            return session(vault)
        }
    }

    public func unlock(_ method: UnlockMethod) throws -> VaultSession {
        try translatingErrors {
            let vault = try Vault.open(path: vaultPath)
            switch method {
            case .deviceKey:
                try vault.unlockWithKeyProvider(provider: keyProvider)
            case let .password(password):
                try vault.unlockWithPassword(password: password)
            }
            return session(vault)
        }
    }

    /// The vault file and SQLite's companions (write-ahead log, shared memory).
    public func eraseVault() throws {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let path = vaultPath + suffix
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw CoreFailure(.other, message: "cannot delete the vault file: \(error.localizedDescription)")
            }
        }
    }

    public func passwordStrength(_ password: String) -> TwofoldKit.PasswordStrength {
        kitStrength(TwofoldCore.passwordStrength(password: password))
    }

    public func backupReminder(
        accounts: UInt32, changesSinceBackup: UInt32, lastBackupAt: UInt64?, unixSeconds: UInt64
    ) -> TwofoldKit.BackupReminder {
        switch TwofoldCore.backupReminder(
            accounts: accounts, changesSinceBackup: changesSinceBackup, lastBackupAt: lastBackupAt,
            unixSeconds: unixSeconds)
        {
        case .upToDate: return .upToDate
        case let .neverBackedUp(accounts): return .neverBackedUp(accounts: accounts)
        case let .changesNotBackedUp(changes, lastBackupAt):
            return .changesNotBackedUp(changes: changes, lastBackupAt: lastBackupAt)
        }
    }

    private func session(_ vault: Vault) -> RustVault {
        RustVault(vault, kdfParams: kdfParams, keyProvider: keyProvider, deviceSlotLabel: deviceSlotLabel)
    }
}

final class RustVault: VaultSession, @unchecked Sendable {
    private let vault: Vault
    /// Password hashing of slots and exported backups; `nil`: the core's recommended one.
    private let kdfParams: KdfParams?
    /// Wraps new platform slots (the app's prepared Secure Enclave key).
    private let keyProvider: KeyProvider
    private let deviceSlotLabel: String

    init(_ vault: Vault, kdfParams: KdfParams?, keyProvider: KeyProvider, deviceSlotLabel: String) {
        self.vault = vault
        self.kdfParams = kdfParams
        self.keyProvider = keyProvider
        self.deviceSlotLabel = deviceSlotLabel
    }

    func lock() {
        vault.lock()
    }

    func generation() throws -> UInt64 {
        try translatingErrors { try vault.generation() }
    }

    // MARK: Key slots

    func keySlots() throws -> [KeySlot] {
        try translatingErrors {
            try vault.slots().map { slot in
                switch slot.kind {
                case .password: return KeySlot(id: slot.id, kind: .password)
                case .platform: return KeySlot(id: slot.id, kind: .deviceKey)
                }
            }
        }
    }

    func addPasswordSlot(_ password: String, at unixSeconds: UInt64) throws {
        try translatingErrors {
            _ = try vault.addPasswordSlot(password: password, kdfParams: kdfParams, now: unixSeconds)
        }
    }

    func changePassword(slotId: String, to password: String, at unixSeconds: UInt64) throws {
        try translatingErrors {
            _ = try vault.changePassword(slotId: slotId, newPassword: password, kdfParams: kdfParams, now: unixSeconds)
        }
    }

    func addDeviceKeySlot(at unixSeconds: UInt64) throws {
        try translatingErrors {
            _ = try vault.addPlatformSlot(provider: keyProvider, label: deviceSlotLabel, now: unixSeconds)
        }
    }

    func removeSlot(id: String) throws {
        try translatingErrors { try vault.removeSlot(slotId: id) }
    }

    // MARK: Display rules (the core's)

    func matchesSearch(_ query: String, issuer: String?, name: String) -> Bool {
        TwofoldCore.matchesSearch(query: query, issuer: issuer, name: name)
    }

    func clipboardClearAt(copiedAt: UInt64, validUntil: UInt64?, limitSeconds: UInt32) -> UInt64 {
        TwofoldCore.clipboardClearAt(copiedAt: copiedAt, validUntil: validUntil, limitSeconds: limitSeconds)
    }

    // MARK: Accounts

    func listAccounts() throws -> [AccountSummary] {
        try translatingErrors {
            // Rows that fail authentication (`unreadable`) are not listed.
            try vault.list().accounts.map { account in
                AccountSummary(
                    id: account.id, issuer: account.issuer, name: account.name,
                    kind: codeKind(account.params.kind), digits: account.params.digits, label: account.label)
            }
        }
    }

    func codes(at unixSeconds: UInt64) throws -> [String: OneTimeCode] {
        try translatingErrors {
            var result: [String: OneTimeCode] = [:]
            // HOTP accounts come without a code: skipped.
            for entry in try vault.codes(at: unixSeconds).codes {
                if let code = entry.code {
                    result[entry.account.id] = oneTimeCode(code)
                }
            }
            return result
        }
    }

    func nextHotpCode(accountId: String, at unixSeconds: UInt64) throws -> OneTimeCode {
        try translatingErrors { oneTimeCode(try vault.nextHotp(id: accountId, now: unixSeconds)) }
    }

    func rename(accountId: String, issuer: String?, name: String, at unixSeconds: UInt64) throws {
        try translatingErrors { _ = try vault.rename(id: accountId, issuer: issuer, name: name, now: unixSeconds) }
    }

    func delete(accountId: String, at unixSeconds: UInt64) throws {
        try translatingErrors { try vault.delete(id: accountId, now: unixSeconds) }
    }

    func restore(accountId: String, at unixSeconds: UInt64) throws {
        try translatingErrors { try vault.restore(id: accountId, now: unixSeconds) }
    }

    func reorder(accountIds: [String]) throws {
        try translatingErrors { try vault.reorder(ids: accountIds) }
    }

    func startEnrollment() throws -> EnrollmentSession {
        RustEnrollment(Enrollment(vault: vault))
    }

    // MARK: Import and export

    /// Reading needs no vault; the file's secrets stay in the returned object.
    func readImport(_ bytes: Data, password: String?) throws -> TwofoldKit.PendingImport {
        try translatingErrors { RustPendingImport(try TwofoldCore.readImport(bytes: bytes, password: password)) }
    }

    func readImportImage(_ encoded: Data) throws -> TwofoldKit.PendingImport {
        let outcome = try translatingErrors { try scanImage(encoded: encoded) }
        switch outcome {
        case let .migration(export):
            return RustPendingImport(export)
        case .account:
            throw CoreFailure(.other, message: "this QR code sets up one account, not an export: add it with Add Account")
        case .invalidAccount, .bareKey, .notAnAuthenticatorCode, .nothing:
            throw CoreFailure(.other, message: "no Google Authenticator export QR code in this image")
        }
    }

    func startGoogleExport() -> GoogleExportCollecting {
        RustGoogleCollector()
    }

    func startImportScanner() -> ImportFrameScanning {
        RustImportScanner()
    }

    func importAccounts(
        _ pending: TwofoldKit.PendingImport, acceptingProblems: Bool, at unixSeconds: UInt64
    ) throws -> ImportResult {
        // The core refuses a partly readable file unless the user accepted the rest.
        let report = try translatingErrors {
            try vault.importAccounts(
                pending: try binding(pending), acceptProblems: acceptingProblems, now: unixSeconds)
        }
        return ImportResult(added: report.added.count, duplicates: report.duplicates.map(\.label))
    }

    func exportBackup(password: String, at unixSeconds: UInt64) throws -> Data {
        try translatingErrors { try vault.exportBackup(password: password, kdfParams: kdfParams, now: unixSeconds) }
    }

    func exportAegis(password: String) throws -> Data {
        try translatingErrors { try vault.exportAegis(password: password) }
    }

    func exportOtpauthList() throws -> String {
        try translatingErrors { try vault.exportOtpauthList() }
    }

    func exportGoogleQr(accountsPerCode: UInt32?) throws -> TwofoldKit.GoogleQrExport {
        try translatingErrors {
            let export = try vault.exportGoogleQr(accountsPerCode: accountsPerCode.map { max(1, $0) })
            return TwofoldKit.GoogleQrExport(pngs: export.pngs, leftOut: export.leftOut.map(importIssue))
        }
    }
}

/// A read export file: the binding's object and its secret-free summary.
final class RustPendingImport: TwofoldKit.PendingImport, @unchecked Sendable {
    let pending: TwofoldCore.PendingImport
    let summary: ImportSummary

    init(_ pending: TwofoldCore.PendingImport) {
        self.pending = pending
        summary = ImportSummary(
            format: importFormat(pending.format()),
            accounts: pending.entries().map(\.label),
            problems: pending.problems().map(importIssue),
            googleBatch: pending.googleBatch().map {
                GoogleBatch(batchId: $0.batchId, index: Int($0.index), size: Int($0.size))
            },
            incompleteGoogle: pending.incompleteGoogleExports().map {
                TwofoldKit.IncompleteGoogleExport(size: Int($0.size), missing: $0.missing.map { Int($0) })
            },
            needsConsent: pending.needsConsent())
    }
}

/// The camera loop's scanner for export QR codes (attempts rotate across frames).
final class RustImportScanner: ImportFrameScanning, @unchecked Sendable {
    private let scanner = TwofoldCore.Scanner()

    func scan(_ frame: LumaFrame) throws -> ImportScan {
        let outcome = try translatingErrors {
            try scanner.scanFrame(luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.rowStride)
        }
        switch outcome {
        case let .migration(export): return .exportPart(RustPendingImport(export))
        // A bare Base32 key also sets up one account: Add Account takes it.
        case .account, .bareKey: return .singleAccount
        case .invalidAccount, .notAnAuthenticatorCode: return .otherCode
        case .nothing: return .nothing
        }
    }
}

final class RustGoogleCollector: GoogleExportCollecting, @unchecked Sendable {
    private let collector = TwofoldCore.GoogleExportCollector()

    func add(_ part: TwofoldKit.PendingImport) throws -> TwofoldKit.GoogleExportProgress {
        try translatingErrors {
            let progress = try collector.add(part: try binding(part))
            return TwofoldKit.GoogleExportProgress(size: Int(progress.size), missing: progress.missing.map { Int($0) })
        }
    }

    func finish() -> TwofoldKit.PendingImport {
        RustPendingImport(collector.finish())
    }
}

private func binding(_ pending: TwofoldKit.PendingImport) throws -> TwofoldCore.PendingImport {
    guard let rust = pending as? RustPendingImport else {
        throw CoreFailure(.other, message: "not a pending import of this core")
    }
    return rust.pending
}

final class RustEnrollment: TwofoldKit.EnrollmentSession, @unchecked Sendable {
    private let flow: Enrollment
    /// One scanner per flow: it rotates its image variants frame by frame.
    /// (Qualified: Foundation has a `Scanner` too.)
    private let scanner = TwofoldCore.Scanner()

    init(_ flow: Enrollment) {
        self.flow = flow
    }

    func currentStep() -> TwofoldKit.EnrollmentStep {
        kitStep(flow.step())
    }

    func choose(_ method: TwofoldKit.EnrollmentMethod) throws -> TwofoldKit.EnrollmentStep {
        let coreMethod: TwofoldCore.EnrollMethod
        switch method {
        case .camera: coreMethod = .camera
        case .image: coreMethod = .image
        case .manual: coreMethod = .manual
        }
        return try step { try flow.choose(method: coreMethod) }
    }

    func submitFrame(_ frame: LumaFrame) throws -> TwofoldKit.EnrollmentStep {
        try step {
            try flow.submitFrame(
                scanner: scanner, luma: frame.luma, width: frame.width, height: frame.height,
                rowStride: frame.rowStride)
        }
    }

    func submitImage(_ encoded: Data) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.submitImage(encoded: encoded) }
    }

    func submitLink(_ uri: String) throws -> TwofoldKit.EnrollmentStep {
        // A link that is not a usable otpauth URI throws (`InvalidUri`, kind
        // `.other` with the core's reason) and leaves the flow where it is.
        try step { try flow.submitAccount(account: try parseUri(uri: uri)) }
    }

    func updateManual(_ form: ManualForm) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.updateManual(key: form.key, entry: manualEntry(form)) }
    }

    func submitManual(_ form: ManualForm) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.submitManual(key: form.key, entry: manualEntry(form)) }
    }

    func editLabels(issuer: String?, name: String) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.editLabels(issuer: issuer, name: name) }
    }

    func confirm(_ choice: TwofoldKit.DuplicateChoice?, at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        let coreChoice: TwofoldCore.DuplicateChoice?
        switch choice {
        case nil: coreChoice = nil
        case .replace?: coreChoice = .replace
        case .keepBoth?: coreChoice = .keepBoth
        }
        return try step { try flow.confirm(choice: coreChoice, now: unixSeconds) }
    }

    func refreshCode(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.refreshCode(now: unixSeconds) }
    }

    func codeEntered() throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.codeEntered() }
    }

    func acknowledge(_ acknowledged: Bool) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.acknowledge(acknowledged: acknowledged) }
    }

    func saveRecoveryCode(_ code: String, at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.saveRecoveryCode(code: code, now: unixSeconds) }
    }

    func skipRecoveryCode() throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.skipRecoveryCode() }
    }

    func back(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.back(now: unixSeconds) }
    }

    func cancel(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.cancel(now: unixSeconds) }
    }

    private func step(_ body: () throws -> TwofoldCore.EnrollStep) throws -> TwofoldKit.EnrollmentStep {
        try translatingErrors { kitStep(try body()) }
    }
}

// MARK: - Conversions

/// The form without its key: the core takes the key as a separate argument.
func manualEntry(_ form: ManualForm) -> ManualEntry {
    let kind: TwofoldCore.ManualKind
    switch form.kind {
    case .totp: kind = .totp
    case .hotp: kind = .hotp
    case .steam: kind = .steam
    }
    let algorithm: Algorithm
    switch form.algorithm {
    case .sha1: algorithm = .sha1
    case .sha256: algorithm = .sha256
    case .sha512: algorithm = .sha512
    }
    return ManualEntry(
        name: form.name, issuer: form.issuer, kind: kind, algorithm: algorithm,
        digits: form.digits, period: form.period, counter: form.counter)
}

/// Whether the core's scanner reads this encoded image as it is (PNG, JPEG,
/// WebP, told from its signature by the core); anything else (HEIC) needs
/// converting to JPEG first.
public func isScannableImage(_ data: Data) -> Bool {
    TwofoldCore.imageFormat(signature: Data(data.prefix(12))) != nil
}

func oneTimeCode(_ code: Code) -> OneTimeCode {
    OneTimeCode(value: code.value, validFrom: code.validFrom, validUntil: code.validUntil, grouped: code.grouped)
}

func codeKind(_ kind: OtpKind) -> CodeKind {
    switch kind {
    case let .totp(period): return .totp(period: period)
    case let .hotp(counter): return .hotp(counter: counter)
    case .steam: return .steam
    }
}

func fieldIssue(_ problem: FieldProblem) -> FieldIssue {
    let field: TwofoldKit.FormField
    switch problem.field {
    case .key: field = .key
    case .name: field = .name
    case .issuer: field = .issuer
    case .digits: field = .digits
    case .period: field = .period
    }
    return FieldIssue(field: field, reason: problem.reason, keyIssue: problem.keyProblem.map(keyIssue))
}

func keyIssue(_ problem: KeyProblem) -> KeyIssue {
    switch problem {
    case .empty: return .empty
    case let .invalidCharacter(character, position, hint):
        return .invalidCharacter(character: character, position: position, hint: hint)
    case let .misplacedPadding(position): return .misplacedPadding(position: position)
    case let .invalidLength(length): return .invalidLength(length: length)
    case let .tooShort(bits, minBits): return .tooShort(bits: bits, minBits: minBits)
    case let .tooLong(bits): return .tooLong(bits: bits)
    }
}

func kitStep(_ step: TwofoldCore.EnrollStep) -> TwofoldKit.EnrollmentStep {
    switch step {
    case .chooseMethod:
        return .chooseMethod
    case let .scanning(method, hint):
        let kitMethod: TwofoldKit.EnrollmentMethod
        switch method {
        case .camera: kitMethod = .camera
        case .image: kitMethod = .image
        case .manual: kitMethod = .manual
        }
        return .scanning(method: kitMethod, hint: hint.map(kitHint))
    case let .manualEntry(problems):
        return .manualEntry(errors: problems.map(fieldIssue))
    case let .confirm(issuer, name, duplicate, shortKey):
        return .confirm(
            issuer: issuer, name: name,
            duplicate: duplicate.map { TwofoldKit.ExistingAccount(id: $0.id, issuer: $0.issuer, name: $0.name, label: $0.label) },
            shortKey: shortKey)
    case let .showCode(accountId, code):
        return .showCode(accountId: accountId, code: oneTimeCode(code))
    case let .recoveryCode(accountId, acknowledged):
        return .recoveryCode(accountId: accountId, acknowledged: acknowledged)
    case let .done(accountId):
        return .done(accountId: accountId)
    case .cancelled:
        return .cancelled
    }
}

func kitHint(_ hint: TwofoldCore.ScanHint) -> TwofoldKit.ScanHint {
    switch hint {
    case .holdSteady: return .holdSteady
    case .noCodeInImage: return .noCodeInImage
    case let .notAnAuthenticatorCode(text): return .notAnAuthenticatorCode(text: text)
    case let .invalidSetupCode(reason): return .invalidSetupCode(reason: reason)
    case .useImportForExports: return .useImportForExports
    }
}

func importFormat(_ format: TwofoldCore.ImportFormat) -> TwofoldKit.ImportFormat {
    switch format {
    case .googleMigration: return .googleAuthenticator
    case .aegisPlain: return .aegis
    case .aegisEncrypted: return .aegisEncrypted
    case .twoFas: return .twoFas
    case .andOtp: return .andOtp
    case .bitwarden: return .bitwarden
    case .uriList: return .otpauthList
    case .twofoldBackup: return .twofoldBackup
    case .bitwardenCsv: return .bitwardenCsv
    case .freeOtpXml: return .freeOtp
    case .freeOtpPlusJson: return .freeOtpPlus
    case .steamMaFile: return .steam
    case .protonAuthenticator: return .proton
    case .duoMobile: return .duo
    case .stratumPlain: return .stratum
    case .authyXml: return .authy
    case .battleNetXml: return .battleNet
    case .googleAuthenticatorDb: return .googleAuthenticatorDb
    case .microsoftAuthenticatorDb: return .microsoftAuthenticatorDb
    // Named as their plain forms until the screens get their own strings.
    case .twoFasEncrypted: return .twoFas
    case .andOtpEncrypted: return .andOtp
    case .bitwardenEncrypted: return .bitwarden
    }
}

func importIssue(_ problem: ImportProblem) -> ImportIssue {
    ImportIssue(position: Int(problem.position), label: problem.label, reason: problem.reason)
}


// MARK: - Errors

/// Runs a core call and turns `TwofoldError` into the kit's `CoreFailure`.
func translatingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TwofoldError {
        throw coreFailure(error)
    }
}

/// The kit's failure for a core error, chosen by the error's case and data,
/// never by its English text. The switch is exhaustive: a case added to the
/// bindings fails this build until it is mapped.
func coreFailure(_ error: TwofoldError) -> CoreFailure {
    let message = reason(of: error) ?? String(describing: error)
    switch error {
    case let .InvalidForm(problems):
        return CoreFailure(.invalidForm(problems.map(fieldIssue)), message: message)
    case let .InvalidKey(problem, reason):
        return CoreFailure(
            .invalidForm([FieldIssue(field: .key, reason: reason, keyIssue: keyIssue(problem))]), message: message)
    case .InvalidUri, .CannotGenerate, .ScanFailed:
        return CoreFailure(.invalidInput, message: message)
    case .WrongPassword:
        return CoreFailure(.wrongPassword, message: message)
    case let .PasswordTooWeak(_, weakness, _):
        return CoreFailure(.passwordTooWeak(weakness.map(kitWeakness)), message: message)
    case .KeyProviderFailed:
        return CoreFailure(.keyUnavailable, message: message)
    case .AuthenticationCancelled:
        return CoreFailure(.cancelled, message: message)
    case .PlatformKeyMismatch:
        return CoreFailure(.keyInvalidated, message: message)
    case .TamperedRow, .Unreadable, .SlotDamaged:
        return CoreFailure(.damaged, message: message)
    case .VaultUnusable:
        return CoreFailure(.vaultUnusable, message: message)
    case let .FlowRefused(problem, _):
        switch problem {
        case .notAllowedHere: return CoreFailure(.notAllowedHere, message: message)
        case .duplicateChoiceRequired: return CoreFailure(.duplicateChoiceRequired, message: message)
        case .acknowledgementRequired: return CoreFailure(.acknowledgementRequired, message: message)
        case .recoveryCodeEmpty: return CoreFailure(.recoveryCodeEmpty, message: message)
        }
    case .RecoveryCodeAlreadyUsed:
        return CoreFailure(.recoveryCodeAlreadyUsed, message: message)
    case .Locked:
        return CoreFailure(.locked, message: message)
    case .NotFound:
        return CoreFailure(.notFound, message: message)
    case .InvalidRequest:
        return CoreFailure(.invalidRequest, message: message)
    case .PasswordRequired:
        return CoreFailure(.passwordRequired, message: message)
    case .ImportFailed:
        return CoreFailure(.importFailed, message: message)
    case .ExportFailed:
        return CoreFailure(.exportFailed, message: message)
    case .Storage:
        return CoreFailure(.storage, message: message)
    case .Internal:
        return CoreFailure(.bug, message: message)
    }
}

func kitStrength(_ strength: TwofoldCore.PasswordStrength) -> TwofoldKit.PasswordStrength {
    TwofoldKit.PasswordStrength(
        score: strength.score, guesses: strength.guesses, guessesLog10: strength.guessesLog10,
        weakness: strength.weakness.map(kitWeakness), acceptable: strength.acceptable)
}

func kitWeakness(_ weakness: TwofoldCore.PasswordWeakness) -> TwofoldKit.PasswordWeakness {
    switch weakness {
    case .empty: return .empty
    case .tooShort: return .tooShort
    case .topTenPassword: return .topTenPassword
    case .topHundredPassword: return .topHundredPassword
    case .commonPassword: return .commonPassword
    case .similarToCommonPassword: return .similarToCommonPassword
    case .singleWord: return .singleWord
    case .straightRow: return .straightRow
    case .keyboardPattern: return .keyboardPattern
    case .repeatedCharacter: return .repeatedCharacter
    case .repeatedGroup: return .repeatedGroup
    case .sequence: return .sequence
    case .recentYear: return .recentYear
    case .date: return .date
    }
}

/// The `reason` sentence a `TwofoldError` case carries, if any (for the
/// message line only; screens are chosen by `coreFailure`).
func reason(of error: TwofoldError) -> String? {
    switch error {
    case let .InvalidKey(_, reason), let .InvalidUri(reason), let .CannotGenerate(_, reason),
         let .FlowRefused(_, reason), let .ScanFailed(reason), let .NotFound(_, reason),
         let .KeyProviderFailed(reason), let .VaultUnusable(_, reason), let .InvalidRequest(_, reason),
         let .Storage(_, _, reason), let .Internal(reason), let .PasswordRequired(_, reason),
         let .ImportFailed(_, reason), let .ExportFailed(reason), let .PasswordTooWeak(_, _, reason),
         let .Unreadable(_, reason), let .SlotDamaged(reason):
        return reason
    case .InvalidForm, .WrongPassword, .TamperedRow, .Locked, .RecoveryCodeAlreadyUsed,
         .AuthenticationCancelled, .PlatformKeyMismatch:
        return nil
    }
}
