package app.twofold.gateway

import app.twofold.core.KeyProvider
import app.twofold.presentation.EnrollMethod
import app.twofold.presentation.FormField
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.ManualForm
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.enroll.EnrollmentModel
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.nio.ByteBuffer
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * :presentation's EnrollmentModel driving the real core flow through the
 * adapter: the same screens the fake-core tests check, now against the library.
 */
class BindingsEnrollmentTest {
    /** The device slot of these test vaults: no real protection needed here. */
    private object PlainKeyProvider : KeyProvider {
        override fun wrap(plaintext: ByteArray): ByteArray = plaintext.reversedArray()
        override fun unwrap(wrapped: ByteArray): ByteArray = wrapped.reversedArray()
    }

    private val nowMillis = 1_111_111_109_000L

    private fun gateway(dir: File) =
        BindingsGateway(
            File(dir, "vault.twofold").path, PlainKeyProvider, "test", ::BindingsEnrollmentSession,
            passwordKdf = app.twofold.core.KdfParams(64u, 1u, 1u),
        ).also { it.createVault("correct horse battery", withDeviceKey = true, nowSeconds = nowMillis / 1000) }

    @Test
    fun trouble_scanning_to_done_with_the_real_flow(@TempDir dir: File) {
        val core = gateway(dir)
        val model = EnrollmentModel(core)
        model.choose(EnrollMethod.MANUAL)
        model.editForm(ManualForm(key = "JBSW Y3D0"), FormField.KEY)
        val typing = assertIs<EnrollScreen.TroubleScanning>(model.state.value.screen)
        assertEquals(setOf(FormField.KEY), typing.messages.keys)
        assertTrue(typing.messages.getValue(FormField.KEY).contains("character 9"), typing.messages.toString())
        assertFalse(typing.canSubmit)

        model.editForm(typing.form.copy(key = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", name = "alice", issuer = "RFC"), FormField.NAME)
        assertTrue(assertIs<EnrollScreen.TroubleScanning>(model.state.value.screen).canSubmit)
        model.submitManual()
        val confirm = assertIs<EnrollScreen.Confirm>(model.state.value.screen)
        assertEquals("RFC", confirm.issuer)
        assertEquals("alice", confirm.name)

        model.confirm(nowMillis)
        val code = assertIs<EnrollScreen.ShowCode>(model.state.value.screen)
        assertEquals("081 804", code.code, "RFC 6238 SHA1 at 1111111109, 6 digits (07081804 truncated)")
        assertEquals(1, code.secondsLeft)

        model.codeEntered()
        model.editRecoveryCode("ABCD-EFGH")
        model.acknowledge(true)
        assertTrue(assertIs<EnrollScreen.RecoveryCode>(model.state.value.screen).canSave)
        model.saveRecoveryCode(nowMillis)
        assertIs<EnrollScreen.Done>(model.state.value.screen)
        model.close()

        assertEquals(listOf("RFC"), core.codes(nowMillis / 1000).codes.map { it.account.issuer })
        core.close()
    }

    @Test
    fun deep_link_duplicate_and_camera_frames(@TempDir dir: File) {
        val core = gateway(dir)
        val uri = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
        EnrollmentModel(core).use { first ->
            first.onLink(uri)
            first.confirm(nowMillis)
            first.codeEntered()
            first.skipRecoveryCode()
        }
        EnrollmentModel(core).use { again ->
            again.onLink(uri)
            val confirm = assertIs<EnrollScreen.Confirm>(again.state.value.screen)
            assertNotNull(confirm.duplicate, "the same secret is already stored")
            assertFalse(confirm.canConfirm, "a duplicate needs a choice")
            again.back(nowMillis)
            again.back(nowMillis)

            // An empty camera frame keeps scanning; the direct buffer is read in place.
            again.choose(EnrollMethod.CAMERA)
            again.onCameraPermission(CameraPermission.GRANTED)
            val frame = ByteBuffer.allocateDirect(64 * 48)
            assertTrue(again.onFrame(LumaFrame(frame, 64, 48, 64)))
            assertIs<EnrollScreen.Camera>(again.state.value.screen)
        }
        core.close()
    }

    @Test
    fun screenshot_from_the_picker(@TempDir dir: File) {
        val png = File(System.getProperty("twofold.qrSample", "/work/shared/qr/synthetic/screenshot/000.png"))
        assumeTrue(png.isFile, "no sample screenshot at $png")
        val core = gateway(dir)
        EnrollmentModel(core).use { model ->
            model.choose(EnrollMethod.IMAGE)
            model.pickerLaunched()
            model.onImage(ByteArray(10))
            assertTrue(assertIs<EnrollScreen.Image>(model.state.value.screen).hint != null || model.state.value.error != null)
            model.onImage(png.readBytes())
            val confirm = assertIs<EnrollScreen.Confirm>(model.state.value.screen, model.state.value.toString())
            assertEquals("Procore", confirm.issuer)
        }
        core.close()
    }
}
