// Settings: the same options as the Android app (auto-lock delay including
// "Immediately", clipboard clearing, backup) plus the lock method, which can
// be switched at any time, and the recovery password. Every rule lives in
// TwofoldKit (LockMethodModel, SettingsModel, RecoveryRule).

import SwiftUI
import TwofoldKit

struct SettingsView: View {
    @EnvironmentObject private var app: AppModel
    @State private var password = ""
    @State private var confirmation = ""
    @State private var confirmingRemoval = false
    private let biometryName = DeviceAuthentication.biometryName

    var body: some View {
        NavigationStack {
            Form {
                if let model = app.lockMethods {
                    securitySection(model)
                    passwordSection(model)
                }
                Section {
                    Picker("Auto-Lock", selection: Binding(
                        get: { app.settings.settings.autoLock },
                        set: { app.setAutoLock($0) })) {
                        ForEach(AutoLockDelay.allCases, id: \.self) { delay in
                            Text(Strings.autoLock(delay)).tag(delay)
                        }
                    }
                    Picker("Clear Copied Codes", selection: Binding(
                        get: { app.settings.settings.clipboardClearSeconds },
                        set: { app.setClipboardClearSeconds($0) })) {
                        ForEach(AppSettings.clipboardChoices, id: \.self) { seconds in
                            Text(Strings.clipboard(seconds)).tag(seconds)
                        }
                    }
                } footer: {
                    Text("Auto-lock waits while a file or photo picker Twofold opened is on screen.")
                }
                Section {
                    Button("Back Up Now") { app.startExport(.twofoldBackup) }
                    if let last = app.settings.settings.lastBackupAt {
                        LabeledContent(
                            "Last Backup",
                            value: Date(timeIntervalSince1970: TimeInterval(last)).formatted(date: .abbreviated, time: .shortened))
                    } else {
                        Text("No backup saved yet.").foregroundStyle(.secondary)
                    }
                } header: {
                    Text("Backup")
                } footer: {
                    Text("An encrypted Twofold backup saved to Files (or another app) restores every account, on this iPhone or a new one.")
                }
            }
            .navigationTitle("Settings")
            .toolbar {
                ToolbarItem(placement: .confirmationAction) {
                    Button("Done") { app.closeSettings() }
                }
            }
            .disabled(app.lockMethods?.isBusy ?? false)
            .overlay {
                if app.lockMethods?.isBusy == true {
                    ProgressView("Updating the vault’s keys…")
                        .padding()
                        .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                }
            }
        }
    }

    private func securitySection(_ model: LockMethodModel) -> some View {
        Section {
            Picker("Unlock with", selection: Binding(
                get: { model.method },
                set: { app.switchLockMethod(to: $0) })) {
                ForEach(LockMethod.allCases, id: \.self) { method in
                    Text(Strings.lockMethod(method, biometryName: biometryName)).tag(method)
                }
            }
            if let problem = model.problem {
                ErrorText(Strings.lockMethodProblem(problem))
            }
        } header: {
            Text("Security")
        } footer: {
            Text(Strings.setupNote(SetupNote.forMethod(model.method)))
        }
    }

    private func passwordSection(_ model: LockMethodModel) -> some View {
        Section {
            SecureField(model.hasPasswordSlot ? "New recovery password" : "Recovery password", text: $password)
                .textContentType(.newPassword)
                .onChange(of: password) { typed in app.update { model.newPasswordChanged(typed) } }
            PasswordStrengthView(strength: model.passwordMeter.strength)
            SecureField("Repeat password", text: $confirmation)
                .textContentType(.newPassword)
            Button(model.hasPasswordSlot ? "Change Recovery Password" : "Set Recovery Password") {
                app.setRecoveryPassword(password, confirmation: confirmation)
                password = ""
                confirmation = ""
            }
            // The core's floor and a matching confirmation.
            .disabled(!model.canSetPassword(password, confirmation: confirmation))
            if model.canRemovePassword {
                Button("Remove Recovery Password", role: .destructive) { confirmingRemoval = true }
            }
        } header: {
            Text("Recovery password")
        } footer: {
            Text(model.hasPasswordSlot
                ? "The recovery password opens Twofold when this iPhone’s key stops working."
                : "Without a recovery password, only your last backup can bring your codes back if this iPhone’s key stops working.")
        }
        .confirmationDialog("Remove the recovery password?", isPresented: $confirmingRemoval, titleVisibility: .visible) {
            Button("Remove", role: .destructive) { app.removeRecoveryPassword() }
        } message: {
            Text("If this iPhone’s key stops working, only your last backup can bring your codes back.")
        }
    }
}
