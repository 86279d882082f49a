#!/usr/bin/env bash
# Installs Debian's chromium (browser tests) and postgresql (team-mode tests) when missing.
# Only as root with apt-get (as in CI); elsewhere the tests that need them skip with a reason.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: ${need[*]} missing and cannot be installed here (needs root + apt-get); tests that need them will skip" >&2
  exit 0
fi
echo "installing ${need[*]} from Debian (once)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; then
  echo "note: apt-get install ${need[*]} failed; tests that need them will skip" >&2
fi
exit 0
