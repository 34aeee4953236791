// Import and export, opened from the codes list's menu and Settings: thin
// views over the kit's ImportModel and ExportModel (every decision is made
// there). Reading an encrypted file and writing an encrypted export derive a
// key (seconds of scrypt/Argon2): the models hand that work out and the app
// runs it off the main actor, with a busy state meanwhile.

import SwiftUI
import TwofoldKit
import UniformTypeIdentifiers

struct ImportView: View {
    @EnvironmentObject private var app: AppModel
    let model: ImportModel
    @State private var picking = false
    @State private var password = ""

    var body: some View {
        NavigationStack {
            Form {
                if let error = model.errorMessage {
                    Section { ErrorText(error) }
                }
                content
            }
            .disabled(model.isBusy)
            .overlay {
                if model.isBusy {
                    ProgressView("Reading the file…")
                        .padding()
                        .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                }
            }
            .navigationTitle(Strings.importTitle(model.step))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Close") { app.finishTransfer() }
                }
            }
            // The picker stops the app: auto-lock waits until it closes
            // (isPresented turns false before onCompletion runs, and on cancel
            // onCompletion does not run at all).
            .fileImporter(
                isPresented: app.closingPicker($picking),
                allowedContentTypes: [.data, .image, .plainText, .json]
            ) { result in
                guard case let .success(url) = result else { return }
                let scoped = url.startAccessingSecurityScopedResource()
                defer { if scoped { url.stopAccessingSecurityScopedResource() } }
                let values = try? url.resourceValues(forKeys: [.contentTypeKey, .fileSizeKey])
                // Never read a huge file into memory: exports are small.
                if let size = values?.fileSize, size > ImportModel.maximumFileBytes {
                    app.update { model.fileTooLarge() }
                    return
                }
                guard let data = try? Data(contentsOf: url) else { return }
                let isImage = values?.contentType?.conforms(to: .image) ?? false
                app.run(isImage ? model.imageChosen(AppModel.scannable(data)) : model.fileChosen(data), on: model)
            }
        }
    }

    private func pick() {
        app.pickerWillOpen()
        picking = true
    }

    @ViewBuilder
    private var content: some View {
        switch model.step {
        case .pickFile:
            Section {
                Text("Choose an export from another authenticator app (Aegis, 2FAS, andOTP, Bitwarden JSON or CSV, FreeOTP, FreeOTP+, Steam Desktop Authenticator, Proton Authenticator, Duo Mobile, Stratum / Authenticator Pro, Authy, Battle.net, Ente Auth, Google Authenticator, or the Google or Microsoft Authenticator database), a Twofold backup, or a text file of otpauth:// links.")
                Button("Choose File", action: pick)
            }
            Section {
                Button {
                    app.update { model.startScanning() }
                } label: {
                    Label("Scan Google Authenticator Codes", systemImage: "qrcode.viewfinder")
                }
            } footer: {
                Text("Moving from Google Authenticator on another phone? Scan its export QR codes with this camera.")
            }
        case let .password(prompt, error):
            Section {
                Text(prompt)
                SecureField("File password", text: $password)
                    .textContentType(.password)
                if let error { ErrorText(error) }
                Button("Continue") {
                    app.run(model.submitPassword(password), on: model)
                    password = ""
                }
            }
        case let .googleParts(progress):
            Section {
                Text(Strings.googleProgress(progress))
                Button("Scan the Missing Codes") { app.update { model.startScanning() } }
                Button("Add a Screenshot of a Code", action: pick)
                Button("Import the \(progress.scanned) of \(progress.total) Codes Read") {
                    app.update { model.importScannedParts() }
                }
            }
        case let .scanningCodes(screen):
            ImportScannerSection(model: model, screen: screen, camera: app.camera)
        case let .review(review):
            Section(header: Text(Strings.importHeadline(review))) {
                ForEach(review.accounts, id: \.self) { Text($0) }
            }
            if !review.problems.isEmpty {
                Section(header: Text("Can’t be read")) {
                    ForEach(review.problems, id: \.position) { ErrorText(Strings.importIssue($0)) }
                }
            }
            if !review.incompleteGoogle.isEmpty {
                Section {
                    ForEach(review.incompleteGoogle, id: \.missing) { ErrorText(Strings.importGoogleIncomplete($0)) }
                }
            }
            Section(footer: Text("Accounts already in Twofold are skipped, not added twice.")) {
                if review.offersAcceptance {
                    Toggle(Strings.importAcceptLabel(review), isOn: Binding(
                        get: { model.acceptsRest },
                        set: { accept in app.update { model.setAcceptsRest(accept) } }))
                }
                Button("Import") { app.update { model.confirm() } }
                    .disabled(!model.canImport)
            }
        case let .done(added, duplicates):
            Section(header: Text(Strings.importDone(added: added, duplicates: duplicates.count))) {
                ForEach(duplicates, id: \.self) { Text($0) }
            }
            Button("Done") { app.finishTransfer() }
        case let .tooLarge(maximumBytes):
            Section {
                ErrorText(Strings.importTooLarge(maximumBytes))
                Button("Choose Another File") {
                    app.update { model.chooseAnotherFile() }
                    pick()
                }
            }
        case let .failed(reason):
            Section {
                ErrorText(reason)
                Button("Choose Another File") {
                    app.update { model.chooseAnotherFile() }
                    pick()
                }
            }
        }
    }
}

