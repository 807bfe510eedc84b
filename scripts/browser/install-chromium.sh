#!/usr/bin/env bash
# Debian's chromium for the browser tests (spec/browser), driven by playwright-core at
# /usr/bin/chromium: never `npx playwright install`, which downloads a browser of its own.
# Installs only when missing (about 20 s with apt-get update on a fresh machine).
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi
