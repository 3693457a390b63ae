#pragma once
// samtel/sim/random.hpp — reproducible random numbers for the simulator.
//
// Promises:
//  * Every number is computed from the raw 64-bit output of std::mt19937_64 (or of SplitMix64 for
//    the per-call streams) by arithmetic written out here. No std::*_distribution is used: their
//    algorithms differ between standard libraries, and golden files must not.
//  * The same seed gives the same sequence, run after run and build after build.
//  * `uniform01()` takes the top 53 bits, so it is exact in a double and never returns 1.
//  * `poisson(mean)` is exact (Knuth's product method, the mean split into pieces of at most 30
//    so that exp(-mean) never underflows); `exponential(mean)` is by inversion.
//
//   Random rng{20261124};
//   std::uint64_t n = rng.poisson(4.5);      // calls in one hour
//   double gap = rng.exponential(300.0);     // seconds
#include <cstdint>
#include <random>

namespace samtel::sim {

// A uniform double in [0, 1) from 64 random bits.
inline double to_unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator used to derive independent streams.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform01() { return to_unit(next()); }

 private:
  std::uint64_t state_;
};

// Combines a seed with a salt into a new, well-mixed seed.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt);

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t next() { return engine_(); }
  double uniform01() { return to_unit(engine_()); }
  // A uniform integer in [0, n); n > 0. Unbiased (rejection of the short last block).
  std::uint64_t below(std::uint64_t n);
  // Exponentially distributed with the given mean (> 0).
  double exponential(double mean);
  // Poisson distributed with the given mean (>= 0).
  std::uint64_t poisson(double mean);

 private:
  std::mt19937_64 engine_;
};

}  // namespace samtel::sim
