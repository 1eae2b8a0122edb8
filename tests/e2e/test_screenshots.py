"""`manage.py screenshots` photographs each role's landing page on a phone and a screen, from a running
demo. Here the demo is seeded in the test database and served by the live server; with
SCREENSHOTS_OUT=docs/screenshots the same run refreshes the README's pictures."""

import os
import struct
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from demo.management.commands.screenshots import SHOTS, WIDTHS
from demo.seed import seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_one_png_per_role_on_phone_and_screen(live_server, tmp_path):
    from pathlib import Path

    out = Path(os.environ.get("SCREENSHOTS_OUT") or tmp_path)
    seed_demo(progress=lambda _message: None)
    stdout = StringIO()
    # The command drives its own Playwright (sync API): in a thread of its own, since this worker's
    # session browser keeps an asyncio loop running in the test thread.
    errors = []

    def shoot():
        try:
            call_command("screenshots", base_url=live_server.url, out=str(out), stdout=stdout)
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)

    thread = threading.Thread(target=shoot)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    for name, _email, _path in SHOTS:
        for device, viewport in WIDTHS.items():
            assert png_size(out / f"{name}-{device}.png") == (viewport["width"], viewport["height"])
    assert f"{len(SHOTS) * len(WIDTHS)} captures" in stdout.getvalue()
