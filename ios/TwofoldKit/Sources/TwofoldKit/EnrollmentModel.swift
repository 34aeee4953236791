// The enrollment UI over the core's state machine. The core decides every
// transition; this model keeps what the screens edit (the form, the labels,
// the recovery code text), turns steps into screens, and handles the camera's
// frames arriving late or after the user moved on.

import Foundation

/// What went wrong with the last enrollment action.
public enum EnrollmentError: Equatable, Sendable {
    /// The form has problems (`ManualEntryMessages` words each).
    case invalidForm([FieldIssue])
    /// The new account duplicates one: choose Replace or Keep Both.
    case duplicateChoiceRequired
    /// "I have securely saved this code" is not ticked.
    case acknowledgementRequired
    case recoveryCodeEmpty
    /// A link arrived after this run saved an account.
    case finishCurrentAccountFirst
    /// The core's sentence.
    case core(message: String)
}

public final class EnrollmentModel {
    /// Marks the link refusal raised by `submitLink`.
    static let finishFirst = "finish adding the current account first"

    /// The core's current step.
    public private(set) var step: EnrollmentStep
    /// The Trouble Scanning form being edited.
    public private(set) var form = ManualForm()
    /// Fields the user has been in (their errors show).
    public private(set) var touched: Set<FormField> = []
    /// Continue was pressed on the form (all errors show).
    public private(set) var submitted = false
    /// Editable labels on the confirm screen.
    public var issuerText = ""
    public var nameText = ""
    /// The site's recovery code as pasted.
    public var recoveryCodeText = ""
    /// The advanced options of the form are open.
    public var showsAdvanced = false
    public var cameraAccess: CameraAccess
    /// An error to show in a banner (the app words it); cleared by the next
    /// successful action.
    public private(set) var error: EnrollmentError?
    private var labelMessages: [FormField: String] = [:]

    /// The frame gate the camera uses; closed whenever the flow leaves the
    /// camera screen so no stale frame reaches the core.
    public let frameGate = FrameGate()

    private let session: EnrollmentSession
    private let time: TimeSource

    public init(session: EnrollmentSession, cameraAccess: CameraAccess, time: TimeSource = .system) {
        self.session = session
        self.cameraAccess = cameraAccess
        self.time = time
        self.step = session.currentStep()
        syncGate()
    }

    /// The session, for the camera queue (`submitFrame` is thread-safe).
    public var sessionForFrames: EnrollmentSession { session }

    public var isFinished: Bool {
        switch step {
        case .done, .cancelled: return true
        default: return false
        }
    }

    // MARK: - Actions

    public func choose(_ method: EnrollmentMethod) {
        if method == .camera, cameraAccess == .unavailable { return }
        perform { try session.choose(method) }
    }

    /// From the scanner: straight to the Trouble Scanning form.
    public func switchToTroubleScanning() {
        guard case .scanning = step else { return }
        perform {
            _ = try session.back(at: time.unixSeconds)
            return try session.choose(.manual)
        }
    }

    /// From the camera screen: scan a picked image instead.
    public func switchToImage() {
        guard step.isCameraScanning else { return }
        perform {
            _ = try session.back(at: time.unixSeconds)
            return try session.choose(.image)
        }
    }

    /// The result of a frame submitted from the camera queue. Results that
    /// arrive after the flow left the scanner are dropped.
    public func applyFrameResult(_ result: Result<EnrollmentStep, Error>) {
        guard step.isCameraScanning else { return }
        switch result {
        case let .success(newStep):
            apply(newStep)
        case let .failure(error):
            if let failure = error as? CoreFailure, failure.kind == .notAllowedHere { return }
            report(error)
        }
    }

    /// A picked image's bytes (PNG or JPEG), scanned on the calling thread.
    /// The app scans off the main thread with `sessionForFrames.submitImage`
    /// and hands the result to `applyImageResult`.
    public func submitImage(_ encoded: Data) {
        perform { try session.submitImage(encoded) }
    }

