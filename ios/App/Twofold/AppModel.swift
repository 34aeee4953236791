// The app's state on the main actor: the kit's models (lock, settings, codes
// list, enrollment, import/export) plus the work that must leave the main
// thread (unlocking waits for Face ID or runs Argon2; imports and exports
// derive keys; images take a while to scan). Every such piece of work is a
// kit `CoreJob` run in a detached task, its result handed back here.

import SwiftUI
import TwofoldCoreAdapter
import TwofoldKit
import UIKit

@MainActor
final class AppModel: ObservableObject {
    let lock: LockModel
    let settings: SettingsModel
    let camera = CameraScanner()
    private(set) var codes: CodeListModel?
    private(set) var enrollment: EnrollmentModel?
    /// The security part of the settings screen, while it is open.
    private(set) var lockMethods: LockMethodModel?
    @Published var showsEnrollment = false
    @Published var showsSettings = false
    @Published private(set) var isReadingImage = false
    /// Import or export, shown as a sheet over the codes list.
    @Published var transfer: Transfer?

    private let core: CoreGateway
    private let keyProvider: SecureEnclaveKeyProvider
    /// An otpauth:// link opened while locked, handled after unlocking.
    private var pendingLink: String?
    private var noticeTask: Task<Void, Never>?

    init() {
        let provider = SecureEnclaveKeyProvider()
        let rustCore = RustCore(
            vaultPath: Self.vaultURL().path, keyProvider: provider, deviceSlotLabel: UIDevice.current.model)
        let settingsModel = SettingsModel(store: UserDefaultsSettingsStore())
        let lockModel = LockModel(
            vaultExists: rustCore.vaultExists(), passwords: rustCore, method: settingsModel.settings.lockMethod,
            autoLock: AutoLockPolicy(delay: settingsModel.settings.autoLock),
            rollbackGuard: RollbackGuard(store: KeychainGenerationStore()))
        lockModel.biometryName = DeviceAuthentication.biometryName
        keyProvider = provider
        core = rustCore
        settings = settingsModel
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

    /// Runs slow core work off the main actor, then `finish` on it.
    func runInBackground<Output: Sendable>(
        _ job: CoreJob<Output>, then finish: @escaping @MainActor (Result<Output, CoreFailure>) -> Void
    ) {
        Task.detached(priority: .userInitiated) {
            let result = job.run()
            await MainActor.run {
                self.objectWillChange.send()
                finish(result)
            }
        }
    }

    // MARK: - Setup and unlock

    func setUp(method: LockMethod, password: String, confirmation: String) {
        guard let request = update({ lock.beginSetup(method: method, password: password, confirmation: confirmation) })
        else { return }
        settings.setLockMethod(method)
        runInBackground(request.job(core: core, keys: keyProvider)) { [weak self] result in
            self?.finishUnlock(result.mapError { $0 as Error })
        }
    }

    func unlock(_ method: UnlockMethod) {
        guard let method = update({ lock.beginUnlock(method) }) else { return }
        let core = self.core
        runInBackground(CoreJob { try core.unlock(method) }) { [weak self] result in
            self?.finishUnlock(result.mapError { $0 as Error })
        }
    }

    private func finishUnlock(_ result: Result<VaultSession, Error>) {
        lock.finish(result)
        showUnlockedVault()
    }

    /// The codes list over the opened vault (nothing while locked or while
    /// the older-vault warning waits for an answer).
    private func showUnlockedVault() {
        guard let vault = lock.vault else { return }
        let list = CodeListModel(vault: vault, copyPolicy: settings.copyPolicy)
        list.onChange = { [weak self] count in self?.recordChanges(count) }
        list.reload()
        codes = list
        if let link = pendingLink {
            pendingLink = nil
            open(link: link)
        }
    }

    /// The older-vault warning: "Open Anyway".
    func openOlderVaultAnyway() {
        update { lock.openOlderVaultAnyway() }
        showUnlockedVault()
    }

    /// The older-vault warning: "Don't Open".
    func refuseOlderVault() {
        update { lock.refuseOlderVault() }
    }

    /// The vault changed: the backup reminder counts it, the rollback guard
    /// remembers the new generation.
    private func recordChanges(_ count: Int = 1) {
        settings.recordChanges(count)
        lock.vaultChanged()
    }

    /// The lock screen appeared: asks the device key once after launch or an
    /// auto-lock (never right after Lock Now).
    func lockScreenAppeared() {
        guard lock.promptsDeviceKeyOnAppear else { return }
        update { lock.deviceKeyPromptShown() }
        unlock(.deviceKey)
    }

    /// "Lock Now" and every auto-lock: the core forgets the key at once.
    func lockNow() {
        update {
            lock.lockNow()
            tearDown()
        }
    }

    /// Drops every screen that showed vault content.
    private func tearDown() {
        camera.stop()
        codes = nil
        enrollment = nil
        lockMethods = nil
        showsEnrollment = false
        showsSettings = false
        transfer = nil
    }

    /// The device key is gone and the user chose to start over (to restore a
    /// backup): deletes the vault after an explicit confirmation in the view.
    func eraseVault() {
        do {
            try core.eraseVault()
            keyProvider.deleteKey()
            update {
                settings.reset()
                lock.setAutoLockDelay(settings.settings.autoLock)
                lock.vaultErased()
            }
        } catch {
            update { lock.finish(.failure(error)) }
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
        // `.background` with "Immediately" locks here, before the app returns.
        let locked = update { lock.phaseChanged(to: appPhase) }
        if locked || (lock.state != .unlocked && codes != nil) {
            update { tearDown() }
        }
        if appPhase == .background {
            camera.stop()
        }
        if appPhase == .active, lock.state == .locked {
            lockScreenAppeared()
        }
    }

    // MARK: - System pickers (auto-lock suspended while they show)

    /// Call right before presenting a file importer/exporter or PhotosPicker
    /// the app launched: they stop the app, and a lock would drop the result.
    func pickerWillOpen() {
        lock.pickerOpened()
    }

    /// The picker delivered its result or was cancelled.
    func pickerDidClose() {
        lock.pickerClosed()
    }

    // MARK: - Settings

    func openSettings() {
        guard let vault = lock.vault else { return }
        update {
            lockMethods = try? LockMethodModel(vault: vault, keys: keyProvider, settings: settings, passwords: core)
            showsSettings = true
        }
    }

    func closeSettings() {
        update {
            lockMethods = nil
            showsSettings = false
        }
    }

    func setAutoLock(_ delay: AutoLockDelay) {
        update {
            settings.setAutoLock(delay)
            lock.setAutoLockDelay(delay)
        }
    }

    func setClipboardClearSeconds(_ seconds: Int) {
        update {
            settings.setClipboardClearSeconds(seconds)
            codes?.copyPolicy = settings.copyPolicy
        }
    }

    func switchLockMethod(to method: LockMethod) {
        guard let model = lockMethods,
              let job = update({
                  model.beginSwitch(
                      to: method, biometricsAvailable: DeviceAuthentication.biometryName != nil,
                      passcodeSet: DeviceAuthentication.passcodeSet)
              })
        else { return }
        runInBackground(job) { [weak self] result in
            model.finish(result)
            self?.lock.method = model.method
            self?.lock.vaultChanged()
        }
    }

    func setRecoveryPassword(_ password: String, confirmation: String) {
        guard let model = lockMethods, let job = update({ model.beginSetPassword(password, confirmation: confirmation) })
        else { return }
        runInBackground(job) { model.finish($0) }
    }

    func removeRecoveryPassword() {
        guard let model = lockMethods, let job = update({ model.beginRemovePassword() }) else { return }
        runInBackground(job) { model.finish($0) }
    }

    /// The backup reminder for the codes list, `nil` when none is due.
    var backupReminder: BackupReminder? {
        guard let codes else { return nil }
        return BackupBanner.reminder(
            core: core, settings: settings.settings, accounts: codes.accounts.count,
            unixSeconds: TimeSource.system.unixSeconds)
    }

    func dismissBackupReminder() {
        update { settings.dismissReminder() }
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
        refreshWhenNoticeEnds()
    }

    func copyEnrollmentCode() {
        guard case let .showCode(_, code)? = enrollment?.step, let vault = lock.vault else { return }
        Pasteboard.copy(settings.copyPolicy.item(for: code, now: Date(), rules: vault))
    }

    /// Redraws when the current notice expires (the kit decides when).
    private func refreshWhenNoticeEnds() {
        noticeTask?.cancel()
        noticeTask = Task { [weak self] in
            try? await Task.sleep(nanoseconds: 8_100_000_000)
            guard !Task.isCancelled else { return }
            self?.objectWillChange.send()
        }
    }

    /// An HOTP code advances its counter: the rollback guard remembers the
    /// new generation at once (an older file would bring the code back).
    func nextHotpCode(accountId: String) {
        update {
            codes?.nextHotpCode(accountId: accountId)
            lock.vaultChanged()
        }
    }

    func delete(accountId: String) {
        update { codes?.delete(accountId: accountId) }
        refreshWhenNoticeEnds()
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
        if let enrollment {
            if !enrollment.isFinished { update { enrollment.cancel() } }
            if case .done = enrollment.step { recordChanges() }
        }
        update {
            enrollment = nil
            showsEnrollment = false
            lock.enrollmentInProgress = false
            codes?.reload()
        }
    }

    /// The enrollment scanner saw a Google Authenticator export: continue on
    /// the import's scanner, which collects all of its codes.
    func switchEnrollmentToImportScanner() {
        finishEnrollment()
        // The enrollment sheet must finish dismissing before another shows.
        Task { @MainActor in
            try? await Task.sleep(nanoseconds: 600_000_000)
            startImport()
            if case let .importing(model)? = transfer {
                update { model.startScanning() }
            }
        }
    }

    /// Starts the camera for the current enrollment.
    func startCamera() async {
        let access = await camera.requestAccess()
        update { enrollment?.cameraAccess = access }
        guard access == .authorized, let enrollment else { return }
        let session = enrollment.sessionForFrames
        camera.start(gate: enrollment.frameGate) { [weak self] frame in
            let result = Result { try session.submitFrame(frame) }
            Task { @MainActor in self?.enroll { $0.applyFrameResult(result) } }
        }
    }

    /// A picked image: converted to JPEG if needed (HEIC photos), scanned off
    /// the main thread.
    func scanImage(_ data: Data) {
        guard let enrollment else { return }
        let session = enrollment.sessionForFrames
        update { isReadingImage = true }
        Task.detached(priority: .userInitiated) {
            let result = Result { try session.submitImage(Self.scannable(data)) }
            await MainActor.run {
                self.update { self.isReadingImage = false }
                self.enroll { $0.applyImageResult(result) }
            }
        }
    }

    /// What the core's scanner reads (PNG, JPEG, WebP) as it is; anything
    /// else (HEIC) re-encoded as JPEG.
    nonisolated static func scannable(_ data: Data) -> Data {
        guard !isScannableImage(data), let jpeg = UIImage(data: data)?.jpegData(compressionQuality: 0.95)
        else { return data }
        return jpeg
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
        let model = ImportModel(vault: vault)
        model.onChange = { [weak self] count in self?.recordChanges(count) }
        update { transfer = .importing(model) }
    }

    func startExport(_ format: ExportFormat? = nil) {
        guard let vault = lock.vault else { return }
        let model = ExportModel(vault: vault, passwords: core)
        model.onBackupSaved = { [weak self] at in
            self?.settings.recordBackup(at: at)
            self?.codes?.show(.backupSaved)
        }
        if let format { model.choose(format) }
        guard showsSettings else {
            update { transfer = .exporting(model) }
            return
        }
        // One sheet at a time: Settings must finish closing first.
        update { showsSettings = false }
        Task { @MainActor in
            try? await Task.sleep(nanoseconds: 600_000_000)
            guard lock.state == .unlocked else { return }
            update { transfer = .exporting(model) }
        }
    }

    /// Runs an import step's background work (reading, key derivation).
    func run(_ work: ImportWork?, on model: ImportModel) {
        guard let work else { return }
        objectWillChange.send()
        Task.detached(priority: .userInitiated) {
            let completion = work.run()
            await MainActor.run { self.update { model.complete(completion) } }
        }
    }

    func run(_ work: ExportWork?, on model: ExportModel) {
        guard let work else { return }
        objectWillChange.send()
        Task.detached(priority: .userInitiated) {
            let completion = work.run()
            await MainActor.run { self.update { model.complete(completion) } }
        }
    }

    /// The import's camera: frames go to the model's scanner on the camera
    /// queue; results come back here.
    func startImportCamera(_ model: ImportModel) async {
        let access = await camera.requestAccess()
        guard access == .authorized, let scanner = model.frameScanner else { return }
        camera.start(gate: model.frameGate) { [weak self] frame in
            let result = Result { try scanner.scan(frame) }.mapError { error in
                error as? CoreFailure ?? CoreFailure(.other, message: String(describing: error))
            }
            Task { @MainActor in
                // The model is looked up on the main actor, never captured
                // by the camera queue's closure.
                guard let self, case let .importing(current)? = self.transfer else { return }
                self.update { current.applyScan(result) }
                if !current.frameGate.acceptsFrames { self.camera.stop() }
            }
        }
    }

    /// The sheet closed: releases the read file or the produced bytes and
    /// shows any imported account.
    func finishTransfer() {
        camera.stop()
        if case let .importing(model)? = transfer { model.cancel() }
        update {
            transfer = nil
            codes?.reload()
        }
        refreshWhenNoticeEnds()
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

/// Settings in UserDefaults (no secrets).
final class UserDefaultsSettingsStore: SettingsStore {
    private static let prefix = "settings."

    func string(forKey key: String) -> String? {
        UserDefaults.standard.string(forKey: Self.prefix + key)
    }

    func setString(_ value: String?, forKey key: String) {
        if let value {
            UserDefaults.standard.set(value, forKey: Self.prefix + key)
        } else {
            UserDefaults.standard.removeObject(forKey: Self.prefix + key)
        }
    }
}
