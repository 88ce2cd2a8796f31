#!/usr/bin/env bash
# Refresh the vendored browser assets from npm (exact versions pinned in package.json/package-lock.json).
# The copies are kept in the repository, so the app never fetches anything at run time and needs no
# build step; run this only to upgrade them. npm installs into a temporary directory, not the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work"/
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
nm="$work/node_modules"
static="$root/src/fibrotrack/web/static/vendor"
mkdir -p "$static/licenses" "$root/tests/browser/vendor"
cp "$nm/htmx.org/dist/htmx.min.js" "$static/htmx.min.js"
cp "$nm/vega/build/vega.min.js" "$static/vega.min.js"
cp "$nm/vega-lite/build/vega-lite.min.js" "$static/vega-lite.min.js"
cp "$nm/vega-embed/build/vega-embed.min.js" "$static/vega-embed.min.js"
cp "$nm/htmx.org/LICENSE" "$static/licenses/htmx.org.txt"
cp "$nm/vega/LICENSE" "$static/licenses/vega.txt"
cp "$nm/vega-lite/LICENSE" "$static/licenses/vega-lite.txt"
cp "$nm/vega-embed/LICENSE" "$static/licenses/vega-embed.txt"
# axe-core is used only by the browser tests (accessibility checks); it is not served by the app.
cp "$nm/axe-core/axe.min.js" "$root/tests/browser/vendor/axe.min.js"
cp "$nm/axe-core/LICENSE" "$root/tests/browser/vendor/axe-core.LICENSE.txt"
node -e '
const fs = require("fs");
const names = ["htmx.org", "vega", "vega-lite", "vega-embed", "axe-core"];
const rows = names.map(n => { const p = require(process.argv[1] + "/" + n + "/package.json");
  return {name: p.name, version: p.version, license: p.license}; });
fs.writeFileSync(process.argv[2], JSON.stringify(rows, null, 2) + "\n");
' "$nm" "$static/versions.json"
echo "vendored:"; cat "$static/versions.json"