    /// The result of an image scanned off the main thread. Dropped when the
    /// user left the scanner meanwhile.
    public func applyImageResult(_ result: Result<EnrollmentStep, Error>) {
        guard case .scanning = step else { return }
        switch result {
        case let .success(newStep):
            apply(newStep)
            error = nil
        case let .failure(error):
            if let failure = error as? CoreFailure, failure.kind == .notAllowedHere { return }
            report(error)
        }
    }

    /// An `otpauth://` link opened from another app. Starts over from the
    /// method choice if needed, then reads the link as a scanned code.
    public func submitLink(_ uri: String) {
        perform {
            var current = session.currentStep()
            // At most: confirm → form → method choice → scanning.
            for _ in 0..<4 {
                switch current {
                case .chooseMethod:
                    current = try session.choose(.image)
                case .scanning:
                    return try session.submitLink(uri)
                case .manualEntry, .confirm:
                    current = try session.back(at: time.unixSeconds)
                case .showCode, .recoveryCode, .done, .cancelled:
                    // An account was already saved in this run (or the run
                    // ended): never replace it by the link.
                    throw CoreFailure(.notAllowedHere, message: Self.finishFirst)
                }
            }
            throw CoreFailure(.notAllowedHere, message: Self.finishFirst)
        }
    }

    /// The form changed (every keystroke): the core re-validates it.
    public func updateForm(_ newForm: ManualForm) {
        form = newForm
        guard case .manualEntry = step else { return }
        perform { try session.updateManual(newForm) }
    }

    /// The user left a field: its errors may show from now on.
    public func fieldTouched(_ field: FormField) {
        touched.insert(field)
    }

    public func submitForm() {
        submitted = true
        perform { try session.submitManual(form) }
    }

    /// The labels changed on the confirm screen.
    @discardableResult
    public func commitLabels() -> Bool {
        let issuer = issuerText.trimmingCharacters(in: .whitespacesAndNewlines)
        let ok = perform {
            try session.editLabels(issuer: issuer.isEmpty ? nil : issuer, name: nameText)
        }
        if ok { labelMessages = [:] }
        return ok
    }

    /// Saves the account (or, back from the code, keeps the renamed one) and
    /// shows its code. `choice` answers a duplicate.
    public func confirm(_ choice: DuplicateChoice? = nil) {
        if case let .confirm(issuer, name, _, _) = step,
           issuerText.trimmingCharacters(in: .whitespacesAndNewlines) != (issuer ?? "") || nameText != name {
            guard commitLabels(), case .confirm = step else { return }
        }
        perform { try session.confirm(choice, at: time.unixSeconds) }
    }

    /// Called every second while the code shows: a new code when it rolled over.
    public func tick() {
        guard case let .showCode(_, code) = step, CodeDisplay.isExpired(code, now: time.now()) else { return }
        perform { try session.refreshCode(at: time.unixSeconds) }
    }

    public func codeEntered() {
        perform { try session.codeEntered() }
    }

    public func setAcknowledged(_ value: Bool) {
        perform { try session.acknowledge(value) }
    }

    /// "Save and finish": keeps the pasted recovery code.
    public func saveRecoveryCode() {
        perform { try session.saveRecoveryCode(recoveryCodeText, at: time.unixSeconds) }
        if case .done = step { recoveryCodeText = "" }
    }

    public func skipRecoveryCode() {
        perform { try session.skipRecoveryCode() }
        recoveryCodeText = ""
    }

    public func back() {
        perform { try session.back(at: time.unixSeconds) }
    }

    public func cancel() {
        perform { try session.cancel(at: time.unixSeconds) }
    }

    public func dismissError() {
        error = nil
    }

    // MARK: - Screens

    /// What to draw at `now`.
    public func screen(now: Date? = nil) -> EnrollmentScreen {
        let now = now ?? time.now()
        switch step {
        case .chooseMethod:
            return .chooseMethod(chooseMethodScreen())
        case let .scanning(method, hint):
            return .scanning(scanningScreen(method: method, hint: hint))
        case let .manualEntry(errors):
            return .manualEntry(manualEntryScreen(errors: errors))
        case let .confirm(_, _, duplicate, shortKey):
            return .confirm(confirmScreen(duplicate: duplicate, shortKey: shortKey))
        case let .showCode(_, code):
            return .showCode(showCodeScreen(code: code, now: now))
        case let .recoveryCode(_, acknowledged):
            return .recoveryCode(recoveryCodeScreen(acknowledged: acknowledged))
        case let .done(accountId):
            return .finished(accountId: accountId)
        case .cancelled:
            return .finished(accountId: nil)
        }
    }

    private func chooseMethodScreen() -> ChooseMethodScreen {
        let cameraUsable = cameraAccess == .authorized || cameraAccess == .notDetermined
        let cameraDetail: String
        switch cameraAccess {
        case .authorized, .notDetermined:
            cameraDetail = "Scan the QR code on the site’s “Secure your account” page with Twofold’s scanner."
        case .denied:
            cameraDetail = "Camera access is off for Twofold."
        case .unavailable:
            cameraDetail = "This device has no camera."
        }
        return ChooseMethodScreen(
            title: "Add Account",
            intro: "The site shows a QR code when you set up two-factor authentication. Your phone’s Camera app can’t add it: use one of these.",
            options: [
                MethodOption(method: .camera, title: "Scan QR Code", detail: cameraDetail, isEnabled: cameraUsable),
                MethodOption(
                    method: .image, title: "Scan from Image",
                    detail: "Setting up on this phone? Take a screenshot of the QR code and choose it here.",
                    isEnabled: true),
                MethodOption(
                    method: .manual, title: "Trouble Scanning",
                    detail: "Type the setup key the site shows under its QR code.",
                    isEnabled: true),
            ],
            cameraDeniedNote: cameraAccess == .denied
                ? "To scan with the camera, allow camera access for Twofold in Settings." : nil)
    }

    private func scanningScreen(method: EnrollmentMethod, hint: ScanHint?) -> ScanningScreen {
        let denied = method == .camera && (cameraAccess == .denied || cameraAccess == .unavailable)
        return ScanningScreen(
            method: method,
            title: method == .camera ? "Scan QR Code" : "Scan from Image",
            hintText: hint.map(ScanHintText.text(for:)) ?? ScanHintText.instruction(for: method),
            hintIsWarning: hint.map { $0 != .holdSteady } ?? false,
            showsViewfinder: method == .camera && !denied,
            cameraDenied: denied,
            deniedText: denied
                ? "Twofold can’t use the camera. Allow camera access in Settings, choose a screenshot of the QR code, or type the key with Trouble Scanning."
                : nil,
            troubleScanningTitle: "Trouble Scanning?",
            offersImagePicker: true)
    }

    private func manualEntryScreen(errors: [FieldIssue]) -> ManualEntryScreen {
        let messages = ManualEntryMessages.visibleMessages(for: errors, touched: touched, submitted: submitted)
        let hasRequired = !form.key.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            && !form.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let isSteam = form.kind == .steam
        return ManualEntryScreen(
            title: "Trouble Scanning",
            intro: "Enter the setup key the site shows, and the account it belongs to.",
            messages: messages,
            canContinue: hasRequired,
            showsAlgorithm: showsAdvanced && !isSteam,
            showsDigits: showsAdvanced && !isSteam,
            showsPeriod: showsAdvanced && form.kind == .totp,
            showsCounter: showsAdvanced && form.kind == .hotp,
            keyFootnote: "Spaces and lower case are fine.")
    }

