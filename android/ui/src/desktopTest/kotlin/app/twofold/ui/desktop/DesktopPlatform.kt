package app.twofold.ui.desktop

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.transfer.SaveTarget
import app.twofold.ui.CameraAccess
import app.twofold.ui.PickedFile
import app.twofold.ui.Platform
import java.io.File
import java.io.OutputStream

/**
 * The [Platform] of the desktop tests: pickers answer from queues the test
 * fills, saved files land in [saveDir], the camera is a grey stand-in (CameraX
 * exists only on Android) that hands the screen the frames in [cameraFrames],
 * and back presses go to the innermost handler.
 */
class DesktopPlatform(private val saveDir: File) : Platform {
    var cameraGranted = false
    val filesToPick = ArrayDeque<PickedFile?>()
    val imagesToPick = ArrayDeque<ByteArray?>()
    val saved = mutableListOf<File>()
    private val backHandlers = ArrayDeque<() -> Unit>()

    /** The system back gesture. */
    fun pressBack() = backHandlers.last()()

    @Composable
    override fun BackHandler(onBack: () -> Unit) {
        val current by rememberUpdatedState(onBack)
        DisposableEffect(Unit) {
            val handler = { current() }
            backHandlers.addLast(handler)
            onDispose { backHandlers.remove(handler) }
        }
    }

    /** What the camera "sees": each frame goes to the screen's analyser, as CameraX would send it. */
    val cameraFrames = ArrayDeque<LumaFrame>()

    @Composable
    override fun CameraPreview(torchOn: Boolean, onFrame: (LumaFrame) -> Boolean, onTorchAvailable: (Boolean) -> Unit, modifier: Modifier) {
        val analyse by rememberUpdatedState(onFrame)
        LaunchedEffect(Unit) {
            onTorchAvailable(false)
            // Until the analyser says it is done (false) or the frames run out.
            while (true) {
                val frame = cameraFrames.removeFirstOrNull() ?: break
                if (!analyse(frame)) break
            }
        }
        Box(modifier.background(Color(0xFF303030)))
    }

    @Composable
    override fun rememberCameraAccess(deniedBefore: () -> Boolean, onDenied: () -> Unit, onResult: (CameraPermission) -> Unit): CameraAccess =
        object : CameraAccess {
            override val granted: Boolean get() = cameraGranted

            override fun request() {
                if (!cameraGranted) onDenied()
                onResult(if (cameraGranted) CameraPermission.GRANTED else CameraPermission.DENIED)
            }
        }

    @Composable
    override fun rememberImagePicker(onPicked: (ByteArray?) -> Unit): () -> Unit = { onPicked(imagesToPick.removeFirstOrNull()) }

    @Composable
    override fun rememberFilePicker(onPicked: (PickedFile?) -> Unit): (mimeTypes: List<String>) -> Unit =
        { _ -> onPicked(filesToPick.removeFirstOrNull()) }

    @Composable
    override fun rememberFileSaver(mimeType: String, onTarget: (SaveTarget?) -> Unit): (suggestedName: String) -> Unit = { name ->
        val file = File(saveDir, name).also { it.createNewFile() }
        saved += file
        onTarget(FileTarget(file))
    }

    override fun openAppSettings() = Unit

    override val systemConfirmsCopy: Boolean = false

    override fun relativeTime(epochMillis: Long, nowMillis: Long): String {
        val days = (nowMillis - epochMillis) / 86_400_000
        return if (days == 1L) "1 day ago" else "$days days ago" // stands in for Android's DateUtils
    }
}

private class FileTarget(private val file: File) : SaveTarget {
    override fun open(): OutputStream = file.outputStream()

    override fun delete(): Boolean = file.delete()
}
