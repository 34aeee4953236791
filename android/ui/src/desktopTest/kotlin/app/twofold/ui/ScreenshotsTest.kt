package app.twofold.ui

import app.twofold.ui.desktop.Screenshots
import java.awt.Color
import java.awt.Font
import java.awt.RenderingHints
import java.awt.image.BufferedImage
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import org.junit.jupiter.api.Test

/** The reference comparison lets font rendering vary and catches layout and theme changes. */
class ScreenshotsTest {
    /** A phone-sized screen: a title, lines of text, and (optionally) a filled button. */
    private fun screen(font: String, dark: Boolean = false, button: Boolean = true, textShift: Int = 0): BufferedImage {
        val image = BufferedImage(540, 1140, BufferedImage.TYPE_INT_RGB)
        val g = image.createGraphics()
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.color = if (dark) Color(0x1A1C1E) else Color(0xFDFBFF)
        g.fillRect(0, 0, image.width, image.height)
        g.color = if (dark) Color(0xE3E2E6) else Color(0x1A1C1E)
        g.font = Font(font, Font.PLAIN, 36)
        g.drawString("Protect your codes", 36 + textShift, 80)
        g.font = Font(font, Font.PLAIN, 22)
        for (line in 0 until 12) g.drawString("Twofold keeps your accounts encrypted", 36 + textShift, 160 + line * 40)
        if (button) {
            g.color = Color(0x1B4B8C)
            g.fillRoundRect(36, 900, 468, 72, 36, 36)
        }
        g.dispose()
        return Screenshots.shrink(image)
    }

    @Test
    fun another_font_or_a_pixel_of_shift_passes() {
        val reference = screen(Font.SANS_SERIF)
        assertNull(Screenshots.difference(screen(Font.SERIF), reference))
        assertNull(Screenshots.difference(screen(Font.MONOSPACED), reference))
        assertNull(Screenshots.difference(screen(Font.SANS_SERIF, textShift = 2), reference))
    }

    @Test
    fun a_missing_button_or_the_other_theme_fails() {
        val reference = screen(Font.SANS_SERIF)
        assertNotNull(Screenshots.difference(screen(Font.SANS_SERIF, button = false), reference))
        assertNotNull(Screenshots.difference(screen(Font.SANS_SERIF, dark = true), reference))
    }
}
