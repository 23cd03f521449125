#!/usr/bin/env bash
# Runs the benchmarks of tests/KisTrader.Benchmarks and writes their sections of docs/benchmarks.md. Not part of
# ./test.sh: these are measurements, not pass/fail limits. Run it on an otherwise idle machine.
# Usage: ./bench.sh [--quick] [all | cold-start | first-page | chart-ticks | fill-to-dom | signalr-fanout | history-load | backtest-cpu | backtest | backtest-minute | learning | ml | ml-inference | realtime-frames | decision-cycle | soak | trade-store ...];
# --quick (BENCH_QUICK=1): every benchmark with a smaller load and fewer runs, the whole suite in minutes (indicative
# numbers; the published ones come from a full run). RUNS=3 ./bench.sh cold-start for fewer starts. Configurations: the start-up and page benchmarks (cold-start, first-page,
# chart-ticks, and fill-to-dom and signalr-fanout, which drive the running app) measure a Debug build, the configuration their goals are stated for; the throughput ones (history-load,
# backtest*, learning, ml, ml-inference, realtime-frames, decision-cycle, soak, trade-store) a Release build, as a backtest or a research load would run. CONFIGURATION=Debug|Release forces one for all.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x /usr/bin/chromium ]; then
  echo "bench.sh: installing chromium (the chart benchmark drives it)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

startup=(cold-start first-page chart-ticks fill-to-dom signalr-fanout)
throughput=(history-load backtest-cpu backtest backtest-minute learning ml ml-inference realtime-frames decision-cycle soak trade-store)
names=()
for arg in "$@"; do
  if [ "$arg" = --quick ]; then export BENCH_QUICK=1; else names+=("$arg"); fi
done
if [ ${#names[@]} -eq 0 ] || [ "${names[0]}" = all ]; then names=("${startup[@]}" "${throughput[@]}"); fi
debug_names=(); release_names=()
for name in "${names[@]}"; do
  case " ${startup[*]} " in
    *" $name "*) debug_names+=("$name") ;;
    *) release_names+=("$name") ;;
  esac
done

run() { # run CONFIG NAME...
  local config="${CONFIGURATION:-$1}"; shift
  [ $# -eq 0 ] && return 0
  dotnet build tests/KisTrader.Benchmarks -c "$config" -nologo -v quiet
  dotnet run --project tests/KisTrader.Benchmarks -c "$config" --no-build -- "$@"
}
run Debug ${debug_names[@]+"${debug_names[@]}"}
run Release ${release_names[@]+"${release_names[@]}"}
