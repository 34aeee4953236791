package app.twofold.presentation

import app.twofold.presentation.lock.LockModel
import app.twofold.presentation.lock.LockScreen
import app.twofold.presentation.settings.AutoLock
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.settings.SettingsStore
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue

class LockAndSettingsTest {
    private class MemoryStore(var saved: Settings = Settings()) : SettingsStore {
        var saves = 0
        override fun load() = saved
        override fun save(settings: Settings) { saved = settings; saves++ }
    }

    private val core = FakeCore()
    private val store = MemoryStore()
    private val settings = SettingsModel(store)

    private fun lockModel() = LockModel(
        core = core,
        deviceAuthAvailable = true,
        deviceAuthRequired = { settings.current.deviceAuthRequired },
        autoLock = { settings.current.autoLock },
        onCreated = settings::setDeviceAuthRequired,
    )

    @Test
    fun setup_checks_the_optional_password_then_creates_the_vault() {
        val lock = lockModel()
        val setup = assertIs<LockScreen.Setup>(lock.state.value.screen)
        assertTrue(setup.canCreate, "no password is fine")
        assertTrue(setup.requireDeviceAuth, "device auth is on by default when available")
        lock.setPassword("short")
        assertEquals("Use at least 8 characters.", (lock.state.value.screen as LockScreen.Setup).passwordError)
        lock.setPassword("correct horse")
        lock.setPasswordRepeat("correct hors")
        assertEquals("The passwords don't match.", (lock.state.value.screen as LockScreen.Setup).passwordError)
        lock.create(0)
        assertIs<LockScreen.Setup>(lock.state.value.screen)
        lock.setPasswordRepeat("correct horse")
        lock.create(0)
        assertEquals(LockScreen.Unlocked, lock.state.value.screen)
        assertEquals("correct horse", core.password)
        assertTrue(store.saved.deviceAuthRequired)
        assertFalse(lock.state.value.screen.toString().contains("horse"))
    }

    @Test
    fun locked_vault_prompts_then_falls_back_to_the_password() {
        core.createVault("correct horse", 0)
        core.lock()
        settings.setDeviceAuthRequired(true)
        val lock = lockModel()
        assertTrue(assertIs<LockScreen.Locked>(lock.state.value.screen).promptForDeviceAuth)

        core.deviceKeyWorks = false
        lock.unlockWithDevice()
        val fallback = assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertTrue(fallback.showPassword)
        assertFalse(fallback.promptForDeviceAuth)
        assertTrue(fallback.error!!.contains("backup password"))

        lock.editPassword("wrong")
        lock.unlockWithPassword()
        assertEquals("Wrong password. Try again.", assertIs<LockScreen.Locked>(lock.state.value.screen).error)
        lock.editPassword("correct horse")
        lock.unlockWithPassword()
        assertEquals(LockScreen.Unlocked, lock.state.value.screen)
    }

    @Test
    fun auto_lock_after_the_chosen_time_in_background() {
        core.createVault(null, 0)
        val lock = lockModel()
        assertTrue(lock.isUnlocked)
        settings.setAutoLock(AutoLock.AFTER_1_MINUTE)
        lock.onBackground(0)
        lock.onForeground(59_999)
        assertTrue(lock.isUnlocked)
        lock.onBackground(100_000)
        lock.onForeground(160_000)
        assertFalse(lock.isUnlocked)
        assertEquals(VaultState.LOCKED, core.state)

        lock.unlockWithDevice()
        settings.setAutoLock(AutoLock.IMMEDIATELY)
        lock.onBackground(200_000)
        assertFalse(lock.isUnlocked)

        lock.unlockWithDevice()
        settings.setAutoLock(AutoLock.NEVER)
        lock.onBackground(0)
        lock.onForeground(Long.MAX_VALUE / 2)
        assertTrue(lock.isUnlocked)
    }

    @Test
    fun settings_persist_only_changes_and_valid_choices() {
        settings.setTapToReveal(true)
        settings.setTapToReveal(true)
        assertEquals(1, store.saves)
        settings.setClipboardClearSeconds(7)
        assertEquals(30, settings.current.clipboardClearSeconds)
        settings.setClipboardClearSeconds(60)
        assertEquals(60, store.saved.clipboardClearSeconds)
        assertTrue(settings.state.value.deviceAuthNote.contains("without asking"))
    }
}
