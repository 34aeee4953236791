package app.twofold.presentation

import app.twofold.presentation.lock.LockScreen
import app.twofold.presentation.settings.AutoLock
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

/**
 * The lock is owned by the process (the Application's AppModel, fed by
 * ProcessLifecycleOwner), not by an activity. An "activity" here is what
 * MainActivity does: it takes the process's model through a ViewModel,
 * renders it, and goes away (Back on Android 8–11, "Don't keep activities",
 * an OEM task killer) without any say over the lock.
 */
class ProcessLockTest {
    private val core = FakeCore().apply {
        createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        add("ACME", "alice")
    }
    private val store = MemoryStore()
    private val now = 1_700_000_000_000L

    /** The Application: one model for the process. */
    private val process = AppModel(core, store, availableMethods = { emptySet() })

    /** A ViewModel of one activity instance: holds the process's model, and is cleared when the activity finishes. */
    private inner class ActivityViewModel {
        val model: AppModel get() = process
        fun onCleared() = Unit // nothing to remove: the lifecycle observer belongs to the Application
        fun shownLock() = model.lock.state.value.screen
    }

    private fun unlock() {
        process.lock.editPassword(PASSWORD)
        process.lock.unlockWithPassword()
        process.onLockChanged(unlocked = true, nowMillis = now)
        check(process.lock.isUnlocked)
    }

    @Test
    fun a_recreated_activity_sees_the_vault_locked_after_the_timeout() {
        process.settings.setAutoLock(AutoLock.AFTER_30_SECONDS)
        val first = ActivityViewModel()
        unlock()
        assertEquals(1, first.model.codes.state.value.rows.size)

        process.onProcessStop(10_000) // Back on the codes list: the activity stops…
        first.onCleared() // …finishes, and its ViewModel is cleared
        process.onProcessStart(40_001) // the user opens the app again 30 s later

        val second = ActivityViewModel()
        assertIs<LockScreen.Locked>(second.shownLock())
        assertEquals(VaultState.LOCKED, core.state)
        assertTrue(second.model.codes.state.value.rows.isEmpty(), "no code is left in memory for the new activity")
    }

    @Test
    fun clearing_a_view_model_does_not_leave_the_vault_unlocked() {
        process.settings.setAutoLock(AutoLock.AFTER_1_MINUTE)
        val first = ActivityViewModel()
        unlock()
        process.onProcessStop(0)
        first.onCleared()
        // No activity exists now; the process-level timer still locks on return…
        process.onProcessStart(61_000)
        assertFalse(process.lock.isUnlocked)
        // …and a model built afresh (a new process over an open vault) never starts unlocked.
        core.unlockWithPassword(PASSWORD)
        val fresh = AppModel(core, store, availableMethods = { emptySet() })
        assertIs<LockScreen.Locked>(fresh.lock.state.value.screen)
        assertEquals(VaultState.LOCKED, core.state)
    }

    @Test
    fun a_lock_while_no_activity_exists_drops_codes_and_flows_at_once() {
        process.settings.setAutoLock(AutoLock.IMMEDIATELY)
        unlock()
        process.openSettings()
        process.startImport()
        process.onProcessStop(0)
        assertNull(process.importing.value)
        assertTrue(process.codes.state.value.rows.isEmpty())
        assertEquals(Destination.CODES, process.destination.value)
    }

    @Test
    fun the_picker_result_reaches_the_import_that_asked_for_it() {
        process.settings.setAutoLock(AutoLock.IMMEDIATELY)
        core.files["aegis"] = FakeCore.FakeFile(
            ImportSummary(ImportFormat.AEGIS, listOf("Bank (bob)"), emptyList()),
            listOf("S-BOB"),
        )
        unlock()
        process.openSettings()
        val importing = process.startImport()

        process.externalScreenOpening(1_000) // OpenDocument is launched
        process.onProcessStop(1_700)
        process.onProcessStart(95_000) // a minute and a half choosing the file
        process.externalScreenClosed() // the result callback runs first…
        importing.onFile("aegis".toByteArray()) // …then hands the file over

        assertTrue(process.lock.isUnlocked)
        assertSame(importing, process.importing.value)
        assertIs<ImportScreen.Review>(importing.state.value.screen)
        importing.confirm(now)
        assertEquals(1, assertIs<ImportScreen.Done>(importing.state.value.screen).added)
    }

    @Test
    fun without_the_suspension_the_picker_would_lock_the_vault() {
        process.settings.setAutoLock(AutoLock.IMMEDIATELY)
        unlock()
        process.openSettings()
        process.startImport()
        process.onProcessStop(1_700) // a picker opened without telling the model
        assertFalse(process.lock.isUnlocked)
        assertNull(process.importing.value, "the flow is gone: the file would have been dropped")
    }
}
