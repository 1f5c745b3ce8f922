#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver (Debian packages chromium, chromium-driver) when missing,
# for the end-to-end test of the web page. Prints the two paths.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then exec sudo -n "$0" "$@"; fi
        echo "install-browser.sh: chromium and chromium-driver are missing and this is not root" >&2
        exit 1
    fi
    echo "install-browser.sh: installing chromium chromium-driver (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
fi
command -v chromium
command -v chromedriver
