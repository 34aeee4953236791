// User-facing text for the states and keys the kit's models return. Every
// string comes from the String Catalog (Localizable.xcstrings) through
// `String(localized:defaultValue:)`: a fixed key, and the English default
// with its arguments interpolated (String.LocalizationValue), so the app can
// be translated; the kit itself stays free of English for these screens.

import Foundation
import TwofoldKit

enum Strings {
    static func lockMessage(_ message: LockMessage, biometryName: String?) -> String {
        switch message {
        case let .password(problem):
            return password(problem)
        case .enterPassword:
            return String(localized: "lock.enterPassword", defaultValue: "Enter your password.")
        case let .wrongPassword(attempts) where attempts >= 3:
            return String(
                localized: "lock.wrongPassword.repeated",
                defaultValue: "Wrong password (\(attempts) attempts). Passwords are case-sensitive.")
        case .wrongPassword:
            return String(localized: "lock.wrongPassword", defaultValue: "Wrong password.")
        case .deviceKeyFailed:
            let name = biometryName ?? String(localized: "lock.deviceKey", defaultValue: "The device key")
            return String(
                localized: "lock.deviceKeyFailed",
                defaultValue: "\(name) didn’t unlock Twofold. Try again or use your password.")
        case .deviceKeyInvalidated:
            return String(
                localized: "lock.deviceKeyInvalidated",
                defaultValue: "This iPhone’s key for Twofold is gone: a face or finger was added, the passcode was turned off, or this is a new iPhone. Unlock with your recovery password. Without it, erase Twofold and import your last backup.")
        case let .damaged(detail):
            return String(localized: "lock.damaged", defaultValue: "The vault file is damaged: \(detail)")
        case let .failed(detail):
            return detail
        }
    }

    // The older-vault warning (LockState.olderVault).
    static var olderVaultTitle: String {
        String(localized: "lock.olderVault.title", defaultValue: "This is an older copy of your vault")
    }

    static var olderVaultMessage: String {
        String(
            localized: "lock.olderVault.message",
            defaultValue: "This iPhone already opened a newer version of the vault file. It may have been restored from an old backup or replaced. Codes you already used (HOTP codes, recovery codes) may work again, and later changes are missing. Open it only if you restored it yourself.")
    }

    static var olderVaultOpenAnyway: String {
        String(localized: "lock.olderVault.openAnyway", defaultValue: "Open Anyway")
    }

    static var olderVaultRefuse: String {
        String(localized: "lock.olderVault.refuse", defaultValue: "Don’t Open")
    }

    static func password(_ problem: PasswordProblem) -> String {
        switch problem {
        case .empty:
            return String(localized: "password.empty", defaultValue: "Choose a recovery password.")
        case let .tooWeak(weakness?):
            return String(localized: "password.tooWeak", defaultValue: "This password is too easy to guess.")
                + " " + passwordWeakness(weakness)
        case .tooWeak(nil):
            return String(localized: "password.tooWeak", defaultValue: "This password is too easy to guess.")
        case .mismatch:
            return String(localized: "password.mismatch", defaultValue: "The passwords don’t match.")
        }
    }

    /// The core's 0–4 score (one string each in the String Catalog).
    static func passwordScore(_ score: UInt8) -> String {
        switch score {
        case 0: return String(localized: "password.score.0", defaultValue: "Very weak")
        case 1: return String(localized: "password.score.1", defaultValue: "Weak")
        case 2: return String(localized: "password.score.2", defaultValue: "Fair")
        case 3: return String(localized: "password.score.3", defaultValue: "Strong")
        default: return String(localized: "password.score.4", defaultValue: "Very strong")
        }
    }

