#!/usr/bin/env bash
# Refresh the JavaScript libraries the report site ships, from their npm packages.
# Versions are pinned here; change a version, run this script, review the diff, commit.
#   bash loader/report/static/vendor/refresh.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# name@version  file-in-package  (the licence file is copied too)
packages=(
  "cytoscape@3.33.1 dist/cytoscape.min.js"
)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for entry in "${packages[@]}"; do
  read -r spec file <<<"$entry"
  name="${spec%@*}"
  version="${spec##*@}"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$work/$name" && tar -xzf "$work/$name-$version.tgz" -C "$work/$name"
  dest="$here/$name"
  rm -rf "$dest" && mkdir -p "$dest"
  cp "$work/$name/package/$file" "$dest/"
  cp "$work/$name/package/LICENSE" "$dest/LICENSE"
  echo "$spec" >"$dest/VERSION"
  echo "vendored $spec into $dest"
done
