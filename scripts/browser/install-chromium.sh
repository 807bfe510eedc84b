#!/usr/bin/env bash
# Debian's chromium for the browser tests (spec/browser), driven by playwright-core at
# /usr/bin/chromium: never `npx playwright install`, which downloads a browser of its own.
# Installs only when missing (about 20 s on a fresh machine). The package lists are refreshed
# only when installing from the ones at hand fails (scripts/libvirtd/start.sh has usually just
# refreshed them).
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y chromium; then
    apt-get update
    apt-get install -y chromium
  fi
fi
