package app.twofold.presentation

import app.twofold.presentation.lock.LockMethod
import app.twofold.presentation.lock.LockModel
import app.twofold.presentation.lock.LockProblem
import app.twofold.presentation.lock.LockScreen
import app.twofold.presentation.settings.RecoveryPasswordModel
import app.twofold.presentation.settings.SettingsModel
import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportPasswordProblem
import app.twofold.presentation.transfer.ExportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Every screen where a NEW password is chosen shows the core's estimate as it
 * is typed, keeps its button off below the core's floor, and turns the core's
 * floor refusal into a state (the fake's canned estimates stand in for the
 * core; its floor is their `acceptable`).
 */
class PasswordStrengthTest {
    private val core = FakeCore()
    private val weak = PasswordStrength(1, 3.2, PasswordWeakness.COMMON_PASSWORD, acceptable = false)
    private val fair = PasswordStrength(2, 6.5, PasswordWeakness.SINGLE_WORD, acceptable = true)
    private val strong = PasswordStrength(4, 12.0, null, acceptable = true)

    init {
        core.strengths["dragon12345"] = weak
        core.strengths["kettle plums"] = fair
        core.strengths["plum kettle ravine 42"] = strong
    }

    private fun lockModel(): LockModel {
        val settings = SettingsModel(MemoryStore())
        return LockModel(
            core = core,
            availableMethods = { setOf(LockMethod.BIOMETRIC) },
            lockMethod = { settings.current.lockMethod },
            autoLock = { settings.current.autoLock },
            onCreated = settings::setLockMethod,
        )
    }

    private fun LockModel.setup() = assertIs<LockScreen.Setup>(state.value.screen)
    private fun ExportModel.form() = assertIs<ExportScreen.Password>(state.value.screen)

    @Test
    fun setup_shows_the_core_estimate_as_the_recovery_password_is_typed() {
        val lock = lockModel()
        assertNull(lock.setup().strength, "nothing typed, nothing estimated")

        lock.setPassword("dragon12345")
        lock.setPasswordRepeat("dragon12345")
        assertEquals(weak, lock.setup().strength, "score, weakness key and acceptable come from the core")
        assertEquals(LockProblem.PASSWORD_TOO_WEAK, lock.setup().problem)
        assertFalse(lock.setup().canCreate, "typed twice, but below the floor")
        lock.create(0)
        assertEquals(VaultState.NO_VAULT, core.state, "Create does nothing while the password is not acceptable")

        lock.setPassword("kettle plums")
        assertEquals(fair, lock.setup().strength, "re-estimated on every keystroke")
        assertEquals(LockProblem.PASSWORDS_DIFFER, lock.setup().problem)
        lock.setPasswordRepeat("kettle plums")
        assertNull(lock.setup().problem)
        assertTrue(lock.setup().canCreate, "the core's floor, not a length, decides: a fair 12-character password is enough")
        assertTrue("kettle plums" in core.strengthCalls)

        lock.setPassword("")
        assertNull(lock.setup().strength)
    }

    @Test
    fun setup_turns_the_core_floor_refusal_into_a_state() {
        core.floorRefuses += "kettle plums"
        val lock = lockModel()
        lock.chooseMethod(LockMethod.PASSWORD)
        lock.setPassword("kettle plums")
        lock.setPasswordRepeat("kettle plums")
        assertTrue(lock.setup().canCreate)
        lock.create(0)
        val refused = lock.setup()
        assertEquals(LockProblem.PASSWORD_TOO_WEAK, refused.problem)
        assertNull(refused.detail, "a key for the app's text, not the core's English")
        assertFalse(refused.canCreate)
        assertEquals(fair, refused.strength)
        assertEquals(VaultState.NO_VAULT, core.state)
        assertFalse(refused.toString().contains("kettle"))

        lock.setPassword("plum kettle ravine 42")
        lock.setPasswordRepeat("plum kettle ravine 42")
        lock.create(0)
        assertEquals(LockScreen.Unlocked, lock.state.value.screen)
        assertEquals("plum kettle ravine 42", core.password)
    }

