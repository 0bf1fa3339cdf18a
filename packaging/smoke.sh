#!/usr/bin/env bash
# Smoke test of the one-folder bundle (dist/annotator by default), as a coder would use it:
#   the bundled `annotator --version`; `import` of a fixture (text, JSON lines, CSV, HTML,
#   brat: so the lazily loaded readers are inside) and `export` (CSV, xlsx); the window on
#   the demo offscreen, and under Xvfb on a real X server (skipped where xvfb-run is absent).
# Usage: packaging/smoke.sh [BUNDLE_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-dist/annotator}
cli="$bundle/annotator"
gui="$bundle/annotator-gui"
[ -x "$cli" ] || { echo "smoke: $cli not found: run make bundle first" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/annotator-smoke-XXXXXX")
trap 'rm -rf "$work"' EXIT
# the coder's own settings and data stay out of it
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
ok() { echo "smoke: ok: $*"; }

version=$("$cli" --version)
[ "$version" = "annotator, version $(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)" ] \
  || { echo "smoke: unexpected version line: $version" >&2; exit 1; }
"$gui" --version >/dev/null
ok "$version"

# the fixture: the demo corpus plus one file of each other reader
fixture="$work/fixture"
mkdir -p "$fixture"
cp resources/demo/*.txt "$fixture/"
printf '%s\n' '{"title": "A JSON line", "date": "5 novembre 2016", "text": "Officials said the bridge reopened."}' \
  > "$fixture/lines.jsonl"
printf 'title,date,body\n"A CSV row",2016-11-06,"The ministry said, in a statement, that talks resume."\n' \
  > "$fixture/rows.csv"
cat > "$fixture/page.html" <<'HTML'
<html><head><title>An HTML page</title><meta name="date" content="2016-11-07"></head>
<body><nav>Home | World</nav><article><h1>An HTML page</h1>
<p>The army said on Monday that it had retaken the crossing after two days of fighting,
according to a statement read on state television.</p>
<p>Aid groups said convoys would resume once the road was cleared of mines.</p></article>
<footer>Copyright</footer></body></html>
HTML
printf 'The spokesman said the talks failed.\n' > "$fixture/brat_doc.txt"
printf 'T1\tPERSON 4 13\tspokesman\n' > "$fixture/brat_doc.ann"
# 9 articles: five texts, a JSON line, a CSV row, a page, a brat document (.txt + .ann)
summary=$("$cli" import "$work/p.db" "$fixture" --coder smoke | tail -n 1)
echo "smoke: import: $summary"
[ "$summary" = "imported 9, duplicates 0, failed 0" ] \
  || { echo "smoke: the import did not store all 9 articles" >&2; exit 1; }
"$cli" export "$work/p.db" "$work/csv" >/dev/null
grep -q '^article_id,title,' "$work/csv/articles.csv" && grep -q 'An HTML page' "$work/csv/articles.csv" \
  || { echo "smoke: articles.csv lacks its header or the HTML page's article" >&2; exit 1; }
"$cli" export "$work/p.db" "$work/xlsx" --format xlsx >/dev/null
ls "$work/xlsx"/*.xlsx >/dev/null
"$cli" stats "$work/p.db" --json | grep -q '"articles": 9,' \
  || { echo "smoke: stats does not count 9 articles" >&2; exit 1; }
ok "import of 9 articles (text, JSON lines, CSV, HTML, brat), export as CSV and xlsx, stats"

first_paint() {  # the window opens on the demo and is painted, then closes itself
  out=$(ANNOTATOR_QUIT_AFTER_FIRST_PAINT=1 timeout 120 "$@")
  echo "$out" | grep -q "^first paint .* MainWindow" \
    || { echo "smoke: no window painted by: $* (output: $out)" >&2; exit 1; }
}
QT_QPA_PLATFORM=offscreen first_paint "$cli" --demo
ok "the window on the demo (offscreen)"
if command -v xvfb-run >/dev/null 2>&1; then
  env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1600x1000x24" \
    bash -c "$(declare -f first_paint); first_paint \"$gui\" --demo"
  ok "the window on the demo under Xvfb (the xcb platform)"
else
  echo "smoke: skipped: the window under Xvfb (xvfb-run is not installed)"
fi
echo "smoke: passed ($(du -sh "$bundle" | cut -f1) in $bundle)"
