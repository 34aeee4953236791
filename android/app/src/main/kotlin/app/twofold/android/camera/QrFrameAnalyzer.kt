package app.twofold.android.camera

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import app.twofold.presentation.LumaFrame

/**
 * CameraX analyzer (runs on the analysis executor, never the main thread):
 * copies plane 0 (Y, luma) of each YUV_420_888 frame with its row stride and
 * hands it to the scanner. With STRATEGY_KEEP_ONLY_LATEST, frames that arrive
 * while one is being scanned are dropped, so the scanner never falls behind.
 *
 * [onFrame] returns whether more frames are wanted; once it says no (a code
 * was found, or the screen left scanning) the analyzer stops copying.
 */
class QrFrameAnalyzer(private val onFrame: (LumaFrame) -> Boolean) : ImageAnalysis.Analyzer {
    @Volatile
    private var wanted = true

    /** Reused between frames: one allocation for the whole scanning session. */
    private var buffer = ByteArray(0)

    override fun analyze(image: ImageProxy) {
        image.use { frame ->
            if (!wanted) return
            val plane = frame.planes[0]
            val source = plane.buffer
            source.rewind()
            val size = source.remaining()
            if (buffer.size != size) buffer = ByteArray(size)
            source.get(buffer, 0, size)
            // The last row of plane 0 may be shorter than rowStride: the core
            // reads width bytes per row and handles the short tail.
            wanted = onFrame(LumaFrame(buffer, frame.width, frame.height, plane.rowStride))
        }
    }

    /** Scanning resumes (the user came back to the camera screen). */
    fun resume() {
        wanted = true
    }
}
