// A tiny JUnit Platform launcher: runs every test class in the package,
// prints each failure and a closing "N passed, N failed" line, and exits
// non-zero if anything failed or nothing ran.
package app.twofold.core.test

import kotlin.system.exitProcess
import org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage
import org.junit.platform.engine.TestExecutionResult
import org.junit.platform.launcher.TestExecutionListener
import org.junit.platform.launcher.TestIdentifier
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder
import org.junit.platform.launcher.core.LauncherFactory

fun main() {
    var passed = 0
    var failed = 0
    val listener = object : TestExecutionListener {
        override fun executionFinished(id: TestIdentifier, result: TestExecutionResult) {
            if (!id.isTest) {
                // A failing class (e.g. the library did not load) counts once.
                if (result.status != TestExecutionResult.Status.SUCCESSFUL) {
                    failed++
                    println("FAIL ${id.displayName}: ${result.throwable.orElse(null)}")
                }
                return
            }
            if (result.status == TestExecutionResult.Status.SUCCESSFUL) {
                passed++
                println("ok   ${id.legacyReportingName}")
            } else {
                failed++
                println("FAIL ${id.legacyReportingName}: ${result.throwable.orElse(null)}")
                result.throwable.ifPresent { it.printStackTrace(System.out) }
            }
        }
    }
    val request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("app.twofold.core.test"))
        .build()
    LauncherFactory.create().execute(request, listener)
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && passed > 0) 0 else 1)
}
