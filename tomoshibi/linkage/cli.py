"""`tomoshibi linkage encode` and `tomoshibi linkage match`: linking lists without sharing names.

Each organisation runs ``encode`` on its own machine with the secret the participants agreed among
themselves; only the ``.clk.json`` files leave it. ``match`` needs nothing but those files.
``export-dictionaries`` writes the tables the encoder in the round page reads (see dictionaries.py).

Exit status: 0 on success; 2 for bad input or options (nothing is written).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from tomoshibi.estimation.data import MAX_LISTS, DataError, read_text, split_rows
from tomoshibi.linkage import dictionaries
from tomoshibi.linkage.encode import Encoder, load_schema
from tomoshibi.linkage.match import DEFAULT_THRESHOLD, Blocking, EncodingError, filters_from_base64, link
from tomoshibi.linkage.normalise import (
    INPUT_COLUMNS,
    READING_COLUMNS,
    DateError,
    Person,
    guesses_a_reading,
    normalise,
)

FORMAT = "tomoshibi-clk"
FORMAT_VERSION = 1
MAX_ERRORS_SHOWN = 10


class InputError(ValueError):
    """Bad input, with a message that says what to do."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomoshibi linkage", description="Link lists of people without sharing their names."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    encode = commands.add_parser(
        "encode",
        help="encode a list on the machine that holds it",
        description="Encode each person of LIST.csv as a Bloom filter (CLK) keyed by the shared secret.",
        epilog=f"LIST.csv columns: {', '.join(INPUT_COLUMNS)} (any script; date_of_birth may be partial or blank), "
        f"and where names are written in kanji, {' and '.join(READING_COLUMNS)} (their reading in kana or romaji).",
    )
    encode.add_argument("file", metavar="LIST.csv")
    encode.add_argument("--secret-file", required=True, metavar="PATH", help="file holding the agreed secret")
    encode.add_argument("--out", required=True, metavar="LIST.clk.json")
    export = commands.add_parser(
        "export-dictionaries",
        help="write the tables the in-browser encoder needs",
        description="Export pykakasi's, pypinyin's and Python's tables for the encoder in the round page.",
    )
    export.add_argument("--out", metavar="DIR", type=Path, default=dictionaries.DEFAULT_DIRECTORY)
    export.add_argument("--force", action="store_true", help="export even when the files are up to date")
    match = commands.add_parser(
        "match",
        help="link encoded lists and count the overlaps",
        description="Find the same people across encoded lists and write the capture table for `tomoshibi estimate`.",
    )
    match.add_argument("files", nargs="+", metavar="LIST.clk.json")
    match.add_argument("--out", required=True, metavar="capture.csv")
    match.add_argument(
        "--threshold",
        type=_similarity,
        default=DEFAULT_THRESHOLD,
        help=f"Dice similarity (default {DEFAULT_THRESHOLD})",
    )
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    try:
        return COMMANDS[options.command](options)
    except (InputError, DataError, EncodingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def run_encode(options: argparse.Namespace) -> int:
    secret = read_secret(options.secret_file)
    text, notes = read_text(options.file)
    lines, people = read_people(text, options.file)
    schema = load_schema()
    clks = Encoder(secret, schema).encode_all([normalise(person) for person in people])
    document = {"format": FORMAT, "version": FORMAT_VERSION, "schema": schema.fingerprint, "bits": schema.length}
    _write(options.out, json.dumps({**document, "lines": lines, "clks": clks}) + "\n")
    for note in [*notes, *_reading_notes(people)]:
        print(f"{options.file}: {note}", file=sys.stderr)
    print(f"encoded {len(clks)} people from {options.file} into {options.out}", file=sys.stderr)
    return 0


def _reading_notes(people: list[Person]) -> list[str]:
    guessed = sum(guesses_a_reading(person) for person in people)
    if not guessed:
        return []
    return [
        f"a name in kanji without its reading (columns {' and '.join(READING_COLUMNS)}, in kana or romaji), read "
        f"by a guess from the kanji: {guessed} of {len(people)} people; a guess that is not the person's own "
        "reading keeps them from being linked with their other records"
    ]


def read_secret(path: str) -> bytes:
    try:
        secret = Path(path).read_bytes().strip()
    except OSError as error:
        raise InputError(f"{path}: the secret file cannot be read ({error.strerror or error})") from None
    if len(secret) < 16:
        raise InputError(f"{path}: the secret must be at least 16 characters (a long passphrase agreed by all)")
    return secret


def read_people(text: str, source: str) -> tuple[list[int], list[Person]]:
    """The people of a list and their line numbers; every unreadable date is reported at once."""
    header, numbered, _ = split_rows(text, source)
    columns = [name.casefold() for name in header]
    missing = [name for name in INPUT_COLUMNS if name not in columns]
    if missing:
        raise DataError(source, 1, f"missing column(s) {', '.join(missing)}; expected {', '.join(INPUT_COLUMNS)}")
    repeated = [name for name in (*INPUT_COLUMNS, *READING_COLUMNS) if columns.count(name) > 1]
    if repeated:  # which one holds the name? Reading the first alone could encode the wrong one
        raise DataError(source, 1, f"column(s) {', '.join(repeated)} appear more than once; keep one of each")
    where: list[int | None] = [columns.index(name) for name in INPUT_COLUMNS]
    where += [columns.index(name) if name in columns else None for name in READING_COLUMNS]  # optional
    people, lines, errors = [], [], []
    for line, row in numbered:
        cells = [row[index].strip() if index is not None and index < len(row) else "" for index in where]
        person = Person(*cells)
        try:
            normalise(person)
        except DateError as error:
            errors.append(f"line {line}: {error}")
            continue
        people.append(person)
        lines.append(line)
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN]) + ("; ..." if len(errors) > MAX_ERRORS_SHOWN else "")
        raise DataError(source, None, f"{len(errors)} unreadable date(s) of birth: {shown}")
    return lines, people


