package app.twofold.presentation

import app.twofold.presentation.transfer.ExportFormat
import app.twofold.presentation.transfer.ExportModel
import app.twofold.presentation.transfer.ExportScreen
import app.twofold.presentation.transfer.SaveProblem
import app.twofold.presentation.transfer.SaveTarget
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.OutputStream
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** A created document, as a SAF provider would hand it over. */
class MemoryTarget(
    private val stream: Boolean = true,
    private val failWrite: Boolean = false,
    private val failClose: Boolean = false,
    private val deletable: Boolean = true,
) : SaveTarget {
    val written = ByteArrayOutputStream()
    var deleted = false

    override fun open(): OutputStream? = if (!stream) null else object : OutputStream() {
        override fun write(b: Int) {
            if (failWrite) throw IOException("No space left on device")
            written.write(b)
        }
        override fun write(b: ByteArray, off: Int, len: Int) {
            if (failWrite) throw IOException("No space left on device")
            written.write(b, off, len)
        }
        override fun close() {
            if (failClose) throw IOException("upload failed")
        }
    }

    override fun delete(): Boolean {
        deleted = deletable
        return deletable
    }
}

class SaveTargetTest {
    private val core = FakeCore().apply {
        createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0)
        add("ACME", "alice", secret = "S-ALICE")
    }
    private var backups = mutableListOf<Long>()
    private val model = ExportModel(core, onBackupCompleted = { backups += it })

    private fun ready(): ExportScreen.Ready = assertIs(model.state.value.screen)

    private fun backupReady() {
        model.choose(ExportFormat.TWOFOLD_BACKUP)
        model.editPassword(PASSWORD)
        model.editRepeat(PASSWORD)
        model.export(5_000)
    }

    @Test
    fun a_complete_write_is_saved_and_records_the_backup() {
        backupReady()
        val target = MemoryTarget()
        model.save(target, 9_000)
        assertContentEquals(ready().files.single().bytes, target.written.toByteArray())
        assertTrue(ready().complete)
        assertNull(ready().saveProblem)
        assertEquals(listOf(9L), backups)
        assertFalse(target.deleted)
    }

    @Test
    fun a_null_stream_is_an_error_and_the_empty_document_is_deleted() {
        backupReady()
        val target = MemoryTarget(stream = false)
        model.save(target, 0)
        assertEquals(SaveProblem.NO_STREAM, ready().saveProblem)
        assertEquals(0, ready().saved, "never counted as saved")
        assertTrue(target.deleted)
        assertFalse(ready().leftoverDocument)
        assertTrue(backups.isEmpty())

        model.save(MemoryTarget(), 0) // "Try again" with another document
        assertTrue(ready().complete)
        assertNull(ready().saveProblem)
    }

    @Test
    fun a_failing_write_or_close_is_an_error_with_the_reason() {
        backupReady()
        val full = MemoryTarget(failWrite = true)
        model.save(full, 0)
        assertEquals(SaveProblem.WRITE_FAILED, ready().saveProblem)
        assertEquals("No space left on device", ready().saveDetail)
        assertTrue(full.deleted)

        val upload = MemoryTarget(failClose = true, deletable = false)
        model.save(upload, 0)
        assertEquals(SaveProblem.WRITE_FAILED, ready().saveProblem)
        assertEquals("upload failed", ready().saveDetail)
        assertTrue(ready().leftoverDocument, "the user is told to delete what could not be deleted")
        assertTrue(backups.isEmpty())
    }

    @Test
    fun several_files_are_saved_one_after_the_other() {
        repeat(11) { core.add("Site $it", "user") }
        model.choose(ExportFormat.GOOGLE_QR)
        model.acknowledge(true)
        model.export(0)
        val count = ready().files.size
        assertTrue(count > 1)
        repeat(count) {
            assertEquals(ready().files[it], ready().next)
            model.save(MemoryTarget(), 0)
        }
        assertTrue(ready().complete)
        assertNull(ready().next)
        assertTrue(backups.isEmpty(), "unencrypted QR codes are not a backup")
    }
}
