// After saving: the code to type into the site with its seconds left, then
// the site's recovery code with "I have securely saved this code".

import SwiftUI
import TwofoldKit

struct ShowCodeView: View {
    @EnvironmentObject private var app: AppModel
    let screen: ShowCodeScreen

    var body: some View {
        VStack(spacing: 24) {
            Text(screen.instruction)
                .font(.callout)
                .multilineTextAlignment(.center)
            Text(screen.code)
                .font(.system(size: 44, weight: .semibold, design: .monospaced))
                .privacySensitive()
                .accessibilityLabel("Code \(screen.spokenCode)")
            if let seconds = screen.secondsLeft, let text = screen.secondsLeftText {
                HStack(spacing: 8) {
                    CountdownRing(fraction: screen.fractionLeft, seconds: seconds, warning: seconds <= 5)
                    Text(text)
                        .font(.callout.monospacedDigit())
                        .foregroundStyle(.secondary)
                }
                .accessibilityElement(children: .ignore)
                .accessibilityLabel(text)
                .accessibilityAddTraits(.updatesFrequently)
            }
            Button {
                app.copyEnrollmentCode()
            } label: {
                Label("Copy Code", systemImage: "doc.on.doc")
            }
            .buttonStyle(.bordered)
            Spacer()
            Button {
                app.enroll { $0.codeEntered() }
            } label: {
                Text(screen.continueTitle)
                    .frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
            .controlSize(.large)
        }
        .padding(24)
    }
}

struct RecoveryCodeView: View {
    @EnvironmentObject private var app: AppModel
    let screen: RecoveryCodeScreen

    var body: some View {
        Form {
            Section {
                Text(screen.explanation)
                    .font(.callout)
            }
            Section {
                TextField("Recovery code", text: Binding(
                    get: { app.enrollment?.recoveryCodeText ?? "" },
                    set: { value in app.enroll { $0.recoveryCodeText = value } }),
                    axis: .vertical)
                    .font(.body.monospaced())
                    .autocorrectionDisabled()
                    .textInputAutocapitalization(.never)
                    .lineLimit(1...4)
                    .privacySensitive()
                PasteButton(payloadType: String.self) { strings in
                    guard let text = strings.first else { return }
                    Task { @MainActor in
                        app.enroll { $0.recoveryCodeText = text }
                    }
                }
            }
            Section {
                Toggle(screen.acknowledgementTitle, isOn: Binding(
                    get: { screen.acknowledged },
                    set: { value in app.enroll { $0.setAcknowledged(value) } }))
            }
            Section {
                Button(screen.saveTitle) {
                    app.enroll { $0.saveRecoveryCode() }
                }
                .frame(maxWidth: .infinity)
                .disabled(!screen.canSave)
                Button(screen.skipTitle) {
                    app.enroll { $0.skipRecoveryCode() }
                }
                .frame(maxWidth: .infinity)
            } footer: {
                Text("Skip if the site shows no recovery code, or you keep it elsewhere.")
            }
        }
    }
}
