// Twofold for iOS: the app's entry point. Everything that decides something
// lives in the Rust core and TwofoldKit; this target renders and wires up the
// platform (camera, Keychain, Secure Enclave, pasteboard).

import SwiftUI
import TwofoldKit

@main
struct TwofoldApp: App {
    @StateObject private var app = AppModel()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(app)
                // otpauth:// links from a browser or another app (CFBundleURLTypes).
                .onOpenURL { url in app.open(url: url) }
        }
        .onChange(of: scenePhase) { phase in
            app.phaseChanged(phase)
        }
    }
}

struct RootView: View {
    @EnvironmentObject private var app: AppModel

    var body: some View {
        ZStack {
            switch app.lock.state {
            case .needsSetup:
                SetupView()
            case .locked:
                LockView()
            case .working:
                ProgressView("Opening your codes…")
                    .accessibilityLabel("Opening your codes")
            case .olderVault:
                OlderVaultView()
            case .unlocked:
                CodesListView()
            }
        }
        // The app switcher's snapshot is taken while inactive: never codes.
        .overlay {
            if app.lock.showsPrivacyCover {
                PrivacyCover()
            }
        }
    }
}

struct PrivacyCover: View {
    var body: some View {
        ZStack {
            Rectangle().fill(.regularMaterial)
            VStack(spacing: 12) {
                Image(systemName: "lock.shield.fill")
                    .font(.system(size: 56))
                    .foregroundStyle(.tint)
                Text("Twofold")
                    .font(.title2.weight(.semibold))
            }
        }
        .ignoresSafeArea()
        .accessibilityElement(children: .ignore)
        .accessibilityLabel("Twofold, hidden")
    }
}
