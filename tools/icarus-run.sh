# Sourced by the Icarus scripts (icarus-smoke.sh, icarus-replay.sh): fbmu_icarus_run VVP TOP TIMEOUT
# [PLUSARGS...] runs a compiled testbench under a wall-clock timeout (a livelock inside one time
# step stops simulated time, so only the wall clock can end it) and returns 0 only when the run
# ended with the testbench's "PASS: TOP" line.
fbmu_icarus_run() {
  local vvp=$1 top=$2 timeout_s=$3 rc=0
  shift 3
  timeout "$timeout_s" vvp -n "$vvp" "$@" | tee "$vvp.log" || rc=$?
  if [ "$rc" -eq 124 ]; then
    echo "FAIL: no end after ${timeout_s} s (livelock in a time step?)" >&2
    return 1
  fi
  if [ "$rc" -ne 0 ] || ! grep -q "^PASS: $top" "$vvp.log"; then
    echo "FAIL: $top (vvp exit $rc)" >&2
    return 1
  fi
}
