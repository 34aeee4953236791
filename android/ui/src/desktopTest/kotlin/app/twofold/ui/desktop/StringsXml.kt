package app.twofold.ui.desktop

import app.twofold.ui.Texts
import java.io.File
import java.util.Locale
import javax.xml.parsers.DocumentBuilderFactory
import org.w3c.dom.Element

/**
 * The app's `res/values/strings.xml` read on the desktop, so the screens CI
 * renders show exactly the phone's texts. Handles what that file uses:
 * `<string>`, `<plurals>` (English: "one" for 1, else "other"), Android's
 * backslash escapes and `%1$s`-style arguments. An unknown name fails the test.
 */
class StringsXml(file: File) : Texts {
    private val strings = HashMap<String, String>()
    private val plurals = HashMap<String, Map<String, String>>()

    init {
        val factory = DocumentBuilderFactory.newInstance().apply {
            // A resource file needs no DTDs or entities.
            setFeature("http://apache.org/xml/features/disallow-doctype-decl", true)
        }
        val root = factory.newDocumentBuilder().parse(file).documentElement
        val children = root.childNodes
        for (i in 0 until children.length) {
            val node = children.item(i) as? Element ?: continue
            val name = node.getAttribute("name")
            when (node.tagName) {
                "string" -> strings[name] = unescape(node.textContent)
                "plurals" -> {
                    val items = node.getElementsByTagName("item")
                    plurals[name] = (0 until items.length).associate { j ->
                        val item = items.item(j) as Element
                        item.getAttribute("quantity") to unescape(item.textContent)
                    }
                }
            }
        }
    }

    val names: Set<String> get() = strings.keys + plurals.keys

    override fun string(name: String, args: List<Any>): String {
        val template = strings[name] ?: throw IllegalArgumentException("strings.xml has no <string name=\"$name\">")
        return format(template, args)
    }

    override fun plural(name: String, count: Int, args: List<Any>): String {
        val items = plurals[name] ?: throw IllegalArgumentException("strings.xml has no <plurals name=\"$name\">")
        val template = items[if (count == 1) "one" else "other"] ?: items.getValue("other")
        return format(template, args)
    }

    private fun format(template: String, args: List<Any>): String =
        if (args.isEmpty()) template else String.format(Locale.ROOT, template, *args.toTypedArray())

    /** aapt2's rules for a plain string: `\'`, `\"`, `\n`, `\t`, `\\`, `\@`, `\?`; runs of whitespace collapse. */
    private fun unescape(raw: String): String {
        val out = StringBuilder()
        var i = 0
        var lastWasSpace = false
        while (i < raw.length) {
            val c = raw[i]
            if (c == '\\' && i + 1 < raw.length) {
                out.append(
                    when (val next = raw[i + 1]) {
                        'n' -> '\n'
                        't' -> '\t'
                        else -> next
                    },
                )
                i += 2
                lastWasSpace = false
                continue
            }
            if (c == '"') { i++; continue } // quotes only switch whitespace handling in aapt2
            if (c.isWhitespace()) {
                if (!lastWasSpace) out.append(' ')
                lastWasSpace = true
            } else {
                out.append(c)
                lastWasSpace = false
            }
            i++
        }
        return out.toString().trim()
    }
}
