#!/usr/bin/env bash
# Wall time of one fbmu-regress profile with JOBS=1 against JOBS=2 (every seed run fresh), and the
# ratio. Usage: bench_regress.sh <fbmu-cosim> [profile (default ci)] [out folder]
set -euo pipefail
cosim=${1:?usage: bench_regress.sh <fbmu-cosim> [profile] [out]}
profile=${2:-ci}
out=${3:-build/bench-regress}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
now() { python3 -c 'import time; print(time.monotonic())'; }
walls=()
for jobs in 1 2; do
  start=$(now)
  python3 "$root/tools/fbmu_regress.py" --cosim "$cosim" --profile "$profile" --jobs "$jobs" \
    --fresh --out "$out/jobs$jobs" > "$out/jobs$jobs.log" 2>&1 || {
      echo "fbmu-regress failed with --jobs $jobs (log: $out/jobs$jobs.log)"; exit 1; }
  walls+=("$(python3 -c "print($(now) - $start)")")
done
python3 -c "
w1, w2 = ${walls[0]}, ${walls[1]}
print(f'fbmu-regress --profile $profile: JOBS=1 {w1:.1f} s, JOBS=2 {w2:.1f} s, speed-up x{w1 / w2:.2f} ($(nproc) cores)')"
