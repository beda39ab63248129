#!/usr/bin/env bash
# make formal: k-induction proofs of the FBMU properties with Yosys 0.23, yosys-smtbmc and z3.
# Usage: formal/run.sh [OUT_DIR [RTL_DIR]]   (default build/formal, holding the SMT-LIB2 files and
# any trace; RTL_DIR defaults to rtl/, e.g. a mutant's copy from tools/mutate.py apply)
#
# Each harness (formal/<name>_formal.sv, script formal/<name>.ys) is written to SMT-LIB2, then
# yosys-smtbmc checks the base case (every assertion holds in the first DEPTH+1 cycles after reset,
# bounded model check) and the induction step (DEPTH cycles in which every assertion holds are
# never followed by one that fails). Both passing proves every assertion of the harness for all
# time. It prints one line per property: PASS with the depth, or FAIL with where the
# counterexample trace is. Exit status 0 when every property passes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/formal}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rtl=$(cd "${2:-$root/rtl}" && pwd)
python3 "$root/tools/regtool.py" "$root/regs/fbmu_regs.toml" --sv "$out/fbmu_reg_pkg.sv" >/dev/null

# run name, script (formal/<script>.ys), induction depth, harness parameters (- for none). The
# access harness runs twice: with the RTC free (any step at any cycle) and with it held while a
# command runs, as fbmu_rtc_cdc holds it (HoldRtc: the properties that rest on that hold).
harnesses=("fbmu_axil_slave fbmu_axil_slave 3 -" "fbmu_access fbmu_access 3 -"
           "fbmu_access_rtc_held fbmu_access 3 HoldRtc=1")
fails=0

for h in "${harnesses[@]}"; do
  read -r name script depth params <<<"$h"
  chparam=""
  if [ "$params" != - ]; then
    chparam="chparam -set ${params%%=*} ${params#*=} ${script}_formal"
  fi
  smt2="$out/$name.smt2"
  sed -e "s#@PKG@#$out/fbmu_reg_pkg.sv#; s#@RTL@#$rtl#g; s#@FORMAL@#$root/formal#g" \
      -e "s#@OUT@#$smt2#; s#@CHPARAM@#$chparam#" "$root/formal/$script.ys" >"$out/$name.ys"
  start=$(date +%s)
  if ! yosys -q -l "$out/$name.yosys.log" "$out/$name.ys" >/dev/null 2>&1; then
    echo "$name: Yosys failed (see $out/$name.yosys.log)"
    fails=$((fails + 1))
    continue
  fi
  mapfile -t props < <(sed -n 's/^; yosys-smt2-assert [0-9]* \([A-Za-z0-9_]*\).*/\1/p' "$smt2" | sort -u)
  # --unroll: z3 4.8 stalls on the uninterpreted-function form of some designs.
  smtbmc=(yosys-smtbmc -s z3 --unroll)
  base=pass ind=pass
  "${smtbmc[@]}" -t $((depth + 1)) --dump-vcd "$out/$name.base.vcd" "$smt2" \
    >"$out/$name.base.log" 2>/dev/null || base=fail
  if [ $base = pass ]; then
    "${smtbmc[@]}" -i -t "$depth" --dump-vcd "$out/$name.induction.vcd" "$smt2" \
      >"$out/$name.induction.log" 2>/dev/null || ind=fail
  fi
  failed=$(sed -n 's/.*Assert failed in [^:]*: \([A-Za-z0-9_]*\).*/\1/p' \
           "$out/$name.base.log" "$out/$name.induction.log" 2>/dev/null | sort -u)
  echo "$name ($((${#props[@]})) properties, $(($(date +%s) - start)) s):"
  for p in "${props[@]}"; do
    if [ $base = pass ] && [ $ind = pass ]; then
      printf '  %-34s PASS  k-induction, depth %s (base case %s cycles)\n' "$p" "$depth" $((depth + 1))
    elif grep -qx "$p" <<<"$failed"; then
      if [ $base = fail ]; then
        printf '  %-34s FAIL  counterexample from reset: %s\n' "$p" "$out/$name.base.vcd"
      else
        printf '  %-34s FAIL  induction at depth %s: %s\n' "$p" "$depth" "$out/$name.induction.vcd"
      fi
      fails=$((fails + 1))
    else
      printf '  %-34s not proved (another property of %s failed)\n' "$p" "$name"
      fails=$((fails + 1))
    fi
  done
done

if [ $fails -ne 0 ]; then
  echo "formal: FAIL"
  exit 1
fi
echo "formal: every property proved"
