// The codes list: countdown rings, tap to copy (expiring pasteboard item),
// search, reorder, HOTP "next code", rename, delete with undo.

import Combine
import SwiftUI
import TwofoldKit

struct CodesListView: View {
    @EnvironmentObject private var app: AppModel
    @State private var renaming: CodeRow?
    @State private var renameIssuer = ""
    @State private var renameName = ""
    private let ticker = Timer.publish(every: 1, on: .main, in: .common).autoconnect()

    var body: some View {
        NavigationStack {
            rows(app.codes)
                .searchable(text: queryBinding, prompt: "Search accounts")
                .navigationTitle("Twofold")
                .toolbar { toolbarItems }
                .safeAreaInset(edge: .bottom) { bottomBanner }
                .alert(
                    "Something went wrong",
                    isPresented: errorShown,
                    actions: { Button("OK", role: .cancel) {} },
                    message: { Text(app.codes?.lastError?.message ?? "") })
                .alert("Rename Account", isPresented: renameShown) { renameActions }
                .sheet(isPresented: $app.showsEnrollment, onDismiss: { app.finishEnrollment() }) {
                    EnrollmentView()
                        .environmentObject(app)
                }
                .sheet(isPresented: $app.showsSettings, onDismiss: { app.closeSettings() }) {
                    SettingsView().environmentObject(app)
                }
                .sheet(item: $app.transfer, onDismiss: { app.finishTransfer() }) { transfer in
                    switch transfer {
                    case let .importing(model): ImportView(model: model).environmentObject(app)
                    case let .exporting(model): ExportView(model: model).environmentObject(app)
                    }
                }
                .onReceive(ticker) { _ in app.tick() }
        }
    }

    private func rows(_ list: CodeListModel?) -> some View {
        List {
            ForEach(list?.rows() ?? []) { row in
                CodeRowView(
                    row: row,
                    copy: { app.copy(accountId: row.id) },
                    next: { app.nextHotpCode(accountId: row.id) })
                    .swipeActions(edge: .trailing) {
                        Button(role: .destructive) {
                            app.delete(accountId: row.id)
                        } label: {
                            Label("Delete", systemImage: "trash")
                        }
                        Button {
                            startRenaming(row)
                        } label: {
                            Label("Rename", systemImage: "pencil")
                        }
                        .tint(.indigo)
                    }
            }
            .onMove(perform: moveAction(list))
        }
        .listStyle(.plain)
        .overlay {
            if let empty = list?.emptyState {
                Text(Strings.emptyList(empty))
                    .font(.callout)
                    .foregroundStyle(.secondary)
                    .multilineTextAlignment(.center)
                    .padding(32)
            }
        }
    }

    @ToolbarContentBuilder
    private var toolbarItems: some ToolbarContent {
        ToolbarItem(placement: .navigationBarLeading) {
            Button {
                app.lockNow()
            } label: {
                Label("Lock", systemImage: "lock")
            }
        }
        ToolbarItemGroup(placement: .navigationBarTrailing) {
            if app.codes?.canReorder == true {
                EditButton()
            }
            Menu {
                Button { app.startImport() } label: { Label("Import Accounts", systemImage: "square.and.arrow.down") }
                Button { app.startExport() } label: { Label("Export Accounts", systemImage: "square.and.arrow.up") }
                Button { app.openSettings() } label: { Label("Settings", systemImage: "gear") }
            } label: {
                Label("More", systemImage: "ellipsis.circle")
            }
            Button {
                app.startEnrollment()
            } label: {
                Label("Add Account", systemImage: "plus")
            }
        }
    }

    /// The newest confirmation (each expires; the kit decides), then the
    /// backup reminder when one is due.
    @ViewBuilder
    private var bottomBanner: some View {
        VStack(spacing: 8) {
            if let notice = app.codes?.notice {
                if case .deleted = notice {
                    Banner(text: Strings.notice(notice), actionTitle: String(localized: "notice.undo", defaultValue: "Undo")) {
                        app.update { app.codes?.undoDelete() }
                    }
                } else {
                    Banner(text: Strings.notice(notice), actionTitle: nil, action: nil)
                }
            }
            if let reminder = app.backupReminder {
                BackupBannerView(text: Strings.backupReminder(reminder)) {
                    app.startExport(.twofoldBackup)
                } later: {
                    app.dismissBackupReminder()
                }
            }
        }
    }

