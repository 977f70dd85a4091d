#!/usr/bin/env bash
# Reproducible build of the trimmed ECharts bundle served by vitrine.
#
# Installs the exact versions pinned in package-lock.json into a throwaway
# directory (node_modules never lands in the source tree), bundles entry.js
# with esbuild and writes, next to this script:
#   echarts.min.js   the bundle (exposes window.echarts)
#   LICENSE, NOTICE  Apache ECharts license and notice (Apache-2.0)
#   LICENSE-zrender, LICENSE-tslib, LICENSE-d3
#                    licenses of code included in the bundle
#
# Needs node and npm and the npm registry. Run from anywhere:
#   bash static/vendor/echarts/build.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"

# --ignore-scripts: esbuild runs from its @esbuild/<platform> package without
# its postinstall step; nothing else here has install scripts.
npm ci --ignore-scripts --no-audit --no-fund

ver="$(node -p 'require("echarts/package.json").version')"

./node_modules/.bin/esbuild entry.js \
  --bundle \
  --minify \
  --format=iife \
  --target=es2018 \
  --platform=browser \
  --define:process.env.NODE_ENV='"production"' \
  --legal-comments=none \
  --banner:js="/*! Apache ECharts ${ver} (trimmed build for vitrine) | Apache-2.0 | see LICENSE and NOTICE beside this file */" \
  --outfile="$here/echarts.min.js"

cp node_modules/echarts/LICENSE "$here/LICENSE"
cp node_modules/echarts/NOTICE "$here/NOTICE"
cp node_modules/echarts/licenses/LICENSE-d3 "$here/LICENSE-d3"
cp node_modules/zrender/LICENSE "$here/LICENSE-zrender"
cp node_modules/tslib/LICENSE.txt "$here/LICENSE-tslib"

raw="$(wc -c <"$here/echarts.min.js")"
gz="$(gzip -9 -n -c "$here/echarts.min.js" | wc -c)"
sum="$(sha256sum "$here/echarts.min.js" | cut -d' ' -f1)"
echo "echarts.min.js: ECharts ${ver}, ${raw} bytes raw, ${gz} bytes gzip -9, sha256 ${sum}"
