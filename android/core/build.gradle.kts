import javax.inject.Inject
import org.gradle.process.ExecOperations

// :core — the Rust core as an Android library:
//  * <abi>/libtwofold_ffi.so built by `cargo ndk` per variant into
//    build/generated/jniLibs/<variant> (16 KB page aligned by cargo-ndk 4),
//  * the UniFFI Kotlin bindings (package app.twofold.core), generated at build
//    time by the workspace's own uniffi-bindgen from a host build of the same
//    crate (library mode) — never committed,
//  * the gateway adapter (app.twofold.gateway) that implements :presentation's
//    CoreGateway over those bindings,
//  * JNA as an AAR and consumer R8 rules that keep JNA and the bindings.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

/** Runs `cargo` in the Rust workspace with extra environment variables. */
abstract class CargoTask @Inject constructor(private val execOps: ExecOperations) : DefaultTask() {
    @get:Internal
    abstract val workspaceDir: DirectoryProperty

    /** Rust sources and manifests; the task reruns when any of them changes. */
    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    @get:Input
    abstract val cargoArgs: ListProperty<String>

    @get:Input
    abstract val cargoEnv: MapProperty<String, String>

    @get:Input
    abstract val cargoExecutable: Property<String>

    @TaskAction
    fun run() {
        execOps.exec {
            workingDir = workspaceDir.get().asFile
            executable = cargoExecutable.get()
            args(cargoArgs.get())
            environment(cargoEnv.get())
        }
    }
}

/**
 * Generates the Kotlin bindings from the host library with the workspace's
 * pinned uniffi-bindgen (docs/design.md §10: same UniFFI version as the runtime; the
 * 0.32 global config form, passed with --config).
 */
abstract class UniffiKotlinTask @Inject constructor(
    private val execOps: ExecOperations,
    private val fs: FileSystemOperations,
) : DefaultTask() {
    @get:Internal
    abstract val workspaceDir: DirectoryProperty

    @get:InputFile
    @get:PathSensitive(PathSensitivity.NONE)
    abstract val library: RegularFileProperty

    @get:InputFile
    @get:PathSensitive(PathSensitivity.NONE)
    abstract val config: RegularFileProperty

    @get:Input
    abstract val cargoExecutable: Property<String>

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun run() {
        // A stale file from a renamed type must not survive a regeneration.
        fs.delete { delete(outputDir) }
        outputDir.get().asFile.mkdirs()
        execOps.exec {
            workingDir = workspaceDir.get().asFile
            executable = cargoExecutable.get()
            args(
                "run", "--quiet", "-p", "twofold-uniffi-bindgen", "--bin", "uniffi-bindgen", "--",
                // 0.32: the library is the positional source (library mode is auto-detected;
                // the old --library flag is deprecated). Run from the workspace root: it
                // reads `cargo metadata` there.
                "generate", library.get().asFile.absolutePath,
                "--language", "kotlin",
                "--config", config.get().asFile.absolutePath,
                "--no-format",
                "--out-dir", outputDir.get().asFile.absolutePath,
            )
        }
    }
}

val workspace: Directory =
    rootProject.layout.projectDirectory.dir(providers.gradleProperty("twofold.workspaceDir").getOrElse(".."))
val abis: List<String> =
    providers.gradleProperty("twofold.abis").getOrElse("arm64-v8a,armeabi-v7a,x86_64").split(",").map(String::trim)
val cargo: String = providers.environmentVariable("CARGO").getOrElse("cargo")
val minSdkLevel: Int = libs.versions.minSdk.get().toInt()

val rustInputs = files(
    workspace.file("Cargo.toml"),
    workspace.file("Cargo.lock"),
    workspace.dir("core/src"),
    workspace.file("core/Cargo.toml"),
    workspace.dir("bindings/src"),
    workspace.file("bindings/Cargo.toml"),
)

// The NDK that AGP itself resolved (android.ndkVersion / ndkPath), never a
// path built from a hard-coded version.
// https://developer.android.com/reference/tools/gradle-api/com/android/build/api/dsl/SdkComponents#ndkDirectory()
val ndkDirectory: Provider<String> = androidComponents.sdkComponents.ndkDirectory.map { it.asFile.absolutePath }

/**
 * `cargo ndk` for one variant into a generated directory that AGP adds as a
 * jniLibs source (never `src/main`). No RUSTFLAGS of any kind are set:
 * cargo-ndk 4 adds `-Wl,-z,max-page-size=16384` itself for the 64-bit
 * targets (armeabi-v7a needs none: 32-bit devices use 4 KB pages), and a
 * `CARGO_TARGET_<TRIPLE>_RUSTFLAGS` would silently replace the user's own
 * `build.rustflags`.
 */
abstract class CargoNdkTask @Inject constructor(private val execOps: ExecOperations) : DefaultTask() {
    @get:Internal
    abstract val workspaceDir: DirectoryProperty

    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    @get:Input
    abstract val abis: ListProperty<String>

    /** `release` for release variants, `dev` (cargo's debug profile) for debug ones. */
    @get:Input
    abstract val profile: Property<String>

    @get:Input
    abstract val minSdk: Property<Int>

    @get:Input
    abstract val ndkHome: Property<String>

