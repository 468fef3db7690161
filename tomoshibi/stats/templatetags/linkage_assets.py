"""What the round page needs to encode a list in the browser: the linkage schema and the dictionaries' addresses.

The schema is read from tomoshibi/linkage/schema.json on every render, so the page and the command line
always follow the same one. The dictionaries (tomoshibi/linkage/dictionaries.py) carry their export stamp
in the address, so a browser never keeps a table from before an upgrade.
"""

import json

from django import template
from django.templatetags.static import static

from tomoshibi.linkage import dictionaries
from tomoshibi.linkage.encode import SCHEMA_PATH

register = template.Library()
DICTIONARIES = {"base": dictionaries.BASE, "kanwa": dictionaries.KANWA, "pinyin": dictionaries.PINYIN}
STAMP_SHOWN = 16  # hex digits of the export stamp in each address: enough to tell exports apart


@register.simple_tag
def linkage_encoder_config() -> dict:
    """The JSON the encoder reads from <script id="tomoshibi-linkage-config">."""
    stamp = _export_stamp()[:STAMP_SHOWN]
    return {
        "schema": json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
        "dictionaries": {
            name: f"{static(f'stats/linkage/dictionaries/{file}')}?v={stamp}" for name, file in DICTIONARIES.items()
        },
    }


def _export_stamp() -> str:
    path = dictionaries.DEFAULT_DIRECTORY / dictionaries.STAMP
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise RuntimeError("the encoder's dictionaries are missing: run `tomoshibi setup`") from None
