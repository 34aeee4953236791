// `CoreGateway` over the UniFFI-generated `TwofoldCore` module. The only file
// that touches generated names: when the bindings change, this file changes.
// Both modules define some same-named types (FormField, ManualKind,
// DuplicateChoice, ScanHint, ExistingAccount, EnrollmentStep, ...), so names
// are qualified with their module throughout.

import Foundation
import TwofoldCore
import TwofoldKit

/// The real core: the vault file at `vaultPath`, unlocked through the app's
/// `KeyProvider` (Keychain + Secure Enclave) or a password.
public final class RustCore: CoreGateway, @unchecked Sendable {
    private let vaultPath: String
    private let keyProvider: KeyProvider

    /// `vaultPath`: a file in the app's Application Support directory (the app
    /// excludes it from nothing: the vault is encrypted, and an encrypted
    /// backup with the password slot is how it survives a new phone).
    public init(vaultPath: String, keyProvider: KeyProvider) {
        self.vaultPath = vaultPath
        self.keyProvider = keyProvider
    }

    public func vaultExists() -> Bool {
        FileManager.default.fileExists(atPath: vaultPath)
    }

    public func createVault(password: String?) throws -> VaultSession {
        try translatingErrors {
            let vault = try Vault.create(path: vaultPath, keyProvider: keyProvider)
            if let password {
                try vault.addPasswordSlot(password: password)
            }
            return RustVault(vault)
        }
    }

    public func unlock(_ method: UnlockMethod) throws -> VaultSession {
        try translatingErrors {
            let vault = try Vault.open(path: vaultPath)
            switch method {
            case .deviceKey:
                try vault.unlockWithKeyProvider(keyProvider: keyProvider)
            case let .password(password):
                try vault.unlockWithPassword(password: password)
            }
            return RustVault(vault)
        }
    }
}

final class RustVault: VaultSession, @unchecked Sendable {
    private let vault: Vault

    init(_ vault: Vault) {
        self.vault = vault
    }

    func listAccounts() throws -> [AccountSummary] {
        try translatingErrors {
            try vault.listAccounts().map { account in
                AccountSummary(
                    id: account.id, issuer: account.issuer, name: account.name,
                    kind: codeKind(account.params.kind), digits: account.params.digits)
            }
        }
    }

    func codes(at unixSeconds: UInt64) throws -> [String: OneTimeCode] {
        try translatingErrors {
            var result: [String: OneTimeCode] = [:]
            for entry in try vault.codes(unixSeconds: unixSeconds) {
                result[entry.accountId] = oneTimeCode(entry.code)
            }
            return result
        }
    }

    func nextHotpCode(accountId: String, at unixSeconds: UInt64) throws -> OneTimeCode {
        try translatingErrors { oneTimeCode(try vault.nextHotp(id: accountId, unixSeconds: unixSeconds)) }
    }

    func rename(accountId: String, issuer: String?, name: String, at unixSeconds: UInt64) throws {
        try translatingErrors { try vault.rename(id: accountId, issuer: issuer, name: name, unixSeconds: unixSeconds) }
    }

    func delete(accountId: String, at unixSeconds: UInt64) throws {
        try translatingErrors { try vault.delete(id: accountId, unixSeconds: unixSeconds) }
    }

    func restore(accountId: String, at unixSeconds: UInt64) throws {
        try translatingErrors { try vault.restore(id: accountId, unixSeconds: unixSeconds) }
    }

    func reorder(accountIds: [String]) throws {
        try translatingErrors { try vault.reorder(ids: accountIds) }
    }

