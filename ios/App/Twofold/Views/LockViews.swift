// First-run setup and the lock screen.

import SwiftUI
import TwofoldKit

struct SetupView: View {
    @EnvironmentObject private var app: AppModel
    @State private var method: LockMethod = SetupView.methods.contains(.biometrics) ? .biometrics : .password
    @State private var password = ""
    @State private var confirmation = ""
    private let biometryName = DeviceAuthentication.biometryName
    private static let methods = LockMethod.available(
        biometricsEnrolled: DeviceAuthentication.biometryName != nil, passcodeSet: DeviceAuthentication.passcodeSet)

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("Twofold keeps your two-factor codes encrypted on this iPhone.")
                }
                Section {
                    Picker("Unlock with", selection: $method) {
                        ForEach(Self.methods, id: \.self) { option in
                            Text(Strings.lockMethod(option, biometryName: biometryName)).tag(option)
                        }
                    }
                    .pickerStyle(.inline)
                    .labelsHidden()
                } header: {
                    Text("Unlock with")
                } footer: {
                    Text("You can change this later in Settings.")
                }
                Section {
                    SecureField("Recovery password", text: $password)
                        .textContentType(.newPassword)
                        .onChange(of: password) { typed in app.update { app.lock.setupPasswordChanged(typed) } }
                    PasswordStrengthView(strength: app.lock.passwordMeter.strength)
                    SecureField("Repeat password", text: $confirmation)
                        .textContentType(.newPassword)
                } header: {
                    Text("Recovery password")
                } footer: {
                    // What happens when the device key is invalidated, plainly.
                    Text(Strings.setupNote(SetupNote.forMethod(method)))
                }
                if let message = app.lock.message {
                    Section { ErrorText(Strings.lockMessage(message, biometryName: biometryName)) }
                }
                Section {
                    Button("Create Vault") {
                        app.setUp(method: method, password: password, confirmation: confirmation)
                    }
                    .frame(maxWidth: .infinity)
                    // The core's floor and a matching confirmation.
                    .disabled(!app.lock.canSetUp(password: password, confirmation: confirmation))
                }
            }
            .navigationTitle("Welcome to Twofold")
        }
    }
}

struct LockView: View {
    @EnvironmentObject private var app: AppModel
    @Environment(\.scenePhase) private var scenePhase
    @State private var password = ""
    @State private var confirmingErase = false

    var body: some View {
        VStack(spacing: 24) {
            Spacer()
            Image(systemName: "lock.shield.fill")
                .font(.system(size: 64))
                .foregroundStyle(.tint)
                .accessibilityHidden(true)
            Text("Twofold is locked")
                .font(.title2.weight(.semibold))
                .accessibilityAddTraits(.isHeader)
            if app.lock.offersDeviceKey {
                Button {
                    app.unlock(.deviceKey)
                } label: {
                    Label(
                        Strings.lockMethod(app.lock.method, biometryName: app.lock.biometryName),
                        systemImage: app.lock.biometryName == "Touch ID" ? "touchid" : "faceid")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
            }

            VStack(spacing: 12) {
                SecureField("Password", text: $password)
                    .textContentType(.password)
                    .submitLabel(.go)
                    .onSubmit(unlockWithPassword)
                    .padding(12)
                    .background(.quaternary, in: RoundedRectangle(cornerRadius: 10))
                Button("Unlock with Password", action: unlockWithPassword)
                    .disabled(password.isEmpty)
            }
            if let message = app.lock.message {
                ErrorText(Strings.lockMessage(message, biometryName: app.lock.biometryName))
                    .multilineTextAlignment(.center)
                if message == .deviceKeyInvalidated {
                    Button("Erase Twofold…", role: .destructive) { confirmingErase = true }
                }
            }
            Spacer()
        }
        .padding(32)
        // The prompt needs an active scene; after an auto-lock in the
        // background, AppModel asks again when the scene becomes active.
        .onAppear { if scenePhase == .active { app.lockScreenAppeared() } }
        .confirmationDialog("Erase Twofold?", isPresented: $confirmingErase, titleVisibility: .visible) {
            Button("Erase All Codes", role: .destructive) { app.eraseVault() }
        } message: {
            Text("Every account on this iPhone is deleted. You can then import your last backup.")
        }
    }

    private func unlockWithPassword() {
        app.unlock(.password(password))
        password = ""
    }
}

/// The vault opened but is older than one this iPhone already opened: a
/// restored or replaced copy. Nothing shows until the user decides.
struct OlderVaultView: View {
    @EnvironmentObject private var app: AppModel

    var body: some View {
        VStack(spacing: 24) {
            Spacer()
            Image(systemName: "exclamationmark.triangle.fill")
                .font(.system(size: 64))
                .foregroundStyle(.orange)
                .accessibilityHidden(true)
            Text(Strings.olderVaultTitle)
                .font(.title2.weight(.semibold))
                .multilineTextAlignment(.center)
                .accessibilityAddTraits(.isHeader)
            Text(Strings.olderVaultMessage)
                .multilineTextAlignment(.center)
            Button(role: .destructive) {
                app.openOlderVaultAnyway()
            } label: {
                Text(Strings.olderVaultOpenAnyway).frame(maxWidth: .infinity)
            }
            .buttonStyle(.bordered)
            .controlSize(.large)
            Button {
                app.refuseOlderVault()
            } label: {
                Text(Strings.olderVaultRefuse).frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
            .controlSize(.large)
            Spacer()
        }
        .padding(32)
    }
}

struct ErrorText: View {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var body: some View {
        Text(text)
            .foregroundStyle(.red)
            .accessibilityLabel(Text("Error: \(text)"))
    }
}
