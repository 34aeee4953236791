package app.twofold.presentation

import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.settings.LockMethodModel
import app.twofold.presentation.settings.LockMethodProblem
import app.twofold.presentation.settings.SettingsModel
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class LockMethodModelTest {
    private val core = FakeCore().apply { createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0) }
    private val store = MemoryStore()
    private val settings = SettingsModel(store)
    private var available = setOf(LockMethod.BIOMETRIC, LockMethod.DEVICE_CREDENTIAL)
    private val model = LockMethodModel(core, settings) { available }

    @Test
    fun switching_to_a_device_method_adds_the_platform_slot_after_the_prompt() {
        model.choose(LockMethod.DEVICE_CREDENTIAL)
        assertEquals(LockMethod.DEVICE_CREDENTIAL, model.state.value.pending)
        assertFalse(core.deviceSlot, "nothing changes before the user authenticates")
        model.apply(1_000)
        assertTrue(core.deviceSlot)
        assertEquals(LockMethod.DEVICE_CREDENTIAL, store.saved.lockMethod)
        assertEquals(LockMethod.DEVICE_CREDENTIAL, model.state.value.current)
        assertNull(model.state.value.pending)

        model.choose(LockMethod.PASSWORD)
        model.apply(2_000)
        assertFalse(core.deviceSlot, "back to the password: the platform slot is removed")
        assertEquals(LockMethod.PASSWORD, store.saved.lockMethod)
    }

    @Test
    fun a_dismissed_prompt_changes_nothing() {
        model.choose(LockMethod.BIOMETRIC)
        model.notAuthenticated()
        assertEquals(LockMethodProblem.NOT_AUTHENTICATED, model.state.value.problem)
        assertNull(model.state.value.pending)
        model.apply(0)
        assertFalse(core.deviceSlot)
        assertEquals(LockMethod.PASSWORD, settings.current.lockMethod)
    }

    @Test
    fun methods_the_device_lost_are_refused() {
        available = emptySet()
        model.refresh()
        assertEquals(false, model.state.value.available[LockMethod.BIOMETRIC])
        assertEquals(true, model.state.value.available[LockMethod.PASSWORD])
        model.choose(LockMethod.BIOMETRIC)
        assertEquals(LockMethodProblem.UNAVAILABLE, model.state.value.problem)
        assertNull(model.state.value.pending)
    }

    @Test
    fun a_vault_without_a_password_needs_an_up_to_date_encrypted_backup_first() {
        core.password = null
        model.choose(LockMethod.BIOMETRIC)
        assertEquals(LockMethodProblem.NEEDS_PASSWORD_OR_BACKUP, model.state.value.problem)
        settings.recordBackup(100)
        model.choose(LockMethod.BIOMETRIC)
        assertEquals(LockMethod.BIOMETRIC, model.state.value.pending)
        model.apply(200)
        model.choose(LockMethod.PASSWORD)
        assertEquals(LockMethodProblem.NEEDS_PASSWORD, model.state.value.problem, "password-only needs a password slot")
    }

    @Test
    fun a_core_refusal_is_reported_and_nothing_is_recorded() {
        settings.setLockMethod(LockMethod.BIOMETRIC)
        core.deviceSlot = true
        core.password = null
        settings.recordBackup(1)
        core.lock()
        model.choose(LockMethod.DEVICE_CREDENTIAL)
        model.apply(0)
        assertEquals(LockMethodProblem.FAILED, model.state.value.problem)
        assertEquals(LockMethod.BIOMETRIC, settings.current.lockMethod)
    }
}
