package app.twofold.ui.desktop

import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.toAwtImage
import java.awt.Color
import java.awt.Font
import java.awt.RenderingHints
import java.awt.image.BufferedImage
import java.io.File
import javax.imageio.ImageIO
import kotlin.math.abs

/**
 * Rendered screens: each PNG goes to `-Dtwofold.ui.out` (CI prints the folder),
 * and is compared with its small reference in `-Dtwofold.ui.reference`.
 *
 * The comparison is coarse on purpose: both images are shrunk to
 * [REFERENCE_WIDTH] pixels wide (a line of text becomes a grey band) and
 * compared cell by cell. A different font build or hinting moves a few grey
 * levels; a missing button, a wrong theme or a broken layout moves many.
 * `UPDATE_REFERENCES=1 android/scripts/ui-test.sh` rewrites the references.
 */
object Screenshots {
    const val REFERENCE_WIDTH = 48

    /** Mean difference (0–255 luma) the shrunken images may have. */
    private const val MAX_MEAN_DIFFERENCE = 6.0

    /** Share of cells that may differ by more than [BIG_DIFFERENCE]. */
    private const val MAX_CHANGED_SHARE = 0.02
    private const val BIG_DIFFERENCE = 90

    val out = File(System.getProperty("twofold.ui.out") ?: "build/ui").also { it.mkdirs() }
    private val references = System.getProperty("twofold.ui.reference")?.let(::File)
    private val update = System.getProperty("twofold.ui.updateReferences") == "1"

    /** Writes `<name>.png`; returns why it does not match its reference, or null. */
    fun save(name: String, bitmap: ImageBitmap): String? {
        val image = bitmap.toAwtImage()
        ImageIO.write(image, "png", File(out, "$name.png"))
        val dir = references ?: return null
        val refFile = File(dir, "$name.png")
        val small = shrink(image, REFERENCE_WIDTH)
        if (update) {
            dir.mkdirs()
            ImageIO.write(small, "png", refFile)
            return null
        }
        if (!refFile.isFile) return "$name: no reference image $refFile (UPDATE_REFERENCES=1 android/scripts/ui-test.sh makes it)"
        return difference(small, ImageIO.read(refFile))?.let { why ->
            ImageIO.write(small, "png", File(out, "$name.shrunk.png"))
            "$name differs from its reference: $why"
        }
    }

    /** Why [image] does not pass for [reference] (both already shrunk), or null when it does. */
    fun difference(image: BufferedImage, reference: BufferedImage): String? {
        if (reference.width != image.width || reference.height != image.height) {
            return "${image.width}×${image.height} shrunk, reference is ${reference.width}×${reference.height}"
        }
        var total = 0L
        var changed = 0
        for (y in 0 until reference.height) for (x in 0 until reference.width) {
            val d = abs(luma(reference.getRGB(x, y)) - luma(image.getRGB(x, y)))
            total += d
            if (d > BIG_DIFFERENCE) changed++
        }
        val cells = reference.width * reference.height
        val mean = total.toDouble() / cells
        val share = changed.toDouble() / cells
        return if (mean > MAX_MEAN_DIFFERENCE || share > MAX_CHANGED_SHARE) {
            "mean difference %.1f (max %.1f), %.1f%% cells changed (max %.1f%%)"
                .format(mean, MAX_MEAN_DIFFERENCE, share * 100, MAX_CHANGED_SHARE * 100)
        } else {
            null
        }
    }

    /** One PNG with every screen of this run as a labelled thumbnail. */
    fun contactSheet(): File {
        val shots = out.listFiles { f -> f.isFile && f.name.endsWith(".png") && !f.name.endsWith(".shrunk.png") && f.name != SHEET }
            .orEmpty().sortedBy { it.name }
        val thumbWidth = 180
        val thumbHeight = 340
        val label = 28
        val columns = 6
        val rows = (shots.size + columns - 1) / columns
        val sheet = BufferedImage(columns * (thumbWidth + 8) + 8, rows.coerceAtLeast(1) * (thumbHeight + label + 8) + 8, BufferedImage.TYPE_INT_RGB)
        val g = sheet.createGraphics()
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR)
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.color = Color(0xEEEEEE)
        g.fillRect(0, 0, sheet.width, sheet.height)
        g.font = Font(Font.SANS_SERIF, Font.PLAIN, 11)
        shots.forEachIndexed { i, file ->
            val image = ImageIO.read(file)
            val scale = minOf(thumbWidth.toDouble() / image.width, thumbHeight.toDouble() / image.height)
            val w = (image.width * scale).toInt()
            val h = (image.height * scale).toInt()
            val x = 8 + (i % columns) * (thumbWidth + 8)
            val y = 8 + (i / columns) * (thumbHeight + label + 8)
            g.drawImage(image, x + (thumbWidth - w) / 2, y, w, h, null)
            g.color = Color.DARK_GRAY
            g.drawRect(x + (thumbWidth - w) / 2, y, w, h)
            g.drawString(file.nameWithoutExtension, x, y + thumbHeight + 16)
        }
        g.dispose()
        return File(out, SHEET).also { ImageIO.write(sheet, "png", it) }
    }

    private const val SHEET = "contact-sheet.png"

    /**
     * Half-size copies of [names] in `readme/`, for the READMEs
     * (copying that folder into docs/screenshots after a run updates them).
     */
    fun readmeCopies(names: List<String>) {
        val dir = File(out, "readme").also { it.mkdirs() }
        for (name in names) {
            val file = File(out, "$name.png").takeIf { it.isFile } ?: continue
            val image = ImageIO.read(file)
            val small = BufferedImage(image.width / 2, image.height / 2, BufferedImage.TYPE_INT_RGB)
            val g = small.createGraphics()
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC)
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY)
            g.drawImage(image, 0, 0, small.width, small.height, null)
            g.dispose()
            ImageIO.write(small, "png", File(dir, "$name.png"))
        }
    }

    fun shrink(image: BufferedImage, width: Int = REFERENCE_WIDTH): BufferedImage {
        val height = (image.height.toLong() * width / image.width).toInt().coerceAtLeast(1)
        val out = BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY)
        // Area average: every source pixel counts once, so text becomes an even grey.
        for (y in 0 until height) for (x in 0 until width) {
            val x0 = x * image.width / width
            val x1 = maxOf(x0 + 1, (x + 1) * image.width / width)
            val y0 = y * image.height / height
            val y1 = maxOf(y0 + 1, (y + 1) * image.height / height)
            var sum = 0L
            for (sy in y0 until y1) for (sx in x0 until x1) sum += luma(image.getRGB(sx, sy))
            val v = (sum / ((x1 - x0) * (y1 - y0))).toInt()
            out.raster.setSample(x, y, 0, v)
        }
        return out
    }

    private fun luma(rgb: Int): Int {
        val r = rgb shr 16 and 0xFF
        val g = rgb shr 8 and 0xFF
        val b = rgb and 0xFF
        return (r * 299 + g * 587 + b * 114) / 1000
    }
}
