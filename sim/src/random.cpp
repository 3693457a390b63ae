#include "samtel/sim/random.hpp"

#include <cmath>
#include <limits>

namespace samtel::sim {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  SplitMix64 a{seed ^ (salt * 0xd1b54a32d192ed03ULL)};
  a.next();
  return a.next();
}

std::uint64_t Random::below(std::uint64_t n) {
  if (n <= 1) return 0;
  // Accept only draws below the largest multiple of n, so every residue is equally likely.
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  std::uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % n;
}

double Random::exponential(double mean) {
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - uniform01());
}

std::uint64_t Random::poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  constexpr double kPiece = 30.0;
  std::uint64_t total = 0;
  double left = mean;
  while (left > 0.0) {
    const double piece = left > kPiece ? kPiece : left;
    left -= piece;
    // Knuth: multiply uniforms until the product drops to exp(-piece) or below.
    const double limit = std::exp(-piece);
    double product = uniform01();
    std::uint64_t k = 0;
    while (product > limit) {
      ++k;
      product *= uniform01();
    }
    total += k;
  }
  return total;
}

}  // namespace samtel::sim
