#!/usr/bin/env bash
# Four-state replay of a bus trace (sim/icarus/fbmu_replay_tb.sv under Icarus Verilog -g2012).
#   tools/icarus-replay.sh TRACE                       replay a trace FBMU_BUS_TRACE recorded
#   tools/icarus-replay.sh --record PROGRAM [ARGS...]  run PROGRAM (a Verilated test suite, e.g. the
#                                                      RTL conformance suite) with FBMU_BUS_TRACE
#                                                      set, then replay what it recorded
# The unit is built at the sizes of the trace's first simulation. Passes only on the testbench's
# PASS line; the wall-clock timeout (FBMU_ICARUS_TIMEOUT seconds, default 300) catches a livelock
# inside one time step. FBMU_KEEP_TRACE=<file>: keep a copy of the recorded trace there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
timeout_s=${FBMU_ICARUS_TIMEOUT:-300}
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT

if [ "${1:-}" = "--record" ]; then
  shift
  [ $# -ge 1 ] || { echo "usage: $0 --record PROGRAM [ARGS...]" >&2; exit 2; }
  trace=$gen/bus.trace
  # The in-order master: a trace records when each transaction's valids rose, which a random-shape
  # master (split AW/W, back-pressure) would not replay.
  echo "recording: FBMU_BUS=inorder FBMU_BUS_TRACE=$trace $*"
  if ! FBMU_BUS=inorder FBMU_BUS_TRACE=$trace "$@" >"$gen/record.log" 2>&1; then
    tail -n 30 "$gen/record.log" >&2
    echo "FAIL: the recording run failed" >&2
    exit 1
  fi
  [ -n "${FBMU_KEEP_TRACE:-}" ] && cp "$trace" "$FBMU_KEEP_TRACE"
else
  [ $# -eq 1 ] || { echo "usage: $0 TRACE | --record PROGRAM [ARGS...]" >&2; exit 2; }
  trace=$1
fi
[ -s "$trace" ] || { echo "FAIL: no trace in $trace (nothing recorded?)" >&2; exit 1; }

read -r tag mem_hex slots_hex < <(grep -m1 '^S ' "$trace") || true
[ "${tag:-}" = "S" ] || { echo "FAIL: $trace has no S record" >&2; exit 1; }
mem=$((16#$mem_hex))
slots=$((16#$slots_hex))
echo "trace: $(wc -l <"$trace") records; unit: $mem bytes, $slots lease records"

. "$root/tools/rtl-files.sh"
fbmu_rtl_files "$gen" "$root/rtl"
files+=("$root/sim/icarus/fbmu_replay_tb.sv")
iverilog -g2012 -Wall -Wno-timescale -s fbmu_replay_tb -o "$gen/tb.vvp" \
  -Pfbmu_replay_tb.MemBytes="$mem" -Pfbmu_replay_tb.LeaseSlots="$slots" "${files[@]}"
. "$root/tools/icarus-run.sh"
fbmu_icarus_run "$gen/tb.vvp" fbmu_replay_tb "$timeout_s" +trace="$trace"
