package app.twofold.presentation

import app.twofold.presentation.enroll.EnrollScreen
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsStore
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

class AppModelTest {
    private val core = FakeCore()
    private val store = object : SettingsStore {
        var saved = Settings()
        override fun load() = saved
        override fun save(settings: Settings) { saved = settings }
    }
    private val now = 1_000_000_010_000L

    /** A vault created earlier, opened by a new process: the app model starts locked; unlock with the password. */
    private fun unlockedApp(): AppModel {
        if (core.state == VaultState.NO_VAULT) core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        val app = AppModel(core, store, availableMethods = { emptySet() })
        app.lock.editPassword(PASSWORD)
        app.lock.unlockWithPassword()
        app.onLockChanged(unlocked = true, nowMillis = now)
        return app
    }

    @Test
    fun a_link_received_while_locked_opens_after_unlock() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.lock()
        val app = AppModel(core, store, availableMethods = { emptySet() })
        app.openLink("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", now)
        assertNull(app.enrollment.value)

        app.lock.editPassword(PASSWORD)
        app.lock.unlockWithPassword()
        app.onLockChanged(unlocked = true, nowMillis = now)
        assertEquals(Destination.ENROLL, app.destination.value)
        val enrollment = assertNotNull(app.enrollment.value)
        assertIs<EnrollScreen.Confirm>(enrollment.state.value.screen)
    }

    @Test
    fun a_half_typed_new_recovery_password_is_forgotten_on_lock_and_when_settings_reopen() {
        val app = unlockedApp()
        app.openSettings()
        app.recoveryPassword.editPassword("plum kettle ravine 42")
        app.onLockChanged(unlocked = false, nowMillis = now)
        assertEquals("", app.recoveryPassword.state.value.password)
        assertNull(app.recoveryPassword.state.value.strength)

        app.recoveryPassword.editPassword("plum kettle ravine 42")
        app.openSettings()
        assertEquals("", app.recoveryPassword.state.value.password)
    }

    @Test
    fun finishing_the_flow_returns_to_the_refreshed_list_and_locking_clears_it() {
        val app = unlockedApp()
        assertTrue(app.codes.state.value.isEmpty)

        val enrollment = app.startEnrollment()
        enrollment.onLink("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP")
        enrollment.confirm(now)
        enrollment.codeEntered()
        enrollment.skipRecoveryCode()
        app.onEnrollmentScreen(enrollment.state.value.screen, now)
        assertEquals(Destination.CODES, app.destination.value)
        assertNull(app.enrollment.value)
        assertTrue(core.lastSession!!.closed)
        assertEquals(1, app.codes.state.value.rows.size)

        app.lock.lockNow()
        app.onLockChanged(unlocked = false, nowMillis = now)
        assertTrue(app.codes.state.value.rows.isEmpty())
    }

    @Test
    fun back_leaves_settings_then_the_app() {
        val app = unlockedApp()
        app.openSettings()
        assertTrue(app.back())
        assertEquals(Destination.CODES, app.destination.value)
        assertFalse(app.back())
    }

    @Test
    fun settings_apply_to_the_list_without_recreating_it() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.add("ACME", "alice")
        val app = unlockedApp()
        assertFalse(app.codes.state.value.rows.single().hidden)
        app.settings.setTapToReveal(true)
        app.codes.tick(now)
        assertTrue(app.codes.state.value.rows.single().hidden)
        app.settings.setClipboardClearSeconds(60)
        app.codes.tap(app.codes.state.value.rows.single().id, now)
        assertEquals(now + 60_000, app.codes.tap(app.codes.state.value.rows.single().id, now)?.clearAtMillis)
    }

    @Test
    fun import_and_export_open_from_settings_and_close_on_back_or_lock() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.files["aegis"] = FakeCore.FakeFile(
            ImportSummary(ImportFormat.AEGIS, listOf("ACME (alice)"), emptyList()),
            listOf("S-ALICE"),
        )
        val app = unlockedApp()
        app.openSettings()

        val importer = app.startImport()
        assertEquals(Destination.IMPORT, app.destination.value)
        importer.onFile("aegis".toByteArray())
        importer.confirm(now)
        app.onImportScreen(importer.state.value.screen, now)
        assertIs<ImportScreen.Done>(importer.state.value.screen)
        assertEquals(1, app.codes.state.value.rows.size, "the list shows the imported account at once")
        assertTrue(app.back())
        assertEquals(Destination.SETTINGS, app.destination.value)
        assertNull(app.importing.value)

        app.startImport().onFile("aegis".toByteArray())
        assertEquals(1, core.openPending.size)
        app.startExport()
        assertEquals(Destination.EXPORT, app.destination.value)
        assertTrue(core.openPending.isEmpty(), "starting an export closes the import")
        assertNotNull(app.exporting.value)

        app.lock.lockNow()
        app.onLockChanged(unlocked = false, nowMillis = now)
        assertNull(app.exporting.value)
        assertEquals(Destination.CODES, app.destination.value)
    }
}
