"""Writes clkhash_reference.json: clkhash's own encodings of normalised people, for the encoder's test.

clkhash pins mypy_extensions below 1.0 and cryptography 40, which the project's type checker cannot live
with, so it is not a development dependency. Regenerate the reference in a separate environment:

    python3 -m venv /tmp/clk && /tmp/clk/bin/pip install clkhash numpy pykakasi jaconv
    PYTHONPATH=. /tmp/clk/bin/python tomoshibi/linkage/tests/clkhash_reference.py
"""

import copy
import json
from pathlib import Path
from typing import Any

from clkhash import clk
from clkhash.schema import from_json_dict
from clkhash.serialization import serialize_bitarray

from tomoshibi.linkage.encode import SCHEMA_PATH, load_schema
from tomoshibi.linkage.normalise import Person, normalise

HERE = Path(__file__).resolve().parent
SECRET = "correct horse battery staple, agreed by phone"
PEOPLE = [
    Person("佐藤", "花子", "1990-04-12", "女", "日本"),
    Person("サトウ", "ハナコ", "1990/4/12", "F", "JPN"),
    Person("SATOU", "Hanako", "1990-04", "female", "Japan"),
    Person("Nguyễn", "Văn An", "平成2年4月2日", "男", "ベトナム"),
    Person("Santos", "Maria Cruz", "", "F", "Philippines"),
    Person("Thongchai", "Somchai", "1988", "M", "Thailand"),
    Person("王", "伟", "19900402", "m", "中国"),
    Person("", "", "", "", ""),
]


def variant(schema: dict[str, Any]) -> dict[str, Any]:
    """The other code paths: doubleHash with and without singularity prevention, positional n-grams,
    bitsPerToken, a missing-value sentinel, an xor fold and a SHA512 key derivation."""
    other = copy.deepcopy(schema)
    other["clkConfig"]["xor_folds"] = 1
    other["clkConfig"]["l"] = 512
    other["clkConfig"]["kdf"]["hash"] = "SHA512"
    for index, feature in enumerate(other["features"]):
        hashing = feature["hashing"]
        hashing["hash"] = {"type": "doubleHash", "prevent_singularity": index % 2 == 0}
        hashing["strategy"] = {"bitsPerToken": 7 + index}
        if hashing["comparison"]["type"] == "ngram":
            hashing["comparison"]["positional"] = index % 2 == 1
        hashing["missingValue"] = {"sentinel": "", "replaceWith": "?"}
    return other


def main() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    fields = load_schema().identifiers
    records = [[normalise(person)[field] for field in fields] for person in PEOPLE]
    cases = []
    for document in (schema, variant(schema)):
        clks = clk.generate_clks(records, from_json_dict(copy.deepcopy(document)), SECRET, validate=False)
        cases.append({"schema": document, "clks": [serialize_bitarray(bits) for bits in clks]})
    reference = {"secret": SECRET, "fields": list(fields), "records": records, "cases": cases}
    (HERE / "clkhash_reference.json").write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
