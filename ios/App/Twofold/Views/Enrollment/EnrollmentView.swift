// Adding an account, as the seed's site walks the user through it: choose how
// (scanner, screenshot, Trouble Scanning) → confirm → type the code into the
// site → keep the recovery code. The core's state machine decides every step;
// these views render `EnrollmentModel.screen()`.

import SwiftUI
import TwofoldKit

struct EnrollmentView: View {
    @EnvironmentObject private var app: AppModel

    var body: some View {
        NavigationStack {
            Group {
                if let model = app.enrollment {
                    let screen = model.screen()
                    content(screen)
                        .navigationTitle(screen.title)
                        .navigationBarTitleDisplayMode(.inline)
                        .toolbar { toolbarItems(for: screen) }
                        .safeAreaInset(edge: .top) {
                            if let error = model.error {
                                ErrorBanner(text: Strings.enrollmentError(error)) { app.enroll { $0.dismissError() } }
                            }
                        }
                        .onChange(of: screen.title) { title in
                            UIAccessibility.post(notification: .screenChanged, argument: title)
                        }
                } else {
                    ProgressView()
                }
            }
        }
        // Once the account is saved, a stray swipe must not cancel it.
        .interactiveDismissDisabled(app.enrollment.map(isPastSaving) ?? false)
    }

    @ViewBuilder
    private func content(_ screen: EnrollmentScreen) -> some View {
        switch screen {
        case let .chooseMethod(chooseMethod):
            ChooseMethodView(screen: chooseMethod)
        case let .scanning(scanning):
            ScanningView(screen: scanning, camera: app.camera)
        case let .manualEntry(manualEntry):
            ManualEntryView(screen: manualEntry)
        case let .confirm(confirm):
            ConfirmView(screen: confirm)
        case let .showCode(showCode):
            ShowCodeView(screen: showCode)
        case let .recoveryCode(recoveryCode):
            RecoveryCodeView(screen: recoveryCode)
        case .finished:
            ProgressView()
        }
    }

    @ToolbarContentBuilder
    private func toolbarItems(for screen: EnrollmentScreen) -> some ToolbarContent {
        ToolbarItem(placement: .navigationBarTrailing) {
            Button("Cancel") { app.enroll { $0.cancel() } }
        }
        ToolbarItem(placement: .navigationBarLeading) {
            if case .chooseMethod = screen {
                EmptyView()
            } else {
                Button {
                    app.enroll { $0.back() }
                } label: {
                    Label("Back", systemImage: "chevron.backward")
                        .labelStyle(.titleAndIcon)
                }
            }
        }
    }

    private func isPastSaving(_ model: EnrollmentModel) -> Bool {
        switch model.step {
        case .showCode, .recoveryCode: return true
        default: return false
        }
    }
}

struct ErrorBanner: View {
    let text: String
    let dismiss: () -> Void

    var body: some View {
        HStack(alignment: .top) {
            Image(systemName: "exclamationmark.triangle.fill")
                .foregroundStyle(.orange)
                .accessibilityHidden(true)
            Text(text)
                .font(.callout)
            Spacer()
            Button(action: dismiss) {
                Image(systemName: "xmark")
            }
            .accessibilityLabel("Dismiss")
        }
        .padding()
        .background(.thinMaterial, in: RoundedRectangle(cornerRadius: 12))
        .padding(.horizontal)
        .accessibilityElement(children: .combine)
        .accessibilityLabel("Error: \(text)")
    }
}

struct ChooseMethodView: View {
    @EnvironmentObject private var app: AppModel
    let screen: ChooseMethodScreen

    var body: some View {
        List {
            Section {
                Text(screen.intro)
                    .font(.callout)
            }
            Section {
                ForEach(screen.options) { option in
                    Button {
                        app.enroll { $0.choose(option.method) }
                    } label: {
                        HStack(spacing: 16) {
                            Image(systemName: icon(option.method))
                                .font(.title2)
                                .frame(width: 32)
                                .accessibilityHidden(true)
                            VStack(alignment: .leading, spacing: 4) {
                                Text(option.title)
                                    .font(.headline)
                                Text(option.detail)
                                    .font(.subheadline)
                                    .foregroundStyle(.secondary)
                            }
                        }
                        .padding(.vertical, 4)
                    }
                    .disabled(!option.isEnabled)
                    .accessibilityElement(children: .combine)
                }
            }
            if let note = screen.cameraDeniedNote {
                Section {
                    Text(note)
                    OpenSettingsButton()
                }
            }
        }
    }

    private func icon(_ method: EnrollmentMethod) -> String {
        switch method {
        case .camera: return "qrcode.viewfinder"
        case .image: return "photo.on.rectangle"
        case .manual: return "keyboard"
        }
    }
}

struct OpenSettingsButton: View {
    @Environment(\.openURL) private var openURL

    var body: some View {
        Button("Open Settings") {
            if let url = URL(string: UIApplication.openSettingsURLString) {
                openURL(url)
            }
        }
    }
}
