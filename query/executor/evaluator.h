// Evaluate: computes an expression for one row, with openCypher's null
// propagation and three-valued logic. Scalar functions live here too;
// aggregates are computed by the projection (executor/aggregate.h) and
// read back through ExecContext::aggregates.
#pragma once

#include "query/ast/expression.h"
#include "query/executor/exec_context.h"

namespace provgraph::query {

QueryValue Evaluate(const ast::Expr& e, Row& row, ExecContext& ctx);

// The same, without a copy when the value is already held (a parameter, a
// variable): a reference to it, else to `scratch` holding the result.
const QueryValue& EvaluateInPlace(const ast::Expr& e, Row& row, ExecContext& ctx, QueryValue& scratch);

// The truth value of a WHERE: only true passes (null and false do not).
bool IsTrue(const QueryValue& v);

// Evaluates a WHERE predicate (or one of its AND-ed conjuncts): true
// passes, false and null do not, any other value is a type error at the
// predicate's position ("WHERE needs a boolean, got integer").
bool Holds(const ast::Expr& where, Row& row, ExecContext& ctx);

// The value of property `key` of a node, relationship or map ("key" on a
// node is its natural key).
QueryValue PropertyOf(const QueryValue& object, const std::string& key, ExecContext& ctx, SourcePos pos);

}  // namespace provgraph::query
