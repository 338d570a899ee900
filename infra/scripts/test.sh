#!/usr/bin/env bash
# The README's test command: installs what the tests need (where it can), starts a throw-away PostgreSQL server on
# loopback, builds Chatbot.sln, then runs Chatbot.Tests twice — pass 1 with SQLite as the default provider, pass 2 with
# PostgreSQL — and the browser tests (on SQLite) beside pass 1. CI (.ci/run) calls exactly this. Extra arguments go to
# every `dotnet test`.
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

# A throw-away PostgreSQL server: its own data folder (on the RAM disk when there is one), loopback only, stopped on
# exit. Nothing on it must survive a crash, so it neither syncs nor writes full pages after a checkpoint, and logs
# minimal WAL: the tests create and drop a database each, and on the virtual disk the server's file-system work was a
# quarter of pass 2's CPU (pass 2 took 217 s instead of 275 s). Sessions still commit with synchronous_commit on unless
# the app turns it off, which DbWriterTests checks.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
pg_dir=""
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg_dir=$(mktemp -d "${ram_tmp:-/tmp}/chatbot-pg.XXXXXX")
  pg_port=${CHATBOT_TEST_PG_PORT:-55432}
  # Take the next free port if another server (a developer's) already listens there.
  while (echo > "/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  chown postgres:postgres "$pg_dir" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  as_pg "'$pg_bin/initdb' -D '$pg_dir/data' -A trust -U postgres >/dev/null"
  as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/log' -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0\" start -w >/dev/null"
  stop_pg() { as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' stop -m immediate >/dev/null" || true; rm -rf "$pg_dir"; }
  export CHATBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
fi

# Each run logs one line per failed test (the console logger at "minimal" leaves out the apps' own log lines, which
# buried the failures in CI's output) and writes a .trx report; a failed run lists the failed tests' names again at
# its end, so the end of the output says what failed (the messages are above, where each failed).
results="$root/tests/TestResults"
rm -rf "$results"
mkdir -p "$results"
failures() {
  grep -h -o 'testName="[^"]*"[^>]*outcome="Failed"' "$results/$1"/*.trx 2>/dev/null | sed -E 's/testName="([^"]*)".*/  FAILED \1/' || true
}
run_tests() { # name, project, then dotnet test arguments
  local name=$1 project=$2; shift 2
  local rc=0
  dotnet test "$project" --no-build --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results/$name" "$@" || rc=$?
  if [ $rc -ne 0 ]; then echo "== $name failed (exit $rc):"; failures "$name"; fi
  return $rc
}

browser_pid=""
cleanup() {
  if [ -n "$browser_pid" ]; then pkill -TERM -P "$browser_pid" 2>/dev/null || true; kill "$browser_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then stop_pg; fi
  if [ -n "${ram_tmp:-}" ]; then rm -rf "$ram_tmp"; fi
}
trap cleanup EXIT

echo "== build"
dotnet build "$root/Chatbot.sln" -nologo -clp:ErrorsOnly

# The browser tests run beside pass 1 (dotnet test ran the two test projects one after the other, leaving a core idle
# while Chromium waited); their output is printed when they end. Their subject is what a person sees and does, on
# SQLite: every store behind those pages is tested on both providers in Chatbot.Tests.
echo "== browser tests (Chatbot.BrowserTests), beside pass 1; output at the end"
CHATBOT_TEST_PROVIDER=Sqlite run_tests browser "$root/tests/Chatbot.BrowserTests" "$@" > "$results/browser.log" 2>&1 &
browser_pid=$!
browser_started=$SECONDS

# Pass 1: every test; a test that names no provider (TestDatabase.DefaultProvider) runs on SQLite.
echo "== pass 1: every test of Chatbot.Tests, storage on SQLite unless a test names its provider"
export CHATBOT_TEST_PROVIDER=Sqlite
started=$SECONDS
run_tests pass1 "$root/tests/Chatbot.Tests" "$@"
echo "== pass 1 took $((SECONDS - started)) s"

# Pass 2: the same assembly with PostgreSQL as the default provider, leaving out only what would repeat pass 1
# exactly: the cases of tests that already run once per provider (their names carry "provider: …") and tests that fix
# their provider themselves (trait Provider=Sqlite: SQLite's file, PRAGMAs and writer; Provider=Postgres: ScaleOut) and
# slow tests whose subject never touches storage (trait Storage=None: authentication headers, security headers).
if [ -z "${CHATBOT_TEST_POSTGRES:-}" ] && [ "${CI:-}" != "true" ]; then
  echo "== pass 2 NOT RUN: no PostgreSQL server (install PostgreSQL, or set CHATBOT_TEST_POSTGRES to a server's connection string)"
else
  echo "== pass 2: every storage test on PostgreSQL (CHATBOT_TEST_PROVIDER=Postgres)"
  export CHATBOT_TEST_PROVIDER=Postgres
  started=$SECONDS
  run_tests pass2 "$root/tests/Chatbot.Tests" --filter "DisplayName!~provider:&Provider!=Sqlite&Provider!=Postgres&Storage!=None" "$@"
  echo "== pass 2 took $((SECONDS - started)) s"
fi

browser_rc=0
wait "$browser_pid" || browser_rc=$?
browser_pid=""
echo "== browser tests (ended $((SECONDS - browser_started)) s after they started):"
cat "$results/browser.log"
exit $browser_rc
