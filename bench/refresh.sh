#!/usr/bin/env bash
# Times the real byline binary refreshing a generated feed corpus served on
# loopback: a cold refresh, then one where every feed answers 304.
#
#   bench/refresh.sh [NFEEDS] [ITEMS]      (default 200 50)
#
# Needs python3 (for the generator, ../shared/bench/genfeeds.py). The feeds
# are served by bench/serve, a static Go server that answers
# If-Modified-Since with 304. bench/parse times gofeed alone parsing the
# same files on all cores, the yardstick for the cold refresh. Peak memory
# is printed when GNU time is installed (apt-get install time). BYLINE=path
# times another build instead of building this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
nfeeds=${1:-200}
items=${2:-50}
gen=../shared/bench/genfeeds.py
[ -f "$gen" ] || { echo "bench: $gen not found" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "generating $nfeeds feeds x $items items…"
python3 "$gen" "$work/feeds" "$nfeeds" "$items" >/dev/null
byline=${BYLINE:-}
if [ -z "$byline" ]; then
  go build -o "$work/byline" .
  byline=$work/byline
fi
go build -o "$work/serve" ./bench/serve
go build -o "$work/parse" ./bench/parse

"$work/serve" "$work/feeds" >"$work/addr" &
server=$!
for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
addr=$(cat "$work/addr")

{
  echo '<opml version="2.0"><body>'
  for f in "$work"/feeds/*.xml; do
    echo "<outline type=\"rss\" text=\"$(basename "$f")\" xmlUrl=\"http://$addr/$(basename "$f")\"/>"
  done
  echo '</body></opml>'
} >"$work/feeds.opml"

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"

run() {
  local label=$1; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys CPU, %M KB peak RSS" "$byline" "$@" >/dev/null
  else
    local start end
    start=$(date +%s.%N); "$byline" "$@" >/dev/null; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s wall"
  fi
}
# Three cold refreshes, each of a new store, as bench/parse times three
# parses: the first of each is a new process's, the best is the warmest.
best=
for i in 1 2 3; do
  rm -rf "$work/data"
  "$byline" import "$work/feeds.opml" >/dev/null
  start=$(date +%s%N)
  run "cold refresh ($nfeeds x $items), run $i" refresh
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "cold refresh: best of three $(printf '%d.%02d' $((best / 1000)) $((best % 1000 / 10))) s wall"
"$work/parse" "$work/feeds"
run "first full-text search (builds the trailing index)" ls kernel --limit 5
run "second full-text search" ls kernel --limit 5
run "refresh, every feed 304" refresh
run "ls --limit 50" ls --limit 50
