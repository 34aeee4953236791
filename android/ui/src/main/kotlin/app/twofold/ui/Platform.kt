package app.twofold.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Modifier
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.transfer.SaveTarget

/**
 * What the screens need from the device that plain Compose does not have.
 * Android implements it in `:app` (activity results, CameraX, system back);
 * the desktop tests implement it with files and scripted answers.
 */
interface Platform {
    /** Calls [onBack] on the system back gesture while this is composed. */
    @Composable
    fun BackHandler(onBack: () -> Unit)

    /** The live camera preview; each frame goes to [onFrame], which says whether it wants more. */
    @Composable
    fun CameraPreview(torchOn: Boolean, onFrame: (LumaFrame) -> Boolean, onTorchAvailable: (Boolean) -> Unit, modifier: Modifier)

    /**
     * The camera permission: [CameraAccess.granted] now, and [CameraAccess.request]
     * to ask, answered through [onResult]. [deniedBefore]/[onDenied] keep the
     * "denied once already" fact the system does not tell directly.
     */
    @Composable
    fun rememberCameraAccess(deniedBefore: () -> Boolean, onDenied: () -> Unit, onResult: (CameraPermission) -> Unit): CameraAccess

    /** A picker for one image; [onPicked] gets its bytes, or null when cancelled. */
    @Composable
    fun rememberImagePicker(onPicked: (ByteArray?) -> Unit): () -> Unit

    /** A picker for one file of [mimeTypes]; [onPicked] gets it, or null when cancelled. */
    @Composable
    fun rememberFilePicker(onPicked: (PickedFile?) -> Unit): (mimeTypes: List<String>) -> Unit

    /** Lets the user choose where to save a new file; [onTarget] gets it, or null when cancelled. */
    @Composable
    fun rememberFileSaver(mimeType: String, onTarget: (SaveTarget?) -> Unit): (suggestedName: String) -> Unit

    /** Opens the app's system settings page (to allow the camera after "don't ask again"). */
    fun openAppSettings()

    /** The system confirms each copy itself (Android 13+): no snackbar then. */
    val systemConfirmsCopy: Boolean

    /** "3 days ago", in the device's language. */
    fun relativeTime(epochMillis: Long, nowMillis: Long): String
}

/** The camera permission as the screens see it. */
interface CameraAccess {
    val granted: Boolean

    fun request()
}

/** A picked file: its bytes (already bounded by the platform) and its type. */
class PickedFile(val bytes: ByteArray, val mimeType: String)

val LocalPlatform = staticCompositionLocalOf<Platform> { error("no Platform provided") }
