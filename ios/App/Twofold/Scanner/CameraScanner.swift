// The in-app QR scanner's camera: an AVCaptureSession with a video data
// output in 420YpCbCr8BiPlanarFullRange. Each frame's plane 0 is the luma
// (grey) image the core scans; it is handed over on a background queue, with
// the plane's bytesPerRow as the row stride, one frame at a time (the
// enrollment's FrameGate drops frames while one is being scanned).

import AVFoundation
import Combine
import TwofoldKit

final class CameraScanner: NSObject, ObservableObject, @unchecked Sendable {
    /// Permission as last seen, for the screens.
    @Published private(set) var access: CameraAccess
    @Published private(set) var torchAvailable = false
    @Published private(set) var torchOn = false
    @Published private(set) var isRunning = false

    let session = AVCaptureSession()
    private let sessionQueue = DispatchQueue(label: "app.twofold.camera.session")
    private let frameQueue = DispatchQueue(label: "app.twofold.camera.frames", qos: .userInitiated)
    private var device: AVCaptureDevice?
    private var configured = false

    /// Set by the scanning screen: where frames go and where results come back.
    private var gate: FrameGate?
    private var enrollment: EnrollmentSession?
    private var deliver: (@MainActor (Result<EnrollmentStep, Error>) -> Void)?
    private let handlerLock = NSLock()

    override init() {
        access = Self.currentAccess()
        super.init()
    }

    static func currentAccess() -> CameraAccess {
        guard AVCaptureDevice.default(for: .video) != nil else { return .unavailable }
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized: return .authorized
        case .notDetermined: return .notDetermined
        case .denied, .restricted: return .denied
        @unknown default: return .denied
        }
    }

    /// Asks for camera access the first time; returns the resulting access.
    @MainActor
    func requestAccess() async -> CameraAccess {
        if access == .notDetermined {
            _ = await AVCaptureDevice.requestAccess(for: .video)
        }
        access = Self.currentAccess()
        return access
    }

    /// Starts delivering frames to `enrollment` through `gate`; results come
    /// back on the main actor.
    @MainActor
    func start(
        gate: FrameGate, enrollment: EnrollmentSession,
        deliver: @escaping @MainActor (Result<EnrollmentStep, Error>) -> Void
    ) {
        handlerLock.lock()
        self.gate = gate
        self.enrollment = enrollment
        self.deliver = deliver
        handlerLock.unlock()
        guard access == .authorized else { return }
        sessionQueue.async { [weak self] in
            guard let self else { return }
            do {
                try self.configureIfNeeded()
            } catch {
                DispatchQueue.main.async { self.access = .unavailable }
                return
            }
            if !self.session.isRunning {
                // Blocks until the camera runs: never on the main thread.
                self.session.startRunning()
            }
            let hasTorch = self.device?.hasTorch ?? false
            DispatchQueue.main.async {
                self.isRunning = true
                self.torchAvailable = hasTorch
            }
        }
    }

    @MainActor
    func stop() {
        handlerLock.lock()
        gate = nil
        enrollment = nil
        deliver = nil
        handlerLock.unlock()
        torchOn = false
        isRunning = false
        sessionQueue.async { [weak self] in
            guard let self else { return }
            self.setTorchOnQueue(false)
            if self.session.isRunning { self.session.stopRunning() }
        }
    }

    @MainActor
    func setTorch(_ on: Bool) {
        guard torchAvailable else { return }
        torchOn = on
        sessionQueue.async { [weak self] in self?.setTorchOnQueue(on) }
    }

    private func setTorchOnQueue(_ on: Bool) {
        guard let device, device.hasTorch else { return }
        do {
            try device.lockForConfiguration()
            device.torchMode = on ? .on : .off
            device.unlockForConfiguration()
        } catch {
            DispatchQueue.main.async { self.torchOn = false }
        }
    }

    private func configureIfNeeded() throws {
        guard !configured else { return }
        guard let camera = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back)
            ?? AVCaptureDevice.default(for: .video)
        else { throw CameraError.noCamera }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        // 720p: QR codes on a screen are large; the scanner's cost grows with pixels.
        if session.canSetSessionPreset(.hd1280x720) {
            session.sessionPreset = .hd1280x720
        }
        let input = try AVCaptureDeviceInput(device: camera)
        guard session.canAddInput(input) else { throw CameraError.cannotConfigure }
        session.addInput(input)

        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [
            kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange,
        ]
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: frameQueue)
        guard session.canAddOutput(output) else { throw CameraError.cannotConfigure }
        session.addOutput(output)

        try camera.lockForConfiguration()
        if camera.isFocusModeSupported(.continuousAutoFocus) {
            camera.focusMode = .continuousAutoFocus
        }
        if camera.isAutoFocusRangeRestrictionSupported {
            camera.autoFocusRangeRestriction = .near
        }
        camera.unlockForConfiguration()
        device = camera
        configured = true
    }

    enum CameraError: Error {
        case noCamera
        case cannotConfigure
    }
}

extension CameraScanner: AVCaptureVideoDataOutputSampleBufferDelegate {
    // On `frameQueue`.
    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        handlerLock.lock()
        let gate = self.gate
        let enrollment = self.enrollment
        let deliver = self.deliver
        handlerLock.unlock()
        guard let gate, let enrollment, let deliver, gate.tryBegin() else { return }
        defer { gate.finish() }

        guard let pixelBuffer = CMSampleBufferGetImageBuffer(sampleBuffer),
              CVPixelBufferGetPixelFormatType(pixelBuffer) == kCVPixelFormatType_420YpCbCr8BiPlanarFullRange
        else { return }
        CVPixelBufferLockBaseAddress(pixelBuffer, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixelBuffer, .readOnly) }
        guard let base = CVPixelBufferGetBaseAddressOfPlane(pixelBuffer, 0) else { return }
        let width = CVPixelBufferGetWidthOfPlane(pixelBuffer, 0)
        let height = CVPixelBufferGetHeightOfPlane(pixelBuffer, 0)
        let bytesPerRow = CVPixelBufferGetBytesPerRowOfPlane(pixelBuffer, 0)
        // No copy here: the bindings copy the bytes into Rust memory during
        // the call, while the buffer is still locked.
        let luma = Data(bytesNoCopy: base, count: bytesPerRow * height, deallocator: .none)
        let frame = LumaFrame(
            luma: luma, width: UInt32(width), height: UInt32(height), rowStride: UInt32(bytesPerRow))
        let result = Result { try enrollment.submitFrame(frame) }
        Task { @MainActor in deliver(result) }
    }
}
