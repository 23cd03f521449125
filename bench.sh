#!/usr/bin/env bash
# Runs the benchmarks of tests/KisTrader.Benchmarks and writes their sections of docs/benchmarks.md. Not part of
# ./test.sh: these are measurements, not pass/fail limits. Run it on an otherwise idle machine.
# Usage: ./bench.sh [all | cold-start | first-page | chart-ticks | history-load | backtest-cpu | backtest | backtest-minute | learning ...]; CONFIGURATION=Release ./bench.sh measures a Release build
# (Debug by default, the configuration the start-up goal is stated for); RUNS=3 ./bench.sh cold-start for fewer starts.
set -euo pipefail
cd "$(dirname "$0")"
config="${CONFIGURATION:-Debug}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x /usr/bin/chromium ]; then
  echo "bench.sh: installing chromium (the chart benchmark drives it)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

dotnet build tests/KisTrader.Benchmarks -c "$config" -nologo -v quiet
dotnet run --project tests/KisTrader.Benchmarks -c "$config" --no-build -- "${@:-all}"