    func startEnrollment() throws -> EnrollmentSession {
        try translatingErrors { RustEnrollment(try Enrollment(vault: vault)) }
    }
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
        let coreMethod: TwofoldCore.EnrollmentMethod
        switch method {
        case .camera: coreMethod = .camera
        case .image: coreMethod = .image
        case .manual: coreMethod = .manual
        }
        return try step { try flow.choose(method: coreMethod) }
    }

    func submitFrame(_ frame: LumaFrame) throws -> TwofoldKit.EnrollmentStep {
        try step {
            let outcome = scanner.scanFrame(
                luma: frame.luma, width: frame.width, height: frame.height, rowStride: frame.rowStride)
            return try flow.submitScan(outcome: outcome)
        }
    }

    func submitImage(_ encoded: Data) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.submitScan(outcome: scanner.scanImage(bytes: encoded)) }
    }

    func submitLink(_ uri: String) throws -> TwofoldKit.EnrollmentStep {
        try step {
            let outcome: ScanOutcome
            do {
                outcome = .account(account: try parseUri(uri: uri))
            } catch TwofoldError.InvalidUri(let reason) {
                outcome = .invalidAccount(reason: reason)
            }
            return try flow.submitScan(outcome: outcome)
        }
    }

    func updateManual(_ form: ManualForm) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.updateManual(entry: manualEntry(form)) }
    }

    func submitManual(_ form: ManualForm) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.submitManual(entry: manualEntry(form)) }
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
        return try step { try flow.confirm(choice: coreChoice, unixSeconds: unixSeconds) }
    }

    func refreshCode(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.refreshCode(unixSeconds: unixSeconds) }
    }

    func codeEntered() throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.codeEntered() }
    }

    func acknowledge(_ acknowledged: Bool) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.acknowledge(acknowledged: acknowledged) }
    }

    func saveRecoveryCode(_ code: String, at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.saveRecoveryCode(code: code, unixSeconds: unixSeconds) }
    }

    func skipRecoveryCode() throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.skipRecoveryCode() }
    }

    func back(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.back(unixSeconds: unixSeconds) }
    }

    func cancel(at unixSeconds: UInt64) throws -> TwofoldKit.EnrollmentStep {
        try step { try flow.cancel(unixSeconds: unixSeconds) }
    }

    private func step(_ body: () throws -> TwofoldCore.EnrollmentStep) throws -> TwofoldKit.EnrollmentStep {
        try translatingErrors { kitStep(try body()) }
    }
}

// MARK: - Conversions

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
        key: form.key, name: form.name, issuer: form.issuer, kind: kind, algorithm: algorithm,
        digits: form.digits, period: form.period, counter: form.counter)
}

func oneTimeCode(_ code: Code) -> OneTimeCode {
    OneTimeCode(value: code.value, validFrom: code.validFrom, validUntil: code.validUntil)
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

func kitStep(_ step: TwofoldCore.EnrollmentStep) -> TwofoldKit.EnrollmentStep {
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
    case let .manualEntry(errors):
        return .manualEntry(errors: errors.map(fieldIssue))
    case let .confirm(issuer, name, duplicate, shortKey):
        return .confirm(
            issuer: issuer, name: name,
            duplicate: duplicate.map { TwofoldKit.ExistingAccount(id: $0.id, issuer: $0.issuer, name: $0.name) },
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

// MARK: - Errors

/// Runs a core call and turns `TwofoldError` into the kit's `CoreFailure`.
func translatingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TwofoldError {
        throw coreFailure(error)
    }
}

func coreFailure(_ error: TwofoldError) -> CoreFailure {
    let message = reason(of: error) ?? String(describing: error)
    switch error {
    case let .InvalidForm(problems):
        return CoreFailure(.invalidForm(problems.map(fieldIssue)), message: message)
    case .KeyProviderFailed:
        return CoreFailure(.keyUnavailable, message: message)
    default:
        // Variants added with the vault and the enrollment bindings are
        // classified by name, so this adapter keeps compiling while they are
        // still being named; replace with typed cases once they are final.
        let variant = String(describing: error).prefix { $0 != "(" }
        switch variant {
        case "WrongPassword": return CoreFailure(.wrongPassword, message: message)
        case "Tampered", "Corrupt", "Integrity", "VaultDamaged": return CoreFailure(.damaged, message: message)
        case "NotAllowedHere": return CoreFailure(.notAllowedHere, message: message)
        case "DuplicateChoiceRequired": return CoreFailure(.duplicateChoiceRequired, message: message)
        case "AcknowledgementRequired": return CoreFailure(.acknowledgementRequired, message: message)
        case "RecoveryCodeEmpty": return CoreFailure(.recoveryCodeEmpty, message: message)
        default: return CoreFailure(.other, message: message)
        }
    }
}

/// The `reason` string a `TwofoldError` variant carries, if any.
func reason(of error: TwofoldError) -> String? {
    for child in Mirror(reflecting: error).children {
        if let text = child.value as? String { return text }
        for field in Mirror(reflecting: child.value).children where field.label == "reason" {
            if let text = field.value as? String { return text }
        }
    }
    return nil
}
