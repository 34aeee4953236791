#!/usr/bin/env python3
"""Scanner benchmark: Twofold's scanner against zxing-cpp, zbar (when pyzbar
and libzbar0 are installed) and the Rust rxing crate (when
tests/bench/rxing-peer is built) on the same images, in one run.

For each category (sub-folder of real/ and synthetic/) it prints how many
images each decoder read correctly, how many wrong payloads it returned
(any text on a false-positive image counts as wrong), the median milliseconds
per image (reading and decoding the image file included for every decoder),
and Twofold's ratios to zxing-cpp. Also the 12 MP photo: times and
Twofold's peak memory.

Usage (from the repository root): tests/bench/scan.sh [QR_DIR], which sets
up the tools and builds the binaries, or by hand:
  cargo build --release --example scan_timing -p twofold-core
  /var/cache/twofold/venv/bin/python tests/bench/scanner.py [QR_DIR] [--repeat N]
      [--binary PATH] [--rxing PATH]

QR_DIR defaults to ../shared/qr. Needs PyPI zxing-cpp and pillow;
optionally pyzbar (+ Debian libzbar0) and the rxing-peer binary.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image
import zxingcpp

try:
    from pyzbar import pyzbar
except Exception:  # libzbar0 missing: measure without zbar
    pyzbar = None

REPO = Path(__file__).resolve().parents[2]
IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".webp"}


def expected_text(image: Path):
    txt = image.with_suffix(".txt")
    if not txt.exists():
        return None  # false-positive image: nothing is right
    return txt.read_bytes()


def matches(found: str, expected: bytes) -> bool:
    if found is None or expected is None:
        return False
    # The .txt files usually add a final newline, but some payloads end in one.
    if expected.endswith(b"\n") and matches(found, expected[:-1]):
        return True
    if found.encode("utf-8") == expected:
        return True
    # rqrr hands Shift_JIS bytes through, which Twofold shows as Latin-1:
    # the code was found and read, only the charset guess differs.
    try:
        raw = found.encode("latin-1")
    except UnicodeEncodeError:
        return False
    if raw == expected:
        return True
    try:
        return raw.decode("shift_jis") == expected.decode("utf-8")
    except UnicodeDecodeError:
        return False


def run_zxing(path: Path, repeat: int):
    best, text = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        img = Image.open(path).convert("L")
        results = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
        best = min(best, (time.perf_counter() - start) * 1000)
        text = results[0].text if results else None
    return best, text


def run_zbar(path: Path, repeat: int):
    best, text = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        img = Image.open(path).convert("L")
        results = pyzbar.decode(img, symbols=[pyzbar.ZBarSymbol.QRCODE])
        best = min(best, (time.perf_counter() - start) * 1000)
        text = results[0].data.decode("utf-8", "replace") if results else None
    return best, text


ESCAPES = {"n": "\n", "r": "\r", "\\": "\\"}


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text)


def run_binary(paths, repeat: int, binary: Path):
    """Runs a `PATH<TAB>MS<TAB>TEXT` timing binary (Twofold's scan_timing,
    rxing-peer) over `paths`: {path: (ms, text or None)}."""
    out = subprocess.run(
        [str(binary), "--repeat", str(repeat), *map(str, paths)],
        check=True, capture_output=True, text=True, errors="surrogateescape",
    ).stdout
    results = {}
    for line in out.split("\n"):
        if not line:
            continue
        file, ms, text = line.split("\t", 2)
        text = unescape(text)
        results[file] = (float(ms), text if text else None)
    return results


def peak_memory_mb(binary: Path, image: Path) -> float:
    """Peak RSS of one Twofold scan of `image`, in a fresh child process."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(binary), str(image)],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("qr_dir", nargs="?", default=str(REPO.parent / "shared" / "qr"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per image, fastest kept")
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    parser.add_argument("--binary", default=str(target / "release" / "examples" / "scan_timing"))
    rxing_target = Path(os.environ.get("RXING_TARGET_DIR", "/var/cache/twofold/rxing-peer-target"))
    parser.add_argument("--rxing", default=str(rxing_target / "release" / "rxing-peer"),
                        help="rxing-peer binary; its column is left out when missing")
    args = parser.parse_args()
    root, binary = Path(args.qr_dir), Path(args.binary)
    rxing = Path(args.rxing) if Path(args.rxing).is_file() else None

    categories = {}
    for group in ("real", "synthetic"):
        for image in sorted((root / group).rglob("*")):
            if image.suffix.lower() in IMAGE_EXTS:
                categories.setdefault(f"{group}/{image.parent.name}", []).append(image)

    decoders = (["twofold", "zxing-cpp"] + (["zbar"] if pyzbar else [])
                + (["rxing"] if rxing else []))
    header = f"{'category':<24}{'n':>4}"
    for d in decoders:
        header += f" {d + ' ok':>11}{'wrong':>6}{'ms':>8}"
    header += f" {'ok ratio':>9}{'ms ratio':>9}"
    print(header)
    totals = {g: {d: [0, 0, []] for d in decoders} for g in ("real", "synthetic")}
    large = []
    for category, images in categories.items():
        twofold = run_binary(images, args.repeat, binary)
        rxing_results = run_binary(images, args.repeat, rxing) if rxing else {}
        stats = {d: [0, 0, []] for d in decoders}
        for image in images:
            expected = expected_text(image)
            results = {"twofold": twofold.get(str(image), (0.0, None)),
                       "zxing-cpp": run_zxing(image, args.repeat)}
            if pyzbar:
                results["zbar"] = run_zbar(image, args.repeat)
            if rxing:
                results["rxing"] = rxing_results.get(str(image), (0.0, None))
            for d, (ms, text) in results.items():
                stats[d][2].append(ms)
                if matches(text, expected):
                    stats[d][0] += 1
                elif text is not None:
                    stats[d][1] += 1
            if category.endswith("large_photo"):
                large.append((image, expected, results))
        line = f"{category:<24}{len(images):>4}"
        group = category.split("/")[0]
        for d in decoders:
            ok, wrong, times = stats[d]
            line += f" {ok:>11}{wrong:>6}{statistics.median(times):>8.1f}"
            totals[group][d][0] += ok
            totals[group][d][1] += wrong
            totals[group][d][2].extend(times)
        zx = stats["zxing-cpp"]
        ok_ratio = stats["twofold"][0] / zx[0] if zx[0] else float("nan")
        ms_ratio = statistics.median(stats["twofold"][2]) / statistics.median(zx[2])
        print(line + f" {ok_ratio:>9.2f}{ms_ratio:>9.2f}")
    for group, per in totals.items():
        if not per["twofold"][2]:
            continue
        line = f"{'TOTAL ' + group:<24}{len(per['twofold'][2]):>4}"
        for d in decoders:
            ok, wrong, times = per[d]
            line += f" {ok:>11}{wrong:>6}{statistics.median(times):>8.1f}"
        zx = per["zxing-cpp"]
        ok_ratio = per["twofold"][0] / zx[0] if zx[0] else float("nan")
        ms_ratio = statistics.median(per["twofold"][2]) / statistics.median(zx[2])
        print(line + f" {ok_ratio:>9.2f}{ms_ratio:>9.2f}")
    for image, expected, results in large:
        ms, zx_ms = results["twofold"][0], results["zxing-cpp"][0]
        peers = ", ".join(
            f"{d} {t:.1f} ms ({'decoded' if matches(text, expected) else 'NOT decoded'})"
            for d, (t, text) in results.items())
        print(f"12 MP {image.name}: {peers}; twofold/zxing-cpp {ms / zx_ms:.2f}, "
              f"twofold peak RSS {peak_memory_mb(binary, image):.1f} MB")


if __name__ == "__main__":
    main()
