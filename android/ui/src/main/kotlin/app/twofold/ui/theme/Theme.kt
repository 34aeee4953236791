package app.twofold.ui.theme

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.ColorScheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.runtime.CompositionLocalProvider
import app.twofold.ui.LocalTexts
import app.twofold.ui.LocalPlatform
import app.twofold.ui.Platform
import app.twofold.ui.Texts

private val Light = lightColorScheme(
    primary = Color(0xFF1B4B8C),
    onPrimary = Color.White,
    primaryContainer = Color(0xFFD6E3FF),
    onPrimaryContainer = Color(0xFF001B3E),
    error = Color(0xFFBA1A1A),
)

private val Dark = darkColorScheme(
    // The same colour as values-night/colors.xml `background`: no flash between window and Compose.
    background = Color(0xFF1A1C1E),
    surface = Color(0xFF1A1C1E),
    primary = Color(0xFFA9C7FF),
    onPrimary = Color(0xFF003063),
    primaryContainer = Color(0xFF00468C),
    onPrimaryContainer = Color(0xFFD6E3FF),
    error = Color(0xFFFFB4AB),
)

/**
 * Material 3 in the Twofold blue, or the platform's [dynamicColors] (Android 12+
 * wallpaper colours) when it has them; provides the [texts] and [platform] the
 * screens read.
 */
@Composable
fun TwofoldTheme(
    texts: Texts,
    platform: Platform,
    dark: Boolean = isSystemInDarkTheme(),
    dynamicColors: (dark: Boolean) -> ColorScheme? = { null },
    content: @Composable () -> Unit,
) {
    val colors = dynamicColors(dark) ?: if (dark) Dark else Light
    CompositionLocalProvider(LocalTexts provides texts, LocalPlatform provides platform) {
        MaterialTheme(colorScheme = colors, content = content)
    }
}
