pluginManagement {
    repositories {
        google {
            content {
                includeGroupByRegex("com\\.android.*")
                includeGroupByRegex("com\\.google.*")
                includeGroupByRegex("androidx.*")
            }
        }
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "Twofold"

// :core         Android library: Rust .so per ABI (cargo ndk) + generated UniFFI Kotlin + gateway adapter
// :presentation pure Kotlin/JVM: every screen decision, tested on the desktop
// :app          the thin Android shell: activity, CameraX, Keystore, clipboard, texts from res/
// :ui           the Compose screens: common Compose APIs only, also compiled and tested on the desktop
include(":core", ":presentation", ":ui", ":app")
