#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine: FerretDB (unless MONGODB_URI is set)
# and Debian's Chromium for the browser tests (puppeteer never downloads a browser here).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${MONGODB_URI:-}" ]; then
  bash "$root/scripts/build-ferretdb.sh"
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's Chromium for the browser tests…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (the browser tests use /usr/bin/chromium)." >&2
    exit 1
  fi
fi
# pdftotext (poppler-utils): the qualification e2e test reads the text of the printed transcript.
if ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing poppler-utils (pdftotext) for the transcript print test…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftotext is missing: run 'sudo apt-get install -y poppler-utils' (the transcript print test uses it)." >&2
    exit 1
  fi
fi