    private func confirmScreen(duplicate: ExistingAccount?, shortKey: Bool) -> ConfirmScreen {
        var duplicateText: String?
        if let duplicate {
            duplicateText = "“\(duplicate.label)” already uses this key. Replace it, or keep both?"
        }
        return ConfirmScreen(
            title: "Confirm Account",
            issuer: issuerText,
            name: nameText,
            duplicateText: duplicateText,
            needsDuplicateChoice: duplicate != nil,
            shortKeyNote: shortKey
                ? "This site uses a short key (under 128 bits). It works, but is weaker than recommended."
                : nil,
            labelMessages: labelMessages,
            confirmTitle: duplicate == nil ? "Add Account" : "Keep Both",
            canConfirm: !nameText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || !issuerText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    private func showCodeScreen(code: OneTimeCode, now: Date) -> ShowCodeScreen {
        let seconds = code.validUntil.map { CodeDisplay.secondsLeft(validUntil: $0, now: now) }
        let unit = code.value.allSatisfy(\.isASCIIDigit) ? "digit" : "character"
        return ShowCodeScreen(
            title: "Enter This Code",
            instruction: "Enter this \(code.value.count)-\(unit) code on the site, then tap Continue.",
            code: code.grouped,
            spokenCode: CodeDisplay.spoken(code.value),
            secondsLeft: seconds,
            secondsLeftText: seconds.map(CodeDisplay.secondsLeftText),
            fractionLeft: CodeDisplay.fractionLeft(code: code, now: now),
            continueTitle: "Continue")
    }

    private func recoveryCodeScreen(acknowledged: Bool) -> RecoveryCodeScreen {
        let hasCode = !recoveryCodeText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        return RecoveryCodeScreen(
            title: "Save Your Recovery Code",
            explanation: "If the site gives you a recovery code, paste it here. It is stored encrypted with this account. If this phone is lost, you need it to sign in; each recovery code works only once.",
            acknowledgementTitle: "I have securely saved this code",
            acknowledged: acknowledged,
            canSave: hasCode && acknowledged,
            saveTitle: "Save and Finish",
            skipTitle: "Skip")
    }

    // MARK: - Plumbing

    /// Runs a flow action; applies its step or reports its failure. Returns
    /// whether it succeeded.
    @discardableResult
    private func perform(_ action: () throws -> EnrollmentStep) -> Bool {
        do {
            apply(try action())
            error = nil
            return true
        } catch {
            report(error)
            return false
        }
    }

    private func apply(_ newStep: EnrollmentStep) {
        if case let .confirm(issuer, name, _, _) = newStep {
            issuerText = issuer ?? ""
            nameText = name
        }
        if newStep.isManualEntry && !step.isManualEntry {
            // Entering the form: start quiet.
            touched = []
            submitted = false
        }
        step = newStep
        syncGate()
    }

    private func report(_ error: Error) {
        guard let failure = error as? CoreFailure else {
            self.error = .core(message: String(describing: error))
            return
        }
        switch failure.kind {
        case let .invalidForm(issues):
            if case .confirm = step {
                var messages: [FormField: String] = [:]
                for issue in issues where messages[issue.field] == nil {
                    messages[issue.field] = ManualEntryMessages.message(for: issue)
                }
                labelMessages = messages
                self.error = nil
            } else {
                self.error = .invalidForm(issues)
            }
        case .duplicateChoiceRequired:
            self.error = .duplicateChoiceRequired
        case .acknowledgementRequired:
            self.error = .acknowledgementRequired
        case .recoveryCodeEmpty:
            self.error = .recoveryCodeEmpty
        default:
            self.error = failure.kind == .notAllowedHere && failure.message == Self.finishFirst
                ? .finishCurrentAccountFirst : .core(message: failure.message)
        }
    }

    private func syncGate() {
        if step.isCameraScanning {
            frameGate.open()
        } else {
            frameGate.close()
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension EnrollmentStep {
    /// The live camera scanner is showing.
    public var isCameraScanning: Bool {
        if case .scanning(method: .camera, hint: _) = self { return true }
        return false
    }

    /// The Trouble Scanning form is showing.
    public var isManualEntry: Bool {
        if case .manualEntry = self { return true }
        return false
    }
}
