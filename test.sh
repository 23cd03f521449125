#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian's chromium for the browser tests,
# PostgreSQL for the provider tests), then runs every test project of KisTrader.sln.
# Last line: "N passed, N failed, N skipped" over all projects. Exit code non-zero when any test
# failed or none ran.
set -uo pipefail
cd "$(dirname "$0")"

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null; then
    echo "test.sh: could not install ${need_packages[*]}" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

if ! dotnet build KisTrader.sln -c Debug 2>&1 | tee "$log" | grep -E "error|Build succeeded|Warn" ; then :; fi
if ! grep -q "Build succeeded" "$log"; then
  echo "test.sh: the build failed" >&2
  tail -n 50 "$log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# One test project at a time (-m:1): the browser tests and the composed-app tests measure real time (fills, a kill
# switch within a second, circuit round trips), and on two cores the projects side by side made each other late.
dotnet test KisTrader.sln -c Debug --no-build -m:1 --logger "console;verbosity=normal" 2>&1 | tee "$log"
test_rc=${PIPESTATUS[0]}

# One summary block per test assembly: "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N".
read -r passed failed skipped projects < <(awk '
  /^[[:space:]]*Total tests:/ { n++ }
  /^[[:space:]]+Passed:[[:space:]]+[0-9]+/  { p += $2 }
  /^[[:space:]]+Failed:[[:space:]]+[0-9]+/  { f += $2 }
  /^[[:space:]]+Skipped:[[:space:]]+[0-9]+/ { s += $2 }
  END { printf "%d %d %d %d\n", p, f, s, n }' "$log")
aborted=$(grep -cE "Test Run Aborted|The active test run was aborted" "$log")
expected=$(ls -d tests/*/ | while read -r d; do grep -l "<IsTestProject>true" "$d"*.csproj 2>/dev/null; done | wc -l)
if [ "$projects" -lt "$expected" ]; then
  echo "test.sh: only $projects of $expected test projects reported results" >&2
  failed=$((failed + expected - projects))
fi
if [ "$aborted" -gt 0 ]; then
  echo "test.sh: $aborted test run(s) aborted (a test host crashed)" >&2
  failed=$((failed + aborted))
fi

# The failures again, at the end where a truncated CI log still shows them: each failed test's name and the first
# lines of its message and stack (the console logger prints them under "  Failed <name> [time]").
if grep -qE "^[[:space:]]+Failed [A-Za-z_]" "$log"; then
  echo "test.sh: failed tests:"
  awk '
    /^[[:space:]]+Failed [A-Za-z_]/ { shown = 0; grab = 1; print substr($0, 1, 400); next }
    grab && (/^[[:space:]]+(Passed|Skipped) [A-Za-z_]/ || /^\[xUnit/ || /^Test Run/) { grab = 0 }
    grab && /^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9] / { next }
    grab && shown < 30 { print substr($0, 1, 400); shown++ }' "$log"
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$test_rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
exit 0
