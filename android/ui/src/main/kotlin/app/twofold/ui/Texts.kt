package app.twofold.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf

/**
 * Every text the screens show, looked up by its name in the app's
 * `res/values/strings.xml`: Android reads it through its resources, the
 * desktop tests parse the same file, so what CI renders is what the phone shows.
 */
interface Texts {
    /** `<string name="[name]">`, formatted with [args] (`%1$s`, `%2$d`). */
    fun string(name: String, args: List<Any>): String

    /** `<plurals name="[name]">`, the item for [count], formatted with [args]. */
    fun plural(name: String, count: Int, args: List<Any>): String
}

val LocalTexts = staticCompositionLocalOf<Texts> { error("no Texts provided: wrap the screens in TwofoldTheme(texts, …)") }

@Composable
@ReadOnlyComposable
fun string(name: String, vararg args: Any): String = LocalTexts.current.string(name, args.asList())

@Composable
@ReadOnlyComposable
fun plural(name: String, count: Int, vararg args: Any): String = LocalTexts.current.plural(name, count, args.asList())
