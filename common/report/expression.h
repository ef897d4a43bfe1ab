// Formula expressions of templates (grammar in proto/template.capnp), parsed into a tree.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/figures.h"

namespace rs::report {

// A cell named by a formula: "column", "row.column" or "table/row/column". Empty parts mean
// "the same as the cell being computed".
struct CellRef {
  std::string table;
  std::string row;
  std::string column;
};

struct Expr {
  enum class Kind {
    kRef,             // ref
    kLiteral,         // value
    kChildren,        // the same column over the row's children
    kBlockSum,        // block, column
    kRate,            // args[0] / args[1] as a percent
    kExecScore,       // args: executed, budget, weight
    kIndicatorScore,  // the row's target, actual and weight
    kAdd,             // args[0] + args[1] (sign: +1 or -1 on args[1])
  };
  Kind kind = Kind::kLiteral;
  CellRef ref;
  Fixed value;
  std::string block;
  std::string column;
  int sign = 1;
  std::vector<Expr> args;

  static Expr of(Kind kind) {
    Expr e;
    e.kind = kind;
    return e;
  }
  static Expr literal(Fixed value) {
    Expr e = of(Kind::kLiteral);
    e.value = value;
    return e;
  }
  static Expr cell(CellRef ref) {
    Expr e = of(Kind::kRef);
    e.ref = std::move(ref);
    return e;
  }
};

// Parses a template formula. Throws rs::InputError naming the formula when it is malformed:
// a template is data, and a bad one must be refused when it is loaded, not crash later.
Expr parseExpression(std::string_view text);

// Every cell reference in an expression, in order (the first names a check's location).
std::vector<CellRef> refsOf(const Expr& e);

CellRef parseRef(std::string_view text);

}  // namespace rs::report
