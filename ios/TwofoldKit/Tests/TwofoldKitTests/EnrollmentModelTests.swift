import Foundation
import TwofoldKit
import XCTest

final class EnrollmentModelTests: XCTestCase {
    private var vault: FakeVault!
    private var session: FakeEnrollment!
    private var clock: TestClock!

    override func setUp() {
        super.setUp()
        vault = FakeVault()
        session = FakeEnrollment(vault: vault)
        clock = TestClock(1_700_000_020)
    }

    private func makeModel(camera: CameraAccess = .authorized) -> EnrollmentModel {
        EnrollmentModel(session: session, cameraAccess: camera, time: clock.source)
    }

    private func screen(_ model: EnrollmentModel) -> EnrollmentScreen {
        model.screen(now: clock.now)
    }

    func testChooseMethodOffersTheSeedsThreeWays() throws {
        let model = makeModel()
        guard case let .chooseMethod(screen) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(screen.options.map(\.title), ["Scan QR Code", "Scan from Image", "Trouble Scanning"])
        XCTAssertTrue(screen.options.allSatisfy(\.isEnabled))
        XCTAssertNil(screen.cameraDeniedNote)
        XCTAssertTrue(screen.intro.contains("Camera app"))
    }

    func testDeniedCameraOffersImageAndTroubleScanning() {
        let model = makeModel(camera: .denied)
        guard case let .chooseMethod(screen) = screen(model) else { return XCTFail() }
        XCTAssertFalse(screen.options[0].isEnabled)
        XCTAssertTrue(screen.options[1].isEnabled)
        XCTAssertTrue(screen.options[2].isEnabled)
        XCTAssertNotNil(screen.cameraDeniedNote)
        // Denied while on the scanner (revoked in Settings): the alternatives show.
        model.cameraAccess = .authorized
        model.choose(.camera)
        model.cameraAccess = .denied
        guard case let .scanning(scanning) = self.screen(model) else { return XCTFail() }
        XCTAssertTrue(scanning.cameraDenied)
        XCTAssertFalse(scanning.showsViewfinder)
        XCTAssertTrue(scanning.offersImagePicker)
        XCTAssertTrue(scanning.deniedText?.contains("Trouble Scanning") ?? false)
        model.switchToImage()
        XCTAssertEqual(model.step, .scanning(method: .image, hint: nil))
    }

    func testNoCameraCannotBeChosen() {
        let model = makeModel(camera: .unavailable)
        model.choose(.camera)
        XCTAssertEqual(model.step, .chooseMethod)
    }

    func testCameraFramesGoThroughTheGateOneAtATime() throws {
        session.frameOutcomes[1] = .account(issuer: "ACME Co", name: "alice", secret: "JBSWY3DPEHPK3PXP", shortKey: true)
        session.frameOutcomes[2] = .text("https://example.com/menu")
        let model = makeModel()
        XCTAssertFalse(model.frameGate.tryBegin(), "closed before the camera screen")
        model.choose(.camera)
        guard case let .scanning(scanning) = screen(model) else { return XCTFail() }
        XCTAssertTrue(scanning.showsViewfinder)
        XCTAssertEqual(scanning.hintText, "Point the camera at the QR code on the site’s “Secure your account” page.")
        XCTAssertFalse(scanning.hintIsWarning)

        XCTAssertTrue(model.frameGate.tryBegin())
        XCTAssertFalse(model.frameGate.tryBegin(), "one frame in flight at a time")
        let frame = LumaFrame(luma: Data([2, 0, 0, 0]), width: 2, height: 2, rowStride: 2)
        let result = Result { try model.sessionForFrames.submitFrame(frame) }
        model.frameGate.finish()
        model.applyFrameResult(result)
        guard case let .scanning(hinted) = screen(model) else { return XCTFail() }
        XCTAssertTrue(hinted.hintIsWarning)
        XCTAssertTrue(hinted.hintText.contains("isn’t a two-factor setup code"))
        XCTAssertTrue(hinted.hintText.contains("https://example.com/menu"))

        XCTAssertTrue(model.frameGate.tryBegin())
        let found = Result { try model.sessionForFrames.submitFrame(LumaFrame(luma: Data([1]), width: 1, height: 1, rowStride: 1)) }
        model.frameGate.finish()
        model.applyFrameResult(found)
        guard case let .confirm(confirm) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(confirm.issuer, "ACME Co")
        XCTAssertEqual(confirm.name, "alice")
        XCTAssertNotNil(confirm.shortKeyNote)
        XCTAssertFalse(model.frameGate.tryBegin(), "closed once the code was read")
    }

    func testLateFrameAfterLeavingTheScannerIsDropped() {
        let model = makeModel()
        model.choose(.camera)
        XCTAssertTrue(model.frameGate.tryBegin())
        model.back()
        // The frame's scan finishes after the user went back.
        let late = Result { try model.sessionForFrames.submitFrame(LumaFrame(luma: Data([0]), width: 1, height: 1, rowStride: 1)) }
        model.frameGate.finish()
        model.applyFrameResult(late)
        XCTAssertEqual(model.step, .chooseMethod)
        XCTAssertNil(model.error)
    }