    /// The core's reason a password is weak (one string per case).
    static func passwordWeakness(_ weakness: PasswordWeakness) -> String {
        switch weakness {
        case .empty:
            return String(localized: "password.weakness.empty", defaultValue: "Type a password.")
        case .tooShort:
            return String(localized: "password.weakness.tooShort", defaultValue: "Add another word or two.")
        case .topTenPassword:
            return String(localized: "password.weakness.topTenPassword", defaultValue: "This is one of the ten most common passwords.")
        case .topHundredPassword:
            return String(localized: "password.weakness.topHundredPassword", defaultValue: "This is one of the hundred most common passwords.")
        case .commonPassword:
            return String(localized: "password.weakness.commonPassword", defaultValue: "This is a very common password.")
        case .similarToCommonPassword:
            return String(localized: "password.weakness.similarToCommonPassword", defaultValue: "This is close to a very common password.")
        case .singleWord:
            return String(localized: "password.weakness.singleWord", defaultValue: "A single word is easy to guess, even with letters swapped for symbols.")
        case .straightRow:
            return String(localized: "password.weakness.straightRow", defaultValue: "A straight row of keys is easy to guess.")
        case .keyboardPattern:
            return String(localized: "password.weakness.keyboardPattern", defaultValue: "A short keyboard pattern is easy to guess.")
        case .repeatedCharacter:
            return String(localized: "password.weakness.repeatedCharacter", defaultValue: "Repeated characters like “aaa” are easy to guess.")
        case .repeatedGroup:
            return String(localized: "password.weakness.repeatedGroup", defaultValue: "Repeats like “abcabc” are barely harder to guess than “abc”.")
        case .sequence:
            return String(localized: "password.weakness.sequence", defaultValue: "Sequences like “abc” or “6543” are easy to guess.")
        case .recentYear:
            return String(localized: "password.weakness.recentYear", defaultValue: "Recent years are easy to guess.")
        case .date:
            return String(localized: "password.weakness.date", defaultValue: "Dates are easy to guess.")
        }
    }

    static func setupNote(_ note: SetupNote) -> String {
        switch note {
        case .passwordOnly:
            return String(
                localized: "setup.note.password",
                defaultValue: "Only this password opens Twofold. If you forget it, your codes are lost: keep it somewhere safe, and make a backup.")
        case .biometricsNeedPassword:
            return String(
                localized: "setup.note.biometrics",
                defaultValue: "If a face or finger is added to this iPhone, or its passcode is turned off, the Face ID key stops working for good. This password then opens Twofold. Keep it somewhere safe.")
        case .passcodeNeedsPassword:
            return String(
                localized: "setup.note.passcode",
                defaultValue: "If this iPhone’s passcode is turned off, or you move to a new iPhone, the device key is deleted. This password then opens Twofold. Keep it somewhere safe.")
        }
    }

    static func lockMethod(_ method: LockMethod, biometryName: String?) -> String {
        switch method {
        case .password:
            return String(localized: "method.password", defaultValue: "Password")
        case .biometrics:
            return biometryName ?? String(localized: "method.biometrics", defaultValue: "Face ID or Touch ID")
        case .deviceCredential:
            return String(localized: "method.passcode", defaultValue: "Face ID, Touch ID or Passcode")
        }
    }

    static func lockMethodProblem(_ problem: LockMethodProblem) -> String {
        switch problem {
        case .biometricsUnavailable:
            return String(localized: "method.problem.noBiometrics", defaultValue: "Set up Face ID or Touch ID in Settings first.")
        case .passcodeNotSet:
            return String(localized: "method.problem.noPasscode", defaultValue: "Set a passcode for this iPhone in Settings first.")
        case .passwordRequired:
            return String(localized: "method.problem.passwordRequired", defaultValue: "Set a recovery password first.")
        case .backupRequired:
            return String(
                localized: "method.problem.backupRequired",
                defaultValue: "Set a recovery password or save an encrypted backup first, so you can get back in if this iPhone’s key stops working.")
        case let .password(problem):
            return password(problem)
        case let .failed(failure):
            return failure.message
        }
    }

