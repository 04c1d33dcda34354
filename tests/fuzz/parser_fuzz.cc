// libFuzzer target for the query front end: lexes, parses and binds
// arbitrary bytes. It must never crash, hang or leak, and whatever parses
// must print back to text that parses to the same canonical print. Errors
// (syntax and binder) must carry a query:LINE:COLUMN location inside the
// text that can be rendered.
//
// Run it with tests/fuzz/run_parser_fuzz.sh SECONDS (clang, libFuzzer);
// CI replays the corpus through tests/fuzz/replay_main.cc.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>

#include "query/ast/ast_printer.h"
#include "query/binder/binder.h"
#include "query/common/source_location.h"
#include "query/lexer/lexer.h"
#include "query/parser/parser.h"

namespace {

using namespace provgraph;
using namespace provgraph::query;

[[noreturn]] void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "parser_fuzz: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void CheckError(std::string_view text, const Status& status) {
  if (status.code() != StatusCode::kInvalidInput) Fail("error is not InvalidInput", status.ToString());
  if (!ParseQueryWhere(status.where())) Fail("error has no query:L:C location", status.ToString());
  std::string rendered = RenderQueryError(text, status);
  if (rendered.find('^') == std::string::npos) Fail("error cannot be rendered with a caret", rendered);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  Result<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) CheckError(text, tokens.status());

  Result<ast::Query> query = ParseQuery(text);
  if (!query.ok()) {
    CheckError(text, query.status());
  } else {
    std::string printed = ast::PrintQuery(*query);
    Result<ast::Query> again = ParseQuery(printed);
    if (!again.ok()) Fail("printed query does not parse", printed + "\n" + again.status().ToString());
    std::string reprinted = ast::PrintQuery(*again);
    if (reprinted != printed) Fail("print is not a fixed point", printed + "\n" + reprinted);
    // Two parameters are given, so $p and $name bind and others do not.
    std::unordered_map<std::string, QueryValue> params{{"p", QueryValue(int64_t{1})},
                                                       {"name", QueryValue(std::string("x"))}};
    Result<BoundQuery> bound = Bind(*query, std::move(params));
    if (!bound.ok()) CheckError(text, bound.status());
  }

  Result<ast::ExprPtr> expr = ParseExpression(text);
  if (!expr.ok()) {
    CheckError(text, expr.status());
  } else {
    std::string printed = ast::PrintExpr(**expr);
    Result<ast::ExprPtr> again = ParseExpression(printed);
    if (!again.ok()) Fail("printed expression does not parse", printed + "\n" + again.status().ToString());
    std::string reprinted = ast::PrintExpr(**again);
    if (reprinted != printed) Fail("expression print is not a fixed point", printed + "\n" + reprinted);
  }
  return 0;
}
