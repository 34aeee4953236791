// The in-app scanner (camera with viewfinder and torch), "scan from image"
// with PhotosPicker, and the way out to Trouble Scanning, including when the
// camera is denied.

import PhotosUI
import SwiftUI
import TwofoldKit

struct ScanningView: View {
    @EnvironmentObject private var app: AppModel
    @Environment(\.scenePhase) private var scenePhase
    let screen: ScanningScreen
    /// Observed directly: torch and running state change on the camera.
    @ObservedObject var camera: CameraScanner
    @State private var pickedItem: PhotosPickerItem?
    @State private var pickingPhoto = false

    var body: some View {
        VStack(spacing: 0) {
            if screen.showsViewfinder {
                viewfinder
            } else if screen.cameraDenied {
                deniedPanel
            } else {
                imagePanel
            }
            hintAndActions
        }
        // The photo picker may stop the app (its fallback on older systems):
        // auto-lock waits until it closes, so the chosen image is not lost.
        .photosPicker(
            isPresented: app.closingPicker($pickingPhoto), selection: $pickedItem, matching: .images,
            preferredItemEncoding: .compatible)
        .onChange(of: pickedItem) { item in
            guard let item else { return }
            // From the camera screen: continue as "scan from image", so an
            // image without a code says so instead of counting as a frame.
            if screen.method == .camera {
                app.enroll { $0.switchToImage() }
            }
            Task {
                if let data = try? await item.loadTransferable(type: Data.self) {
                    app.scanImage(data)
                }
                pickedItem = nil
            }
        }
    }

    private var viewfinder: some View {
        ZStack(alignment: .bottomTrailing) {
            CameraPreview(session: camera.session)
            ViewfinderFrame()
            if let interruption = camera.interruption {
                Text(Strings.cameraInterruption(interruption))
                    .padding()
                    .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 12))
                    .padding()
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            }
            if camera.torchAvailable {
                Button {
                    camera.setTorch(!camera.torchOn)
                } label: {
                    Image(systemName: camera.torchOn ? "flashlight.on.fill" : "flashlight.off.fill")
                        .font(.title2)
                        .padding(14)
                        .background(.ultraThinMaterial, in: Circle())
                }
                .padding()
                .accessibilityLabel(camera.torchOn ? "Turn off the light" : "Turn on the light")
            }
        }
        .task { await app.startCamera() }
        .onDisappear { camera.stop() }
        .onChange(of: scenePhase) { phase in
            // The camera stops in the background; start again on return.
            if phase == .active {
                Task { await app.startCamera() }
            }
        }
    }

    private var deniedPanel: some View {
        VStack(spacing: 16) {
            Image(systemName: "video.slash")
                .font(.system(size: 44))
                .foregroundStyle(.secondary)
                .accessibilityHidden(true)
            Text(screen.deniedText ?? "")
                .multilineTextAlignment(.center)
            OpenSettingsButton()
                .buttonStyle(.bordered)
        }
        .padding(24)
        .frame(maxWidth: .infinity, maxHeight: .infinity)
    }

    private var imagePanel: some View {
        VStack(spacing: 16) {
            Image(systemName: "photo.on.rectangle.angled")
                .font(.system(size: 44))
                .foregroundStyle(.secondary)
                .accessibilityHidden(true)
            if app.isReadingImage {
                ProgressView("Reading the image…")
            }
        }
        .frame(maxWidth: .infinity, maxHeight: .infinity)
    }

    private var hintAndActions: some View {
        VStack(spacing: 12) {
            Label {
                Text(screen.hintText)
            } icon: {
                Image(systemName: screen.hintIsWarning ? "exclamationmark.triangle.fill" : "info.circle")
                    .foregroundStyle(screen.hintIsWarning ? Color.orange : Color.secondary)
            }
            .font(.callout)
            .frame(maxWidth: .infinity, alignment: .leading)
            .accessibilityElement(children: .combine)
            .accessibilityAddTraits(.updatesFrequently)

            if app.enrollment?.step == .scanning(method: screen.method, hint: .useImportForExports) {
                Button {
                    app.switchEnrollmentToImportScanner()
                } label: {
                    Label("Import from Google Authenticator", systemImage: "square.and.arrow.down")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
            }
            if screen.offersImagePicker {
                // `.compatible` hands over JPEG rather than HEIC where it can.
                Button {
                    app.pickerWillOpen()
                    pickingPhoto = true
                } label: {
                    Label(
                        screen.method == .image ? "Choose Screenshot or Photo" : "Scan from Image",
                        systemImage: "photo")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .disabled(app.isReadingImage)
            }
            Button(screen.troubleScanningTitle) {
                app.enroll { $0.switchToTroubleScanning() }
            }
            .accessibilityHint("Type the setup key the site shows instead of scanning.")
        }
        .padding()
        .background(.bar)
    }
}
