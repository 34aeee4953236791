import javax.inject.Inject
import org.gradle.process.ExecOperations

// :core — the Rust core as an Android library:
//  * jniLibs/<abi>/libtwofold_ffi.so built by `cargo ndk` (16 KB page aligned),
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
 * pinned uniffi-bindgen (DESIGN §7: same UniFFI version as the runtime; the
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
                "run", "--quiet", "-p", "twofold-ffi", "--features", "bindgen", "--bin", "uniffi-bindgen", "--",
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

// Rust triple of each Android ABI: the 16 KB page flag goes to exactly these
// targets (CARGO_TARGET_<TRIPLE>_RUSTFLAGS), never to host build scripts.
val abiTriples = mapOf(
    "arm64-v8a" to "aarch64-linux-android",
    "armeabi-v7a" to "armv7-linux-androideabi",
    "x86_64" to "x86_64-linux-android",
    "x86" to "i686-linux-android",
)

val jniLibsDir = layout.projectDirectory.dir("src/main/jniLibs")
val ndkVersionPinned: String = libs.versions.ndk.get()

// cargo ndk finds the NDK through ANDROID_NDK_HOME; Android Studio does not
// export it, so fall back to the pinned NDK inside the SDK that AGP uses.
val ndkHome: Provider<String> = providers.environmentVariable("ANDROID_NDK_HOME")
    .orElse(androidComponents.sdkComponents.sdkDirectory.map { it.dir("ndk/$ndkVersionPinned").asFile.absolutePath })

val cargoNdkBuild = tasks.register<CargoTask>("cargoNdkBuild") {
    group = "rust"
    description = "Builds libtwofold_ffi.so for ${abis.joinToString()} with cargo ndk into src/main/jniLibs."
    workspaceDir.set(workspace)
    rustSources.from(rustInputs)
    cargoExecutable.set(cargo)
    cargoArgs.set(
        buildList {
            add("ndk")
            abis.forEach { add("-t"); add(it) }
            add("--platform"); add(minSdkLevel.toString())
            add("-o"); add(jniLibsDir.asFile.absolutePath)
            add("build"); add("--release"); add("-p"); add("twofold-ffi"); add("--lib")
        },
    )
    cargoEnv.set(
        abis.associate { abi ->
            val triple = abiTriples.getValue(abi)
            "CARGO_TARGET_${triple.uppercase().replace('-', '_')}_RUSTFLAGS" to
                "-C link-arg=-Wl,-z,max-page-size=16384"
        },
    )
    cargoEnv.putAll(ndkHome.map { mapOf("ANDROID_NDK_HOME" to it) })
    outputs.dir(jniLibsDir)
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
    ndkVersion = ndkVersionPinned

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
// the generating task is wired automatically.
androidComponents {
    onVariants { variant ->
        variant.sources.kotlin?.addGeneratedSourceDirectory(generateUniffiKotlin, UniffiKotlinTask::outputDir)
    }
}

// The native libraries must exist before AGP merges jniLibs.
tasks.named("preBuild") { dependsOn(cargoNdkBuild) }

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
