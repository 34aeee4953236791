// The app's state on the main actor: the kit's models (lock, codes list,
// enrollment) plus the work that must leave the main thread (unlocking runs
// Argon2 or waits for Face ID; images take a while to scan).

import SwiftUI
import TwofoldCoreAdapter
import TwofoldKit
import UIKit

@MainActor
final class AppModel: ObservableObject {
    let lock: LockModel
    let camera = CameraScanner()
    private(set) var codes: CodeListModel?
    private(set) var enrollment: EnrollmentModel?
    @Published var showsEnrollment = false
    /// "Copied" confirmation under the list.
    @Published private(set) var copiedMessage: String?
    @Published private(set) var isReadingImage = false
    /// Import or export, shown as a sheet over the codes list.
    @Published var transfer: Transfer?

    private let core: CoreGateway
    private let keyProvider: SecureEnclaveKeyProvider
    /// An otpauth:// link opened while locked, handled after unlocking.
    private var pendingLink: String?
    private var copiedMessageTask: Task<Void, Never>?

    init() {
        let provider = SecureEnclaveKeyProvider()
        let rustCore = RustCore(vaultPath: Self.vaultURL().path, keyProvider: provider)
        let lockModel = LockModel(vaultExists: rustCore.vaultExists())
        if SecureEnclaveKeyProvider.biometricsRequested {
            lockModel.biometryName = Biometrics.name
        }
        keyProvider = provider
        core = rustCore
        lock = lockModel
    }

    /// Application Support/Twofold/vault.sqlite (created on first use).
    static func vaultURL() -> URL {
        let base = (try? FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true))
            ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("Twofold", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("vault.sqlite")
    }

    /// Runs a change to the kit's (non-observable) models and redraws.
    @discardableResult
    func update<T>(_ body: () -> T) -> T {
        objectWillChange.send()
        return body()
    }

    // MARK: - Setup and unlock

    func setUp(password: String, confirmation: String, requireBiometrics: Bool) {
        guard let request = update({ lock.beginSetup(password: password, confirmation: confirmation) }) else { return }
        SecureEnclaveKeyProvider.biometricsRequested = requireBiometrics
        lock.biometryName = requireBiometrics ? Biometrics.name : nil
        let core = self.core
        let keyProvider = self.keyProvider
        Task.detached(priority: .userInitiated) {
            keyProvider.resetKey()
            let result = Result { try core.createVault(password: request.password) }
            await self.finishUnlock(result)
        }
    }

    func unlock(_ method: UnlockMethod) {
        guard let method = update({ lock.beginUnlock(method) }) else { return }
        let core = self.core
        Task.detached(priority: .userInitiated) {
            let result = Result { try core.unlock(method) }
            await self.finishUnlock(result)
        }
    }

    private func finishUnlock(_ result: Result<VaultSession, Error>) {
        update { lock.finish(result) }
        guard let vault = lock.vault else { return }
        let list = CodeListModel(vault: vault)
        list.reload()
        update { codes = list }
        if let link = pendingLink {
            pendingLink = nil
            open(link: link)
        }
    }

    func lockNow() {
        update {
            camera.stop()
            lock.lock()
            codes = nil
            enrollment = nil
            showsEnrollment = false
            transfer = nil
        }
    }

    func phaseChanged(_ phase: ScenePhase) {
        let appPhase: AppPhase
        switch phase {
        case .active: appPhase = .active
        case .inactive: appPhase = .inactive
        case .background: appPhase = .background
        @unknown default: appPhase = .inactive
        }
        update { lock.phaseChanged(to: appPhase) }
        if lock.state != .unlocked, codes != nil {
            lockNow()
        }
        if appPhase == .background {
            camera.stop()
        }
    }

    // MARK: - Codes

    func tick() {
        update {
            codes?.tick()
            enrollment?.tick()
        }
    }

    func copy(accountId: String) {
        guard let item = update({ codes?.copy(accountId: accountId) }) else { return }
        Pasteboard.copy(item)
        showCopied()
    }