    static func autoLock(_ delay: AutoLockDelay) -> String {
        switch delay {
        case .immediately: return String(localized: "autoLock.immediately", defaultValue: "Immediately")
        case .after30Seconds: return String(localized: "autoLock.30s", defaultValue: "After 30 seconds")
        case .after1Minute: return String(localized: "autoLock.1m", defaultValue: "After 1 minute")
        case .after5Minutes: return String(localized: "autoLock.5m", defaultValue: "After 5 minutes")
        case .never: return String(localized: "autoLock.never", defaultValue: "Never")
        }
    }

    static func clipboard(_ seconds: Int) -> String {
        String(localized: "clipboard.seconds", defaultValue: "After \(seconds) seconds")
    }

    static func backupReminder(_ reminder: BackupReminder) -> String {
        switch reminder {
        case .upToDate:
            return ""
        case let .neverBackedUp(accounts):
            return String(
                localized: "backup.never",
                defaultValue: "Your \(Int(accounts)) accounts have never been backed up. If this iPhone is lost, so are they.")
        case let .changesNotBackedUp(changes, lastBackupAt):
            let date = Date(timeIntervalSince1970: TimeInterval(lastBackupAt)).formatted(date: .abbreviated, time: .omitted)
            return String(
                localized: "backup.changes",
                defaultValue: "\(Int(changes)) changes since your last backup on \(date).")
        }
    }

    static func enrollmentError(_ error: EnrollmentError) -> String {
        switch error {
        case let .invalidForm(issues):
            return issues.map(ManualEntryMessages.message(for:)).joined(separator: " ")
        case .duplicateChoiceRequired:
            return String(
                localized: "enroll.error.duplicate",
                defaultValue: "This account is already in Twofold: choose Replace or Keep Both.")
        case .acknowledgementRequired:
            return String(localized: "enroll.error.acknowledge", defaultValue: "Tick “I have securely saved this code” first.")
        case .recoveryCodeEmpty:
            return String(localized: "enroll.error.recoveryEmpty", defaultValue: "Paste the recovery code, or tap Skip.")
        case .finishCurrentAccountFirst:
            return String(localized: "enroll.error.finishFirst", defaultValue: "Finish adding the current account first.")
        case let .core(message):
            return message
        }
    }

    static func importFormat(_ format: ImportFormat) -> String {
        switch format {
        case .googleAuthenticator: return String(localized: "format.google", defaultValue: "Google Authenticator export")
        case .aegis: return String(localized: "format.aegis", defaultValue: "Aegis export")
        case .aegisEncrypted: return String(localized: "format.aegisEncrypted", defaultValue: "encrypted Aegis export")
        case .twoFas: return String(localized: "format.twoFas", defaultValue: "2FAS export")
        case .andOtp: return String(localized: "format.andOtp", defaultValue: "andOTP export")
        case .bitwarden: return String(localized: "format.bitwarden", defaultValue: "Bitwarden export")
        case .otpauthList: return String(localized: "format.otpauthList", defaultValue: "list of otpauth:// links")
        case .twofoldBackup: return String(localized: "format.twofoldBackup", defaultValue: "Twofold backup")
        case .bitwardenCsv: return String(localized: "format.bitwardenCsv", defaultValue: "Bitwarden CSV export")
        case .freeOtp: return String(localized: "format.freeOtp", defaultValue: "FreeOTP token file")
        case .freeOtpPlus: return String(localized: "format.freeOtpPlus", defaultValue: "FreeOTP+ export")
        case .steam: return String(localized: "format.steam", defaultValue: "Steam Desktop Authenticator file")
        case .proton: return String(localized: "format.proton", defaultValue: "Proton Authenticator export")
        case .duo: return String(localized: "format.duo", defaultValue: "Duo Mobile account file")
        case .stratum: return String(localized: "format.stratum", defaultValue: "Stratum (Authenticator Pro) backup")
        case .authy: return String(localized: "format.authy", defaultValue: "Authy token file")
        case .battleNet: return String(localized: "format.battleNet", defaultValue: "Battle.net Authenticator file")
        case .googleAuthenticatorDb: return String(localized: "format.googleAuthenticatorDb", defaultValue: "Google Authenticator database")
        case .microsoftAuthenticatorDb: return String(localized: "format.microsoftAuthenticatorDb", defaultValue: "Microsoft Authenticator database")
        }
    }