    @Test
    fun an_encrypted_export_shows_the_estimate_and_waits_for_an_acceptable_password() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.add("ACME", "alice", secret = "S-ALICE")
        val model = ExportModel(core)
        model.choose(ExportFormat.AEGIS)
        assertNull(model.form().strength)

        model.editPassword("dragon12345")
        model.editRepeat("dragon12345")
        assertEquals(weak, model.form().strength)
        assertEquals(ExportPasswordProblem.TOO_WEAK, model.form().problem)
        assertFalse(model.form().canExport)
        model.export(0)
        assertTrue(core.exportCalls.isEmpty(), "nothing is produced below the floor")

        model.editPassword("plum kettle ravine 42")
        assertEquals(strong, model.form().strength)
        model.editRepeat("plum kettle ravine 42")
        assertTrue(model.form().canExport)
        model.export(0)
        assertIs<ExportScreen.Ready>(model.state.value.screen)
        assertEquals(listOf("aegis/plum kettle ravine 42"), core.exportCalls)
    }

    @Test
    fun an_export_floor_refusal_returns_to_the_password_form_as_a_state() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.add("ACME", "alice", secret = "S-ALICE")
        core.floorRefuses += "kettle plums"
        val model = ExportModel(core)
        model.choose(ExportFormat.TWOFOLD_BACKUP)
        model.editPassword("kettle plums")
        model.editRepeat("kettle plums")
        assertTrue(model.form().canExport)
        model.export(0)
        val refused = model.form()
        assertEquals(ExportPasswordProblem.TOO_WEAK, refused.problem, "not ExportScreen.Failed with the core's English")
        assertFalse(refused.canExport)
        assertEquals(fair, refused.strength)
        assertTrue(core.exportCalls.isEmpty())

        model.editPassword("plum kettle ravine 42")
        model.editRepeat("plum kettle ravine 42")
        model.export(0)
        assertIs<ExportScreen.Ready>(model.state.value.screen)
    }

    @Test
    fun changing_the_recovery_password_shows_the_estimate_and_saves_only_an_acceptable_one() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        val model = RecoveryPasswordModel(core)
        assertNull(model.state.value.strength)
        assertFalse(model.state.value.canSave)

        model.editPassword("dragon12345")
        assertEquals(weak, model.state.value.strength)
        assertEquals(LockProblem.PASSWORD_TOO_WEAK, model.state.value.problem)
        model.editRepeat("dragon12345")
        assertFalse(model.state.value.canSave, "typed twice, but below the floor")
        model.save(0)
        assertEquals(PASSWORD, core.password, "nothing changed")

        model.editPassword("plum kettle ravine 42")
        assertEquals(strong, model.state.value.strength)
        assertEquals(LockProblem.PASSWORDS_DIFFER, model.state.value.problem)
        model.editRepeat("plum kettle ravine 42")
        assertNull(model.state.value.problem)
        assertTrue(model.state.value.canSave)
        assertFalse(model.state.value.toString().contains("plum"))
        model.save(0)
        assertTrue(model.state.value.saved)
        assertEquals("", model.state.value.password, "the typed password is not kept")
        assertEquals("plum kettle ravine 42", core.password)
    }

    @Test
    fun a_recovery_password_floor_refusal_is_a_state_and_keeps_the_old_password() {
        core.createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        core.floorRefuses += "kettle plums"
        val model = RecoveryPasswordModel(core)
        model.editPassword("kettle plums")
        assertNull(model.state.value.problem, "no mismatch shown before the repeat is typed")
        model.editRepeat("kettle plums")
        model.save(0)
        val refused = model.state.value
        assertEquals(LockProblem.PASSWORD_TOO_WEAK, refused.problem)
        assertNull(refused.detail)
        assertFalse(refused.canSave)
        assertFalse(refused.saved)
        assertEquals(PASSWORD, core.password)

        core.lock()
        model.editPassword("plum kettle ravine 42")
        model.editRepeat("plum kettle ravine 42")
        model.save(0)
        assertEquals(LockProblem.VAULT_ERROR, model.state.value.problem, "any other failure keeps the core's reason as the detail")
        assertEquals(PASSWORD, core.password)
    }
}
