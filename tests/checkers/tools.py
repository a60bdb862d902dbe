"""Where the checkers are, and a clear failure when they are not installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "node_modules"
AXE_SCRIPT = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTML_METADATA = TOOLS / "html-metadata"
INSTALL = "run `make test-tools` (npm ci in tests/tools; Java from Debian's default-jre-headless)"


def required(path: Path) -> Path:
    """The file, or a failure that says how to install it: these checks must not be skipped silently."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(TOOLS.parents[1])} is missing: {INSTALL}")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail(f"java is not installed: {INSTALL}")
    return found
