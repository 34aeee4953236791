package app.twofold.presentation

import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.CameraPermissionRule
import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportScreen
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs

/** The backup banner of the codes list, fed by the change counter and last backup the app keeps. */
class BackupReminderTest {
    private val core = FakeCore().apply { createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0) }
    private val store = MemoryStore()
    private val now = 1_700_000_000_000L
    private val app = AppModel(core, store, availableMethods = { emptySet() }).apply {
        lock.editPassword(PASSWORD)
        lock.unlockWithPassword()
    }

    private fun banner() = app.codes.state.value.backupReminder

    @Test
    fun never_backed_up_then_up_to_date_after_an_encrypted_export_then_changes_count() {
        core.add("ACME", "alice")
        core.add("Bank", "bob")
        app.onLockChanged(unlocked = true, nowMillis = now)
        assertEquals(BackupReminder.NeverBackedUp(2), banner())

        app.openSettings()
        val export = app.startExport()
        export.choose(ExportFormat.TWOFOLD_BACKUP)
        export.editPassword(PASSWORD)
        export.editRepeat(PASSWORD)
        export.export(now)
        export.save(MemoryTarget(), now)
        assertEquals(now / 1000, store.saved.lastBackupAtSeconds)
        app.codes.load(now)
        assertEquals(BackupReminder.UpToDate, banner())

        val ids = app.codes.state.value.rows.map { it.id }
        app.codes.rename(ids[0], "ACME", "alice2", now)
        app.codes.delete(ids[1], now)
        app.codes.undoDelete(now)
        assertEquals(3, store.saved.changesSinceBackup)
        app.codes.load(now + 86_400_000)
        assertEquals(BackupReminder.ChangesNotBackedUp(3, now / 1000), banner())
    }

    @Test
    fun an_unencrypted_or_unfinished_export_is_not_a_backup() {
        core.add("ACME", "alice")
        val export = app.startExport()
        export.choose(ExportFormat.OTPAUTH_LIST)
        export.acknowledge(true)
        export.export(now)
        export.save(MemoryTarget(), now)
        assertEquals(null, store.saved.lastBackupAtSeconds)

        export.back()
        export.choose(ExportFormat.AEGIS)
        export.editPassword(PASSWORD)
        export.editRepeat(PASSWORD)
        export.export(now)
        export.save(MemoryTarget(stream = false), now)
        assertEquals(null, store.saved.lastBackupAtSeconds, "a failed save records nothing")
        assertIs<ExportScreen.Ready>(export.state.value.screen)
    }

    @Test
    fun enrollments_and_imports_count_as_changes() {
        app.onLockChanged(unlocked = true, nowMillis = now)
        val enrollment = app.startEnrollment()
        enrollment.onLink("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP")
        enrollment.confirm(now)
        enrollment.codeEntered()
        enrollment.skipRecoveryCode()
        app.onEnrollmentScreen(enrollment.state.value.screen, now)
        assertEquals(1, store.saved.changesSinceBackup)

        core.files["2fas"] = FakeCore.FakeFile(
            ImportSummary(ImportFormat.TWO_FAS, listOf("X (a)", "Y (b)"), emptyList()),
            listOf("S-X", "S-Y"),
        )
        val importing = app.startImport()
        importing.onFile("2fas".toByteArray())
        importing.confirm(now)
        assertIs<ImportScreen.Done>(importing.state.value.screen)
        assertEquals(3, store.saved.changesSinceBackup)
    }
}

class CameraPermissionRuleTest {
    @Test
    fun a_dismissed_first_dialog_is_a_plain_denial() {
        assertEquals(CameraPermission.DENIED, CameraPermissionRule.afterRequest(false, rationaleBefore = false, rationaleAfter = false, deniedBefore = false))
    }

    @Test
    fun a_real_denial_can_be_asked_again_and_a_second_one_is_permanent() {
        assertEquals(CameraPermission.DENIED, CameraPermissionRule.afterRequest(false, rationaleBefore = false, rationaleAfter = true, deniedBefore = false))
        assertEquals(true, CameraPermissionRule.recordsDenial(false, rationaleAfter = true))
        assertEquals(CameraPermission.DENIED, CameraPermissionRule.afterRequest(false, rationaleBefore = true, rationaleAfter = true, deniedBefore = true), "dismissed second dialog")
        assertEquals(CameraPermission.DENIED_PERMANENTLY, CameraPermissionRule.afterRequest(false, rationaleBefore = true, rationaleAfter = false, deniedBefore = true))
        assertEquals(CameraPermission.DENIED_PERMANENTLY, CameraPermissionRule.afterRequest(false, rationaleBefore = false, rationaleAfter = false, deniedBefore = true), "the system no longer asks")
        assertEquals(CameraPermission.GRANTED, CameraPermissionRule.afterRequest(true, rationaleBefore = true, rationaleAfter = false, deniedBefore = true))
    }
}
