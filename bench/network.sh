#!/usr/bin/env bash
# Times the real byline binary refreshing a generated corpus served from many
# loopback hosts, every response held back like a real server's time to
# first byte: a cold refresh, then one where every feed answers 304. The
# server reports the most requests any one host had in flight at once.
#
#   bench/network.sh [NFEEDS] [ITEMS] [HOSTS] [DELAY]   (default 200 50 40 100ms-400ms)
#
# 127.0.0.1 … 127.0.0.HOSTS are all loopback on Linux; nothing leaves the
# machine. BYLINE=path times another build (say, an older one) instead of
# building this tree; CONFIG='concurrency = 16' runs with those settings. Needs python3 for ../shared/bench/genfeeds.py; peak
# memory is printed when GNU time is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
nfeeds=${1:-200}
items=${2:-50}
hosts=${3:-40}
delay=${4:-100ms-400ms}
gen=../shared/bench/genfeeds.py
[ -f "$gen" ] || { echo "bench: $gen not found" >&2; exit 1; }

work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 "$gen" "$work/feeds" "$nfeeds" "$items" >/dev/null
byline=${BYLINE:-}
if [ -z "$byline" ]; then
  go build -o "$work/byline" .
  byline=$work/byline
fi
go build -o "$work/serve" ./bench/serve

"$work/serve" -hosts "$hosts" -delay "$delay" -opml "$work/feeds.opml" "$work/feeds" >"$work/server.out" &
server=$!
for _ in $(seq 50); do [ -s "$work/feeds.opml" ] && break; sleep 0.1; done

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$work/config/byline"
printf '%s\n' "${CONFIG:-}" >"$work/config/byline/config.toml"
"$byline" import "$work/feeds.opml" >/dev/null

# serverSays prints what the server counted since it was last asked.
serverSays() {
  local before
  before=$(wc -l <"$work/server.out")
  kill -USR1 "$server"
  for _ in $(seq 50); do [ "$(wc -l <"$work/server.out")" -gt "$before" ] && break; sleep 0.05; done
  echo "  $(tail -n 1 "$work/server.out")"
}

run() {
  local label=$1; shift
  serverSays >/dev/null
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$work/time" -f "$label: %e s wall, %U s user + %S s sys CPU, %M KB peak RSS" "$byline" "$@" >/dev/null || true
    cat "$work/time"
  else
    local start end
    start=$(date +%s.%N); "$byline" "$@" >/dev/null || true; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s wall"
  fi
  serverSays
}
echo "$nfeeds feeds x $items items on $hosts hosts, each response delayed $delay"
run "cold refresh" refresh
run "refresh, every feed 304" refresh
