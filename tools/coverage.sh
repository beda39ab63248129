#!/usr/bin/env bash
# make coverage, after the coverage build (FBMU_RTL_COVERAGE=ON, model and driver built with gcov):
# runs the suites, collects Verilator and gcov coverage and writes one lcov HTML report.
#   tools/coverage.sh BUILD_DIR       (default build-cov)
# RTL: the RTL conformance suite, the RTL harness and bus tests, the directed lockstep test and a
# short lockstep regression (COV_SEEDS seeds of COV_OPS ops). Model and driver: their suites and the
# conformance suite on the model. Figures and the uncovered lines: tools/coverage_report.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build-cov}" && pwd)
seeds=${COV_SEEDS:-1 2}
ops=${COV_OPS:-3000}
out=$build/coverage
dat=$out/dat
rm -rf "$out"
mkdir -p "$dat"
lcov -q --zerocounters --directory "$build"

export FBMU_COVERAGE_DIR=$dat
for t in tests/fbmu_model_test tests/fbmu_driver_test tests/fbmu_conformance_model \
         tests/fbmu_conformance_rtl tests/fbmu_sim_test; do
  echo "== $t"
  "$build/$t" --gtest_brief=1 >"$out/$(basename "$t").log" 2>&1 || {
    tail -n 30 "$out/$(basename "$t").log"; echo "FAIL: $t" >&2; exit 1; }
  tail -n 1 "$out/$(basename "$t").log"
done
for s in $seeds; do
  echo "== fbmu-cosim --seed $s --ops $ops"
  "$build/sim/lockstep/fbmu-cosim" --seed "$s" --ops "$ops" >"$out/cosim-$s.log" 2>&1 || {
    tail -n 30 "$out/cosim-$s.log"; echo "FAIL: fbmu-cosim seed $s" >&2; exit 1; }
done

n=$(find "$dat" -name '*.dat' | wc -l)
echo "merging $n Verilator coverage files"
find "$dat" -name '*.dat' -print0 | xargs -0 verilator_coverage --write "$out/merged.dat" >/dev/null
lcov -q --capture --directory "$build" --output-file "$out/gcov-all.info" 2>/dev/null
lcov -q --extract "$out/gcov-all.info" '*/model/*' '*/driver/*' --output-file "$out/gcov.info"
rc=0
python3 "$root/tools/coverage_report.py" --dat "$out/merged.dat" --gcov "$out/gcov.info" \
  --root "$root" --out "$out" || rc=$?
genhtml -q --prefix "$root" --output-directory "$out/html" "$out/coverage.info"
echo "report: $out/html/index.html"
exit $rc
