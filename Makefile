# FBMU testbench front door. CMake does the real build under build/; this file only names the jobs.
# Every target that builds first installs missing Debian packages (make deps).

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= 2
CMAKE_ARGS ?=
SEED       ?= 1
OPS        ?= 20000
TRACE      ?=
PROFILE    ?= ci
SHARD      ?=
MUTATE_JOBS ?= $(JOBS)

DEB_PACKAGES := build-essential cmake python3 verilator libgtest-dev libsystemc-dev ccache \
                iverilog yosys z3 gtkwave lcov python3-venv pkg-config clang-format

# C and C++ sources that clang-format owns (tracked files only; generated code is never formatted).
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' '*.cpp' '*.hpp' 2>/dev/null)

FUSESOC_VENV ?= $(BUILD)/fusesoc-venv

.PHONY: formal format format-check fusesoc-lint fusesoc-sim help deps configure build test test-asan sim bench bench-regress regress lint synth coverage waves clean regs mutate mutate-sample

help: ## Show this help (default)
	@echo "FBMU co-verification testbench"
	@echo ""
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
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

test: build ## Run every test suite; (JUnit: build/test-results/ctest-junit.xml)
	mkdir -p $(BUILD)/test-results
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure --output-junit test-results/ctest-junit.xml

test-asan: deps ## Model, driver and conformance suites under ASan+UBSan
	cmake -S . -B $(BUILD_ASAN) -DFBMU_SANITIZE=ON -DFBMU_BUILD_SIM=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest -j $(JOBS) --output-on-failure

sim: configure ## Build and run the lockstep co-simulation regression (SEED, OPS)
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-cosim
	$(BUILD)/sim/lockstep/fbmu-cosim --seed $(SEED) --ops $(OPS)

bench: configure ## Build and run the benchmarks (model throughput, simulator floor, co-simulation speed, SystemC top)
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-bench-model fbmu-bench-floor fbmu-bench-cosim fbmu-bench-systemc
	$(BUILD)/bench/fbmu-bench-model
	$(BUILD)/bench/fbmu-bench-floor
	$(BUILD)/sim/lockstep/fbmu-bench-cosim
	$(BUILD)/sim/systemc/fbmu-bench-systemc

regress: configure ## Lockstep regression: PROFILE=ci|nightly|smoke, JOBS, SHARD=K/N; JUnit + summaries
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-cosim
	python3 tools/fbmu_regress.py --cosim $(BUILD)/sim/lockstep/fbmu-cosim --profile $(PROFILE) \
	  --jobs $(JOBS) $(if $(filter smoke,$(PROFILE)),,--require-coverage) $(if $(SHARD),--shard $(SHARD) --out $(BUILD)/regress/$(PROFILE)-shard$(subst /,of,$(SHARD)))

bench-regress: configure ## Wall time of the ci regression profile with JOBS=1 against JOBS=2
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-cosim
	bench/bench_regress.sh $(BUILD)/sim/lockstep/fbmu-cosim $(PROFILE) $(BUILD)/bench-regress

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

fusesoc-lint: ## Install FuseSoC from PyPI (in a venv under build/) and run the core's lint target
	@test -x $(FUSESOC_VENV)/bin/fusesoc || { python3 -m venv $(FUSESOC_VENV) && \
	  $(FUSESOC_VENV)/bin/pip install -q fusesoc; }
	python3 tools/check_core.py fbmu.core rtl/files.f
	cd $(BUILD) && $(abspath $(FUSESOC_VENV))/bin/fusesoc --cores-root $(CURDIR) run --build-root fusesoc-build --target lint fbmu:ip:fbmu

format: ## Format the C and C++ sources with clang-format (.clang-format)
	clang-format -i $(FORMAT_FILES)

format-check: ## Fail when a C or C++ source is not formatted as .clang-format says
	@command -v clang-format >/dev/null || { echo "clang-format is not installed (make deps)"; exit 1; }
	@bad=$$(for f in $(FORMAT_FILES); do clang-format --dry-run -Werror $$f >/dev/null 2>&1 || echo $$f; done); \
	if [ -n "$$bad" ]; then echo "Not formatted (run make format):"; echo "$$bad"; exit 1; fi; \
	echo "$(words $(FORMAT_FILES)) C/C++ sources formatted as .clang-format says."

fusesoc-sim: ## FuseSoC's sim target: Verilator --binary runs the plain-SV smoke testbench
	@test -x $(FUSESOC_VENV)/bin/fusesoc || { python3 -m venv $(FUSESOC_VENV) && \
	  $(FUSESOC_VENV)/bin/pip install -q fusesoc; }
	cd $(BUILD) && $(abspath $(FUSESOC_VENV))/bin/fusesoc --cores-root $(CURDIR) run --build-root fusesoc-build --target sim fbmu:ip:fbmu

regs: ## Regenerate docs/registers.md and the GTKWave filters (waves/filters/) from their sources
	python3 tools/regtool.py regs/fbmu_regs.toml --md docs/registers.md
	python3 tools/gtkw_filters.py . --write

formal: deps ## Prove the formal properties (formal/): k-induction with yosys-smtbmc and z3
	formal/run.sh $(BUILD)/formal

lint: deps ## Lint the RTL with Verilator -Wall, Icarus and Yosys; check the register table
	tools/lint-rtl.sh
	python3 tools/regtool.py regs/fbmu_regs.toml --check-md docs/registers.md
	python3 tools/gtkw_filters.py . --check

synth: deps ## Yosys: cells, flip-flops, longest path of fbmu_top at 16 slots/128 KiB and 64 slots/1 MiB
	tools/synth.sh

coverage: deps ## RTL line+toggle (Verilator) and model/driver line (gcov) coverage: figures, lcov HTML
	cmake -S . -B build-cov -DFBMU_RTL_COVERAGE=ON -DFBMU_RTL_CONFIGS=OFF -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_FLAGS=--coverage -DCMAKE_EXE_LINKER_FLAGS=--coverage
	cmake --build build-cov -j $(JOBS) --target fbmu_model_test fbmu_driver_test \
	  fbmu_conformance_model fbmu_conformance_rtl fbmu_sim_test fbmu-cosim
	tools/coverage.sh build-cov

mutate: configure ## Mutation score: every mutant of tools/mutants.toml built and run on the kill suite
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-mutate-kit
	python3 tools/mutate.py run --kit $(BUILD)/tests/mutate/kit.json --work $(BUILD)/mutate \
	  --jobs $(MUTATE_JOBS)

mutate-sample: configure ## Mutation score of a fixed sample of 10 mutants (CI)
	cmake --build $(BUILD) -j $(JOBS) --target fbmu-mutate-kit
	python3 tools/mutate.py run --kit $(BUILD)/tests/mutate/kit.json --work $(BUILD)/mutate-sample \
	  --jobs $(MUTATE_JOBS) --sample 10

clean: ## Remove every build folder
	rm -rf $(BUILD) $(BUILD_ASAN) build-cov