    @ViewBuilder
    private var renameActions: some View {
        TextField("Issuer", text: $renameIssuer)
        TextField("Account name", text: $renameName)
        Button("Cancel", role: .cancel) { renaming = nil }
        Button("Save") {
            if let row = renaming {
                app.update { app.codes?.rename(accountId: row.id, issuer: renameIssuer, name: renameName) }
            }
            renaming = nil
        }
    }

    private var queryBinding: Binding<String> {
        Binding(
            get: { app.codes?.query ?? "" },
            set: { query in app.update { app.codes?.query = query } })
    }

    private var errorShown: Binding<Bool> {
        Binding(
            get: { app.codes?.lastError != nil },
            set: { shown in if !shown { app.update { app.codes?.clearError() } } })
    }

    private var renameShown: Binding<Bool> {
        Binding(
            get: { renaming != nil },
            set: { shown in if !shown { renaming = nil } })
    }

    /// Reordering only without a search (the kit decides).
    private func moveAction(_ list: CodeListModel?) -> ((IndexSet, Int) -> Void)? {
        guard let list, list.canReorder else { return nil }
        return { source, destination in
            app.update { list.move(fromOffsets: source, toOffset: destination) }
        }
    }

    private func startRenaming(_ row: CodeRow) {
        let account = app.codes?.accounts.first { $0.id == row.id }
        renameIssuer = account?.issuer ?? ""
        renameName = account?.name ?? ""
        renaming = row
    }
}

struct CodeRowView: View {
    let row: CodeRow
    let copy: () -> Void
    let next: () -> Void

    var body: some View {
        HStack(spacing: 12) {
            VStack(alignment: .leading, spacing: 2) {
                Text(row.title)
                    .font(.headline)
                if let subtitle = row.subtitle {
                    Text(subtitle)
                        .font(.subheadline)
                        .foregroundStyle(.secondary)
                }
                Text(row.code ?? "––– –––")
                    .font(.system(.title, design: .monospaced).weight(.semibold))
                    .foregroundStyle(row.expiresSoon ? Color.red : Color.primary)
                    .privacySensitive()
            }
            Spacer()
            if row.isCounterBased {
                Button(action: next) {
                    Image(systemName: "arrow.clockwise.circle")
                        .font(.title2)
                }
                .buttonStyle(.borderless)
                .accessibilityLabel("Next code")
            } else if let seconds = row.secondsLeft {
                CountdownRing(fraction: row.fractionLeft, seconds: seconds, warning: row.expiresSoon)
            }
        }
        .padding(.vertical, 6)
        .contentShape(Rectangle())
        .onTapGesture(perform: copy)
        .accessibilityElement(children: .ignore)
        .accessibilityLabel(row.accessibilityLabel)
        .accessibilityAddTraits(.isButton)
        .accessibilityHint(row.code == nil ? "" : "Double-tap to copy the code.")
        .accessibilityAction(.default, copy)
        .accessibilityActions {
            if row.isCounterBased {
                Button("Next code", action: next)
            }
        }
    }
}

struct CountdownRing: View {
    let fraction: Double
    let seconds: Int
    let warning: Bool

    var body: some View {
        ZStack {
            Circle()
                .stroke(.quaternary, lineWidth: 4)
            Circle()
                .trim(from: 0, to: fraction)
                .stroke(warning ? Color.red : Color.accentColor, style: StrokeStyle(lineWidth: 4, lineCap: .round))
                .rotationEffect(.degrees(-90))
                .animation(.linear(duration: 1), value: fraction)
            Text("\(seconds)")
                .font(.caption.monospacedDigit())
        }
        .frame(width: 36, height: 36)
        .accessibilityHidden(true)
    }
}

struct BackupBannerView: View {
    let text: String
    let backUp: () -> Void
    let later: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Label(text, systemImage: "externaldrive.badge.exclamationmark")
                .font(.callout)
            HStack {
                Button("Back Up Now", action: backUp)
                    .buttonStyle(.borderedProminent)
                Button("Not Now", action: later)
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(.thinMaterial, in: RoundedRectangle(cornerRadius: 12))
        .padding(.horizontal)
    }
}

struct Banner: View {
    let text: String
    let actionTitle: String?
    let action: (() -> Void)?

    var body: some View {
        HStack {
            Text(text)
                .font(.callout)
            Spacer()
            if let actionTitle, let action {
                Button(actionTitle, action: action)
                    .font(.callout.weight(.semibold))
            }
        }
        .padding()
        .background(.thinMaterial, in: RoundedRectangle(cornerRadius: 12))
        .padding(.horizontal)
        .accessibilityElement(children: .combine)
    }
}
