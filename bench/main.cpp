// The benchmarks' main: Google Benchmark's own, after one setting that every program running
// layers in a loop needs on this machine (see keep_freed_memory).
#include "common/memory.hpp"

#include <benchmark/benchmark.h>
#include <fmt/core.h>

int main(int argc, char** argv) {
    if (!cnn::keep_freed_memory()) fmt::print(stderr, "warning: freed memory goes back to the system\n");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
