// How far to zoom the scanner's camera. Pro iPhones' main cameras cannot
// focus closer than about 20 cm, so a small QR code held close enough to
// fill the viewfinder is blurred. Zooming in lets the user hold the phone at
// the focus distance while the code still covers enough of the frame (the
// approach of Apple's AVCamBarcode sample; geometry below).

import Foundation

public enum CameraZoom {
    /// Smallest code the scanner should read sharply, in millimetres (a QR
    /// code on a phone screen or a small printed one).
    public static let smallestCodeMillimetres = 25.0
    /// Fraction of the frame's width that code should cover.
    public static let codeWidthFraction = 0.35
    /// Zooming further makes aiming hard.
    public static let maximumZoom = 3.0

    /// The zoom factor (≥ 1) for a camera that focuses no closer than
    /// `minimumFocusDistance` millimetres (`AVCaptureDevice.minimumFocusDistance`,
    /// -1 when unknown) with a horizontal field of view of
    /// `fieldOfViewDegrees` (`activeFormat.videoFieldOfView`), at most
    /// `deviceMaximum` (`maxAvailableVideoZoomFactor`).
    public static func factor(minimumFocusDistance: Double, fieldOfViewDegrees: Double, deviceMaximum: Double) -> Double {
        guard minimumFocusDistance > 0, fieldOfViewDegrees > 0, fieldOfViewDegrees < 180 else { return 1 }
        // At distance d the frame is 2·d·tan(fov/2) wide; the code covers the
        // wanted fraction of it at d = size / (2·fraction·tan(fov/2)).
        let halfAngle = fieldOfViewDegrees / 2 * .pi / 180
        let distance = smallestCodeMillimetres / (2 * codeWidthFraction * tan(halfAngle))
        guard distance < minimumFocusDistance else { return 1 }
        // Zooming by z narrows the view z times: the code covers the same
        // fraction from z times farther away.
        return min(minimumFocusDistance / distance, maximumZoom, max(1, deviceMaximum))
    }
}

/// Why the camera stopped on its own (`AVCaptureSession.InterruptionReason`).
public enum CameraInterruption: Equatable, Sendable {
    /// Another app took the camera (a call, FaceTime).
    case inUseByAnotherApp
    /// Split View, Slide Over or Stage Manager on iPad: the camera only runs
    /// full screen.
    case notAvailableWithMultipleApps
    /// The system is under heavy load or thermal pressure.
    case systemPressure
    /// The camera stopped (media services were reset); it is restarting.
    case restarting
}
