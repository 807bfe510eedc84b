#!/usr/bin/env bash
# Prints, for each Node line asked for (default: 20 22 24), the directory holding that line's
# `node` binary, one per line as `MAJOR DIR`, for `PATH="$DIR:$PATH"`. The running node serves
# its own line; the others come from the npm registry's `node` package (which fetches the
# official binary), installed once under $RXVIRT_NODE_CACHE (default /var/tmp/rxvirt-node-lines)
# and reused. Never as a devDependency of the repository: its bin would shadow the system's
# node in every npm script.
#   RXVIRT_NODE_DRY_RUN=1 prints where each line would come from without installing anything.
set -euo pipefail

cache=${RXVIRT_NODE_CACHE:-/var/tmp/rxvirt-node-lines}
lines=("$@")
[ ${#lines[@]} -gt 0 ] || lines=(20 22 24)

current_major=$(node -p 'process.versions.node.split(".")[0]')
mkdir -p "$cache"

for major in "${lines[@]}"; do
  case "$major" in
    ''|*[!0-9]*) echo "node-lines: not a Node major version: $major" >&2; exit 2 ;;
  esac
  if [ "$major" = "$current_major" ]; then
    echo "$major $(dirname "$(command -v node)")"
    continue
  fi
  dir="$cache/$major"
  bin="$dir/node_modules/node/bin"
  if [ "${RXVIRT_NODE_DRY_RUN:-}" = 1 ]; then
    echo "$major $bin"
    continue
  fi
  # One installer at a time per line (the suite and .ci/run may ask at once).
  (
    flock 9
    if ! "$bin/node" --version 2>/dev/null | grep -q "^v$major\."; then
      rm -rf "$dir"
      mkdir -p "$dir"
      echo '{ "private": true }' >"$dir/package.json"
      npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "node@$major" >&2
      "$bin/node" --version | grep -q "^v$major\." \
        || { echo "node-lines: node@$major did not install a v$major binary" >&2; exit 1; }
    fi
  ) 9>"$cache/$major.lock"
  echo "$major $bin"
done