    func testHoldSteadyHintAfterManyEmptyFrames() {
        let model = makeModel()
        model.choose(.camera)
        for _ in 0..<30 {
            model.applyFrameResult(Result { try model.sessionForFrames.submitFrame(LumaFrame(luma: Data([0]), width: 1, height: 1, rowStride: 1)) })
        }
        guard case let .scanning(screen) = screen(model) else { return XCTFail() }
        XCTAssertEqual(screen.hintText, "Hold your phone steady and fill the frame with the QR code.")
        XCTAssertFalse(screen.hintIsWarning)
    }

    func testImageWithoutCodeSaysSo() {
        let model = makeModel()
        model.choose(.image)
        model.submitImage(Data([0, 1, 2]))
        guard case let .scanning(screen) = screen(model) else { return XCTFail() }
        XCTAssertTrue(screen.hintText.hasPrefix("No QR code found in this image."))
        XCTAssertFalse(screen.showsViewfinder)
    }

    func testImageScannedOffTheMainThreadIsAppliedOnlyWhileScanning() {
        session.frameOutcomes[7] = .account(issuer: "ACME Co", name: "alice", secret: "JBSWY3DPEHPK3PXP", shortKey: true)
        let model = makeModel()
        model.choose(.image)
        let result = Result { try model.sessionForFrames.submitImage(Data([7])) }
        model.applyImageResult(result)
        guard case .confirm = model.step else { return XCTFail("\(model.step)") }
        // A second result arriving after the flow moved on changes nothing.
        model.applyImageResult(.success(.scanning(method: .image, hint: .noCodeInImage)))
        guard case .confirm = model.step else { return XCTFail("\(model.step)") }
    }

    func testTroubleScanningFromTheScanner() {
        let model = makeModel()
        model.choose(.camera)
        model.switchToTroubleScanning()
        XCTAssertEqual(model.step, .manualEntry(errors: []))
    }

    func testFormIsQuietUntilTouchedThenShowsPerFieldMessages() {
        let model = makeModel()
        model.choose(.manual)
        model.updateForm(ManualForm(key: "JBSW Y3D0", name: ""))
        guard case let .manualEntry(quiet) = screen(model) else { return XCTFail() }
        XCTAssertEqual(quiet.messages, [:])
        XCTAssertFalse(quiet.canContinue, "name is required")

        model.fieldTouched(.key)
        guard case let .manualEntry(keyShown) = screen(model) else { return XCTFail() }
        XCTAssertEqual(
            keyShown.messages[.key],
            "Character 9 (“0”) can’t be in a setup key: keys use the letters A–Z and digits 2–7. Base32 has no zero: did you mean the letter O?")
        XCTAssertNil(keyShown.messages[.name])

        model.submitForm()
        guard case let .manualEntry(all) = screen(model) else { return XCTFail() }
        XCTAssertEqual(all.messages[.name], "Enter the account name, for example the email you sign in with.")
    }

    func testAdvancedOptionsFollowTheCodeType() {
        let model = makeModel()
        model.choose(.manual)
        guard case let .manualEntry(closed) = screen(model) else { return XCTFail() }
        XCTAssertFalse(closed.showsDigits)
        model.showsAdvanced = true
        model.updateForm(ManualForm(kind: .hotp))
        guard case let .manualEntry(hotp) = screen(model) else { return XCTFail() }
        XCTAssertTrue(hotp.showsCounter)
        XCTAssertFalse(hotp.showsPeriod)
        XCTAssertTrue(hotp.showsDigits)
        model.updateForm(ManualForm(kind: .steam))
        guard case let .manualEntry(steam) = screen(model) else { return XCTFail() }
        XCTAssertFalse(steam.showsDigits)
        XCTAssertFalse(steam.showsAlgorithm)
        XCTAssertFalse(steam.showsPeriod)
    }

