package app.twofold.presentation

import app.twofold.presentation.lock.AutoLockPolicy
import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.lock.LockModel
import app.twofold.presentation.lock.LockProblem
import app.twofold.presentation.lock.LockScreen
import app.twofold.presentation.lock.Recovery
import app.twofold.presentation.lock.RecoveryRule
import app.twofold.presentation.settings.AutoLock
import app.twofold.presentation.settings.Settings
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.settings.SettingsStore
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

class MemoryStore(var saved: Settings = Settings()) : SettingsStore {
    var saves = 0
    override fun load() = saved
    override fun save(settings: Settings) { saved = settings; saves++ }
}

class LockAndSettingsTest {
    private val core = FakeCore()
    private val store = MemoryStore()
    private val settings = SettingsModel(store)
    private var available = setOf(LockMethod.BIOMETRIC, LockMethod.DEVICE_CREDENTIAL)

    private fun lockModel() = LockModel(
        core = core,
        availableMethods = { available },
        lockMethod = { settings.current.lockMethod },
        autoLock = { settings.current.autoLock },
        onCreated = settings::setLockMethod,
    )

    private fun setup(lock: LockModel) = assertIs<LockScreen.Setup>(lock.state.value.screen)

    @Test
    fun setup_requires_the_recovery_password_whichever_method_is_chosen() {
        val lock = lockModel()
        assertEquals(listOf(LockMethod.PASSWORD, LockMethod.BIOMETRIC, LockMethod.DEVICE_CREDENTIAL), setup(lock).methods)
        assertEquals(LockMethod.DEVICE_CREDENTIAL, setup(lock).method, "the strongest available device method is preselected")
        assertTrue(setup(lock).needsDeviceKey)
        assertFalse(setup(lock).canCreate, "device auth guards the vault: no vault without a way back in")
        lock.create(0)
        assertEquals(VaultState.NO_VAULT, core.state)

        lock.setPassword("short")
        assertEquals(LockProblem.PASSWORD_TOO_WEAK, setup(lock).problem)
        lock.setPassword(PASSWORD)
        lock.setPasswordRepeat("correct hors")
        assertEquals(LockProblem.PASSWORDS_DIFFER, setup(lock).problem)
        assertFalse(setup(lock).canCreate)
        lock.setPasswordRepeat(PASSWORD)
        assertNull(setup(lock).problem)
        assertTrue(setup(lock).canCreate)

        lock.chooseMethod(LockMethod.PASSWORD)
        assertFalse(setup(lock).needsDeviceKey)
        lock.chooseMethod(LockMethod.BIOMETRIC)
        lock.create(0)
        assertEquals(LockScreen.Unlocked, lock.state.value.screen)
        assertEquals(PASSWORD, core.password)
        assertTrue(core.deviceSlot)
        assertEquals(LockMethod.BIOMETRIC, store.saved.lockMethod)
        assertFalse(lock.state.value.toString().contains("horse"))
    }

    @Test
    fun setup_offers_only_the_password_without_a_screen_lock() {
        available = emptySet()
        val lock = lockModel()
        assertEquals(listOf(LockMethod.PASSWORD), setup(lock).methods)
        lock.chooseMethod(LockMethod.BIOMETRIC)
        assertEquals(LockMethod.PASSWORD, setup(lock).method)
        assertFalse(setup(lock).canCreate)
        lock.setPassword(PASSWORD)
        lock.setPasswordRepeat(PASSWORD)
        lock.create(0)
        assertFalse(core.deviceSlot)
        assertEquals(LockMethod.PASSWORD, store.saved.lockMethod)
    }

    @Test
    fun a_refused_device_key_falls_back_to_the_password_method() {
        val lock = lockModel()
        lock.deviceKeyUnavailable()
        assertEquals(LockMethod.PASSWORD, setup(lock).method)
        assertEquals(LockProblem.DEVICE_KEY_UNAVAILABLE, setup(lock).problem)
    }

    @Test
    fun recovery_rule_needs_a_password_or_an_up_to_date_encrypted_backup_when_device_auth_guards() {
        assertEquals(Recovery.OK, RecoveryRule.check(LockMethod.BIOMETRIC, hasPassword = true, encryptedBackupUpToDate = false))
        assertEquals(Recovery.OK, RecoveryRule.check(LockMethod.DEVICE_CREDENTIAL, hasPassword = false, encryptedBackupUpToDate = true))
        assertEquals(
            Recovery.NEEDS_PASSWORD_OR_BACKUP,
            RecoveryRule.check(LockMethod.DEVICE_CREDENTIAL, hasPassword = false, encryptedBackupUpToDate = false),
        )
        assertEquals(Recovery.NEEDS_PASSWORD, RecoveryRule.check(LockMethod.PASSWORD, hasPassword = false, encryptedBackupUpToDate = true))
    }

    @Test
    fun locked_vault_prompts_then_falls_back_to_the_password() {
        core.createVault(PASSWORD, withDeviceKey = true, nowSeconds = 0)
        core.lock()
        settings.setLockMethod(LockMethod.BIOMETRIC)
        val lock = lockModel()
        val locked = assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertTrue(locked.promptForDeviceAuth)
        assertTrue(locked.canUseDevice)

        core.deviceKeyWorks = false
        lock.unlockWithDevice()
        val fallback = assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertTrue(fallback.showPassword)
        assertFalse(fallback.promptForDeviceAuth)
        assertEquals(LockProblem.DEVICE_KEY_INVALIDATED, fallback.problem)

        lock.editPassword("wrong")
        lock.unlockWithPassword()
        assertEquals(LockProblem.WRONG_PASSWORD, assertIs<LockScreen.Locked>(lock.state.value.screen).problem)
        lock.editPassword(PASSWORD)
        lock.unlockWithPassword()
        assertEquals(LockScreen.Unlocked, lock.state.value.screen)
    }

