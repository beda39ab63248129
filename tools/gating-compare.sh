#!/usr/bin/env bash
# Clock gating is transparent: two Verilated builds of the same RTL, one with its clock gates and
# one with every gate a wire (FBMU_NO_CLOCK_GATING), run the same program and must record the same
# bus trace (FBMU_BUS_TRACE: every transaction's cycle and response and every input change, so
# bus behaviour and cycle counts alike).
#   tools/gating-compare.sh GATED_PROGRAM UNGATED_PROGRAM [ARGS...]
# Both programs get ARGS; each must exit 0 and record at least one simulation.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 GATED_PROGRAM UNGATED_PROGRAM [ARGS...]" >&2; exit 2; }
gated=$1
ungated=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for run in gated ungated; do
  prog=${!run}
  echo "$run: FBMU_BUS_TRACE=$work/$run.trace $prog $*"
  if ! FBMU_BUS_TRACE=$work/$run.trace "$prog" "$@" >"$work/$run.log" 2>&1; then
    tail -n 30 "$work/$run.log" >&2
    echo "FAIL: the $run run failed" >&2
    exit 1
  fi
  sims=$(grep -c '^S ' "$work/$run.trace" || true)
  [ "$sims" -gt 0 ] || { echo "FAIL: the $run run recorded no simulation" >&2; exit 1; }
done

echo "traces: $(wc -l <"$work/gated.trace") records, $sims simulations each"
if ! cmp -s "$work/gated.trace" "$work/ungated.trace"; then
  echo "FAIL: the bus traces differ (gated < >, ungated), first differences:" >&2
  diff "$work/gated.trace" "$work/ungated.trace" | head -n 20 >&2
  exit 1
fi
echo "PASS: identical bus traces with and without clock gating"
