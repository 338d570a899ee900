#!/usr/bin/env bash
# Microsoft's Web Chat for the browser tests: only its self-contained bundle (dist/webchat.js) is used, so this takes
# the one published package tarball (npm pack, ~7 MB, seconds) instead of `npm ci` of its ~480 MB dependency tree,
# and checks it against the registry integrity pinned here. Result: node_modules/botframework-webchat/dist/webchat.js.
set -euo pipefail
cd "$(dirname "$0")"
version=4.18.1
integrity="sha512-7jpEUJ7olT62Xm+8eh7BhhIcXVfU2xD4pZDaeBt8K4XcNy6K/83UGIxE9BFkXmHMZ4hDEVOzs5cre07GWuaXzg=="
target=node_modules/botframework-webchat
[ -f "$target/.integrity" ] && [ "$(cat "$target/.integrity")" = "$integrity" ] && [ -f "$target/dist/webchat.js" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "botframework-webchat@$version" --silent >/dev/null)
tarball="$tmp/botframework-webchat-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "botframework-webchat $version: integrity $actual is not the pinned $integrity" >&2
  exit 1
fi
rm -rf "$target" && mkdir -p "$target"
tar -xzf "$tarball" -C "$target" --strip-components=1 package/dist/webchat.js package/package.json
echo "$integrity" > "$target/.integrity"
