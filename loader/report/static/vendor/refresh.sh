#!/usr/bin/env bash
# Refresh the JavaScript libraries newsgraph ships, from their npm packages: the report
# site's (here) and the query editor of `newsgraph serve` (loader/server/static/vendor).
# Versions are pinned here; change a version, run this script, review the diff, commit.
#   bash loader/report/static/vendor/refresh.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server="$(cd "$here/../../../server/static/vendor" && pwd)"
# name@version  destination  files-in-package (the licence file is copied too)
packages=(
  "cytoscape@3.33.1 $here dist/cytoscape.min.js"
  "@zazuko/yasgui@4.6.2 $server build/yasgui.min.js build/yasgui.min.css"
)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for entry in "${packages[@]}"; do
  read -r spec base files <<<"$entry"
  name="${spec%@*}"
  version="${spec##*@}"
  short="${name##*/}"  # @zazuko/yasgui -> yasgui
  tgz="$(cd "$work" && npm pack --silent "$spec" | tail -n 1)"
  mkdir -p "$work/$short" && tar -xzf "$work/$tgz" -C "$work/$short"
  package="$work/$short/package"
  dest="$base/$short"
  rm -rf "$dest" && mkdir -p "$dest"
  for file in $files; do
    cp "$package/$file" "$dest/"
  done
  if [[ -f "$package/LICENSE" ]]; then
    cp "$package/LICENSE" "$dest/LICENSE"
  else
    # Some packages ship no licence file: write the licence their package.json names.
    licence="$(node -p "require('$package/package.json').license")"
    author="$(node -p "const a = require('$package/package.json').author; a.name || a")"
    [[ "$licence" == "MIT" ]] || { echo "$spec: licence $licence, add its text" >&2; exit 1; }
    cat >"$dest/LICENSE" <<EOF
$spec is published on npm under the MIT licence (its package.json: "license": "MIT";
author: $author). The package ships no licence file; this is the MIT licence text.

MIT License

Copyright (c) $author and contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
  fi
  echo "$spec" >"$dest/VERSION"
  echo "vendored $spec into $dest"
done