    func testWholeManualFlowToDone() throws {
        let model = makeModel()
        model.choose(.manual)
        model.updateForm(ManualForm(key: "jbsw y3dp ehpk 3pxp", name: "john.doe@email.com", issuer: "Procore"))
        guard case let .manualEntry(form) = screen(model) else { return XCTFail() }
        XCTAssertTrue(form.canContinue)
        model.submitForm()

        guard case let .confirm(confirm) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(confirm.issuer, "Procore")
        XCTAssertEqual(confirm.name, "john.doe@email.com")
        XCTAssertFalse(confirm.needsDuplicateChoice)
        XCTAssertEqual(confirm.confirmTitle, "Add Account")

        model.nameText = "John"
        model.confirm()
        guard case let .showCode(code) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(try vault.listAccounts().map(\.name), ["John"], "saved with the edited name")
        XCTAssertEqual(code.secondsLeft, 20)
        XCTAssertEqual(code.secondsLeftText, "20 seconds left")
        XCTAssertEqual(code.instruction, "Enter this 6-digit code on the site, then tap Continue.")
        XCTAssertEqual(code.code.count, 7)

        clock.advance(25)
        model.tick()
        guard case let .showCode(next) = screen(model) else { return XCTFail() }
        XCTAssertNotEqual(next.code, code.code)
        XCTAssertEqual(next.secondsLeft, 25)

        model.codeEntered()
        guard case let .recoveryCode(recovery) = screen(model) else { return XCTFail() }
        XCTAssertEqual(recovery.acknowledgementTitle, "I have securely saved this code")
        XCTAssertFalse(recovery.canSave)
        model.recoveryCodeText = "ABCD-EFGH-1234"
        guard case let .recoveryCode(withCode) = screen(model) else { return XCTFail() }
        XCTAssertFalse(withCode.canSave, "needs the tick")
        model.saveRecoveryCode()
        XCTAssertEqual(model.error, .acknowledgementRequired)
        model.setAcknowledged(true)
        XCTAssertNil(model.error)
        guard case let .recoveryCode(ready) = screen(model) else { return XCTFail() }
        XCTAssertTrue(ready.canSave)
        model.saveRecoveryCode()
        XCTAssertEqual(screen(model), .finished(accountId: "acct-1"))
        XCTAssertTrue(model.isFinished)
        XCTAssertEqual(vault.stored[0].recoveryCodes, ["ABCD-EFGH-1234"])
        XCTAssertEqual(model.recoveryCodeText, "")
    }

    func testDuplicateNeedsAChoice() throws {
        vault.add(issuer: "ACME Co", name: "alice", secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        let model = makeModel()
        model.choose(.manual)
        model.updateForm(ManualForm(key: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", name: "alice2"))
        model.submitForm()
        guard case let .confirm(confirm) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertTrue(confirm.needsDuplicateChoice)
        XCTAssertEqual(confirm.duplicateText, "“ACME Co (alice)” already uses this key. Replace it, or keep both?")
        XCTAssertNil(confirm.shortKeyNote)
        model.confirm()
        XCTAssertEqual(model.error, .duplicateChoiceRequired)
        model.confirm(.replace)
        guard case .showCode = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(try vault.listAccounts().map(\.name), ["alice2"])
        // Cancelling at the code restores the replaced account.
        model.cancel()
        XCTAssertEqual(screen(model), .finished(accountId: nil))
        XCTAssertEqual(try vault.listAccounts().map(\.name), ["alice"])
    }

    func testRejectedLabelEditShowsAFieldMessageAndDoesNotSave() throws {
        let model = makeModel()
        model.choose(.manual)
        model.updateForm(ManualForm(key: "JBSWY3DPEHPK3PXP", name: "alice"))
        model.submitForm()
        model.nameText = String(repeating: "x", count: 300)
        model.confirm()
        guard case let .confirm(confirm) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(confirm.labelMessages[.name], "Longer than 256 characters.")
        XCTAssertTrue(try vault.listAccounts().isEmpty)
    }

    func testLinkStartsFromAnyUnsavedStep() {
        let model = makeModel()
        model.choose(.manual)
        model.submitLink("otpauth://totp/ACME%20Co:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co")
        guard case let .confirm(confirm) = screen(model) else { return XCTFail("\(model.step)") }
        XCTAssertEqual(confirm.issuer, "ACME Co")
        XCTAssertEqual(confirm.name, "alice")
    }

    func testLinkDoesNotReplaceASavedAccount() {
        let model = makeModel()
        model.choose(.manual)
        model.updateForm(ManualForm(key: "JBSWY3DPEHPK3PXP", name: "alice"))
        model.submitForm()
        model.confirm()
        model.submitLink("otpauth://totp/B:bob?secret=GEZDGNBVGY3TQOJQ")
        guard case .showCode = model.step else { return XCTFail("\(model.step)") }
        XCTAssertEqual(model.error, .finishCurrentAccountFirst)
    }

    func testBackFromTheFirstScreenCancels() {
        let model = makeModel()
        model.back()
        XCTAssertEqual(screen(model), .finished(accountId: nil))
    }

    func testScanHintTexts() {
        XCTAssertEqual(
            ScanHintText.text(for: .useImportForExports),
            "This is an export from Google Authenticator. Tap Import from Google Authenticator to scan all of its codes.")
        XCTAssertEqual(
            ScanHintText.text(for: .invalidSetupCode(reason: "the secret is missing")),
            "This setup code can’t be used: the secret is missing. Tap Trouble Scanning to type the key instead.")
        let long = String(repeating: "a", count: 100)
        XCTAssertTrue(ScanHintText.text(for: .notAnAuthenticatorCode(text: long)).contains(String(repeating: "a", count: 47) + "…"))
    }
}
