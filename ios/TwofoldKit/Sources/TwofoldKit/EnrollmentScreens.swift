// What each enrollment screen shows: texts, button enablement, hints. Pure
// values computed by `EnrollmentModel.screen(now:)`; SwiftUI only renders them.

import Foundation

/// Camera permission as the app last saw it (`AVCaptureDevice.authorizationStatus`).
public enum CameraAccess: Equatable, Sendable {
    case notDetermined
    case authorized
    /// Denied by the user or restricted by the device's management.
    case denied
    /// No camera (simulator, some iPads' setups).
    case unavailable
}

public struct MethodOption: Equatable, Sendable, Identifiable {
    public var id: String { title }
    public var method: EnrollmentMethod
    public var title: String
    public var detail: String
    public var isEnabled: Bool
}

public struct ChooseMethodScreen: Equatable, Sendable {
    public var title: String
    public var intro: String
    public var options: [MethodOption]
    /// Shown when the camera is denied: offers the Settings app.
    public var cameraDeniedNote: String?
}

public struct ScanningScreen: Equatable, Sendable {
    public var method: EnrollmentMethod
    public var title: String
    /// The instruction or, once something was read, what went wrong.
    public var hintText: String
    /// True when the hint reports a problem (drawn as a warning).
    public var hintIsWarning: Bool
    /// Camera method only: the live viewfinder runs.
    public var showsViewfinder: Bool
    /// Camera method only: access was denied, show the alternatives instead.
    public var cameraDenied: Bool
    public var deniedText: String?
    /// "Trouble Scanning" is always one tap away.
    public var troubleScanningTitle: String
    /// "Scan from image" is offered on the camera screen too (phone-only setup,
    /// or no camera access).
    public var offersImagePicker: Bool
}

public struct ManualEntryScreen: Equatable, Sendable {
    public var title: String
    public var intro: String
    /// Messages to show now, by field.
    public var messages: [FormField: String]
    public var canContinue: Bool
    /// Advanced options that apply to the chosen code type.
    public var showsAlgorithm: Bool
    public var showsDigits: Bool
    public var showsPeriod: Bool
    public var showsCounter: Bool
    public var keyFootnote: String
}

public struct ConfirmScreen: Equatable, Sendable {
    public var title: String
    public var issuer: String
    public var name: String
    /// Set when the same key is already stored.
    public var duplicateText: String?
    /// When set, the two buttons are "Replace" and "Keep both"; otherwise one.
    public var needsDuplicateChoice: Bool
    public var shortKeyNote: String?
    /// Messages for the editable labels after a rejected edit.
    public var labelMessages: [FormField: String]
    public var confirmTitle: String
    public var canConfirm: Bool
}

public struct ShowCodeScreen: Equatable, Sendable {
    public var title: String
    public var instruction: String
    public var code: String
    public var spokenCode: String
    /// `nil` for HOTP codes (valid until used).
    public var secondsLeft: Int?
    public var secondsLeftText: String?
    public var fractionLeft: Double
    public var continueTitle: String
}

public struct RecoveryCodeScreen: Equatable, Sendable {
    public var title: String
    public var explanation: String
    public var acknowledgementTitle: String
    public var acknowledged: Bool
    /// "Save and finish" needs a code and the tick.
    public var canSave: Bool
    public var saveTitle: String
    public var skipTitle: String
}

public enum EnrollmentScreen: Equatable, Sendable {
    case chooseMethod(ChooseMethodScreen)
    case scanning(ScanningScreen)
    case manualEntry(ManualEntryScreen)
    case confirm(ConfirmScreen)
    case showCode(ShowCodeScreen)
    case recoveryCode(RecoveryCodeScreen)
    /// The flow ended: `accountId` is the added account, `nil` when cancelled.
    case finished(accountId: String?)

    /// The navigation title, for the screen reader's announcement too.
    public var title: String {
        switch self {
        case let .chooseMethod(screen): return screen.title
        case let .scanning(screen): return screen.title
        case let .manualEntry(screen): return screen.title
        case let .confirm(screen): return screen.title
        case let .showCode(screen): return screen.title
        case let .recoveryCode(screen): return screen.title
        case .finished: return "Done"
        }
    }
}

public enum ScanHintText {
    /// The sentence the scanning screen shows for a hint.
    public static func text(for hint: ScanHint) -> String {
        switch hint {
        case .holdSteady:
            return "Hold your phone steady and fill the frame with the QR code."
        case .noCodeInImage:
            return "No QR code found in this image. Choose a clearer screenshot, or tap Trouble Scanning to type the key."
        case let .notAnAuthenticatorCode(text):
            return "This QR code isn’t a two-factor setup code (it contains “\(shortened(text))”). Scan the code on the site’s “Secure your account” page."
        case let .invalidSetupCode(reason):
            return "This setup code can’t be used: \(reason). Tap Trouble Scanning to type the key instead."
        case .useImportForExports:
            return "This is an export from Google Authenticator. Tap Import from Google Authenticator to scan all of its codes."
        }
    }

    /// The instruction before anything was read.
    public static func instruction(for method: EnrollmentMethod) -> String {
        switch method {
        case .camera:
            return "Point the camera at the QR code on the site’s “Secure your account” page."
        case .image:
            return "Choose a screenshot or photo of the QR code."
        case .manual:
            return "Type the setup key the site shows."
        }
    }

    static func shortened(_ text: String) -> String {
        let singleLine = text.replacingOccurrences(of: "\n", with: " ")
        return singleLine.count <= 48 ? singleLine : String(singleLine.prefix(47)) + "…"
    }
}
