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
// :app          Compose UI, CameraX, Keystore, clipboard: the thin platform shell
include(":core", ":presentation", ":app")
