# Sources of the statistics part of the drift module, relative to engine/.
# The engine CMakeLists includes this file and compiles them into
set(PROVGRAPH_STATS_SOURCES
  stats/anderson.cc
  stats/binning.cc
  stats/cdf_distance.cc
  stats/chi2.cc
  stats/cramervonmises.cc
  stats/energy.cc
  stats/hellinger.cc
  stats/jensenshannon.cc
  stats/kolmogorov.cc
  stats/ks.cc
  stats/mmd.cc
  stats/psi.cc
  stats/ranks.cc
  stats/special_functions.cc
  stats/summation.cc
  stats/validate.cc
  stats/wasserstein.cc
  stats/ztest.cc
)
