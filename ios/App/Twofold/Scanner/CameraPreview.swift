// The viewfinder: the capture session's live preview layer in SwiftUI. The
// preview follows the interface orientation (iPad in landscape, iPhone
// upside down is not offered), set on the layer's connection at each layout:
// `videoRotationAngle` on iOS 17+, `videoOrientation` before.

import AVFoundation
import SwiftUI

struct CameraPreview: UIViewRepresentable {
    let session: AVCaptureSession

    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.session = session
        view.previewLayer.videoGravity = .resizeAspectFill
        view.isAccessibilityElement = true
        view.accessibilityLabel = "Camera viewfinder"
        view.accessibilityHint = "Point it at the QR code on the website."
        return view
    }

    func updateUIView(_ view: PreviewView, context: Context) {
        if view.previewLayer.session !== session {
            view.previewLayer.session = session
        }
    }

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }

        var previewLayer: AVCaptureVideoPreviewLayer {
            // layerClass guarantees the type.
            layer as! AVCaptureVideoPreviewLayer
        }

        // Rotation changes the bounds, so layout runs after every rotation.
        override func layoutSubviews() {
            super.layoutSubviews()
            guard let connection = previewLayer.connection,
                  let orientation = window?.windowScene?.interfaceOrientation
            else { return }
            if #available(iOS 17.0, *) {
                let angle = Self.rotationAngle(orientation)
                if connection.isVideoRotationAngleSupported(angle) { connection.videoRotationAngle = angle }
            } else if connection.isVideoOrientationSupported {
                connection.videoOrientation = Self.videoOrientation(orientation)
            }
        }

        /// Degrees the back camera's landscape-right sensor image turns to
        /// stand upright in `orientation`.
        static func rotationAngle(_ orientation: UIInterfaceOrientation) -> CGFloat {
            switch orientation {
            case .landscapeRight: return 0
            case .landscapeLeft: return 180
            case .portraitUpsideDown: return 270
            default: return 90
            }
        }

        static func videoOrientation(_ orientation: UIInterfaceOrientation) -> AVCaptureVideoOrientation {
            switch orientation {
            case .landscapeLeft: return .landscapeLeft
            case .landscapeRight: return .landscapeRight
            case .portraitUpsideDown: return .portraitUpsideDown
            default: return .portrait
            }
        }
    }
}

/// The square the user aims with, drawn over the preview.
struct ViewfinderFrame: View {
    var body: some View {
        GeometryReader { proxy in
            let side = min(proxy.size.width, proxy.size.height) * 0.7
            ZStack {
                Color.black.opacity(0.35)
                    .mask {
                        Rectangle()
                            .overlay {
                                RoundedRectangle(cornerRadius: 24)
                                    .frame(width: side, height: side)
                                    .blendMode(.destinationOut)
                            }
                            .compositingGroup()
                    }
                RoundedRectangle(cornerRadius: 24)
                    .strokeBorder(.white, lineWidth: 3)
                    .frame(width: side, height: side)
            }
        }
        .allowsHitTesting(false)
        .accessibilityHidden(true)
    }
}
