#!/usr/bin/env bash
# Install the system packages the test suite needs (PostgreSQL server) when they are missing.
# Idempotent; does nothing when already installed or when not root (the PostgreSQL tests then skip
# locally, and fail under CI=true so a CI run can never silently drop them).
set -euo pipefail

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; }

if have_postgres; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-test-deps: PostgreSQL server not installed and cannot install it (needs root and apt-get)." >&2
  exit 0
fi
echo "install-test-deps: installing PostgreSQL from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have_postgres
