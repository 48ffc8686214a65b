"""Every variable the settings read from the environment is in the README's settings table."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def test_every_environment_variable_is_in_the_readme():
    sources = (BASE / "config" / "settings.py").read_text() + (BASE / "config" / "gunicorn.py").read_text()
    read = set(re.findall(r'env(?:bool|int|secret)?\("((?:PARCOURS|DATABASE)_[A-Z0-9_]+)"', sources))
    read |= set(re.findall(r'os\.environ\.get\("((?:PARCOURS|DATABASE)_[A-Z0-9_]+)"', sources))
    readme = (BASE / "README.md").read_text()
    table = {name for row in readme.splitlines() if row.startswith("| `") for name in re.findall(r"`([A-Z0-9_]+)", row)}

    assert read, "the pattern finds the settings"
    assert sorted(read - table) == []
