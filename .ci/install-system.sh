#!/usr/bin/env bash
# Install the real components the tests use: Java + the OWL API (Debian
# libowlapi-java) and OpenLink Virtuoso 7. Idempotent; needs root (or sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
[ -f /usr/share/java/owlapi-distribution.jar ] || need+=(libowlapi-java)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # the report site is tested in it
command -v less >/dev/null 2>&1 || need+=(less)  # the pager test drives a real less
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  # The dba password is preseeded so the install never prompts.
  echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | $SUDO debconf-set-selections
  echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | $SUDO debconf-set-selections
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
javac -version
virtuoso-t -? 2>&1 | head -n 1 || true