    @Test
    fun a_dismissed_prompt_is_not_an_error_but_a_failed_one_shows_the_system_message() {
        core.createVault(PASSWORD, withDeviceKey = true, nowSeconds = 0)
        core.lock()
        settings.setLockMethod(LockMethod.DEVICE_CREDENTIAL)
        val lock = lockModel()
        lock.deviceAuthFailed(null)
        assertNull(assertIs<LockScreen.Locked>(lock.state.value.screen).problem)
        lock.deviceAuthFailed("Too many attempts")
        val failed = assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertEquals(LockProblem.DEVICE_AUTH_FAILED, failed.problem)
        assertEquals("Too many attempts", failed.systemMessage)
        lock.showDevicePrompt()
        assertTrue(assertIs<LockScreen.Locked>(lock.state.value.screen).promptForDeviceAuth)
    }

    @Test
    fun a_password_only_vault_really_locks_and_asks_for_the_password() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        val lock = lockModel()
        val locked = assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertFalse(locked.promptForDeviceAuth, "no prompt that would unlock by itself")
        assertTrue(locked.showPassword)
        assertFalse(locked.canUseDevice)
        lock.editPassword(PASSWORD)
        lock.unlockWithPassword()
        assertTrue(lock.isUnlocked)
        lock.lockNow()
        assertFalse(lock.isUnlocked)
        assertEquals(VaultState.LOCKED, core.state, "Lock now drops the key")
    }

    @Test
    fun a_new_model_never_inherits_an_unlocked_vault() {
        // What a recreated activity used to see: the process kept the vault open.
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        assertEquals(VaultState.UNLOCKED, core.state)
        val lock = lockModel()
        assertIs<LockScreen.Locked>(lock.state.value.screen)
        assertEquals(VaultState.LOCKED, core.state)
    }

    private fun unlocked(): LockModel {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        return lockModel().apply {
            editPassword(PASSWORD)
            unlockWithPassword()
            check(isUnlocked)
        }
    }

    @Test
    fun auto_lock_after_the_chosen_time_in_background_on_the_monotonic_clock() {
        val lock = unlocked()
        settings.setAutoLock(AutoLock.AFTER_1_MINUTE)
        lock.onProcessStop(0)
        lock.onProcessStart(59_999)
        assertTrue(lock.isUnlocked)
        lock.onProcessStop(100_000)
        lock.onProcessStart(160_000)
        assertFalse(lock.isUnlocked)
        assertEquals(VaultState.LOCKED, core.state)

        lock.editPassword(PASSWORD)
        lock.unlockWithPassword()
        settings.setAutoLock(AutoLock.IMMEDIATELY)
        lock.onProcessStop(200_000)
        assertFalse(lock.isUnlocked)

        lock.editPassword(PASSWORD)
        lock.unlockWithPassword()
        settings.setAutoLock(AutoLock.NEVER)
        lock.onProcessStop(0)
        lock.onProcessStart(Long.MAX_VALUE / 2)
        assertTrue(lock.isUnlocked)
    }

    @Test
    fun a_clock_that_goes_backwards_locks_rather_than_skipping_the_lock() {
        val policy = AutoLockPolicy({ AutoLock.AFTER_5_MINUTES })
        assertFalse(policy.onStop(1_000_000))
        assertTrue(policy.onStart(10_000), "negative time away cannot be trusted")
        assertFalse(policy.onStart(20_000), "no stop, nothing to decide")
    }

    @Test
    fun a_picker_launched_by_the_app_suspends_auto_lock_until_it_returns() {
        val lock = unlocked()
        settings.setAutoLock(AutoLock.IMMEDIATELY)
        lock.suspendAutoLock(1_000)
        lock.onProcessStop(1_700) // DocumentsUI covers the activity
        assertTrue(lock.isUnlocked, "choosing a file is not leaving the app")
        lock.onProcessStart(120_000) // two minutes in the picker, longer than any delay
        assertTrue(lock.isUnlocked)
        lock.resumeAutoLock()
        assertFalse(lock.autoLockSuspended)

        lock.onProcessStop(130_000) // now the user really leaves
        assertFalse(lock.isUnlocked)
    }

    @Test
    fun a_suspension_has_a_limit() {
        val lock = unlocked()
        settings.setAutoLock(AutoLock.AFTER_30_SECONDS)
        lock.suspendAutoLock(0)
        lock.onProcessStop(500)
        lock.onProcessStart(AutoLockPolicy.MAX_SUSPEND_MILLIS + 1)
        assertFalse(lock.isUnlocked, "a picker left open for longer than the limit is the user walking away")
        assertFalse(lock.autoLockSuspended)
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
    }

    @Test
    fun backups_reset_the_change_counter() {
        assertFalse(settings.backupUpToDate)
        settings.recordChanges(3)
        settings.recordBackup(1_000)
        assertTrue(settings.backupUpToDate)
        assertEquals(0, store.saved.changesSinceBackup)
        assertEquals(1_000, store.saved.lastBackupAtSeconds)
        settings.recordChanges()
        assertFalse(settings.backupUpToDate)
        settings.recordChanges(Int.MAX_VALUE)
        assertEquals(SettingsModel.MAX_COUNTED_CHANGES, settings.current.changesSinceBackup)
    }
}
