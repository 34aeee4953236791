#!/usr/bin/env bash
# Compiles the Android app's Compose screens (:ui) for the desktop JVM with
# Compose Multiplatform and the workspace's pinned kotlinc + Compose compiler
# plugin, then runs their UI tests against the real libtwofold_ffi (JNA):
# the seed's story through the real screens, models and library, the
# accessibility checks, and the rendered screenshots (tests/out/ui/*.png plus
# contact-sheet.png), compared with android/ui/reference/.
#
#   LIB_DIR=… BINDINGS_KT=… android/scripts/ui-test.sh
#   UPDATE_REFERENCES=1 …/ui-test.sh     # rewrite android/ui/reference/ from this run
#
# Jars: tools/compose/pom.xml, copied once by Maven into $COMPOSE_JARS
# (default ~/.cache/twofold/compose-<hash of the pom>). Environment overrides
# as in desktop-test.sh: KOTLINC, JNA_JAR, JUNIT_JAR, OUT; UI_OUT for the PNGs.
set -euo pipefail

ANDROID_DIR=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$ANDROID_DIR/.." && pwd)
KOTLINC=${KOTLINC:-$ROOT/tools/kotlin/node_modules/kotlin-compiler/bin/kotlinc}
KOTLIN_LIB=$(cd "$(dirname "$KOTLINC")/../lib" && pwd)
JNA_JAR=${JNA_JAR:-/usr/share/java/jna.jar}
JUNIT_JAR=${JUNIT_JAR:-/usr/share/java/junit-platform-console-standalone.jar}
OUT=${OUT:-$ANDROID_DIR/build/ui-desktop}
UI_OUT=${UI_OUT:-$ROOT/tests/out/ui}
POM=$ROOT/tools/compose/pom.xml
COMPOSE_JARS=${COMPOSE_JARS:-$HOME/.cache/twofold/compose-$(sha256sum "$POM" | cut -c1-12)}

# Debian packages: Maven for the jar fetch, JNA and the JUnit console, and the
# fonts the screenshots are rendered and compared with (skiko finds them
# through fontconfig).
missing=()
for pkg in maven libjna-java junit5 fontconfig fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "== apt-get install ${missing[*]}"
    SUDO=$([[ $(id -u) == 0 ]] || echo sudo)
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
        install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

: "${LIB_DIR:?set LIB_DIR to the directory of the host libtwofold_ffi.so}"
: "${BINDINGS_KT:?set BINDINGS_KT to the generated twofold_ffi.kt}"
for f in "$KOTLINC" "$JUNIT_JAR" "$JNA_JAR" "$LIB_DIR/libtwofold_ffi.so" "$BINDINGS_KT"; do
    [[ -e "$f" ]] || { echo "missing $f" >&2; exit 1; }
done

# The plugin must be built for the compiler that loads it.
kotlin_version=$("$KOTLINC" -version 2>&1 | sed -n 's/.*kotlinc-jvm \([0-9.]*\).*/\1/p')
pom_kotlin=$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' "$POM")
[[ "$kotlin_version" == "$pom_kotlin" ]] ||
    { echo "tools/compose/pom.xml pins Kotlin $pom_kotlin, kotlinc is $kotlin_version" >&2; exit 1; }

if [[ ! -e "$COMPOSE_JARS/.complete" ]]; then
    echo "== fetching Compose Desktop jars into $COMPOSE_JARS"
    rm -rf "$COMPOSE_JARS" && mkdir -p "$COMPOSE_JARS"
    mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$COMPOSE_JARS" >&2
    touch "$COMPOSE_JARS/.complete"
fi
PLUGIN=$(ls "$COMPOSE_JARS"/kotlin-compose-compiler-plugin-[0-9]*.jar)
# Kotlin's stdlib comes from the pinned compiler; coroutines from Compose's set
# (kotlinc bundles an older one), for :presentation and :core too in this phase.
COMPOSE_CP=$(find "$COMPOSE_JARS" -name '*.jar' ! -name 'kotlin-compose-compiler-plugin-*' \
    ! -name 'kotlin-stdlib*' | sort | paste -sd: -)
