package app.twofold.android.platform

import android.content.res.Resources
import app.twofold.ui.Texts

/**
 * The screens' texts from res/values*/strings.xml, by resource name (the
 * screens are shared with the desktop tests, which cannot see `R`).
 * res/raw/keep.xml keeps every string through resource shrinking.
 */
class AndroidTexts(private val resources: Resources, private val packageName: String) : Texts {
    private val ids = HashMap<String, Int>()

    private fun id(name: String, type: String): Int = ids.getOrPut("$type/$name") {
        // getIdentifier is slow; each name is looked up once.
        resources.getIdentifier(name, type, packageName).also {
            require(it != 0) { "no $type resource named $name" }
        }
    }

    // No arguments, no formatting (as stringResource(id) and the desktop lookup): a plain
    // text is shown as written.
    override fun string(name: String, args: List<Any>): String =
        if (args.isEmpty()) resources.getString(id(name, "string")) else resources.getString(id(name, "string"), *args.toTypedArray())

    override fun plural(name: String, count: Int, args: List<Any>): String =
        if (args.isEmpty()) {
            resources.getQuantityString(id(name, "plurals"), count)
        } else {
            resources.getQuantityString(id(name, "plurals"), count, *args.toTypedArray())
        }
}
