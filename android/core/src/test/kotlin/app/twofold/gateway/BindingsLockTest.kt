package app.twofold.gateway

import app.twofold.core.KdfParams
import app.twofold.core.KeyProvider
import app.twofold.core.SlotKind
import app.twofold.core.Vault
import app.twofold.presentation.BackupReminder
import app.twofold.presentation.CoreException
import app.twofold.presentation.EnrollmentSession
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.VaultState
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.settings.LockMethodModel
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.settings.SettingsStore
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayInputStream
import java.io.File
import java.nio.ByteBuffer
import javax.imageio.ImageIO
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

/** Slots, the backup reminder and the import camera through the gateway, against the real library. */
class BindingsLockTest {
    private class ReversingKeyProvider : KeyProvider {
        var fail = false
        override fun wrap(plaintext: ByteArray) = plaintext.reversedArray()
        override fun unwrap(wrapped: ByteArray): ByteArray {
            if (fail) throw app.twofold.core.TwofoldException.KeyProviderFailed("the device key was invalidated")
            return wrapped.reversedArray()
        }
    }

    private val noEnrollment: (Vault) -> EnrollmentSession = { error("not used") }
    private val cheap = KdfParams(64u, 1u, 1u)
    private val t = 1_700_000_000L
    private val password = "correct horse battery"

    private fun gateway(dir: File, name: String, provider: KeyProvider = ReversingKeyProvider()) =
        BindingsGateway(File(dir, name).path, provider, "test", noEnrollment, backupKdf = cheap, passwordKdf = cheap)

    private fun platformSlots(path: String) = Vault.open(path).use { v -> v.slots().count { it.kind == SlotKind.PLATFORM } }

    @Test
    fun the_platform_slot_is_added_and_removed_and_the_password_always_stays(@TempDir dir: File) {
        val provider = ReversingKeyProvider()
        val gateway = gateway(dir, "vault.db", provider)
        val path = File(dir, "vault.db").path
        gateway.createVault(password, withDeviceKey = false, nowSeconds = t)
        assertTrue(gateway.hasPasswordSlot())
        assertEquals(0, platformSlots(path))

        val store = object : SettingsStore {
            var saved = Settings()
            override fun load() = saved
            override fun save(settings: Settings) { saved = settings }
        }
        val settings = SettingsModel(store)
        val methods = LockMethodModel(gateway, settings) { setOf(LockMethod.BIOMETRIC) }
        methods.choose(LockMethod.BIOMETRIC)
        methods.apply(t * 1000)
        assertEquals(LockMethod.BIOMETRIC, settings.current.lockMethod)
        assertEquals(1, platformSlots(path))
        methods.choose(LockMethod.BIOMETRIC) // same method: nothing to do
        gateway.setDeviceKey(true, t) // a new key replaces the old slot rather than adding a second
        assertEquals(1, platformSlots(path))

        gateway.lock()
        gateway.unlockWithDevice()
        assertEquals(VaultState.UNLOCKED, gateway.vaultState())

        methods.choose(LockMethod.PASSWORD)
        methods.apply(t * 1000)
        assertEquals(0, platformSlots(path))
        gateway.lock()
        assertFailsWith<CoreException> { gateway.unlockWithDevice() }
        gateway.unlockWithPassword(password)
        assertTrue(gateway.hasPasswordSlot())
        gateway.close()
    }

    @Test
    fun a_device_key_vault_still_opens_with_the_recovery_password(@TempDir dir: File) {
        val provider = ReversingKeyProvider()
        val gateway = gateway(dir, "vault.db", provider)
        gateway.createVault(password, withDeviceKey = true, nowSeconds = t)
        gateway.lock()
        provider.fail = true
        assertEquals(CoreException.Kind.KEY_PROVIDER, assertFailsWith<CoreException> { gateway.unlockWithDevice() }.kind)
        gateway.unlockWithPassword(password)
        assertEquals(VaultState.UNLOCKED, gateway.vaultState())
        gateway.close()
    }

    @Test
    fun the_backup_reminder_is_the_core_rule(@TempDir dir: File) {
        val gateway = gateway(dir, "vault.db")
        assertEquals(BackupReminder.UpToDate, gateway.backupReminder(0, 0, null, t))
        assertEquals(BackupReminder.NeverBackedUp(3), gateway.backupReminder(3, 0, null, t))
        assertEquals(BackupReminder.UpToDate, gateway.backupReminder(3, 0, t - 10, t))
        assertEquals(BackupReminder.ChangesNotBackedUp(5, t - 10), gateway.backupReminder(3, 5, t - 10, t))
        assertEquals(BackupReminder.ChangesNotBackedUp(1, t - 90_000), gateway.backupReminder(3, 1, t - 90_000, t))
        // Out-of-range input from a damaged settings file is clamped, never thrown across the FFI.
        gateway.backupReminder(-1, -5, -7, -1)
    }

    /** A PNG as CameraX would lend plane 0 of a frame: a direct buffer of luma rows with padding. */
    private fun lumaFrame(png: ByteArray): LumaFrame {
        val image = ImageIO.read(ByteArrayInputStream(png))
        val stride = image.width + 16
        val luma = ByteBuffer.allocateDirect(stride * image.height)
        for (y in 0 until image.height) for (x in 0 until image.width) {
            val rgb = image.getRGB(x, y)
            val gray = ((rgb shr 16 and 0xFF) * 299 + (rgb shr 8 and 0xFF) * 587 + (rgb and 0xFF) * 114) / 1000
            luma.put(y * stride + x, gray.toByte())
        }
        return LumaFrame(luma, image.width, image.height, stride)
    }

    @Test
    fun the_import_camera_collects_a_google_export_frame_by_frame(@TempDir dir: File) {
        val source = gateway(dir, "source.db").apply { createVault(password, withDeviceKey = false, nowSeconds = t) }
        val links = (1..3).joinToString("\n") { "otpauth://totp/Site$it:user$it?secret=JBSWY3DPEHPK3PX${"ABC"[it - 1]}&issuer=Site$it" }
        source.readImport(links.toByteArray(), null).use { source.importAccounts(it, false, t) }
        val google = source.exportGoogleQr(1)
        assertEquals(3, google.pngs.size)

        val target = gateway(dir, "target.db").apply { createVault(password, withDeviceKey = false, nowSeconds = t) }
        val importer = ImportModel(target)
        importer.startCameraScan()
        val frames = google.pngs.map(::lumaFrame)
        // Each code is held in front of the camera for a few frames (the scanner rotates its attempts).
        fun show(frame: LumaFrame) { repeat(8) { if (importer.state.value.screen is ImportScreen.ScanExport) importer.onFrame(frame) } }
        show(frames[2])
        val one = assertIs<ImportScreen.ScanExport>(importer.state.value.screen)
        assertEquals(1, one.scanned)
        assertEquals(3, one.total)
        assertEquals(listOf(1, 2), one.missing)
        show(frames[0])
        assertEquals(listOf(2), assertIs<ImportScreen.ScanExport>(importer.state.value.screen).missing)
        show(frames[1])
        val review = assertIs<ImportScreen.Review>(importer.state.value.screen)
        assertEquals(3, review.accounts.size)
        importer.confirm(t * 1000)
        assertEquals(3, assertIs<ImportScreen.Done>(importer.state.value.screen).added)
        assertFalse(importer.onFrame(frames[0]), "no frames wanted once the export is complete")
        importer.close()
        source.close()
        target.close()
    }
}
