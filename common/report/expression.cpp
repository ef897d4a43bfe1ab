#include "report/expression.h"

#include <cctype>

#include "util/errors.h"

namespace rs::report {

namespace {

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '/' || c == '%';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expr parseAll() {
    Expr e = sum();
    skipSpace();
    if (pos_ != text_.size())
      fail("unexpected text at \"" + std::string(text_.substr(pos_)) + "\"");
    return e;
  }

 private:
  Expr sum() {
    Expr left = term();
    while (true) {
      skipSpace();
      if (pos_ >= text_.size() || (text_[pos_] != '+' && text_[pos_] != '-')) return left;
      int sign = text_[pos_++] == '+' ? 1 : -1;
      Expr add;
      add.kind = Expr::Kind::kAdd;
      add.sign = sign;
      add.args.push_back(std::move(left));
      add.args.push_back(term());
      left = std::move(add);
    }
  }

  Expr term() {
    std::string name = word();
    if (name.empty()) fail("expected a term");
    if (name == "children") return Expr::of(Expr::Kind::kChildren);
    if (name == "indicatorscore") return Expr::of(Expr::Kind::kIndicatorScore);
    if (std::isdigit(static_cast<unsigned char>(name[0]))) {
      auto value = parseValue(name);
      if (!value) fail("bad figure \"" + name + "\"");
      return Expr::literal(*value);
    }
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '(') return call(name);
    return Expr::cell(parseRef(name));
  }

  Expr call(const std::string& name) {
    ++pos_;  // '('
    std::vector<std::string> args;
    while (true) {
      args.push_back(word());
      skipSpace();
      if (pos_ >= text_.size()) fail("missing \")\"");
      char c = text_[pos_++];
      if (c == ')') break;
      if (c != ',') fail("expected \",\" or \")\"");
    }
    Expr e;
    auto refArgs = [&](size_t n) {
      if (args.size() != n) fail(name + " takes " + std::to_string(n) + " arguments");
      for (const auto& a : args) e.args.push_back(Expr::cell(parseRef(a)));
    };
    if (name == "rate") {
      e.kind = Expr::Kind::kRate;
      refArgs(2);
    } else if (name == "execscore") {
      e.kind = Expr::Kind::kExecScore;
      refArgs(3);
    } else if (name == "blocksum") {
      if (args.size() != 2) fail("blocksum takes a block and a column");
      e.kind = Expr::Kind::kBlockSum;
      e.block = args[0];
      e.column = args[1];
    } else {
      fail("unknown function \"" + name + "\"");
    }
    return e;
  }

  std::string word() {
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && isNameChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  void skipSpace() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  [[noreturn]] void fail(const std::string& what) {
    throw InputError("template formula \"" + std::string(text_) + "\": " + what);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void collectRefs(const Expr& e, std::vector<CellRef>& out) {
  if (e.kind == Expr::Kind::kRef) out.push_back(e.ref);
  for (const auto& a : e.args) collectRefs(a, out);
}

}  // namespace

CellRef parseRef(std::string_view text) {
  CellRef ref;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    size_t second = text.find('/', slash + 1);
    require(second != std::string_view::npos,
            "template reference \"" + std::string(text) + "\" is not table/row/column");
    ref.table = text.substr(0, slash);
    ref.row = text.substr(slash + 1, second - slash - 1);
    ref.column = text.substr(second + 1);
    return ref;
  }
  size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    ref.row = text.substr(0, dot);
    ref.column = text.substr(dot + 1);
  } else {
    ref.column = text;
  }
  return ref;
}

Expr parseExpression(std::string_view text) {
  return Parser(text).parseAll();
}

std::vector<CellRef> refsOf(const Expr& e) {
  std::vector<CellRef> out;
  collectRefs(e, out);
  return out;
}

}  // namespace rs::report
