"""The lock (docs/decisions/017-lock-file.md) covers every requirement, each pinned with its hashes: a requirement
added to requirements*.txt without `make lock` fails here, not on someone's machine."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _name(line: str) -> str:
    return re.split(r"[\[<>=!~;\s]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_every_requirement_is_pinned_with_hashes_in_the_lock():
    lock = (BASE / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", lock, re.MULTILINE | re.IGNORECASE))
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    wanted = {
        _name(line)
        for path in BASE.glob("requirements*.txt")
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith(("#", "-r"))
    }
    assert wanted and sorted(wanted - pins.keys()) == []
    # Every pinned package carries at least one hash (pip install --require-hashes refuses it otherwise).
    entries = re.split(r"^(?=[a-z0-9])", lock, flags=re.MULTILINE | re.IGNORECASE)
    assert all("--hash=sha256:" in e for e in entries if "==" in e)
