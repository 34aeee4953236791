package app.twofold.presentation

import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.enroll.EnrollmentModel
import org.junit.jupiter.api.Test
import java.nio.ByteBuffer
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class EnrollmentModelTest {
    private val core = FakeCore().apply { state = VaultState.UNLOCKED }
    private val model = EnrollmentModel(core)
    private val now = 1_000_000_010_000L
    private fun screen() = model.state.value.screen
    private fun frame(first: Int) = LumaFrame(ByteBuffer.allocateDirect(4).put(0, first.toByte()), 2, 2, 2)

    @Test
    fun seed_path_scan_confirm_code_recovery_done() {
        assertEquals(EnrollScreen.ChooseMethod, screen())
        model.choose(EnrollMethod.CAMERA)
        val asking = assertIs<EnrollScreen.Camera>(screen())
        assertTrue(asking.showPermissionRequest)
        assertFalse(asking.analyzing)
        assertFalse(model.onFrame(frame(1)), "no frames before the permission")

        model.onCameraPermission(CameraPermission.GRANTED)
        assertTrue(assertIs<EnrollScreen.Camera>(screen()).analyzing)
        assertTrue(model.onFrame(frame(0)))
        assertFalse(model.onFrame(frame(1)), "a found code stops the analyzer")

        val confirm = assertIs<EnrollScreen.Confirm>(screen())
        assertEquals("ACME Co", confirm.issuer)
        assertEquals("alice@example.com", confirm.name)
        assertNotNull(confirm.shortKeyWarning)
        assertTrue(confirm.canConfirm)

        model.confirm(now)
        val code = assertIs<EnrollScreen.ShowCode>(screen())
        assertEquals(10, code.secondsLeft)
        assertTrue(model.state.value.confirmCancel, "cancelling now trashes the saved account: ask")
        assertEquals(1, core.accounts.size, "saved when the code is shown")

        model.tick(now + 10_000)
        assertEquals(30, assertIs<EnrollScreen.ShowCode>(screen()).secondsLeft)

        model.codeEntered()
        val recovery = assertIs<EnrollScreen.RecoveryCode>(screen())
        assertFalse(recovery.canSave)
        model.editRecoveryCode("ABCD-EFGH-1234")
        assertFalse(assertIs<EnrollScreen.RecoveryCode>(screen()).canSave, "needs the acknowledgement")
        model.acknowledge(true)
        assertTrue(assertIs<EnrollScreen.RecoveryCode>(screen()).canSave)
        model.saveRecoveryCode(now)
        val done = assertIs<EnrollScreen.Done>(screen())
        assertEquals("ABCD-EFGH-1234", core.recoveryCodes[done.accountId])
    }

    @Test
    fun denied_camera_offers_trouble_scanning_and_scan_from_image() {
        model.choose(EnrollMethod.CAMERA)
        model.onCameraPermission(CameraPermission.DENIED)
        val denied = assertIs<EnrollScreen.Camera>(screen())
        assertTrue(denied.showAlternatives)
        assertFalse(denied.showOpenSettings)
        assertFalse(denied.analyzing)
        model.onCameraPermission(CameraPermission.DENIED_PERMANENTLY)
        assertTrue(assertIs<EnrollScreen.Camera>(screen()).showOpenSettings)

        model.switchTo(EnrollMethod.IMAGE, now)
        val image = assertIs<EnrollScreen.Image>(screen())
        assertTrue(image.launchPicker)
        model.pickerLaunched()
        assertFalse(assertIs<EnrollScreen.Image>(screen()).launchPicker)
        model.onImage(byteArrayOf(0))
        assertEquals(
            ScanHint.NoCodeInImage,
            assertIs<EnrollScreen.Image>(screen()).hint,
        )
        model.switchTo(EnrollMethod.MANUAL, now)
        assertIs<EnrollScreen.TroubleScanning>(screen())
    }

    @Test
    fun camera_hints_and_torch() {
        model.choose(EnrollMethod.CAMERA)
        model.onCameraPermission(CameraPermission.GRANTED)
        assertTrue(assertIs<EnrollScreen.Camera>(screen()).showTorch)
        model.toggleTorch()
        assertTrue(assertIs<EnrollScreen.Camera>(screen()).torchOn)
        model.onTorchAvailable(false)
        assertFalse(assertIs<EnrollScreen.Camera>(screen()).showTorch)
        assertFalse(assertIs<EnrollScreen.Camera>(screen()).torchOn)
        model.onTorchAvailable(true)
        model.toggleTorch()
        repeat(30) { model.onFrame(frame(0)) }
        assertEquals(ScanHint.HoldSteady, assertIs<EnrollScreen.Camera>(screen()).hint)
        model.onFrame(frame(2))
        assertIs<ScanHint.NotAnAuthenticatorCode>(assertIs<EnrollScreen.Camera>(screen()).hint)
        model.back(now)
        assertEquals(EnrollScreen.ChooseMethod, screen())
        model.choose(EnrollMethod.CAMERA)
        assertFalse(assertIs<EnrollScreen.Camera>(screen()).torchOn, "the torch goes off when leaving")
    }

    @Test
    fun trouble_scanning_shows_messages_only_for_touched_fields() {
        model.choose(EnrollMethod.MANUAL)
        model.editForm(ManualForm(key = "JBSW Y3D0"), FormField.KEY)
        val typing = assertIs<EnrollScreen.TroubleScanning>(screen())
        assertEquals(setOf(FormField.KEY), typing.messages.keys, "no 'name required' while typing the key")
        assertTrue(typing.messages.getValue(FormField.KEY).contains("character 9"))
        assertTrue(typing.messages.getValue(FormField.KEY).contains("Did you mean the letter O?"))
        assertFalse(typing.canSubmit)

        model.submitManual()
        val submitted = assertIs<EnrollScreen.TroubleScanning>(screen())
        assertEquals(setOf(FormField.KEY, FormField.NAME), submitted.messages.keys)

        model.editForm(submitted.form.copy(key = "JBSW Y3DP EHPK 3PXP", name = "alice"), FormField.KEY)
        val valid = assertIs<EnrollScreen.TroubleScanning>(screen())
        assertTrue(valid.messages.isEmpty())
        assertTrue(valid.canSubmit)

        model.toggleAdvanced()
        model.editForm(valid.form.copy(period = "thirty"), FormField.PERIOD)
        val badPeriod = assertIs<EnrollScreen.TroubleScanning>(screen())
        assertTrue(badPeriod.showAdvanced)
        assertEquals("Use whole seconds, for example 30.", badPeriod.messages[FormField.PERIOD])
        assertFalse(badPeriod.canSubmit)

        model.editForm(badPeriod.form.copy(type = OtpType.HOTP), FormField.PERIOD)
        val hotp = assertIs<EnrollScreen.TroubleScanning>(screen())
        assertFalse(hotp.showPeriod)
        assertTrue(hotp.showCounter)
        assertTrue(hotp.canSubmit, "the period does not matter for HOTP")

        model.submitManual()
        val confirm = assertIs<EnrollScreen.Confirm>(screen())
        assertEquals("alice", confirm.name)
        assertEquals("", confirm.issuer)
    }

    @Test
    fun confirm_edits_labels_and_a_duplicate_needs_a_choice() {
        core.add("ACME Co", "old", secret = "JBSWY3DPEHPK3PXP")
        model.onLink("otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP")
        val confirm = assertIs<EnrollScreen.Confirm>(screen())
        assertNotNull(confirm.duplicate)
        assertFalse(confirm.canConfirm)

        model.editName("")
        val empty = assertIs<EnrollScreen.Confirm>(screen())
        assertEquals("Enter the account name.", empty.nameError)
        assertFalse(empty.canConfirm)
        model.editName("alice (work)")
        model.editIssuer("ACME")
        model.chooseDuplicate(DuplicateChoice.REPLACE)
        val ready = assertIs<EnrollScreen.Confirm>(screen())
        assertNull(ready.nameError)
        assertTrue(ready.canConfirm)

        model.confirm(now)
        assertIs<EnrollScreen.ShowCode>(screen())
        val live = core.accounts.filterNot { it.trashed }
        assertEquals(listOf("alice (work)"), live.map { it.summary.name })
        assertEquals("ACME", live.single().summary.issuer)
    }

    @Test
    fun core_refusals_become_messages_and_cancel_at_the_code_trashes() {
        model.onLink("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP")
        model.confirm(now)
        model.codeEntered()
        model.acknowledge(true)
        model.saveRecoveryCode(now)
        assertEquals("the recovery code is empty", model.state.value.error)
        model.errorShown()
        assertNull(model.state.value.error)

        model.back(now)
        assertIs<EnrollScreen.ShowCode>(screen())
        model.cancel(now)
        assertEquals(EnrollScreen.Cancelled, screen())
        assertTrue(core.accounts.all { it.trashed })
        model.close()
        assertTrue(core.lastSession!!.closed)
        assertFalse(model.onFrame(frame(1)), "no frames after close")
    }

    @Test
    fun image_picker_cancel_goes_back_to_methods() {
        model.choose(EnrollMethod.IMAGE)
        assertTrue(assertIs<EnrollScreen.Image>(screen()).launchPicker)
        model.pickerLaunched()
        model.pickerCancelled(now)
        assertEquals(EnrollScreen.ChooseMethod, screen())
    }
}
