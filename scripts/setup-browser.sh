#!/bin/sh
# Installs what the browser tests need on Debian: Chromium (/usr/bin/chromium) and a font. Works as
# root (containers, CI) and as a user with sudo. Playwright's own browser download is not used.
#   npm run setup:browser
set -eu
if command -v chromium >/dev/null 2>&1; then
  echo "setup:browser: $(command -v chromium) is installed"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "setup:browser: installing Chromium needs root or sudo: apt-get install chromium fonts-dejavu-core" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "setup:browser: installing Debian's Chromium${SUDO:+ (through sudo)}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
echo "setup:browser: $(command -v chromium) is installed"