    @get:Input
    abstract val cargoExecutable: Property<String>

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun run() {
        execOps.exec {
            workingDir = workspaceDir.get().asFile
            executable = cargoExecutable.get()
            args(
                buildList {
                    add("ndk")
                    abis.get().forEach { add("-t"); add(it) }
                    add("--platform"); add(minSdk.get().toString())
                    add("-o"); add(outputDir.get().asFile.absolutePath)
                    add("build"); add("--profile"); add(profile.get()); add("-p"); add("twofold-ffi"); add("--lib")
                },
            )
            environment("ANDROID_NDK_HOME", ndkHome.get())
        }
    }
}

/**
 * The ABIs to build for a variant. Android Studio passes the ABIs of the
 * device it deploys to as `android.injected.build.abi` (comma-separated,
 * preferred first); a debug Run then builds only the first one we support.
 * Command-line and release builds build every ABI.
 */
fun abisFor(debuggable: Boolean): List<String> {
    val deployed = providers.gradleProperty("android.injected.build.abi").orNull
        ?.split(",")?.map(String::trim)?.firstOrNull { it in abis }
    return if (debuggable && deployed != null) listOf(deployed) else abis
}

// A host (desktop) debug build of the same crate: uniffi-bindgen reads the
// exported interface from it in library mode. Debug keeps the symbol table and
// builds much faster than the LTO release profile.
val hostLibrary: Provider<RegularFile> =
    providers.provider { workspace.file("target/debug/${System.mapLibraryName("twofold_ffi")}") }

val cargoHostBuild = tasks.register<CargoTask>("cargoHostBuild") {
    group = "rust"
    description = "Builds the host libtwofold_ffi used to generate the Kotlin bindings."
    workspaceDir.set(workspace)
    rustSources.from(rustInputs)
    cargoExecutable.set(cargo)
    cargoArgs.set(listOf("build", "-p", "twofold-ffi", "--lib"))
    cargoEnv.set(emptyMap())
    outputs.file(hostLibrary)
}

val generatedKotlin = layout.buildDirectory.dir("generated/uniffi/kotlin")

val generateUniffiKotlin = tasks.register<UniffiKotlinTask>("generateUniffiKotlin") {
    group = "rust"
    description = "Generates the Kotlin bindings (app.twofold.core) into build/generated/uniffi/kotlin."
    dependsOn(cargoHostBuild)
    workspaceDir.set(workspace)
    library.set(hostLibrary)
    config.set(workspace.file("uniffi.toml"))
    cargoExecutable.set(cargo)
    outputDir.set(generatedKotlin)
}

android {
    namespace = "app.twofold.core.android"
    compileSdk = libs.versions.compileSdk.get().toInt()
    ndkVersion = libs.versions.ndk.get()

    defaultConfig {
        minSdk = minSdkLevel
        consumerProguardFiles("consumer-rules.pro")
        ndk { abiFilters += abis }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        // Local unit tests run on the desktop JVM against the host library.
        unitTests.all { test ->
            test.useJUnitPlatform()
            test.dependsOn(cargoHostBuild)
            test.systemProperty("jna.library.path", workspace.dir("target/debug").asFile.absolutePath)
        }
    }

    packaging {
        // Keep the .so files uncompressed and page aligned in the APK
        // (extractNativeLibs=false is the default since AGP 3.6 at minSdk 23+).
        jniLibs.useLegacyPackaging = false
    }
}

kotlin {
    compilerOptions { jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_17) }
}

// Generated sources are added through the variant API so the dependency on
// the generating task is wired automatically: the Kotlin bindings, and the
// native libraries of each variant (debug profile for debug, release for
// release), which AGP merges like any other jniLibs directory.
androidComponents {
    onVariants { variant ->
        variant.sources.kotlin?.addGeneratedSourceDirectory(generateUniffiKotlin, UniffiKotlinTask::outputDir)
        val debuggable = variant.buildType == "debug"
        val name = variant.name.replaceFirstChar { it.uppercase() }
        val cargoNdk = tasks.register<CargoNdkTask>("cargoNdkBuild$name") {
            group = "rust"
            description = "Builds libtwofold_ffi.so for the ${variant.name} variant with cargo ndk."
            workspaceDir.set(workspace)
            rustSources.from(rustInputs)
            abis.set(abisFor(debuggable))
            profile.set(if (debuggable) "dev" else "release")
            minSdk.set(minSdkLevel)
            ndkHome.set(ndkDirectory)
            cargoExecutable.set(cargo)
            outputDir.set(layout.buildDirectory.dir("generated/jniLibs/${variant.name}"))
        }
        variant.sources.jniLibs?.addGeneratedSourceDirectory(cargoNdk, CargoNdkTask::outputDir)
    }
}

dependencies {
    api(project(":presentation"))
    // `@aar` brings libjnidispatch.so for every ABI; the plain jar only has desktop natives.
    api("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    implementation(libs.kotlinx.coroutines.core)

    // Desktop JNA (with host natives) for the local unit tests.
    testImplementation(libs.jna)
    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter)
    testImplementation(libs.kotlin.test.junit5)
    testRuntimeOnly(libs.junit.platform.launcher)
}
