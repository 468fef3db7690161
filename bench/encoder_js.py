"""The in-browser encoder's speed and download, next to `tomoshibi linkage encode` in the same run.

    .venv/bin/python bench/encoder_js.py              # 5,000 records
    .venv/bin/python bench/encoder_js.py --size 20000

A list is drawn from bench/linkage.py's synthetic population (Japanese in kanji, kana and romaji,
Filipino, Vietnamese, Thai, Chinese), written as a CSV file, and encoded by the command's code in this
process and by the round page's encoder in Debian's Chromium (the file chosen in a file input). Printed:
the size of each script and dictionary as sent (and gzipped, as whitenoise serves the scripts), the
page's time for the first list (dictionaries fetched and parsed) and for a second one (already loaded),
the command's time for the same two lists in this process, their ratios, and whether the two outputs
are identical (they must be).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_environment  # noqa: E402

os.environ.update(bench_environment(Path(tempfile.mkdtemp(prefix="encoder-js-"))))  # templates need settings

import django  # noqa: E402

django.setup()

from linkage import draw_person, record  # noqa: E402

from tomoshibi.core.tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tomoshibi.linkage import dictionaries  # noqa: E402
from tomoshibi.linkage.cli import main as linkage_main  # noqa: E402
from tomoshibi.stats.tests.test_encoder_js import STATS, EncoderSite, assets_html, csv_bytes  # noqa: E402

SECRET = "a long passphrase agreed by telephone"
SCRIPTS = ("blake2b.js", "kakasi.js", "pinyin.js", "normalise.js", "encoder.js")
TIMED_ENCODE = """async ([secret]) => {
    const file = document.getElementById("list").files[0];
    const started = performance.now();
    const encoded = await TomoshibiLinkage.encodeFile(file, secret);
    return {seconds: (performance.now() - started) / 1000, text: TomoshibiLinkage.toText(encoded)};
}"""


def draw_list(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    people = [record(draw_person(rng), rng) for _ in range(size)]
    rows = [(p.family_name, p.given_name, p.date_of_birth, p.sex, p.nationality) for p in people]
    return csv_bytes(rows, blank_line=False)


def print_sizes() -> None:
    static = STATS / "static" / "stats" / "linkage"
    for name in SCRIPTS:
        data = (static / name).read_bytes()
        print(f"  {name:<16} {len(data):>10,} bytes ({len(gzip.compress(data)):,} gzipped)")
    for name in dictionaries.FILES:
        data = (dictionaries.DEFAULT_DIRECTORY / name).read_bytes()
        unpacked = len(gzip.decompress(data)) if name.endswith(".gz") else len(data)
        print(f"  {name:<16} {len(data):>10,} bytes sent ({unpacked:,} unpacked)")


def command_seconds(folder: Path, data: bytes) -> tuple[float, str]:
    (folder / "list.csv").write_bytes(data)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    started = time.perf_counter()
    linkage_main(["encode", str(folder / "list.csv"), "--secret-file", str(folder / "secret.txt"),
                  "--out", str(folder / "list.clk.json")])  # fmt: skip
    return time.perf_counter() - started, (folder / "list.clk.json").read_text(encoding="utf-8")


def page_runs(data: bytes, second: bytes) -> list[dict]:
    from playwright.sync_api import sync_playwright

    EncoderSite.page = f"<!doctype html><title>Encoder</title><input type='file' id='list'>{assets_html()}".encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), EncoderSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.wait_for_function("() => window.TomoshibiLinkage && window.TomoshibiLinkage.encodeFile")
        runs = []
        for content in (data, second):
            page.set_input_files("#list", files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": content}])
            runs.append(page.evaluate(TIMED_ENCODE, [SECRET]))
        browser.close()
    server.shutdown()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    options = parser.parse_args()
    dictionaries.export()
    print("assets:")
    print_sizes()
    first, second = draw_list(options.size, options.seed), draw_list(options.size, options.seed + 1)
    with tempfile.TemporaryDirectory() as folder:
        command_cold, expected = command_seconds(Path(folder), first)
        command_warm, expected_second = command_seconds(Path(folder), second)
        cold, warm = page_runs(first, second)
    print(f"{options.size:,} records, seed {options.seed}:")
    print(
        f"  first list (dictionaries loaded):  page {cold['seconds']:.2f} s, command {command_cold:.2f} s, "
        f"ratio {cold['seconds'] / command_cold:.2f}x"
    )
    print(
        f"  second list (dictionaries ready):  page {warm['seconds']:.2f} s, command {command_warm:.2f} s, "
        f"ratio {warm['seconds'] / command_warm:.2f}x"
    )
    identical = cold["text"] == expected and warm["text"] == expected_second
    print(f"  outputs identical to the command's: {'yes' if identical else 'NO'}")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
