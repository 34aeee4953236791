package app.twofold.android.camera

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import app.twofold.presentation.LumaFrame
import java.nio.Buffer

/**
 * CameraX analyzer (runs on the analysis executor, never the main thread):
 * hands plane 0 (Y, luma) of each YUV_420_888 frame with its row stride to the
 * scanner. The plane's buffer is direct, so the core reads it in place (zero
 * copy) during the call; the frame is closed right after. With
 * STRATEGY_KEEP_ONLY_LATEST, frames that arrive while one is being scanned are
 * dropped, so the scanner never falls behind the camera.
 *
 * [onFrame] returns whether more frames are wanted; once it says no (a code
 * was found, or the screen left scanning) the analyzer only closes frames.
 */
class QrFrameAnalyzer(private val onFrame: (LumaFrame) -> Boolean) : ImageAnalysis.Analyzer {
    @Volatile
    private var wanted = true

    override fun analyze(image: ImageProxy) {
        image.use { frame ->
            if (!wanted) return
            val plane = frame.planes[0]
            // The core reads from the buffer's start; the last row may be shorter than
            // rowStride (CameraX omits the final padding), which the core accepts.
            val luma = plane.buffer
            // Through Buffer: ByteBuffer's covariant rewind() does not exist before Android 14.
            (luma as Buffer).rewind()
            wanted = onFrame(LumaFrame(luma, frame.width, frame.height, plane.rowStride))
        }
    }
}
