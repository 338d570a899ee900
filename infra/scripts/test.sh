#!/usr/bin/env bash
# The README's test command: installs what the tests need (where it can), starts a throw-away PostgreSQL server on
# loopback, then runs every test in Chatbot.sln twice: pass 1 with SQLite as the default provider, pass 2 (the same
# built assemblies) with PostgreSQL as the default provider. CI (.ci/run) calls exactly this. Extra arguments go to
# both passes' `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

need_apt=()
command -v /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need_apt[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "== not root: cannot install ${need_apt[*]}; tests that need them will skip (and fail under CI=true)"
  fi
fi

# Microsoft's Web Chat for the browser tests (WebChatTests): the pinned version's bundle, integrity-checked.
if command -v npm >/dev/null 2>&1; then
  echo "== Web Chat bundle for the browser tests (npm pack botframework-webchat)"
  bash "$root/tests/Chatbot.BrowserTests/webchat/fetch-webchat.sh"
fi

# A throw-away PostgreSQL server: its own data folder, loopback only, stopped on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
pg_dir=""
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg_dir=$(mktemp -d /tmp/chatbot-pg.XXXXXX)
  pg_port=${CHATBOT_TEST_PG_PORT:-55432}
  # Take the next free port if another server (a developer's) already listens there.
  while (echo > "/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  chown postgres:postgres "$pg_dir" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  as_pg "'$pg_bin/initdb' -D '$pg_dir/data' -A trust -U postgres >/dev/null"
  as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/log' -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off\" start -w >/dev/null"
  stop_pg() { as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' stop -m immediate >/dev/null" || true; rm -rf "$pg_dir"; }
  export CHATBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
fi

# Each pass logs one line per failed test (the console logger at "minimal" leaves out the apps' own log lines, which
# buried the failures in CI's output) and writes a .trx report; after each pass the failures are listed again with
# their names, so the end of the output says what failed (the messages are above, where each failed).
results="$root/tests/TestResults"
rm -rf "$results"
failures() {
  local pass=$1
  grep -h -o 'testName="[^"]*"[^>]*outcome="Failed"' "$results/$pass"/*.trx 2>/dev/null | sed -E 's/testName="([^"]*)".*/  FAILED \1/' || true
}
run_pass() {
  local pass=$1; shift
  local rc=0
  dotnet test "$root/Chatbot.sln" --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results/$pass" "$@" || rc=$?
  if [ $rc -ne 0 ]; then echo "== $pass failed (exit $rc):"; failures "$pass"; fi
  return $rc
}

# Test data (SQLite files, uploads, browser profiles) on a RAM disk when there is a large one: the tests start hundreds
# of apps, each creating and migrating a database with synchronous=FULL, and an fsync on a virtual disk costs
# milliseconds. What the tests check is the same there: the SQLite settings, a killed process keeping what was
# committed (the page cache survives a process), disks filling up (those tests mount their own small tmpfs).
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 4194304 ]; then
  export TMPDIR=/dev/shm/chatbot-tests-tmp.$$
  mkdir -p "$TMPDIR"
  ram_tmp=$TMPDIR
  echo "== test data in $TMPDIR (RAM disk)"
fi

cleanup() { if [ -n "$pg_dir" ]; then stop_pg; fi; if [ -n "${ram_tmp:-}" ]; then rm -rf "$ram_tmp"; fi; }
trap cleanup EXIT

# Pass 1: every test; a test that names no provider (TestDatabase.DefaultProvider) runs on SQLite.
echo "== pass 1: every test, storage on SQLite unless a test names its provider"
export CHATBOT_TEST_PROVIDER=Sqlite
started=$SECONDS
run_pass pass1 "$@"
echo "== pass 1 took $((SECONDS - started)) s"

# Pass 2: the same assemblies with PostgreSQL as the default provider, leaving out only what would repeat pass 1
# exactly: the cases of tests that already run once per provider (their names carry "provider: …") and tests that fix
# their provider themselves (trait Provider=Sqlite: SQLite's file, PRAGMAs and writer; Provider=Postgres: ScaleOut) and
# slow tests whose subject never touches storage (trait Storage=None: authentication headers, security headers, CSP),
# and the browser tests: their subject is what a person sees and does, and every store behind those pages is tested on
# both providers in Chatbot.Tests (two instances on one PostgreSQL included).
if [ -z "${CHATBOT_TEST_POSTGRES:-}" ] && [ "${CI:-}" != "true" ]; then
  echo "== pass 2 NOT RUN: no PostgreSQL server (install PostgreSQL, or set CHATBOT_TEST_POSTGRES to a server's connection string)"
  exit 0
fi
echo "== pass 2: every storage test on PostgreSQL (CHATBOT_TEST_PROVIDER=Postgres)"
export CHATBOT_TEST_PROVIDER=Postgres
started=$SECONDS
run_pass pass2 --no-build \
  --filter "DisplayName!~provider:&Provider!=Sqlite&Provider!=Postgres&Storage!=None&FullyQualifiedName!~Chatbot.BrowserTests." "$@"
echo "== pass 2 took $((SECONDS - started)) s"
