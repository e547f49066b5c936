#!/usr/bin/env bash
# Times the real byline binary refreshing a generated feed corpus served on
# loopback: a cold refresh, then one where every feed answers 304.
#
#   bench/refresh.sh [NFEEDS] [ITEMS]      (default 200 50)
#
# Needs python3 (the generator and a static file server that answers
# If-Modified-Since with 304) and ../shared/bench/genfeeds.py. Peak memory
# is printed when GNU time is installed (apt-get install time).
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
go build -o "$work/byline" .

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/feeds" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

{
  echo '<opml version="2.0"><body>'
  for f in "$work"/feeds/*.xml; do
    echo "<outline type=\"rss\" text=\"$(basename "$f")\" xmlUrl=\"http://127.0.0.1:$port/$(basename "$f")\"/>"
  done
  echo '</body></opml>'
} >"$work/feeds.opml"

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
"$work/byline" import "$work/feeds.opml"

run() {
  local label=$1; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$work/byline" "$@" >/dev/null
  else
    local start end
    start=$(date +%s.%N); "$work/byline" "$@" >/dev/null; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s wall"
  fi
}
run "cold refresh ($nfeeds x $items)" refresh
run "first full-text search (builds the trailing index)" ls kernel --limit 5
run "second full-text search" ls kernel --limit 5
run "refresh, every feed 304" refresh
run "ls --limit 50" ls --limit 50
