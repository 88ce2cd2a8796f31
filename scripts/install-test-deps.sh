#!/usr/bin/env bash
# Install the system packages the test suite needs when they are missing: the PostgreSQL server, Debian's
# Chromium (browser tests; never a downloaded browser) and poppler-utils (pdftoppm renders the PDF report).
# Idempotent; does nothing when all are installed or when not root (the tests that need them then skip
# locally, and the PostgreSQL ones fail under CI=true so a CI run can never silently drop them).
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-test-deps: missing ${missing[*]} and cannot install (needs root and apt-get)." >&2
  exit 0
fi
echo "install-test-deps: installing ${missing[*]} from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
