"""Run files through the OWL API (what Protégé is built on) from tests.

``owlapi_check(*paths)`` compiles tests/java/OwlCheck.java once per session
(into a temporary directory), loads every path in one JVM and returns one
:class:`OwlApiReport` per path. Without Java or the OWL API jars the calling
test is skipped with a how-to-install message, except in CI (``CI=true``)
where it fails.

    from tests.owlapi import owlapi_check
    (report,) = owlapi_check(path)
    assert report.unparsed_triples == 0 and report.dl_violations == []
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent / "java" / "OwlCheck.java"
JAR_DIR = Path(os.environ.get("OWLAPI_JAR_DIR", "/usr/share/java"))
INSTALL_HINT = (
    "needs Java 17 and the OWL API: on Debian/Ubuntu `apt-get install default-jdk-headless "
    "libowlapi-java` (jars in /usr/share/java; or set OWLAPI_JAR_DIR)"
)


@dataclass(frozen=True)
class OwlApiReport:
    """What the OWL API made of one file."""

    path: str
    ontology_iri: str
    triples: int
    unparsed_triples: int
    unparsed_sample: list[str]
    guessed_declarations: list[str]
    dl_violations: list[str]
    axioms: int
    logical_axioms: int
    declarations: int
    class_assertions: int
    classes: int
    object_properties: int
    data_properties: int
    annotation_properties: int
    individuals: int
    extra: dict[str, object] = field(default_factory=dict)


def require_java() -> None:
    """Skip (fail in CI) when no ``java`` is on PATH, which HermiT needs."""
    if shutil.which("java") is None:
        _unavailable("no java on PATH")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"OWL API check cannot run in CI: {reason}")
    pytest.skip(f"{reason} — {INSTALL_HINT}")


@cache
def _classpath() -> str:
    """Compile the checker once; return the classpath to run it (raises RuntimeError)."""
    javac, java = shutil.which("javac"), shutil.which("java")
    jars = sorted(JAR_DIR.glob("*.jar"))
    if javac is None or java is None:
        raise RuntimeError("no javac/java on PATH")
    if not any(
        j.name.startswith("owlapi-distribution") or j.name.startswith("owlapi-api") for j in jars
    ):
        raise RuntimeError(f"no OWL API jars in {JAR_DIR}")
    build = Path(tempfile.mkdtemp(prefix="owlcheck-"))
    jar_path = os.pathsep.join(str(j) for j in jars)
    done = subprocess.run(
        [javac, "-nowarn", "-d", str(build), "-cp", jar_path, str(SOURCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"OwlCheck.java does not compile:\n{done.stderr}")
    return os.pathsep.join([str(build), jar_path])


def owlapi_check(*paths: Path | str, fmt: str | None = None) -> list[OwlApiReport]:
    """Load each file with the OWL API in one JVM; ``fmt`` is turtle, rdfxml or ntriples.

    Without ``fmt`` the extension decides (.ttl, .owl/.rdf, .nt).
    """
    try:
        classpath = _classpath()
    except RuntimeError as exc:
        _unavailable(str(exc))
        raise
    args = ["java", "-cp", classpath, "OwlCheck"]
    if fmt is not None:
        args += ["--format", fmt]
    done = subprocess.run(
        [*args, *(str(p) for p in paths)], capture_output=True, text=True, check=False, timeout=300
    )
    reports = []
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        if "error" in data:
            raise AssertionError(f"the OWL API cannot load {data['path']}: {data['error']}")
        known = {k: data.pop(k) for k in list(data) if k in OwlApiReport.__dataclass_fields__}
        reports.append(OwlApiReport(**known, extra=data))  # type: ignore[arg-type]
    if len(reports) != len(paths):
        raise AssertionError(
            f"OwlCheck gave {len(reports)} reports for {len(paths)} files:\n"
            f"{done.stdout}\n{done.stderr[-3000:]}"
        )
    return reports
