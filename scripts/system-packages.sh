#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt needs to run (offscreen in tests, on a screen
# for the app) when any is missing. Does nothing elsewhere or when all are there.
set -u
packages=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fontconfig-config
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
          libpulse0)  # libpulse0: QtMultimedia (timer sounds) does not import without it
# --test: also what the test suite runs against for real: a PostgreSQL server (team mode), and
# Debian's Chromium and its driver for the phone pages (the app itself never needs them).
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--tests" ]; then
  packages+=(postgresql chromium chromium-driver)
fi
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "Installing system packages: ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { "${sudo_cmd[@]}" apt-get update >/dev/null 2>&1 && \
       "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } \
  || echo "Could not install ${missing[*]}; Qt may fail to start." >&2
exit 0
