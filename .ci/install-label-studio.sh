#!/usr/bin/env bash
# Install Label Studio (1.23) for the round-trip test, in its own virtual
# environment: its pinned dependencies (Django and friends) clash with ours.
# About 1 GB. Idempotent. The test finds it at the same path
# (NEWSGRAPH_LABEL_STUDIO_VENV, default ~/.cache/newsgraph/ls-venv).
set -euo pipefail
VENV="${NEWSGRAPH_LABEL_STUDIO_VENV:-$HOME/.cache/newsgraph/ls-venv}"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/label-studio" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q 'label-studio==1.23.*'
fi
"$VENV/bin/pip" show label-studio | sed -n 1,2p  # sed reads it all: no broken pipe