def run_export(options: argparse.Namespace) -> int:
    try:
        sizes = dictionaries.export(options.out, force=options.force)
    except OSError as error:
        raise InputError(f"{options.out}: cannot be written ({error.strerror or error})") from None
    for name, size in sizes.items():
        print(f"{options.out / name}: {size:,} bytes", file=sys.stderr)
    return 0


def run_match(options: argparse.Namespace) -> int:
    if not 2 <= len(options.files) <= MAX_LISTS:
        raise InputError(f"give between 2 and {MAX_LISTS} encoded lists")
    documents = [read_encoded(path) for path in options.files]
    names = [list_name(path) for path in options.files]
    _check_compatible(options.files, names, documents)
    lists = [
        (name, filters_from_base64(doc["clks"], path))
        for name, doc, path in zip(names, documents, options.files, strict=False)
    ]
    linkage = link(lists, options.threshold, Blocking())
    _write(options.out, capture_csv(names, linkage.capture_rows()))
    for list_index, first, second, similarity in linkage.duplicates:
        lines = documents[list_index]["lines"]
        print(
            f"{names[list_index]}: lines {lines[first]} and {lines[second]} may be the same person "
            f"(similarity {similarity:.2f}); check the list and encode it again",
            file=sys.stderr,
        )
    total = sum(len(doc["clks"]) for doc in documents)
    print(f"{total} records, {len(linkage.groups)} people; capture table in {options.out}", file=sys.stderr)
    return 0


COMMANDS = {"encode": run_encode, "match": run_match, "export-dictionaries": run_export}


def read_encoded(path: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValueError:
        raise InputError(f"{path}: not an encoded list (made by `tomoshibi linkage encode`)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION:
        raise InputError(f"{path}: not an encoded list (made by `tomoshibi linkage encode`)")
    if len(document.get("lines", [])) != len(document.get("clks", [])):
        raise InputError(f"{path}: the encoded list is damaged (lines and encodings differ in number)")
    return document


def list_name(path: str) -> str:
    name = Path(path).name
    for suffix in (".clk.json", ".json"):
        name = name.removesuffix(suffix) if name.endswith(suffix) and name != suffix else name
    return name


def _check_compatible(paths: list[str], names: list[str], documents: list[dict[str, Any]]) -> None:
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(f"lists are named by their file names, and these repeat: {', '.join(repeated)}")
    bad = [name for name in names if ":" in name or "," in name]
    if bad:
        raise InputError(f"list names may not contain ':' or ',' (rename the files): {', '.join(bad)}")
    schemas = {doc["schema"] for doc in documents}
    if len(schemas) > 1:
        different = [
            path for path, doc in zip(paths, documents, strict=False) if doc["schema"] != documents[0]["schema"]
        ]
        raise InputError(
            f"{', '.join(different)}: encoded with a different schema from {paths[0]}; "
            "every organisation must use the same version of Tomoshibi"
        )


def capture_csv(names: list[str], rows: list[tuple[tuple[int, ...], int]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*names, "count"])
    writer.writerows([*pattern, count] for pattern, count in rows)
    return out.getvalue()


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None


def _similarity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("the threshold is a Dice similarity above 0 and at most 1")
    return value
