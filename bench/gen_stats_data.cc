// Writes the samples of the drift-statistics benchmarks (bench/stats_bench,
// bench/compare/stats_scipy.py) as raw little-endian float64 files, with a
// fixed seed so every run and both sides see identical data:
//
//   gen_stats_data DIR      -> DIR/ks_x.f64, ks_y.f64   (1M each: KS, Wasserstein)
//                              DIR/psi_ref.f64, psi_cur.f64 (10M each: PSI)
//
// KS/Wasserstein: x ~ N(0, 1), y ~ N(0.02, 1.05^2), both rounded to 1e-4 so
// the samples have ties within and across (ks_2samp's ties path matters).
// PSI: reference ~ lognormal(0, 0.5), current ~ lognormal(0.03, 0.52).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

bool WriteF64(const std::string& path, const std::vector<double>& v) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(v.data(), sizeof(double), v.size(), f) == v.size();
  return std::fclose(f) == 0 && ok;
}

std::vector<double> Normal(std::mt19937_64& rng, size_t n, double mean, double sd, double round_to) {
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> out(n);
  for (double& v : out) v = std::round(d(rng) / round_to) * round_to;
  return out;
}

std::vector<double> LogNormal(std::mt19937_64& rng, size_t n, double mu, double sigma) {
  std::lognormal_distribution<double> d(mu, sigma);
  std::vector<double> out(n);
  for (double& v : out) v = d(rng);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_stats_data DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  std::mt19937_64 rng(20261124);
  const size_t kKs = 1'000'000, kPsi = 10'000'000;
  const bool ok = WriteF64(dir + "/ks_x.f64", Normal(rng, kKs, 0.0, 1.0, 1e-4)) &&
                  WriteF64(dir + "/ks_y.f64", Normal(rng, kKs, 0.02, 1.05, 1e-4)) &&
                  WriteF64(dir + "/psi_ref.f64", LogNormal(rng, kPsi, 0.0, 0.5)) &&
                  WriteF64(dir + "/psi_cur.f64", LogNormal(rng, kPsi, 0.03, 0.52));
  if (!ok) {
    std::fprintf(stderr, "gen_stats_data: cannot write the files in %s\n", dir.c_str());
    return 1;
  }
  std::printf("wrote %s/{ks_x,ks_y}.f64 (%zu each), {psi_ref,psi_cur}.f64 (%zu each)\n", dir.c_str(), kKs, kPsi);
  return 0;
}
