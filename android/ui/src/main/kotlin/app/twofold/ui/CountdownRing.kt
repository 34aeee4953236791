package app.twofold.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.size
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.unit.Dp
import androidx.compose.ui.unit.dp

/**
 * The time left as a shrinking ring with the seconds inside. Decorative for
 * TalkBack: the row's description already says "changes in N seconds".
 */
@Composable
fun CountdownRing(
    remaining: Float,
    secondsLeft: Int,
    expiringSoon: Boolean,
    modifier: Modifier = Modifier,
    diameter: Dp = 36.dp,
) {
    val track = MaterialTheme.colorScheme.surfaceVariant
    val color = if (expiringSoon) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.primary
    // The seconds grow with the user's font size: so does the ring around them (the 1.6x
    // screenshot showed "30" spilling over a fixed ring).
    val ring = diameter * LocalDensity.current.fontScale.coerceAtLeast(1f)
    Box(modifier.size(ring).clearAndSetSemantics { }, contentAlignment = Alignment.Center) {
        Canvas(Modifier.size(ring)) {
            val stroke = 3.dp.toPx()
            val inset = stroke / 2
            val arcSize = Size(size.width - stroke, size.height - stroke)
            drawArc(track, 0f, 360f, false, Offset(inset, inset), arcSize, style = Stroke(stroke))
            drawArc(
                color = color,
                startAngle = -90f,
                sweepAngle = 360f * remaining,
                useCenter = false,
                topLeft = Offset(inset, inset),
                size = arcSize,
                style = Stroke(stroke, cap = StrokeCap.Round),
            )
        }
        Text(
            text = secondsLeft.toString(),
            style = MaterialTheme.typography.labelMedium,
            color = color,
        )
    }
}