COROUTINES=$(ls "$COMPOSE_JARS"/kotlinx-coroutines-core-jvm-*.jar)
TEST_LIBS=$KOTLIN_LIB/kotlin-test.jar:$KOTLIN_LIB/kotlin-test-junit5.jar:$JUNIT_JAR
KOTLINC_FLAGS=(-jvm-target 17 -nowarn -Xjdk-release=17)
COMPOSE_FLAGS=(-Xplugin="$PLUGIN")
rm -rf "$OUT" && mkdir -p "$OUT"
kotlin_sources() { find "$@" -name '*.kt' | sort; }

echo "== compiling :presentation"
mapfile -t PRESENTATION < <(kotlin_sources "$ANDROID_DIR/presentation/src/main/kotlin")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" -cp "$COROUTINES" -d "$OUT/presentation" "${PRESENTATION[@]}"

echo "== compiling generated bindings + :core adapter"
GATEWAY=$ANDROID_DIR/core/src/main/kotlin/app/twofold/gateway
mapfile -t ADAPTER < <(kotlin_sources "$GATEWAY")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" -module-name core -cp "$OUT/presentation:$COROUTINES:$JNA_JAR" -d "$OUT/core" "$BINDINGS_KT" "${ADAPTER[@]}"

echo "== compiling :ui (every Compose screen) for the desktop"
mapfile -t UI < <(kotlin_sources "$ANDROID_DIR/ui/src/main/kotlin")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" "${COMPOSE_FLAGS[@]}" -module-name ui \
    -cp "$OUT/presentation:$COROUTINES:$COMPOSE_CP" -d "$OUT/ui" "${UI[@]}"

echo "== compiling :ui desktop tests"
mapfile -t UI_TESTS < <(kotlin_sources "$ANDROID_DIR/ui/src/desktopTest/kotlin")
"$KOTLINC" "${KOTLINC_FLAGS[@]}" "${COMPOSE_FLAGS[@]}" -module-name ui -Xfriend-paths="$OUT/ui" \
    -cp "$OUT/ui:$OUT/core:$OUT/presentation:$COROUTINES:$COMPOSE_CP:$JNA_JAR:$TEST_LIBS" \
    -d "$OUT/ui-tests" "${UI_TESTS[@]}"

# A real QR screenshot for the camera test (shared/ lies beside the checkout; skipped without it).
QR_SAMPLE=${QR_SAMPLE:-$ROOT/../shared/qr/synthetic/screenshot/000.png}
[[ -e "$QR_SAMPLE" ]] || QR_SAMPLE=/work/shared/qr/synthetic/screenshot/000.png

echo "== running UI tests (PNGs into $UI_OUT)"
rm -rf "$UI_OUT" && mkdir -p "$UI_OUT"
RUN_CP=$OUT/ui:$OUT/ui-tests:$OUT/core:$OUT/presentation:$COROUTINES:$KOTLIN_LIB/kotlin-stdlib.jar
RUN_CP=$RUN_CP:$KOTLIN_LIB/kotlin-test.jar:$KOTLIN_LIB/kotlin-test-junit5.jar:$COMPOSE_CP:$JNA_JAR
java -Djava.awt.headless=true -Djna.library.path="$LIB_DIR" \
    -Dtwofold.strings="$ANDROID_DIR/app/src/main/res/values/strings.xml" \
    -Dtwofold.ui.sources="$ANDROID_DIR/ui/src/main/kotlin" -Dtwofold.qrSample="$QR_SAMPLE" \
    -Dtwofold.ui.out="$UI_OUT" -Dtwofold.ui.reference="$ANDROID_DIR/ui/reference" \
    -Dtwofold.ui.updateReferences="${UPDATE_REFERENCES:-0}" \
    -jar "$JUNIT_JAR" --disable-banner --details=summary --fail-if-no-tests \
    -cp "$RUN_CP" --select-package=app.twofold.ui
echo "== rendered screens in $UI_OUT (contact-sheet.png: all of them)"
ls "$UI_OUT"
