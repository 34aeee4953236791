#!/usr/bin/env bash
# Builds libtwofold_ffi, generates its Kotlin, Swift and Python bindings and
# runs a test suite in each language against the real library.
#
#   tests/bindings/run.sh                  # all three languages
#   tests/bindings/run.sh python kotlin    # a subset
#
# Installs what it needs on Debian 12 (idempotent, quick when present):
# apt packages libjna-java junit5 debootstrap; the pinned Kotlin compiler via
# `npm ci --prefix tools/kotlin`; a Debian trixie chroot with Swift 6.0.3 under
# /var/cache/twofold/swift-trixie (TWOFOLD_SWIFT_ROOT). Needs root (or sudo)
# for apt, debootstrap and the chroot.
#
# Everything generated goes to tests/out/bindings (ignored by git). Each suite
# ends with "N passed, N failed"; the script fails if any language fails or
# could not run, and prints how long each phase took.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/tests/bindings"
OUT="$REPO/tests/out/bindings"
# Where the suites find the QR fixtures.
export TWOFOLD_FIXTURES="$OUT/fixtures"
LANGS=("$@")
[[ ${#LANGS[@]} -eq 0 ]] && LANGS=(python kotlin swift)
JOBS="${CARGO_BUILD_JOBS:-2}"
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"

declare -a TIMINGS=()
declare -a RESULTS=()
FAILED=0

log() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
# phase NAME COMMAND...: runs COMMAND, records its duration.
phase() {
    local name="$1"
    shift
    local start status
    start="$(now)"
    "$@"
    status=$?
    TIMINGS+=("$(printf '%-10s %6.1f s%s' "$name" "$(echo "$(now) - $start" | bc)" \
        "$([[ $status -ne 0 ]] && echo '  (failed)')")")
    return $status
}
# copy_if_changed SRC DST: keeps DST's mtime when the content is the same,
# so incremental Kotlin/Swift builds stay warm.
copy_if_changed() {
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" || cp "$1" "$2"
}

install_tools() {
    local missing=()
    for pkg in libjna-java junit5 debootstrap bc; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "apt-get install ${missing[*]}"
        $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq &&
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
                install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
    fi
    if [[ " ${LANGS[*]} " == *" kotlin "* ]]; then
        local want have
        want="$(grep -A2 '"node_modules/kotlin-compiler"' "$REPO/tools/kotlin/package-lock.json" | sed -n 's/.*"version": "\(.*\)".*/\1/p')"
        have="$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$REPO/tools/kotlin/node_modules/kotlin-compiler/package.json" 2>/dev/null | head -1)"
        if [[ -z "$want" || "$want" != "$have" ]]; then
            log "npm ci --prefix tools/kotlin (kotlin-compiler $want)"
            npm ci --prefix "$REPO/tools/kotlin" --no-audit --no-fund >/dev/null || return 1
        fi
    fi
    if [[ " ${LANGS[*]} " == *" swift "* ]]; then
        SWIFT_ROOT="$($SUDO "$HERE/swift-chroot.sh")" || return 1
    fi
}

build_library() {
    cd "$REPO" || return 1
    # The bindgen is a crate of its own (crates/uniffi-bindgen): the order of
    # the two builds does not matter, the library never gets UniFFI's `cli`.
    cargo build -q -j "$JOBS" -p twofold-uniffi-bindgen &&
        cargo build -q -j "$JOBS" -p twofold-ffi --lib || return 1
    local target
    target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
    BINDGEN="$target/debug/uniffi-bindgen"
    # QR images for the scanner tests, drawn from known texts (nothing committed).
    cargo run -q -j "$JOBS" -p twofold-ffi --example qr_fixtures -- "$OUT/fixtures" || return 1
    mkdir -p "$OUT/lib"
    copy_if_changed "$target/debug/libtwofold_ffi.so" "$OUT/lib/libtwofold_ffi.so"
}

generate() {
    cd "$REPO" || return 1
    local lang
    for lang in "${LANGS[@]}"; do
        "$BINDGEN" generate --no-format --library "$OUT/lib/libtwofold_ffi.so" \
            --language "$lang" --config "$REPO/uniffi.toml" --out-dir "$OUT/gen/$lang" >/dev/null || return 1
    done
}

# Suites print their own closing line; run_suite records pass/fail per language.
run_suite() {
    local lang="$1" log_file="$OUT/$1.log"
    log "$lang suite"
    local start
    start="$(now)"
    "suite_$lang" 2>&1 | tee "$log_file"
    local status=${PIPESTATUS[0]}
    TIMINGS+=("$(printf '%-10s %6.1f s' "$lang" "$(echo "$(now) - $start" | bc)")")
    local closing
    closing="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log_file" | tail -1)"
    if [[ $status -ne 0 || -z "$closing" ]]; then
        FAILED=1
        RESULTS+=("$(printf '%-7s FAILED (%s)' "$lang" "${closing:-no closing line}")")
    else
        RESULTS+=("$(printf '%-7s ok     (%s)' "$lang" "$closing")")
    fi
}

suite_python() {
    local dir="$OUT/python"
    mkdir -p "$dir"
    copy_if_changed "$OUT/gen/python/twofold_ffi.py" "$dir/twofold_ffi.py"
    ln -sf "$OUT/lib/libtwofold_ffi.so" "$dir/libtwofold_ffi.so"
    PYTHONPATH="$dir" /usr/bin/python3 "$HERE/python/test_twofold.py"
}

suite_kotlin() {
    local kc="$REPO/tools/kotlin/node_modules/kotlin-compiler"
    local java_dir=/usr/share/java
    local cp="$java_dir/jna.jar:$java_dir/junit-platform-console-standalone.jar:$kc/lib/kotlin-test.jar"
    local classes="$OUT/kotlin/classes"
    local sources=("$OUT/gen/kotlin/app/twofold/core/twofold_ffi.kt" "$HERE"/kotlin/*.kt)
    local stamp
    stamp="$(cat "${sources[@]}" | sha256sum | cut -d' ' -f1)"
    if [[ "$(cat "$classes/.stamp" 2>/dev/null)" != "$stamp" ]]; then
        rm -rf "$classes"
        "$kc/bin/kotlinc" -nowarn -jvm-target 17 -cp "$cp" -d "$classes" "${sources[@]}" || return 1
        echo "$stamp" >"$classes/.stamp"
    fi
    java -Djna.library.path="$OUT/lib" -cp "$classes:$cp:$kc/lib/kotlin-stdlib.jar" \
        app.twofold.core.test.RunnerKt
}

suite_swift() {
    local pkg="$OUT/swift/package"
    mkdir -p "$pkg/Sources/TwofoldCoreFFI" "$pkg/Sources/TwofoldCore" "$pkg/Tests"
    copy_if_changed "$HERE/swift/Package.swift" "$pkg/Package.swift"
    local test_file
    for test_file in $(cd "$HERE/swift" && find Tests -name '*.swift'); do
        copy_if_changed "$HERE/swift/$test_file" "$pkg/$test_file"
    done
    copy_if_changed "$OUT/gen/swift/TwofoldCoreFFI.h" "$pkg/Sources/TwofoldCoreFFI/TwofoldCoreFFI.h"
    copy_if_changed "$OUT/gen/swift/TwofoldCore.swift" "$pkg/Sources/TwofoldCore/TwofoldCore.swift"
    # SwiftPM wants the modulemap named module.modulemap, linking the library.
    printf 'module TwofoldCoreFFI {\n    header "TwofoldCoreFFI.h"\n    link "twofold_ffi"\n    export *\n}\n' \
        >"$OUT/module.modulemap.new"
    copy_if_changed "$OUT/module.modulemap.new" "$pkg/Sources/TwofoldCoreFFI/module.modulemap"

    # A private mount namespace: /proc and the checkout are mounted for this
    # run only and vanish with it, even if the run is killed.
    local swift_libs=/usr/libexec/swift/lib/swift/linux:/usr/libexec/swift/lib/swift/host
    $SUDO unshare --mount --propagation private bash -c '
        set -e
        root="$1"; repo="$2"; pkg="$3"; lib="$4"; libs="$5"; jobs="$6"; fixtures="$7"
        mkdir -p "$root$repo"
        mount -t proc proc "$root/proc"
        mount --bind "$repo" "$root$repo"
        chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root \
            LD_LIBRARY_PATH="$libs:$lib" TWOFOLD_FIXTURES="$fixtures" \
            bash -c "cd \"$pkg\" && swift test -j $jobs -Xlinker -L\"$lib\"" 2>&1
    ' bash "$SWIFT_ROOT" "$REPO" "$pkg" "$OUT/lib" "$swift_libs" "$JOBS" "$TWOFOLD_FIXTURES" | tee "$OUT/swift-xctest.log"
    local status=${PIPESTATUS[0]}
    # XCTest's own summary for the whole run, restated as the closing line.
    local summary executed failures
    summary="$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$OUT/swift-xctest.log" | tail -1)"
    [[ -z "$summary" ]] && return 1
    executed="$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")"
    failures="$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")"
    echo "$((executed - failures)) passed, $failures failed"
    [[ $status -eq 0 && $failures -eq 0 && $executed -gt 0 ]]
}

mkdir -p "$OUT"
TOTAL_START="$(date +%s)"
if ! phase install install_tools; then
    echo "error: could not install the toolchains" >&2
    exit 1
fi
log "build libtwofold_ffi and the bindgen"
phase build build_library || { echo "error: cargo build failed" >&2; exit 1; }
log "generate bindings: ${LANGS[*]}"
phase generate generate || { echo "error: binding generation failed" >&2; exit 1; }
for lang in "${LANGS[@]}"; do
    case "$lang" in
    python | kotlin | swift) run_suite "$lang" ;;
    *)
        RESULTS+=("$lang unknown language")
        FAILED=1
        ;;
    esac
done

log "phase times"
printf '  %s\n' "${TIMINGS[@]}"
printf '  %-10s %6d s\n' total "$(($(date +%s) - TOTAL_START))"
log "results"
printf '  %s\n' "${RESULTS[@]}"
exit $FAILED
