package app.twofold.presentation

import app.twofold.presentation.enroll.EnrollmentModel
import app.twofold.presentation.transfer.ExportScanHint
import app.twofold.presentation.transfer.ImportModel
import app.twofold.presentation.transfer.ImportScreen
import org.junit.jupiter.api.Test
import java.nio.ByteBuffer
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

class CameraImportTest {
    private val core = FakeCore().apply { createVault(PASSWORD, withDeviceKey = false, nowSeconds = 0) }
    private val frame = LumaFrame(ByteBuffer.allocateDirect(16), 4, 4, 4)

    private fun part(index: Int, size: Int = 5, batchId: Int = 7): String {
        val name = "google-$batchId-$index"
        core.files[name] = FakeCore.FakeFile(
            ImportSummary(ImportFormat.GOOGLE_AUTHENTICATOR, listOf("Site $index (user)"), emptyList(), GoogleBatch(batchId, index, size)),
            listOf("S-$index"),
        )
        return name
    }

    private fun ImportModel.screen() = state.value.screen

    @Test
    fun the_camera_collects_a_multi_code_export_and_says_which_codes_are_missing() {
        val model = ImportModel(core)
        model.startCameraScan()
        val empty = assertIs<ImportScreen.ScanExport>(model.screen())
        assertNull(empty.total)
        assertFalse(empty.canImportPartial)

        core.cameraFrames.addAll(listOf(null, part(0), part(0), "account", part(2), part(4, batchId = 9)))
        repeat(3) { assertTrue(model.onFrame(frame)) }
        val one = assertIs<ImportScreen.ScanExport>(model.screen())
        assertEquals(1, one.scanned)
        assertEquals(5, one.total)
        assertEquals(listOf(2, 3, 4, 5), one.missing)
        model.onFrame(frame)
        assertEquals(ExportScanHint.SETUP_CODE, assertIs<ImportScreen.ScanExport>(model.screen()).hint)
        model.onFrame(frame)
        val three = assertIs<ImportScreen.ScanExport>(model.screen())
        assertEquals(2, three.scanned)
        assertEquals(listOf(2, 4, 5), three.missing)
        assertNull(three.hint)
        model.onFrame(frame)
        assertEquals(ExportScanHint.OTHER_EXPORT, assertIs<ImportScreen.ScanExport>(model.screen()).hint)

        core.cameraFrames.addAll(listOf(part(1), part(3), part(4)))
        repeat(2) { model.onFrame(frame) }
        assertFalse(model.onFrame(frame), "complete: the camera can stop")
        val review = assertIs<ImportScreen.Review>(model.screen())
        assertEquals(5, review.accounts.size)
        assertEquals(0, core.scannersOpen, "the scanner is released")
        model.confirm(0)
        assertEquals(5, assertIs<ImportScreen.Done>(model.screen()).added)
    }

    @Test
    fun a_partial_camera_collection_is_imported_only_on_request_and_leaving_releases_the_scanner() {
        val model = ImportModel(core)
        model.startCameraScan()
        core.cameraFrames.addAll(listOf(part(0, size = 3), part(2, size = 3)))
        repeat(2) { model.onFrame(frame) }
        assertTrue(assertIs<ImportScreen.ScanExport>(model.screen()).canImportPartial)
        model.stopCameraScan()
        val parts = assertIs<ImportScreen.GoogleParts>(model.screen())
        assertEquals(listOf(2), parts.missing, "what was read is kept")
        assertEquals(0, core.scannersOpen)
        model.startCameraScan()
        assertEquals(listOf(2), assertIs<ImportScreen.ScanExport>(model.screen()).missing)
        model.importScannedParts()
        assertEquals(2, assertIs<ImportScreen.Review>(model.screen()).accounts.size)
        model.close()
        assertEquals(0, core.scannersOpen)
        assertTrue(core.openPending.isEmpty())
    }

    @Test
    fun the_enrollment_camera_hands_a_google_export_to_the_import_camera() {
        val app = AppModel(core, MemoryStore(), availableMethods = { emptySet() })
        app.lock.editPassword(PASSWORD)
        app.lock.unlockWithPassword()
        app.startEnrollment()
        val importing = app.scanGoogleExport(0)
        assertNull(app.enrollment.value)
        assertEquals(Destination.IMPORT, app.destination.value)
        assertIs<ImportScreen.ScanExport>(importing.state.value.screen)
        assertTrue(core.lastSession!!.closed)
    }

    @Test
    fun decoding_a_picked_image_does_not_hold_the_lock_the_tick_waits_on() {
        val model = EnrollmentModel(core)
        model.choose(EnrollMethod.IMAGE)
        model.pickerLaunched()
        val scanning = CountDownLatch(1)
        val release = CountDownLatch(1)
        core.onSubmitImage = {
            scanning.countDown()
            release.await(5, TimeUnit.SECONDS)
        }
        val worker = thread { model.onImage(byteArrayOf(1)) }
        assertTrue(scanning.await(5, TimeUnit.SECONDS))
        // The UI thread's tick while the image is being decoded on the worker.
        val ticked = CountDownLatch(1)
        val ui = thread { model.tick(0); ticked.countDown() }
        val tickReturned = ticked.await(2, TimeUnit.SECONDS)
        release.countDown()
        worker.join(5_000)
        ui.join(5_000)
        assertTrue(tickReturned, "tick waited for the image decoding")
        assertFalse(model.state.value.screen is app.twofold.presentation.enroll.EnrollScreen.Image)
    }
}
