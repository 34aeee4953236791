package app.twofold.android.platform

import android.Manifest
import android.app.Activity
import android.content.ContentResolver
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.provider.DocumentsContract
import android.provider.Settings
import android.text.format.DateUtils
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.material3.ColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.core.content.ContextCompat
import app.twofold.android.camera.CameraScanner
import app.twofold.presentation.LumaFrame
import app.twofold.presentation.enroll.CameraPermission
import app.twofold.presentation.enroll.CameraPermissionRule
import app.twofold.presentation.transfer.SaveTarget
import app.twofold.ui.CameraAccess
import app.twofold.ui.PickedFile
import app.twofold.ui.Platform
import java.io.ByteArrayOutputStream
import java.io.InputStream
import java.io.OutputStream
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Largest picked file read into memory (a 12 MP JPEG is ~5 MB; exports are far smaller). */
private const val MAX_PICKED_BYTES = 40 * 1024 * 1024

/** The stream's bytes, or null when it is longer than [limit] (never reads more than limit + 1 chunk). */
internal fun readAtMost(input: InputStream, limit: Int): ByteArray? {
    val out = ByteArrayOutputStream()
    val chunk = ByteArray(64 * 1024)
    while (true) {
        val read = input.read(chunk)
        if (read < 0) return out.toByteArray()
        out.write(chunk, 0, read)
        if (out.size() > limit) return null
    }
}

/** Material You colours from the wallpaper on Android 12+; null before (the Twofold blue). */
fun dynamicColors(context: Context, dark: Boolean): ColorScheme? = when {
    Build.VERSION.SDK_INT < Build.VERSION_CODES.S -> null
    dark -> dynamicDarkColorScheme(context)
    else -> dynamicLightColorScheme(context)
}

@Composable
fun rememberAndroidPlatform(): Platform {
    val context = LocalContext.current
    return remember(context) { AndroidPlatform(context) }
}

/** The shared screens' [Platform] on Android: activity results, CameraX, the system back gesture. */
private class AndroidPlatform(private val context: Context) : Platform {
    @Composable
    override fun BackHandler(onBack: () -> Unit) = androidx.activity.compose.BackHandler(onBack = onBack)

    @Composable
    override fun CameraPreview(torchOn: Boolean, onFrame: (LumaFrame) -> Boolean, onTorchAvailable: (Boolean) -> Unit, modifier: Modifier) =
        CameraScanner(torchOn = torchOn, onFrame = onFrame, onTorchAvailable = onTorchAvailable, modifier = modifier)

    @Composable
    override fun rememberCameraAccess(deniedBefore: () -> Boolean, onDenied: () -> Unit, onResult: (CameraPermission) -> Unit): CameraAccess {
        // shouldShowRequestPermissionRationale just before and after the request: a dismissed dialog and
        // a "don't ask again" both come back as "not granted, no rationale" (CameraPermissionRule).
        var rationaleBefore by remember { mutableStateOf(false) }
        fun rationale() = (context as? Activity)?.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA) == true
        val launcher = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
            val rationaleAfter = rationale()
            if (CameraPermissionRule.recordsDenial(granted, rationaleAfter)) onDenied()
            onResult(CameraPermissionRule.afterRequest(granted, rationaleBefore, rationaleAfter, deniedBefore()))
        }
        return object : CameraAccess {
            override val granted: Boolean
                get() = ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED

            override fun request() {
                rationaleBefore = rationale()
                launcher.launch(Manifest.permission.CAMERA)
            }
        }
    }

    @Composable
    override fun rememberImagePicker(onPicked: (ByteArray?) -> Unit): () -> Unit {
        val scope = rememberCoroutineScope()
        val launcher = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri: Uri? ->
            if (uri == null) {
                onPicked(null)
            } else {
                scope.launch { onPicked(read(uri) ?: ByteArray(0)) }
            }
        }
        // The system photo picker (API 33+, or Play's backport); DocumentsUI before.
        return { launcher.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly)) }
    }

    @Composable
    override fun rememberFilePicker(onPicked: (PickedFile?) -> Unit): (mimeTypes: List<String>) -> Unit {
        val scope = rememberCoroutineScope()
        val launcher = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri: Uri? ->
            if (uri == null) {
                onPicked(null)
            } else {
                scope.launch {
                    val mime = context.contentResolver.getType(uri).orEmpty()
                    onPicked(PickedFile(read(uri) ?: ByteArray(0), mime))
                }
            }
        }
        return { types -> launcher.launch(types.toTypedArray()) }
    }

    @Composable
    override fun rememberFileSaver(mimeType: String, onTarget: (SaveTarget?) -> Unit): (suggestedName: String) -> Unit {
        val launcher = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument(mimeType)) { uri: Uri? ->
            onTarget(uri?.let { DocumentTarget(context.contentResolver, it) })
        }
        return { name -> launcher.launch(name) }
    }

    override fun openAppSettings() {
        context.startActivity(Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)))
    }

    // Android 13+ confirms every copy itself (the system clipboard overlay); a snackbar would say it twice.
    // https://developer.android.com/develop/ui/views/touch-and-input/copy-paste#duplicate-notifications
    override val systemConfirmsCopy: Boolean = Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU

    override fun relativeTime(epochMillis: Long, nowMillis: Long): String =
        DateUtils.getRelativeTimeSpanString(epochMillis, nowMillis, DateUtils.MINUTE_IN_MILLIS).toString()

    /** The document's bytes (bounded), or null when unreadable or too large. */
    private suspend fun read(uri: Uri): ByteArray? = withContext(Dispatchers.IO) {
        runCatching { context.contentResolver.openInputStream(uri)?.use { readAtMost(it, MAX_PICKED_BYTES) } }.getOrNull()
    }
}

/** A document created by ACTION_CREATE_DOCUMENT, for ExportModel.save. */
private class DocumentTarget(private val resolver: ContentResolver, private val uri: Uri) : SaveTarget {
    // "wt": truncate, in case the provider handed over an existing document.
    override fun open(): OutputStream? = resolver.openOutputStream(uri, "wt")

    override fun delete(): Boolean = try {
        DocumentsContract.deleteDocument(resolver, uri)
    } catch (_: Exception) {
        // FileNotFoundException, SecurityException, UnsupportedOperationException from providers.
        false
    }
}