    /// "2 accounts will be imported from this Aegis export." and its variants.
    static func importHeadline(_ review: ImportReview) -> String {
        let name = importFormat(review.format)
        let count = review.accounts.count
        let unreadable = review.problems.count
        switch (count, unreadable) {
        case (0, 0):
            return String(localized: "import.headline.empty", defaultValue: "This \(name) has no accounts.")
        case (0, _):
            return String(localized: "import.headline.noneReadable", defaultValue: "No account in this \(name) can be read.")
        case (_, 0):
            return String(localized: "import.headline.all", defaultValue: "Accounts to import from this \(name): \(count).")
        default:
            return String(
                localized: "import.headline.some",
                defaultValue: "Accounts that can be imported from this \(name): \(count). Entries that can’t be read: \(unreadable).")
        }
    }

    static func importAcceptLabel(_ review: ImportReview) -> String {
        String(
            localized: "import.accept",
            defaultValue: "Import the \(review.accounts.count) readable accounts, without the \(review.problems.count) entries listed")
    }

    static func importGoogleIncomplete(_ export: IncompleteGoogleExport) -> String {
        let missing = export.missing.map { String($0 + 1) }.joined(separator: ", ")
        return String(
            localized: "import.google.incomplete",
            defaultValue: "This Google Authenticator export is incomplete: QR code(s) \(missing) of \(export.size) were not given.")
    }

    static func importIssue(_ issue: ImportIssue) -> String {
        if let label = issue.label {
            return String(
                localized: "import.issue.labelled",
                defaultValue: "Entry \(issue.position) (\(label)): \(issue.reason)")
        }
        return String(localized: "import.issue", defaultValue: "Entry \(issue.position): \(issue.reason)")
    }

    static func importDone(added: Int, duplicates: Int) -> String {
        String(
            localized: "import.done",
            defaultValue: "Accounts added: \(added). Duplicates skipped: \(duplicates).")
    }

    static func importTitle(_ step: ImportStep) -> String {
        switch step {
        case .pickFile: return String(localized: "import.title", defaultValue: "Import Accounts")
        case .password: return String(localized: "import.title.password", defaultValue: "File Password")
        case .googleParts, .scanningCodes:
            return String(localized: "import.title.google", defaultValue: "Google Authenticator Export")
        case .review: return String(localized: "import.title.review", defaultValue: "Review Import")
        case .done: return String(localized: "import.title.done", defaultValue: "Import Complete")
        case .failed, .tooLarge: return String(localized: "import.title.failed", defaultValue: "Import Failed")
        }
    }

    static func importTooLarge(_ maximumBytes: Int) -> String {
        let size = ByteCountFormatter.string(fromByteCount: Int64(maximumBytes), countStyle: .file)
        return String(
            localized: "import.tooLarge",
            defaultValue: "This file is larger than \(size), more than any authenticator export. Nothing was imported.")
    }

    static func exportTitle(_ step: ExportStep) -> String {
        switch step {
        case .chooseFormat: return String(localized: "export.title", defaultValue: "Export Accounts")
        case let .password(format), let .unencrypted(format): return exportFormatTitle(format)
        case .ready: return String(localized: "export.title.ready", defaultValue: "Save the Export")
        case .failed: return String(localized: "export.title.failed", defaultValue: "Export Failed")
        }
    }

    static func exportFormatTitle(_ format: ExportFormat) -> String {
        switch format {
        case .twofoldBackup: return String(localized: "export.format.backup", defaultValue: "Twofold Backup")
        case .aegis: return String(localized: "export.format.aegis", defaultValue: "Aegis")
        case .otpauthList: return String(localized: "export.format.links", defaultValue: "otpauth:// Links")
        case .googleQr: return String(localized: "export.format.google", defaultValue: "Google Authenticator QR Codes")
        }
    }

