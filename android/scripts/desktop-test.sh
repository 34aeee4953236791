#!/usr/bin/env bash
# Compiles and tests the Android app's platform-free code on the desktop JVM,
# with the workspace's pinned Kotlin compiler (no Android SDK, no Gradle):
#
#   1. :presentation (main + tests) — always; tests use an in-memory fake core.
#   2. with --bindings: generates the Kotlin bindings from a host build of
#      twofold-ffi (library mode, the workspace's own uniffi-bindgen), compiles
#      them with :core's adapter, and runs :core's tests against the real
#      library (loaded by JNA with -Djna.library.path).
#
# Environment overrides: KOTLINC, JNA_JAR, JUNIT_JAR (console standalone),
# BINDINGS_KT (an already generated twofold_ffi.kt), LIB_DIR (dir of the host
# libtwofold_ffi.so) — the last two skip the cargo steps.
set -euo pipefail

ANDROID_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$ANDROID_DIR/.." && pwd)
KOTLINC=${KOTLINC:-$ROOT/tools/kotlin/node_modules/kotlin-compiler/bin/kotlinc}
KOTLIN_LIB=$(cd "$(dirname "$KOTLINC")/../lib" && pwd)
JNA_JAR=${JNA_JAR:-/usr/share/java/jna.jar}
JUNIT_JAR=${JUNIT_JAR:-/usr/share/java/junit-platform-console-standalone.jar}
OUT=${OUT:-$ANDROID_DIR/build/desktop}
WITH_BINDINGS=0
[[ "${1:-}" == "--bindings" ]] && WITH_BINDINGS=1

for f in "$KOTLINC" "$JUNIT_JAR"; do
    [[ -e "$f" ]] || { echo "missing $f (npm ci --prefix tools/kotlin; apt-get install junit5)" >&2; exit 1; }
done

COROUTINES=$KOTLIN_LIB/kotlinx-coroutines-core-jvm.jar
TEST_LIBS=$KOTLIN_LIB/kotlin-test.jar:$KOTLIN_LIB/kotlin-test-junit5.jar:$JUNIT_JAR
KOTLINC_FLAGS=(-jvm-target 17 -nowarn -Xjdk-release=17)
rm -rf "$OUT" && mkdir -p "$OUT"

kotlin_sources() { find "$@" -name '*.kt' | sort; }

echo "== compiling :presentation"
mapfile -t PRESENTATION < <(kotlin_sources "$ANDROID_DIR/presentation/src/main/kotlin")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" -cp "$COROUTINES" -d "$OUT/presentation" "${PRESENTATION[@]}"

echo "== compiling :presentation tests"
mapfile -t PRESENTATION_TESTS < <(kotlin_sources "$ANDROID_DIR/presentation/src/test/kotlin")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" -cp "$OUT/presentation:$COROUTINES:$TEST_LIBS" -d "$OUT/presentation-tests" "${PRESENTATION_TESTS[@]}"

RUN_CP=$OUT/presentation:$OUT/presentation-tests:$COROUTINES:$KOTLIN_LIB/kotlin-stdlib.jar:$KOTLIN_LIB/kotlin-test.jar:$KOTLIN_LIB/kotlin-test-junit5.jar
SCAN=("--select-package=app.twofold.presentation")
JAVA_PROPS=()

if [[ $WITH_BINDINGS == 1 ]]; then
    if [[ -z "${BINDINGS_KT:-}" || -z "${LIB_DIR:-}" ]]; then
        echo "== building the host library and generating the Kotlin bindings"
        (cd "$ROOT" && cargo build -q -p twofold-ffi --lib)
        LIB_DIR=$ROOT/target/debug
        GEN=$OUT/generated
        (cd "$ROOT" && cargo uniffi-bindgen \
            generate "$LIB_DIR/libtwofold_ffi.so" --language kotlin \
            --config uniffi.toml --no-format --out-dir "$GEN")
        BINDINGS_KT=$(find "$GEN" -name '*.kt' | head -1)
    fi
    # Compile as much of the adapter as the bindings support today: the
    # mappings always, the vault gateway once `Vault` is exported, the
    # enrollment session once `Enrollment` is.
    GATEWAY=$ANDROID_DIR/core/src/main/kotlin/app/twofold/gateway
    ADAPTER=("$GATEWAY/BindingsMapping.kt")
    CORE_TESTS=("$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsMappingTest.kt")
    if grep -q '^open class Vault\b' "$BINDINGS_KT"; then
        ADAPTER+=("$GATEWAY/BindingsGateway.kt" "$GATEWAY/BindingsTransfer.kt")
        CORE_TESTS+=("$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsGatewayTest.kt"
            "$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsTransferTest.kt"
            "$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsLockTest.kt"
            "$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsDisplayCasesTest.kt")
    else
        echo "   (bindings export no Vault yet: skipping BindingsGateway.kt)"
    fi
    if grep -q '^open class Enrollment\b' "$BINDINGS_KT"; then
        ADAPTER+=("$GATEWAY/BindingsEnrollment.kt")
        CORE_TESTS+=("$ANDROID_DIR/core/src/test/kotlin/app/twofold/gateway/BindingsEnrollmentTest.kt")
    else
        echo "   (bindings export no Enrollment yet: skipping BindingsEnrollment.kt)"
    fi
    echo "== compiling generated bindings + :core adapter"
    "$KOTLINC" "${KOTLINC_FLAGS[@]}" -module-name core -cp "$OUT/presentation:$COROUTINES:$JNA_JAR" -d "$OUT/core" "$BINDINGS_KT" "${ADAPTER[@]}"
    echo "== compiling :core tests"
    # Tests see the adapter's internal mappings, as Gradle's test source set does.
    "$KOTLINC" "${KOTLINC_FLAGS[@]}" -module-name core -Xfriend-paths="$OUT/core" \
        -cp "$OUT/core:$OUT/presentation:$COROUTINES:$JNA_JAR:$TEST_LIBS" -d "$OUT/core-tests" "${CORE_TESTS[@]}"
    RUN_CP=$RUN_CP:$OUT/core:$OUT/core-tests:$JNA_JAR
    SCAN+=("--select-package=app.twofold.gateway")
    JAVA_PROPS+=("-Djna.library.path=$LIB_DIR")
    # The display cases the Rust core and the Swift suite share.
    JAVA_PROPS+=("-Dtwofold.cases=$ROOT/tests/cases")
fi

echo "== running tests"
java "${JAVA_PROPS[@]}" -jar "$JUNIT_JAR" --disable-banner --details=summary --fail-if-no-tests \
    -cp "$RUN_CP" "${SCAN[@]}"
