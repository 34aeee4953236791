package app.twofold.ui.desktop

import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.graphics.toAwtImage
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SkikoComposeUiTest
import androidx.compose.ui.test.isRoot
import androidx.compose.ui.text.TextLayoutResult
import androidx.compose.ui.text.font.FontWeight
import java.awt.image.BufferedImage
import kotlin.math.pow

/**
 * The accessibility rules every rendered screen is held to:
 *  - every clickable element has a label (text or content description) a screen reader can say;
 *  - every touch target is at least 48 × 48 dp (Android's and Material's minimum);
 *  - enabled text has WCAG AA contrast with what is behind it: 4.5:1, or 3:1 for large text,
 *    measured on the rendered pixels.
 * Returns the problems found, one line each.
 */
@OptIn(ExperimentalTestApi::class)
fun SkikoComposeUiTest.accessibilityProblems(): List<String> {
    val problems = mutableListOf<String>()
    // With a dialog or menu open, only it can be used (the screen behind is dimmed or
    // dismisses it): check the topmost layer.
    val nodes = allNodes(onAllNodes(isRoot()).fetchSemanticsNodes().last())
    val minTouch = 48f * density.density - 0.5f

    for (node in nodes) {
        val config = node.config
        val clickable = config.getOrNull(SemanticsActions.OnClick) != null
        if (!clickable || config.getOrNull(SemanticsProperties.Disabled) != null) continue
        // Scrolled out of view: checked in a screenshot where it shows.
        if (node.boundsInRoot.width <= 0f || node.boundsInRoot.height <= 0f) continue
        val label = labelOf(node)
        val where = "clickable at ${node.boundsInRoot.short()}"
        if (label.isBlank()) problems += "$where has no label"
        // The element's own size, as Android's Accessibility Scanner measures it (Compose would
        // also widen a small pointer area to 48 dp, but only where nothing else is near).
        val width = node.layoutInfo.width
        val height = node.layoutInfo.height
        if (width < minTouch || height < minTouch) {
            problems += "\"$label\" ($where): touch target %.0f × %.0f dp, under 48 dp"
                .format(width / density.density, height / density.density)
        }
    }

    val image = captureToImage().toAwtImage()
    val unmerged = allNodes(onAllNodes(isRoot(), useUnmergedTree = true).fetchSemanticsNodes().last())
    val clickables = unmerged.withIndex().filter { it.value.config.getOrNull(SemanticsActions.OnClick) != null }
    for ((index, node) in unmerged.withIndex()) {
        val texts = node.config.getOrNull(SemanticsProperties.Text) ?: continue
        // Under a floating button (drawn later, not its own parent): hidden, and the list scrolls it free.
        val ancestors = generateSequence(node.parent) { it.parent }.map { it.id }.toSet()
        if (clickables.any { it.index > index && it.value.id !in ancestors && it.value.boundsInRoot.overlaps(node.boundsInRoot) }) continue
        if (generateSequence(node) { it.parent }.any { it.config.getOrNull(SemanticsProperties.Disabled) != null }) {
            continue // WCAG exempts inactive controls
        }
        val bounds = node.boundsInRoot
        if (bounds.width < 4 || bounds.height < 4) continue
        val ratio = contrastIn(image, bounds) ?: continue
        val layouts = mutableListOf<TextLayoutResult>()
        node.config.getOrNull(SemanticsActions.GetTextLayoutResult)?.action?.invoke(layouts)
        val style = layouts.firstOrNull()?.layoutInput?.style
        val sizeSp = style?.fontSize?.takeIf { it.isSp }?.value ?: 0f
        val bold = (style?.fontWeight ?: FontWeight.Normal) >= FontWeight.Bold
        // WCAG "large text": 18 pt (24 px, 24 sp), or 14 pt (18.66 sp) bold.
        val large = sizeSp >= 24f || (bold && sizeSp >= 18.66f)
        val needed = if (large) 3.0 else 4.5
        if (ratio < needed) {
            problems += "\"${texts.joinToString(" ").take(40)}\" at ${bounds.short()}: contrast %.2f:1, under %.1f:1".format(ratio, needed)
        }
    }
    return problems
}

private fun allNodes(root: SemanticsNode): List<SemanticsNode> = listOf(root) + root.children.flatMap(::allNodes)

private fun labelOf(node: SemanticsNode): String {
    val config = node.config
    val parts = config.getOrNull(SemanticsProperties.ContentDescription).orEmpty() +
        config.getOrNull(SemanticsProperties.Text).orEmpty().map { it.text } +
        config.getOrNull(SemanticsActions.OnClick)?.label.orEmpty()
    return parts.joinToString(" ").trim()
}

private fun Rect.short() = "(%.0f,%.0f %.0f×%.0f)".format(left, top, width, height)

/**
 * The contrast between the text in [bounds] and its background: the most common
 * colour there is the background, the pixel farthest from it in luminance is the text.
 */
private fun contrastIn(image: BufferedImage, bounds: Rect): Double? {
    val x0 = bounds.left.toInt().coerceIn(0, image.width - 1)
    val x1 = bounds.right.toInt().coerceIn(x0 + 1, image.width)
    val y0 = bounds.top.toInt().coerceIn(0, image.height - 1)
    val y1 = bounds.bottom.toInt().coerceIn(y0 + 1, image.height)
    val counts = HashMap<Int, Int>()
    for (y in y0 until y1) for (x in x0 until x1) counts.merge(image.getRGB(x, y) and 0xFFFFFF, 1, Int::plus)
    val background = counts.maxByOrNull { it.value }?.key ?: return null
    val bgLum = luminance(background)
    // The farthest colour that covers a few pixels (a stem of a glyph, not one antialiased dot).
    val text = counts.filter { it.value >= 3 && it.key != background }.keys
        .maxByOrNull { contrast(luminance(it), bgLum) } ?: return null
    return contrast(luminance(text), bgLum)
}

private fun contrast(a: Double, b: Double) = (maxOf(a, b) + 0.05) / (minOf(a, b) + 0.05)

/** WCAG 2 relative luminance of an sRGB colour. */
private fun luminance(rgb: Int): Double {
    fun channel(c: Int): Double {
        val s = c / 255.0
        return if (s <= 0.03928) s / 12.92 else ((s + 0.055) / 1.055).pow(2.4)
    }
    return 0.2126 * channel(rgb shr 16 and 0xFF) + 0.7152 * channel(rgb shr 8 and 0xFF) + 0.0722 * channel(rgb and 0xFF)
}
