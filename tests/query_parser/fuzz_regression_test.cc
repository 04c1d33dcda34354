// Regression tests for inputs found by tests/fuzz/parser_fuzz.cc, each
// named after the libFuzzer artifact that found it.
#include <gtest/gtest.h>

#include <string>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::CanonExpr;

// Prints `text` parsed as an expression, parses the print again and
// expects the same print: printed trees must always parse again.
void ExpectExprRoundTrip(const std::string& text) {
  std::string printed = CanonExpr(text);
  ASSERT_EQ(printed.rfind("ERROR", 0), std::string::npos) << printed;
  EXPECT_EQ(CanonExpr(printed), printed);
}

// crash-4ca3a4eb14ef486f66bec3661eed807516677be8: "MRE---...---TUR-0" with
// 123 unary minuses parsed (the chain is flat in the text) but printed as
// 123 nested parentheses, beyond the old bracket-nesting limit of 100, so
// the printed query did not parse. The nesting limit now equals the tree
// height limit.
TEST(FuzzRegressionTest, Crash4ca3a4eb_DeepUnaryChainPrintsToParseableText) {
  std::string text = "MRE-" + std::string(123, '-') + "TUR-0";
  std::string expected = "(MRE - ";
  for (int i = 0; i < 123; ++i) expected += "(-";
  expected += "TUR" + std::string(123, ')') + ")";
  EXPECT_EQ(CanonExpr(text), "(" + expected + " - 0)");
  ExpectExprRoundTrip(text);
}

// The same property at the height limit for other flat-to-deep shapes.
TEST(FuzzRegressionTest, TreesAtTheHeightLimitPrintToParseableText) {
  const int n = ast::kMaxExpressionHeight;
  ExpectExprRoundTrip(std::string(n - 1, '-') + "x");            // unary chain, height n
  std::string sum = "1";
  for (int i = 1; i < n; ++i) sum += " + 1";                      // left-deep chain, height n
  ExpectExprRoundTrip(sum);
  std::string props = "x";
  for (int i = 1; i < n; ++i) props += ".p";                      // postfix chain, height n
  ExpectExprRoundTrip(props);
  ExpectExprRoundTrip(std::string(n - 1, '[') + std::string(n - 1, ']'));  // nested lists
}

}  // namespace
}  // namespace provgraph::query