    func copyEnrollmentCode() {
        guard case let .showCode(_, code)? = enrollment?.step else { return }
        Pasteboard.copy(CopyPolicy.standard.item(for: code, now: Date()))
        showCopied()
    }

    private func showCopied() {
        copiedMessageTask?.cancel()
        update { copiedMessage = "Copied. It will be removed from the clipboard shortly." }
        copiedMessageTask = Task { [weak self] in
            try? await Task.sleep(nanoseconds: 3_000_000_000)
            guard !Task.isCancelled, let self else { return }
            self.update { self.copiedMessage = nil }
        }
    }

    // MARK: - Enrollment

    func startEnrollment() {
        guard let vault = lock.vault else { return }
        do {
            let session = try vault.startEnrollment()
            update {
                enrollment = EnrollmentModel(session: session, cameraAccess: CameraScanner.currentAccess())
                lock.enrollmentInProgress = true
                showsEnrollment = true
            }
        } catch {
            update { codes?.reload() }
        }
    }

    /// Runs an action on the enrollment and closes the sheet when it ends.
    func enroll(_ body: (EnrollmentModel) -> Void) {
        guard let enrollment else { return }
        update { body(enrollment) }
        if enrollment.isFinished {
            finishEnrollment()
        }
    }

    /// The sheet closed (finished, or swiped down: that cancels).
    func finishEnrollment() {
        camera.stop()
        if let enrollment, !enrollment.isFinished {
            update { enrollment.cancel() }
        }
        update {
            enrollment = nil
            showsEnrollment = false
            lock.enrollmentInProgress = false
            codes?.reload()
        }
    }

    /// Starts the camera for the current enrollment.
    func startCamera() async {
        let access = await camera.requestAccess()
        update { enrollment?.cameraAccess = access }
        guard access == .authorized, let enrollment else { return }
        camera.start(gate: enrollment.frameGate, enrollment: enrollment.sessionForFrames) { [weak self] result in
            self?.enroll { $0.applyFrameResult(result) }
        }
    }

    /// A picked image: converted to JPEG if needed (HEIC photos), scanned off
    /// the main thread.
    func scanImage(_ data: Data) {
        guard let enrollment else { return }
        let session = enrollment.sessionForFrames
        update { isReadingImage = true }
        Task.detached(priority: .userInitiated) {
            var encoded = data
            if ImageFormat.detect(data) == .other, let jpeg = UIImage(data: data)?.jpegData(compressionQuality: 0.95) {
                encoded = jpeg
            }
            let result = Result { try session.submitImage(encoded) }
            await MainActor.run {
                self.update { self.isReadingImage = false }
                self.enroll { $0.applyImageResult(result) }
            }
        }
    }

    // MARK: - Import and export

    enum Transfer: Identifiable {
        case importing(ImportModel)
        case exporting(ExportModel)

        var id: ObjectIdentifier {
            switch self {
            case let .importing(model): return ObjectIdentifier(model)
            case let .exporting(model): return ObjectIdentifier(model)
            }
        }
    }

    func startImport() {
        guard let vault = lock.vault else { return }
        update { transfer = .importing(ImportModel(vault: vault)) }
    }

    func startExport() {
        guard let vault = lock.vault else { return }
        update { transfer = .exporting(ExportModel(vault: vault)) }
    }

    /// The sheet closed: releases the read file or the produced bytes and
    /// shows any imported account.
    func finishTransfer() {
        if case let .importing(model)? = transfer { model.cancel() }
        update {
            transfer = nil
            codes?.reload()
        }
    }

    // MARK: - otpauth:// links

    func open(url: URL) {
        guard url.scheme?.lowercased() == "otpauth" else { return }
        open(link: url.absoluteString)
    }

    private func open(link: String) {
        guard lock.state == .unlocked else {
            pendingLink = link
            return
        }
        if enrollment == nil { startEnrollment() }
        enroll { $0.submitLink(link) }
    }
}
