// Confirm issuer and name (editable) before the account is saved; answer a
// duplicate with Replace or Keep Both.

import SwiftUI
import TwofoldKit

struct ConfirmView: View {
    @EnvironmentObject private var app: AppModel
    let screen: ConfirmScreen

    var body: some View {
        Form {
            Section {
                labeledField(.issuer, title: "Issuer", text: Binding(
                    get: { app.enrollment?.issuerText ?? "" },
                    set: { value in app.enroll { $0.issuerText = value } }))
                labeledField(.name, title: "Account name", text: Binding(
                    get: { app.enrollment?.nameText ?? "" },
                    set: { value in app.enroll { $0.nameText = value } }))
            } footer: {
                Text("This is how the account appears in your list.")
            }
            if let note = screen.shortKeyNote {
                Section {
                    Label(note, systemImage: "info.circle")
                        .font(.callout)
                }
            }
            if let duplicate = screen.duplicateText {
                Section {
                    Label(duplicate, systemImage: "exclamationmark.triangle")
                        .font(.callout)
                    Button("Replace", role: .destructive) {
                        app.enroll { $0.confirm(.replace) }
                    }
                    Button(screen.confirmTitle) {
                        app.enroll { $0.confirm(.keepBoth) }
                    }
                    .disabled(!screen.canConfirm)
                }
            } else {
                Section {
                    Button(screen.confirmTitle) {
                        app.enroll { $0.confirm() }
                    }
                    .frame(maxWidth: .infinity)
                    .disabled(!screen.canConfirm)
                }
            }
        }
    }

    private func labeledField(_ field: FormField, title: String, text: Binding<String>) -> some View {
        let message = screen.labelMessages[field]
        return VStack(alignment: .leading, spacing: 6) {
            LabeledContent(title) {
                TextField(title, text: text)
                    .multilineTextAlignment(.trailing)
                    .autocorrectionDisabled()
                    .onSubmit { app.enroll { $0.commitLabels() } }
            }
            .accessibilityLabel(ManualEntryMessages.accessibilityLabel(field: field, message: message))
            if let message {
                Text(message)
                    .font(.footnote)
                    .foregroundStyle(.red)
                    .accessibilityHidden(true)
            }
        }
    }
}
