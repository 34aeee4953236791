package app.twofold.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.size
import androidx.compose.material3.Text
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import app.twofold.ui.desktop.accessibilityProblems
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/** The checks the screens are held to find what they claim to find. */
@OptIn(ExperimentalTestApi::class)
class AccessibilityTest {
    @Test
    fun an_unlabelled_small_target_and_faint_text_are_reported() = runSkikoComposeUiTest(Size(300f, 300f), Density(1f)) {
        setContent {
            Column(Modifier.background(Color.White)) {
                Box(Modifier.size(24.dp).background(Color.Blue).clickable {})
                Text("faint", color = Color(0xFFBBBBBB), fontSize = 16.sp)
                Text("clear", color = Color(0xFF222222), fontSize = 16.sp)
            }
        }
        val problems = accessibilityProblems()
        assertEquals(3, problems.size, problems.joinToString("\n"))
        assertTrue(problems.any { "has no label" in it })
        assertTrue(problems.any { "24 × 24 dp" in it })
        assertTrue(problems.any { "\"faint\"" in it && "contrast" in it })
    }

    @Test
    fun a_labelled_48_dp_target_and_dark_text_pass() = runSkikoComposeUiTest(Size(300f, 300f), Density(1f)) {
        setContent {
            Column(Modifier.background(Color.White)) {
                Box(Modifier.size(48.dp).clickable(onClickLabel = "Open") {}) { Text("Open", color = Color.Black) }
            }
        }
        assertEquals(emptyList(), accessibilityProblems())
    }
}
