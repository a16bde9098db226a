"""The ``newsgraph`` command line: one module per command group."""

from loader.cli import articles as _articles  # noqa: F401
from loader.cli import check as _check  # noqa: F401
from loader.cli import dates as _dates  # noqa: F401
from loader.cli import draft as _draft  # noqa: F401
from loader.cli import export as _export  # noqa: F401
from loader.cli import importcmd as _importcmd  # noqa: F401
from loader.cli import init as _init  # noqa: F401
from loader.cli import labelstudio as _labelstudio  # noqa: F401
from loader.cli import load as _load  # noqa: F401  (registers commands)
from loader.cli import ontology as _ontology  # noqa: F401
from loader.cli import query as _query  # noqa: F401
from loader.cli import report as _report  # noqa: F401
from loader.cli import serve as _serve  # noqa: F401
from loader.cli.app import main

__all__ = ["main"]
