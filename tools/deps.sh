#!/bin/sh
# deps.sh — make sure the Debian packages dyadwatch builds with are present.
# Installs the missing ones when run as root with apt-get; otherwise prints
# the exact command and fails.
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing$missing"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing || exit 1
    fi
    exit 0
fi
echo "dyadwatch needs these Debian packages; install them with:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
