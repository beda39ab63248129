# FBMU testbench front door. CMake does the real build under build/; this file only names the jobs.
# Every target that builds first installs missing Debian packages (make deps).

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= 2
CMAKE_ARGS ?=
SEED       ?= 1
OPS        ?= 20000
TRACE      ?=

DEB_PACKAGES := build-essential cmake python3 verilator libgtest-dev libsystemc-dev ccache \
                iverilog yosys gtkwave lcov

.PHONY: help deps configure build test test-asan sim bench lint synth coverage waves clean regs

help: ## Show this help (default)
	@echo "FBMU co-verification testbench"
	@echo ""
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo ""
	@echo "Variables: SEED=$(SEED) OPS=$(OPS) JOBS=$(JOBS) BUILD=$(BUILD)"

deps: ## Install the Debian packages the build needs (only those missing)
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "All Debian packages present."; fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure ## Build libraries, simulators, tests and benchmarks
	cmake --build $(BUILD) -j $(JOBS)

test: build ## Run every test suite (model, driver, conformance on model and RTL, lockstep)
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

test-asan: deps ## Model, driver and conformance suites under ASan+UBSan
	cmake -S . -B $(BUILD_ASAN) -DFBMU_SANITIZE=ON -DFBMU_BUILD_SIM=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest -j $(JOBS) --output-on-failure

sim: configure ## Build and run the lockstep co-simulation regression (SEED, OPS)
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-cosim
	$(BUILD)/sim/lockstep/fbmu-cosim --seed $(SEED) --ops $(OPS)

bench: configure ## Build and run the benchmarks (model throughput, co-simulation speed)
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-bench-model fbmu-bench-cosim
	$(BUILD)/bench/fbmu-bench-model
	$(BUILD)/sim/lockstep/fbmu-bench-cosim

waves: ## Open the latest trace under traces/ (or TRACE=file) in GTKWave with waves/fbmu.gtkw
	@trace="$(TRACE)"; \
	if [ -z "$$trace" ]; then trace=$$(ls -t traces/*.fst traces/*.vcd 2>/dev/null | head -n 1); fi; \
	if [ -z "$$trace" ] || [ ! -f "$$trace" ]; then \
	  echo "No trace$${trace:+ $$trace}. Make one first, e.g.:"; \
	  echo "  make sim WAVES=1 OPS=200       # fbmu-cosim -> traces/fbmu-cosim-seed1.fst"; \
	  echo "  make test WAVES=1              # one trace per RTL test -> traces/<Suite>.<Test>.fst"; \
	  echo "A failure bundle has its own: gtkwave failures/<run>/trace.fst failures/<run>/mismatch.gtkw"; \
	  exit 1; fi; \
	echo "gtkwave $$trace waves/fbmu.gtkw"; \
	if ! command -v gtkwave >/dev/null 2>&1; then echo "gtkwave is not installed (make deps)."; exit 1; fi; \
	if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display (DISPLAY is not set): run the line above where there is one."; exit 1; fi; \
	gtkwave "$$trace" waves/fbmu.gtkw

regs: ## Regenerate docs/registers.md from regs/fbmu_regs.toml
	python3 tools/regtool.py regs/fbmu_regs.toml --md docs/registers.md

lint: deps ## Lint the RTL with Verilator -Wall, Icarus and Yosys; check the register table
	tools/lint-rtl.sh
	python3 tools/regtool.py regs/fbmu_regs.toml --check-md docs/registers.md

synth: deps ## Yosys: cells, flip-flops, longest path of fbmu_top at 16 slots/128 KiB and 64 slots/1 MiB
	tools/synth.sh

coverage: deps ## Line coverage of model and driver under the test suites (lcov)
	cmake -S . -B build-cov -DFBMU_BUILD_SIM=OFF -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_FLAGS=--coverage -DCMAKE_CXX_FLAGS=--coverage -DCMAKE_EXE_LINKER_FLAGS=--coverage
	cmake --build build-cov -j $(JOBS)
	cd build-cov && ctest -j $(JOBS) --output-on-failure
	lcov -q --capture --directory build-cov --output-file build-cov/coverage.info
	lcov -q --extract build-cov/coverage.info '*/model/*' '*/driver/*' --output-file build-cov/ours.info
	lcov --list build-cov/ours.info

clean: ## Remove every build folder
	rm -rf $(BUILD) $(BUILD_ASAN) build-cov
