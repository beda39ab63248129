// fbmu-bench-floor: the simulator's floor on this machine. A one-register design (bench_floor.sv),
// Verilated with the FBMU's Verilator and C++ options and clocked as the FBMU harness clocks the
// unit (clock high, eval, clock low, eval), runs as fast as any design can: whatever a cycle of the
// FBMU costs comes on top. Prints the best of three runs of one thread, in M cycles/s.
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "Vfbmu_bench_floor.h"
#include "verilated.h"

namespace {

// CPU seconds of this thread: the machine is shared, wall time would count other work.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Clocks `cycles` cycles after a reset; returns the CPU seconds, or a negative value when the
// counter does not show exactly that many cycles (the run did not simulate what it claims).
double Run(uint64_t cycles) {
  auto context = std::make_unique<VerilatedContext>();
  auto top = std::make_unique<Vfbmu_bench_floor>(context.get());
  top->clk_i = 0;
  top->rst_ni = 0;
  top->eval();
  top->rst_ni = 1;
  top->eval();
  const double start = CpuSeconds();
  for (uint64_t i = 0; i < cycles; i++) {
    top->clk_i = 1;
    top->eval();
    top->clk_i = 0;
    top->eval();
  }
  const double cpu = CpuSeconds() - start;
  top->final();
  return top->count_o == static_cast<uint32_t>(cycles) ? cpu : -1.0;
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t cycles = 20000000;
  if (argc > 2 || (argc == 2 && (std::sscanf(argv[1], "%" SCNu64, &cycles) != 1 || cycles == 0 ||
                                 cycles > 0xffffffffu))) {
    std::fprintf(stderr, "usage: %s [CYCLES]   (1 .. 2^32-1, default 20000000)\n", argv[0]);
    return 2;
  }
  double best = 0.0;
  for (int k = 0; k < 3; k++) {
    const double cpu = Run(cycles);
    if (cpu < 0.0) {
      std::fprintf(stderr, "fbmu-bench-floor: the counter did not count %" PRIu64 " cycles\n",
                   cycles);
      return 1;
    }
    if (best == 0.0 || cpu < best) best = cpu;
  }
  const double mcps = best > 0.0 ? static_cast<double>(cycles) / best / 1e6 : 0.0;
  std::printf("fbmu-bench-floor: one 32-bit register, Verilator %s, clocked as the FBMU harness\n",
              Verilated::productVersion());
  std::printf("simulator floor                      %7.2f M cycles/s  (best of 3, %" PRIu64
              " cycles, one thread)\n",
              mcps, cycles);
  return 0;
}
