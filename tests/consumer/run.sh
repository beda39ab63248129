#!/usr/bin/env bash
# Builds and runs tests/consumer against the FBMU two ways: the package installed from a build
# folder (find_package, and pkg-config for the driver), and the source tree (add_subdirectory).
# Usage: run.sh <fbmu build folder> <fbmu source folder> <work folder> [installed|subdirectory|all]
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$3
mode=${4:-all}
here=$src/tests/consumer
rm -rf "$work" && mkdir -p "$work"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

run_consumer() {  # <consumer build folder>
  "$1/consumer_model"
  if [ -x "$1/consumer_sim" ]; then "$1/consumer_sim"; else echo "no fbmu::sim in this package"; exit 1; fi
}

if [ "$mode" = installed ] || [ "$mode" = all ]; then
  cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
  cmake -S "$here" -B "$work/installed" -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" > "$work/installed.log"
  cmake --build "$work/installed" -j 2 >> "$work/installed.log"
  run_consumer "$work/installed"
  pc="$work/prefix/lib/pkgconfig"
  [ -d "$pc" ] || pc=$(dirname "$(find "$work/prefix" -name fbmu-driver.pc | head -n 1)")
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror "$here/consumer_driver.c" -o "$work/consumer_driver" \
     $(PKG_CONFIG_PATH="$pc" pkg-config --cflags --libs fbmu-driver)
  "$work/consumer_driver"
  "$work/prefix/bin/fbmu-cosim" --version
  test -f "$work/prefix/share/fbmu/rtl/files.f"
fi
if [ "$mode" = subdirectory ] || [ "$mode" = all ]; then
  cmake -S "$here" -B "$work/subdir" -DFBMU_SOURCE_DIR="$src" "${launcher[@]}" > "$work/subdir.log"
  cmake --build "$work/subdir" -j 2 >> "$work/subdir.log"
  run_consumer "$work/subdir"
fi
echo "consumer ($mode): OK"
