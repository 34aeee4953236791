// Import and export, opened from the codes list's menu: thin views over the
// kit's ImportModel and ExportModel (every decision is made there).

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
            .navigationTitle(model.title)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Close") { app.finishTransfer() }
                }
            }
            .fileImporter(isPresented: $picking, allowedContentTypes: [.data, .image, .plainText, .json]) { result in
                guard case let .success(url) = result else { return }
                let scoped = url.startAccessingSecurityScopedResource()
                defer { if scoped { url.stopAccessingSecurityScopedResource() } }
                guard let data = try? Data(contentsOf: url) else { return }
                let isImage = (try? url.resourceValues(forKeys: [.contentTypeKey]))?.contentType?.conforms(to: .image) ?? false
                app.update { isImage ? model.imageChosen(data) : model.fileChosen(data) }
            }
        }
    }

    @ViewBuilder
    private var content: some View {
        switch model.step {
        case .pickFile:
            Section {
                Text("Choose an export from another authenticator app (Aegis, 2FAS, andOTP, Bitwarden, Google Authenticator), a Twofold backup, or a text file of otpauth:// links.")
                Button("Choose File") { picking = true }
            }
        case let .password(prompt, error):
            Section {
                Text(prompt)
                SecureField("File password", text: $password)
                    .textContentType(.password)
                if let error { ErrorText(error) }
                Button("Continue") {
                    app.update { model.submitPassword(password) }
                    password = ""
                }
            }
        case let .googleParts(progress):
            Section {
                Text(progress.message)
                Button("Add Another QR Code") { picking = true }
                Button("Import the \(progress.scanned) of \(progress.total) QR Codes Read") {
                    app.update { model.importScannedParts() }
                }
            }
        case let .review(review):
            Section(header: Text(review.headline)) {
                ForEach(review.accounts, id: \.self) { Text($0) }
            }
            if !review.problems.isEmpty {
                Section(header: Text("Can’t be read")) {
                    ForEach(review.problems, id: \.self) { ErrorText($0) }
                }
            }
            Section(footer: Text(review.duplicateNote)) {
                if let label = review.acceptLabel {
                    Toggle(label, isOn: Binding(
                        get: { model.acceptsRest },
                        set: { accept in app.update { model.setAcceptsRest(accept) } }))
                }
                Button("Import") { app.update { model.confirm() } }
                    .disabled(!model.canImport)
            }
        case let .done(_, duplicates, message):
            Section(header: Text(message)) {
                ForEach(duplicates, id: \.self) { Text($0) }
            }
            Button("Done") { app.finishTransfer() }
        case let .failed(reason):
            Section {
                ErrorText(reason)
                Button("Choose Another File") {
                    app.update { model.chooseAnotherFile() }
                    picking = true
                }
            }
        }
    }
}

struct ExportView: View {
    @EnvironmentObject private var app: AppModel
    let model: ExportModel
    @State private var password = ""
    @State private var confirmation = ""
    @State private var shared: [URL] = []

    var body: some View {
        NavigationStack {
            Form { content }
                .navigationTitle(model.title)
                .toolbar {
                    ToolbarItem(placement: .cancellationAction) {
                        Button("Close") { close() }
                    }
                }
        }
        .onDisappear(perform: removeFiles)
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
                        Text(format.title)
                        Text(format.summary).font(.footnote).foregroundStyle(.secondary)
                    }
                }
            }
        case let .password(format):
            Section(footer: Text(format.summary)) {
                SecureField("File password", text: $password).textContentType(.newPassword)
                SecureField("Repeat file password", text: $confirmation).textContentType(.newPassword)
                if let error = model.errorMessage { ErrorText(error) }
                Button("Export") {
                    app.update { model.export(password: password, confirmation: confirmation) }
                    if case .ready = model.step {
                        password = ""
                        confirmation = ""
                    }
                }
                .disabled(!model.canExport(password: password, confirmation: confirmation))
            }
        case .unencrypted:
            Section {
                ErrorText(ExportModel.unencryptedWarning)
                Toggle(ExportModel.acknowledgement, isOn: Binding(
                    get: { model.acknowledgedUnencrypted },
                    set: { value in app.update { model.setAcknowledged(value) } }))
                Button("Export") { app.update { model.export() } }
                    .disabled(!model.canExport())
            }
        case let .ready(_, files, note):
            Section(footer: note.map { Text($0) }) {
                ShareLink(items: write(files)) {
                    Label("Share \(files.count == 1 ? files[0].name : "\(files.count) files")", systemImage: "square.and.arrow.up")
                }
                Button("Done") { close() }
            }
        case let .failed(_, reason):
            Section {
                ErrorText(reason)
                Button("Back") { app.update { model.back() } }
            }
        }
    }

    /// The files in a private temporary folder for the share sheet, removed
    /// when the view closes.
    private func write(_ files: [ExportFile]) -> [URL] {
        if !shared.isEmpty { return shared }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let urls = files.compactMap { file -> URL? in
            let url = folder.appendingPathComponent(file.name)
            return (try? file.data.write(to: url, options: [.completeFileProtection])) == nil ? nil : url
        }
        DispatchQueue.main.async { shared = urls }
        return urls
    }

    private func removeFiles() {
        for url in shared { try? FileManager.default.removeItem(at: url) }
        shared = []
    }

    private func close() {
        removeFiles()
        app.update { model.finished() }
        app.finishTransfer()
    }
}

private struct ErrorText: View {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var body: some View {
        Text(text)
            .foregroundStyle(.red)
            .accessibilityLabel("Error: \(text)")
    }
}
