"""The rich menu under the chat: find help, talk to us, call 110 - one menu per language.

Each language's menu opens the help flow in that language (in LINE's browser); the
person's menu follows the language they choose. The picture is drawn here (three
tiles with plain symbols and "110"), so nothing is fetched from elsewhere.
"""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from linebot.v3.messaging import (
    PostbackAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
    URIAction,
)
from PIL import Image, ImageDraw, ImageFont

from tomoshibi.accounts.links import absolute_url
from tomoshibi.core.variants import full_languages

from . import client, texts

WIDTH, HEIGHT = 2500, 843
TILE = WIDTH // 3
INK, PAPER, DANGER = (40, 36, 30), (250, 247, 240), (178, 34, 34)


def menu_request(language: str) -> RichMenuRequest:
    with translation.override(language):
        actions = [
            URIAction(label=_("Find help")[:20], uri=absolute_url("help:flow", language=language)),
            PostbackAction(label=_("Talk to us")[:20], data=texts.TALK, displayText=_("Talk to us")),
            URIAction(label=_("Call 110")[:20], uri="tel:110"),
        ]
        chat_bar = _("Menu")[:14]
    areas = [
        RichMenuArea(bounds=RichMenuBounds(x=index * TILE, y=0, width=TILE, height=HEIGHT), action=action)
        for index, action in enumerate(actions)
    ]
    return RichMenuRequest(
        size=RichMenuSize(width=WIDTH, height=HEIGHT),
        selected=False,
        name=f"tomoshibi-{language}",
        chatBarText=chat_bar,
        areas=areas,
    )


def menu_image() -> bytes:
    """Three tiles: a magnifying glass, a speech bubble, and 110 in red."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for index in (1, 2):
        draw.line([(index * TILE, 60), (index * TILE, HEIGHT - 60)], fill=INK, width=6)
    centre = HEIGHT // 2
    draw.ellipse([TILE // 2 - 170, centre - 200, TILE // 2 + 110, centre + 80], outline=INK, width=36)
    draw.line([(TILE // 2 + 70, centre + 40), (TILE // 2 + 230, centre + 200)], fill=INK, width=56)
    left = TILE + 170
    draw.rounded_rectangle([left, centre - 210, left + 490, centre + 110], radius=70, outline=INK, width=36)
    draw.polygon([(left + 120, centre + 100), (left + 90, centre + 250), (left + 260, centre + 100)], fill=INK)
    font = ImageFont.load_default(size=300)
    draw.text((2 * TILE + TILE // 2, centre), "110", fill=DANGER, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def install_menus(channel) -> dict[str, str]:
    """Create every language's menu with its picture, make the Japanese one the default; {language: id}."""
    picture = menu_image()
    menus = {}
    with client.messaging(channel) as api, client.blob(channel) as blob:
        for language, _name in full_languages():
            menu_id = api.create_rich_menu(menu_request(language), _request_timeout=client.TIMEOUT).rich_menu_id
            blob.set_rich_menu_image(menu_id, picture, _headers={"Content-Type": "image/png"})
            menus[language] = menu_id
        api.set_default_rich_menu(menus[settings.LANGUAGE_CODE], _request_timeout=client.TIMEOUT)
        for old in set(channel.rich_menus.values()) - set(menus.values()):
            client.send(lambda old=old: api.delete_rich_menu(old, _request_timeout=client.TIMEOUT))
    return menus
