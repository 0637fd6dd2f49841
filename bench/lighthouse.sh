#!/bin/bash
# Lighthouse scores of the built site: performance, accessibility, best practices, SEO.
#
# usage: bench/lighthouse.sh [--base-url] [CONTENT_DIR]
#
# Builds CONTENT_DIR (default: the real content/; e.g. a report with photos made by
# `python -m tests.photo_fixture DEST`) into a temporary folder as `make` does (no base_url:
# no canonical, hreflang or share-image addresses), or with --base-url for the address it
# is served from (http://127.0.0.1:PORT/, as a deployment sets base_url), serves it with python3 -m http.server (stopped on exit),
# installs the npm package `lighthouse` into /tmp/tianxin-bench/npm if it is missing, and
# runs it with Debian's /usr/bin/chromium (never `playwright install`), the default mobile
# preset, for /zh/, /en/, /bilingual/ and /. Prints a table of the four category scores per
# page; the JSON reports go to bench/results/lighthouse-<page>.json.
#
# Lighthouse is slow and noisy (scores move by several points between runs, more on a busy
# machine) and http.server sends no gzip, which the performance audits count against the
# page: compare runs, do not assert on them. This is not a test.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=$ROOT/bench/results
NPM_DIR=/tmp/tianxin-bench/npm
LH=$NPM_DIR/node_modules/.bin/lighthouse
WITH_BASE=; [ "${1:-}" = --base-url ] && { WITH_BASE=1; shift; }
CONTENT=$(cd "${1:-$ROOT/content}" && pwd)
PY=${PY:-$ROOT/.venv/bin/python}  # or the environment's, e.g. PY=/path/to/venv/bin/python
[ -x "$PY" ] || PY=python3
export CHROME_PATH=/usr/bin/chromium
[ -x "$CHROME_PATH" ] || { echo "needs Debian's chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/tianxin-lighthouse-XXXXXX)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# With --base-url the site is built for the address it is served from (as a deployment sets
# base_url): canonical URLs, hreflang alternates and og:url are absolute; without, none ship.
BASE_ARGS=(); [ -n "$WITH_BASE" ] && BASE_ARGS=(--base-url "http://127.0.0.1:$PORT/")
echo "building $CONTENT into $TMP/site ${BASE_ARGS[*]:-(no base_url)}" >&2
(cd "$ROOT" && "$PY" -m tianxin_report build --content "$CONTENT" --out "$TMP/site" \
   --cache "$TMP/cache" "${BASE_ARGS[@]}") >/dev/null 2>"$TMP/build.log" \
  || { tail -15 "$TMP/build.log" >&2; exit 1; }
SITE_SHOWN="built from $CONTENT ${BASE_ARGS[*]:-(no base_url)}"
SITE=$TMP/site

if [ ! -x "$LH" ]; then
  echo "installing lighthouse into $NPM_DIR" >&2
  mkdir -p "$NPM_DIR"
  npm install --prefix "$NPM_DIR" --no-audit --no-fund lighthouse >&2
fi

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >"$TMP/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$RESULTS"
echo "lighthouse $("$LH" --version), $(chromium --version 2>/dev/null), site $SITE_SHOWN" >&2
for page in zh en bilingual root; do
  path=/$page/; [ "$page" = root ] && path=/
  echo "lighthouse http://127.0.0.1:$PORT$path ..." >&2
  rm -f "$RESULTS/lighthouse-$page.json"
  "$LH" "http://127.0.0.1:$PORT$path" --quiet --output=json \
    --output-path="$RESULTS/lighthouse-$page.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    || echo "lighthouse failed for $path" >&2
done

python3 - "$RESULTS" <<'PY' | tee "$RESULTS/lighthouse.md"
import json, sys
from pathlib import Path
results = Path(sys.argv[1])
cats = ["performance", "accessibility", "best-practices", "seo"]
print("| page | " + " | ".join(cats) + " | FCP | LCP | TBT | CLS |")
print("| --- |" + " ---: |" * (len(cats) + 4))
for page in ["zh", "en", "bilingual", "root"]:
    f = results / f"lighthouse-{page}.json"
    if not f.is_file():
        print(f"| /{'' if page == 'root' else page + '/'} | " + " | ".join(["failed"] * 8) + " |")
        continue
    r = json.loads(f.read_text())
    scores = [r["categories"].get(c, {}).get("score") for c in cats]
    audits = r["audits"]
    metrics = [audits.get(a, {}).get("displayValue", "?") for a in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift")]
    shown = ["n/a" if s is None else f"{round(s * 100)}" for s in scores]
    print(f"| /{'' if page == 'root' else page + '/'} | " + " | ".join(shown + metrics) + " |")
PY
echo "JSON reports: $RESULTS/lighthouse-{zh,en,bilingual,root}.json" >&2
