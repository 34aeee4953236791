// The in-app QR scanner's camera: an AVCaptureSession with a video data
// output in 420YpCbCr8BiPlanarFullRange. Each frame's plane 0 is the luma
// (grey) image the core scans; it is handed over on a background queue, with
// the plane's bytesPerRow as the row stride, one frame at a time (the
// screen's FrameGate drops frames while one is being scanned). Used by the
// enrollment's scanner and by the import's Google export scanner.
//
// Also: zoom from the camera's minimum focus distance (small codes stay
// sharp on Pro iPhones, as in Apple's AVCamBarcode sample), and the session's
// interruptions (a call, iPad multitasking, system pressure, a media-services
// reset), which stop the camera without telling the screen otherwise.

import AVFoundation
import Combine
import TwofoldKit

final class CameraScanner: NSObject, ObservableObject, @unchecked Sendable {
    /// Permission as last seen, for the screens.
    @Published private(set) var access: CameraAccess
    @Published private(set) var torchAvailable = false
    @Published private(set) var torchOn = false
    @Published private(set) var isRunning = false
    /// Why the camera stopped by itself, while it is stopped.
    @Published private(set) var interruption: CameraInterruption?

    let session = AVCaptureSession()
    private let sessionQueue = DispatchQueue(label: "app.twofold.camera.session")
    private let frameQueue = DispatchQueue(label: "app.twofold.camera.frames", qos: .userInitiated)
    private var device: AVCaptureDevice?
    private var configured = false
    private var observers: [NSObjectProtocol] = []

    /// Set by the scanning screen: which frames pass and where they go.
    private var gate: FrameGate?
    private var process: (@Sendable (LumaFrame) -> Void)?
    private let handlerLock = NSLock()

    override init() {
        access = Self.currentAccess()
        super.init()
        observeInterruptions()
    }

    deinit {
        observers.forEach(NotificationCenter.default.removeObserver)
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

    /// Starts handing frames that `gate` lets through to `process`, on the
    /// frame queue (`process` reports back to the main actor itself).
    @MainActor
    func start(gate: FrameGate, process: @escaping @Sendable (LumaFrame) -> Void) {
        handlerLock.lock()
        self.gate = gate
        self.process = process
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
        process = nil
        handlerLock.unlock()
        torchOn = false
        isRunning = false
        interruption = nil
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
        // `minimumFocusDistance` (iOS 15+, millimetres, -1 when unknown) and
        // the active format's field of view decide the zoom (TwofoldKit).
        camera.videoZoomFactor = CGFloat(CameraZoom.factor(
            minimumFocusDistance: Double(camera.minimumFocusDistance),
            fieldOfViewDegrees: Double(camera.activeFormat.videoFieldOfView),
            deviceMaximum: Double(camera.maxAvailableVideoZoomFactor)))
        camera.unlockForConfiguration()
        device = camera
        configured = true
    }

    // MARK: - Interruptions (AVCaptureSession.wasInterruptedNotification)

    private func observeInterruptions() {
        let center = NotificationCenter.default
        observers.append(center.addObserver(
            forName: AVCaptureSession.wasInterruptedNotification, object: session, queue: .main
        ) { [weak self] note in
            let raw = note.userInfo?[AVCaptureSessionInterruptionReasonKey] as? Int
            let reason = raw.flatMap(AVCaptureSession.InterruptionReason.init(rawValue:))
            let interruption: CameraInterruption
            switch reason {
            case .videoDeviceNotAvailableWithMultipleForegroundApps?: interruption = .notAvailableWithMultipleApps
            case .videoDeviceNotAvailableDueToSystemPressure?: interruption = .systemPressure
            default: interruption = .inUseByAnotherApp
            }
            self?.setInterruption(interruption)
        })
        observers.append(center.addObserver(
            forName: AVCaptureSession.interruptionEndedNotification, object: session, queue: .main
        ) { [weak self] _ in
            self?.setInterruption(nil)
        })
        // After a media-services reset the session must be started again
        // (AVCaptureSession.runtimeErrorNotification, AVError.mediaServicesWereReset).
        observers.append(center.addObserver(
            forName: AVCaptureSession.runtimeErrorNotification, object: session, queue: .main
        ) { [weak self] note in
            guard let self else { return }
            let error = note.userInfo?[AVCaptureSessionErrorKey] as? AVError
            self.setInterruption(.restarting)
            guard error?.code == .mediaServicesWereReset else { return }
            self.sessionQueue.async {
                self.handlerLock.lock()
                let scanning = self.gate != nil
                self.handlerLock.unlock()
                if scanning, !self.session.isRunning { self.session.startRunning() }
                DispatchQueue.main.async { self.setInterruption(nil) }
            }
        })
    }

    private func setInterruption(_ value: CameraInterruption?) {
        interruption = value
        isRunning = value == nil && session.isRunning
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
        let process = self.process
        handlerLock.unlock()
        guard let gate, let process, gate.tryBegin() else { return }
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
        // the call, while the buffer is still locked (process runs synchronously).
        let luma = Data(bytesNoCopy: base, count: bytesPerRow * height, deallocator: .none)
        process(LumaFrame(luma: luma, width: UInt32(width), height: UInt32(height), rowStride: UInt32(bytesPerRow)))
    }
}
