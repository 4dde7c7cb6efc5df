#!/usr/bin/env bash
# Installs the Debian 12 packages fss-search builds, tests and runs with.
# Idempotent: packages already present are left alone. Needs root (or sudo).
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --browser  also chromium and Node's playwright-core (browser test)
#   scripts/install-deps.sh --wordpress  also WordPress, MariaDB, PHP and jq (wordpress_test)
# The flags combine: scripts/install-deps.sh --browser --wordpress
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config git ca-certificates
  libxapian-dev xapian-tools libicu-dev libstemmer-dev
  libhunspell-dev hunspell-sv
  libcpp-httplib-dev nlohmann-json3-dev libxml2-dev libssl-dev libbrotli-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  curl wrk
  clang libclang-rt-14-dev
)
for flag in "$@"; do
  case $flag in
    --browser)
      pkgs+=(chromium)
      # Node may come from elsewhere than Debian (its npm conflicts with Debian's): take it as found.
      command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
      ;;
    --wordpress) pkgs+=(wordpress mariadb-server php-cli php-mysql jq openssl) ;;
    *) echo "install-deps: unknown flag '$flag'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present" >&2
fi