    static func exportFormatSummary(_ format: ExportFormat) -> String {
        switch format {
        case .twofoldBackup:
            return String(
                localized: "export.format.backup.summary",
                defaultValue: "Encrypted. Every account with notes, counters and recovery codes; restore it in Twofold.")
        case .aegis:
            return String(
                localized: "export.format.aegis.summary",
                defaultValue: "Encrypted. An Aegis vault that Aegis and other apps can import.")
        case .otpauthList:
            return String(
                localized: "export.format.links.summary", defaultValue: "Unencrypted. One link per account, in a text file.")
        case .googleQr:
            return String(
                localized: "export.format.google.summary", defaultValue: "Unencrypted. QR codes to scan with Google Authenticator.")
        }
    }

    static let unencryptedWarning = String(
        localized: "export.unencrypted.warning",
        defaultValue: "This file is not encrypted: anyone who gets it can generate your codes. Share it only with the app you are moving to, and delete it afterwards.")

    static let unencryptedAcknowledgement = String(
        localized: "export.unencrypted.acknowledgement", defaultValue: "I understand this file is unencrypted")

    static func exportLeftOut(_ issues: [ImportIssue]) -> String {
        let list = issues.map(importIssue).joined(separator: "; ")
        return String(
            localized: "export.leftOut", defaultValue: "Not included (Google Authenticator can’t hold them): \(list).")
    }

    static func emptyList(_ state: EmptyListState) -> String {
        switch state {
        case .noAccounts:
            return String(localized: "codes.empty", defaultValue: "No accounts yet. Tap + to add the first one.")
        case let .noMatch(query):
            return String(localized: "codes.noMatch", defaultValue: "No accounts match “\(query)”.")
        }
    }

    static func notice(_ notice: Notice) -> String {
        switch notice {
        case let .deleted(_, label):
            return String(localized: "notice.deleted", defaultValue: "Deleted \(label).")
        case .copied:
            return String(localized: "notice.copied", defaultValue: "Copied. It will be removed from the clipboard shortly.")
        case .backupSaved:
            return String(localized: "notice.backupSaved", defaultValue: "Backup saved.")
        }
    }

    static func googleProgress(_ progress: GoogleImportProgress) -> String {
        let missing = progress.missing.map(String.init).formatted(.list(type: .and))
        return String(
            localized: "google.progress",
            defaultValue: "\(progress.scanned) of \(progress.total) codes read. Still missing: \(missing).")
    }

    static func importScanHint(_ hint: ImportScanHint?, progress: GoogleImportProgress?) -> String {
        switch hint {
        case .singleAccountCode?:
            return String(
                localized: "google.hint.single",
                defaultValue: "This QR code adds one account. Close this and use Add Account for it.")
        case .otherCode?:
            return String(localized: "google.hint.other", defaultValue: "This QR code isn’t a Google Authenticator export.")
        case .otherExport?:
            return String(
                localized: "google.hint.otherExport",
                defaultValue: "This code belongs to another export. Scan the codes of one export at a time.")
        case nil:
            if let progress { return googleProgress(progress) }
            return String(
                localized: "google.hint.start",
                defaultValue: "In Google Authenticator, choose Transfer accounts → Export accounts, then point the camera at each QR code it shows.")
        }
    }

    static func cameraInterruption(_ interruption: CameraInterruption) -> String {
        switch interruption {
        case .inUseByAnotherApp:
            return String(localized: "camera.inUse", defaultValue: "Another app is using the camera.")
        case .notAvailableWithMultipleApps:
            return String(
                localized: "camera.multitasking",
                defaultValue: "The camera works only when Twofold is full screen. Leave Split View or Slide Over to scan.")
        case .systemPressure:
            return String(localized: "camera.pressure", defaultValue: "The camera paused because the iPhone is too warm or busy.")
        case .restarting:
            return String(localized: "camera.restarting", defaultValue: "The camera is restarting…")
        }
    }
}
