// First-run setup and the lock screen.

import SwiftUI
import TwofoldKit

struct SetupView: View {
    @EnvironmentObject private var app: AppModel
    @State private var password = ""
    @State private var confirmation = ""
    @State private var requireBiometrics = Biometrics.name != nil
    private let biometryName = Biometrics.name

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    Text("Twofold keeps your two-factor codes encrypted on this iPhone, locked with a key in its Secure Enclave.")
                }
                if let biometryName {
                    Section {
                        Toggle("Require \(biometryName) to open Twofold", isOn: $requireBiometrics)
                    } footer: {
                        Text("If you add a new face or fingerprint later, Twofold asks for your password once.")
                    }
                }
                Section {
                    SecureField("Password (optional)", text: $password)
                        .textContentType(.newPassword)
                    SecureField("Repeat password", text: $confirmation)
                        .textContentType(.newPassword)
                } header: {
                    Text("Recovery password")
                } footer: {
                    Text(LockModel.setupNote(password: password))
                }
                if let error = app.lock.errorMessage {
                    Section {
                        Text(error)
                            .foregroundStyle(.red)
                            .accessibilityLabel("Error: \(error)")
                    }
                }
                Section {
                    Button("Create Vault") {
                        app.setUp(password: password, confirmation: confirmation, requireBiometrics: requireBiometrics)
                    }
                    .frame(maxWidth: .infinity)
                }
            }
            .navigationTitle("Welcome to Twofold")
        }
    }
}

struct LockView: View {
    @EnvironmentObject private var app: AppModel
    @State private var password = ""
    @State private var triedDeviceKey = false
    @FocusState private var passwordFocused: Bool

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
            Button {
                app.unlock(.deviceKey)
            } label: {
                Label(app.lock.unlockButtonTitle, systemImage: app.lock.biometryName == "Touch ID" ? "touchid" : "faceid")
                    .frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
            .controlSize(.large)

            VStack(spacing: 12) {
                SecureField("Password", text: $password)
                    .textContentType(.password)
                    .focused($passwordFocused)
                    .submitLabel(.go)
                    .onSubmit(unlockWithPassword)
                    .padding(12)
                    .background(.quaternary, in: RoundedRectangle(cornerRadius: 10))
                Button("Unlock with Password", action: unlockWithPassword)
                    .disabled(password.isEmpty)
            }
            if let error = app.lock.errorMessage {
                Text(error)
                    .foregroundStyle(.red)
                    .multilineTextAlignment(.center)
                    .accessibilityLabel("Error: \(error)")
            }
            Spacer()
        }
        .padding(32)
        .task {
            // Ask the device key once when the lock screen appears; after a
            // cancel the user picks (Face ID again or the password).
            guard !triedDeviceKey else { return }
            triedDeviceKey = true
            app.unlock(.deviceKey)
        }
    }

    private func unlockWithPassword() {
        app.unlock(.password(password))
        password = ""
    }
}
