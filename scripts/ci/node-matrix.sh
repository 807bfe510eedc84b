#!/usr/bin/env bash
# The test suite on the other Node lines of the matrix (the machine's own Node runs the whole suite
# through `npm test`). On each: the unit and marble suites, and the integration suite without
# connection-lifecycle.spec.ts, whose minute is an idle wait for the daemon's keepalive, the same on
# every line. Not here: spec/serial (it stops and restarts the shared daemon: once is enough),
# spec/qemu (real QEMU guests booting: minutes of libvirt and QEMU, not of Node) and spec/package
# (it already runs the packed tarball on every line).
#   Usage: scripts/ci/node-matrix.sh [MAJOR...]   (default: 20 22 24, minus the running line)
set -euo pipefail
cd "$(dirname "$0")/../.."

current_major=$(node -p 'process.versions.node.split(".")[0]')
lines=$(bash scripts/ci/node-lines.sh "$@")
while read -r major bin_dir; do
  [ "$major" != "$current_major" ] || continue
  started=$SECONDS
  echo "=== Node $major ($("$bin_dir/node" --version)): unit, marble and integration suites"
  PATH="$bin_dir:$PATH" npx jest --testPathIgnorePatterns spec/serial/ spec/qemu/ spec/package/ spec/integration/connection-lifecycle </dev/null
  echo "=== Node $major: $((SECONDS - started)) s"
done <<<"$lines"
