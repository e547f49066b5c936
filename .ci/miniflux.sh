#!/usr/bin/env bash
# Starts a real Miniflux on loopback for the sync integration tests, with
# its own PostgreSQL cluster, and prints the environment the tests read:
#
#   eval "$(bash .ci/miniflux.sh start)"   # exports BYLINE_MINIFLUX_* and MINIFLUX_PIDS
#   go test -run Miniflux -v .
#   bash .ci/miniflux.sh stop "$MINIFLUX_PIDS" "$MINIFLUX_DIR"
#
# Installs what is missing: PostgreSQL from Debian's packages, Miniflux
# v2.3.5 with go install (the binary stays in GOPATH/bin between runs).
set -euo pipefail

stop() {
  for pid in $1; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in $1; do kill -9 "$pid" 2>/dev/null || true; done
  [ -n "${2:-}" ] && rm -rf "$2"
}

if [ "${1:-}" = stop ]; then
  stop "${2:-}" "${3:-}"
  exit 0
fi

log() { echo "miniflux.sh: $*" >&2; }

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ]; then
  log "installing postgresql"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
gobin=$(go env GOPATH)/bin
if [ ! -x "$gobin/miniflux.app" ]; then
  log "installing miniflux v2.3.5"
  GOFLAGS=-buildvcs=false go install miniflux.app/v2@v2.3.5 >&2
fi

dir=$(mktemp -d /tmp/byline-miniflux.XXXXXX)
chmod 755 "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pgport=$(free_port)
mfport=$(free_port)

# A private cluster, run as the postgres user (initdb refuses root).
install -d -o postgres -g postgres "$dir/pg" "$dir/sock"
su postgres -s /bin/sh -c "$pgbin/initdb -D $dir/pg -A trust -U postgres >/dev/null"
su postgres -s /bin/sh -c "$pgbin/postgres -D $dir/pg -c listen_addresses=127.0.0.1 -p $pgport -k $dir/sock >$dir/sock/pg.log 2>&1 & echo \$! >$dir/sock/pg.pid"
for _ in $(seq 100); do
  su postgres -s /bin/sh -c "$pgbin/pg_isready -h 127.0.0.1 -p $pgport -q" && break
  sleep 0.1
done
su postgres -s /bin/sh -c "$pgbin/psql -h 127.0.0.1 -p $pgport -q -c \"CREATE USER miniflux PASSWORD 'miniflux'\" -c 'CREATE DATABASE miniflux OWNER miniflux'" >&2

password=byline-test-password
DATABASE_URL="postgres://miniflux:miniflux@127.0.0.1:$pgport/miniflux?sslmode=disable" \
LISTEN_ADDR="127.0.0.1:$mfport" RUN_MIGRATIONS=1 CREATE_ADMIN=1 ADMIN_USERNAME=admin ADMIN_PASSWORD=$password \
FETCHER_ALLOW_PRIVATE_NETWORKS=1 POLLING_FREQUENCY=1440 \
  "$gobin/miniflux.app" >"$dir/miniflux.log" 2>&1 &
echo $! >"$dir/mf.pid"
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$mfport/healthcheck" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$mfport/healthcheck" >/dev/null || { log "miniflux did not start"; cat "$dir/miniflux.log" >&2; exit 1; }

# Turn on the Google Reader API for the admin, with the admin's password
# (the integration keeps a bcrypt hash, as the users table does).
su postgres -s /bin/sh -c "$pgbin/psql -h 127.0.0.1 -p $pgport -q -d miniflux -c \"UPDATE integrations SET googlereader_enabled = 't', googlereader_username = 'admin', googlereader_password = (SELECT password FROM users WHERE username = 'admin') WHERE user_id = (SELECT id FROM users WHERE username = 'admin')\"" >&2

echo "export BYLINE_MINIFLUX_URL=http://127.0.0.1:$mfport BYLINE_MINIFLUX_USER=admin BYLINE_MINIFLUX_PASSWORD=$password"
echo "export MINIFLUX_PIDS='$(cat "$dir/mf.pid") $(cat "$dir/sock/pg.pid")' MINIFLUX_DIR=$dir"
