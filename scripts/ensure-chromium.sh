#!/bin/sh
# Installs Debian's chromium for the dashboard's headless-browser test, only when it is absent.
# Idempotent: a machine that already has /usr/bin/chromium does nothing (no network).
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
