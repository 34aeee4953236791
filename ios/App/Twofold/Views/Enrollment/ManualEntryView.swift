// "Trouble Scanning": type the setup key the site shows. The core validates
// on every change; messages show per field once the user has been there.

import SwiftUI
import TwofoldKit

struct ManualEntryView: View {
    @EnvironmentObject private var app: AppModel
    let screen: ManualEntryScreen
    @FocusState private var focus: FormField?
    @State private var lastFocus: FormField?

    private var form: ManualForm { app.enrollment?.form ?? ManualForm() }

    var body: some View {
        Form {
            Section {
                Text(screen.intro)
                    .font(.callout)
            }
            Section {
                field(.key, title: "Setup key") {
                    TextField("Setup key", text: binding(\.key), axis: .vertical)
                        .font(.body.monospaced())
                        .textInputAutocapitalization(.characters)
                        .autocorrectionDisabled()
                        .keyboardType(.asciiCapable)
                        .lineLimit(1...3)
                }
            } footer: {
                Text(screen.keyFootnote)
            }
            Section {
                field(.name, title: "Account name") {
                    TextField("Account name, e.g. you@example.com", text: binding(\.name))
                        .textContentType(.username)
                        .keyboardType(.emailAddress)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                }
                field(.issuer, title: "Issuer") {
                    TextField("Issuer, e.g. Procore (optional)", text: binding(\.issuer))
                        .textContentType(.organizationName)
                }
            }
            Section {
                DisclosureGroup("Advanced", isExpanded: Binding(
                    get: { app.enrollment?.showsAdvanced ?? false },
                    set: { open in app.enroll { $0.showsAdvanced = open } }
                )) {
                    Picker("Type", selection: binding(\.kind)) {
                        Text("Time-based (TOTP)").tag(ManualKind.totp)
                        Text("Counter-based (HOTP)").tag(ManualKind.hotp)
                        Text("Steam").tag(ManualKind.steam)
                    }
                    if screen.showsAlgorithm {
                        Picker("Algorithm", selection: binding(\.algorithm)) {
                            Text("SHA-1").tag(HashAlgorithm.sha1)
                            Text("SHA-256").tag(HashAlgorithm.sha256)
                            Text("SHA-512").tag(HashAlgorithm.sha512)
                        }
                    }
                    if screen.showsDigits {
                        field(.digits, title: "Digits") {
                            Stepper("Digits: \(form.digits)", value: binding(\.digits), in: 6...10)
                        }
                    }
                    if screen.showsPeriod {
                        field(.period, title: "Period") {
                            Stepper("Period: \(form.period) s", value: binding(\.period), in: 1...300, step: 1)
                        }
                    }
                    if screen.showsCounter {
                        Stepper("Counter: \(form.counter)", value: binding(\.counter), in: 0...UInt64(Int32.max))
                    }
                }
            }
            Section {
                Button("Continue") {
                    app.enroll { $0.submitForm() }
                }
                .frame(maxWidth: .infinity)
                .disabled(!screen.canContinue)
            }
        }
        .scrollDismissesKeyboard(.interactively)
        .onChange(of: focus) { newFocus in
            // Leaving a field lets its errors show.
            if let lastFocus, lastFocus != newFocus {
                app.enroll { $0.fieldTouched(lastFocus) }
            }
            lastFocus = newFocus
        }
        .onAppear { focus = .key }
    }

    /// A field with its message under it and an accessibility label naming both.
    private func field<Content: View>(_ field: FormField, title: String, @ViewBuilder content: () -> Content) -> some View {
        let message = screen.messages[field]
        return VStack(alignment: .leading, spacing: 6) {
            content()
                .focused($focus, equals: field)
                .accessibilityLabel(ManualEntryMessages.accessibilityLabel(field: field, message: message))
            if let message {
                Text(message)
                    .font(.footnote)
                    .foregroundStyle(.red)
                    .accessibilityHidden(true)
            }
        }
    }

    private func binding<Value>(_ keyPath: WritableKeyPath<ManualForm, Value>) -> Binding<Value> {
        Binding(
            get: { form[keyPath: keyPath] },
            set: { value in
                var updated = form
                updated[keyPath: keyPath] = value
                app.enroll { $0.updateForm(updated) }
            })
    }
}