/// The app's own camera on the Google Authenticator export codes: "3 of 5
/// codes read" and which are missing, until all are in.
private struct ImportScannerSection: View {
    @EnvironmentObject private var app: AppModel
    let model: ImportModel
    let screen: ImportScanScreen
    @ObservedObject var camera: CameraScanner
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        Section {
            ZStack {
                CameraPreview(session: camera.session)
                ViewfinderFrame()
                if let interruption = camera.interruption {
                    Text(Strings.cameraInterruption(interruption))
                        .padding()
                        .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                        .padding()
                }
            }
            .frame(height: 320)
            .listRowInsets(EdgeInsets())
            .task { await app.startImportCamera(model) }
            .onDisappear { camera.stop() }
            .onChange(of: scenePhase) { phase in
                if phase == .active { Task { await app.startImportCamera(model) } }
            }
            Text(Strings.importScanHint(screen.hint, progress: screen.progress))
                .accessibilityAddTraits(.updatesFrequently)
            if let progress = screen.progress {
                ProgressView(value: Double(progress.scanned), total: Double(progress.total))
                    .accessibilityLabel(Text(Strings.googleProgress(progress)))
            }
            Button("Stop Scanning") {
                camera.stop()
                app.update { model.stopScanning() }
            }
        }
    }
}

/// One exported file for the system's file exporter.
struct ExportDocument: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }
    let file: ExportFile

    init(_ file: ExportFile) {
        self.file = file
    }

    init(configuration: ReadConfiguration) throws {
        throw CocoaError(.featureUnsupported)
    }

    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper {
        let wrapper = FileWrapper(regularFileWithContents: file.data)
        wrapper.preferredFilename = file.name
        return wrapper
    }
}

struct ExportView: View {
    @EnvironmentObject private var app: AppModel
    let model: ExportModel
    @State private var password = ""
    @State private var confirmation = ""
    @State private var saving = false
    @State private var saveError: String?

    var body: some View {
        NavigationStack {
            Form { content }
                .disabled(model.isBusy)
                .overlay {
                    if model.isBusy {
                        ProgressView("Encrypting the export…")
                            .padding()
                            .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                    }
                }
                .navigationTitle(Strings.exportTitle(model.step))
                .toolbar {
                    ToolbarItem(placement: .cancellationAction) {
                        Button("Close") { close() }
                    }
                }
        }
    }

    @ViewBuilder
    private var content: some View {
        switch model.step {
        case .chooseFormat:
            ForEach(ExportFormat.allCases, id: \.self) { format in
                Button {
                    app.update { model.choose(format) }
                } label: {
                    VStack(alignment: .leading) {
                        Text(Strings.exportFormatTitle(format))
                        Text(Strings.exportFormatSummary(format)).font(.footnote).foregroundStyle(.secondary)
                    }
                }
            }
        case let .password(format):
            Section(footer: Text(Strings.exportFormatSummary(format))) {
                SecureField("File password", text: $password)
                    .textContentType(.newPassword)
                    .onChange(of: password) { typed in app.update { model.passwordChanged(typed) } }
                PasswordStrengthView(strength: model.passwordMeter.strength)
                SecureField("Repeat file password", text: $confirmation).textContentType(.newPassword)
                if let problem = model.passwordProblem {
                    ErrorText(problem == .empty
                        ? String(localized: "export.password.empty", defaultValue: "Enter a password for the file.")
                        : Strings.password(problem))
                }
                Button("Export") {
                    app.run(model.export(password: password, confirmation: confirmation), on: model)
                    password = ""
                    confirmation = ""
                }
                .disabled(!model.canExport(password: password, confirmation: confirmation))
            }
        case .unencrypted:
            Section {
                ErrorText(Strings.unencryptedWarning)
                Toggle(Strings.unencryptedAcknowledgement, isOn: Binding(
                    get: { model.acknowledgedUnencrypted },
                    set: { value in app.update { model.setAcknowledged(value) } }))
                Button("Export") { app.run(model.export(), on: model) }
                    .disabled(!model.canExport())
            }
        case let .ready(_, files, leftOut):
            Section(footer: leftOut.isEmpty ? nil : Text(Strings.exportLeftOut(leftOut))) {
                // Only a save the exporter confirms counts as a backup.
                Button {
                    app.pickerWillOpen()
                    saving = true
                } label: {
                    Label("Save to Files…", systemImage: "folder")
                }
                if let saveError { ErrorText(saveError) }
                Button("Done") { close() }
            }
            .fileExporter(
                isPresented: app.closingPicker($saving), documents: files.map { ExportDocument($0) },
                contentType: .data
            ) { result in
                switch result {
                case .success:
                    saveError = nil
                    app.update { model.saved() }
                    close()
                case let .failure(error):
                    saveError = error.localizedDescription
                }
            }
        case let .failed(_, reason):
            Section {
                ErrorText(reason)
                Button("Back") { app.update { model.back() } }
            }
        }
    }

    private func close() {
        app.update { model.finished() }
        app.finishTransfer()
    }
}

extension AppModel {
    /// A picker's `isPresented` binding that ends the auto-lock suspension
    /// when the system closes the picker (chosen or cancelled).
    func closingPicker(_ presented: Binding<Bool>) -> Binding<Bool> {
        Binding(
            get: { presented.wrappedValue },
            set: { newValue in
                if presented.wrappedValue && !newValue { self.pickerDidClose() }
                presented.wrappedValue = newValue
            })
    }
}
