#include "report/template_check.h"

#include <capnp/schema.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto/template.capnp.h"
#include "report/expression.h"
#include "report/figures.h"
#include "util/errors.h"

namespace rs::report {

namespace {

// A JSON value with the line it starts on. Capnp's own JSON reader keeps no positions.
// Debian's JSON libraries were weighed (2026-11): nlohmann-json3-dev 3.11 gives a byte
// position for a syntax error only, not for the value a schema mistake is in (positions per
// value came in 3.12); RapidJSON (1.1.0 of 2016) would need a SAX handler tracking offsets,
// which is this parser again. libjsoncpp-dev 1.9 keeps each value's byte offsets
// (Value::getOffsetStart) and could replace this parser; not done yet.
struct Member;

struct Node {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  int line = 1;
  std::string text;  // string contents, or the number as written
  std::vector<Node> items;
  // Not std::pair<std::string, Node>: clang (libFuzzer builds) refuses a pair of an
  // incomplete type here.
  std::vector<Member> members;
};

struct Member {
  std::string name;
  Node value;
};

[[noreturn]] void fail(int line, const std::string& field, const std::string& what) {
  throw InputError("template line " + std::to_string(line) + (field.empty() ? "" : ": " + field) +
                   ": " + what);
}

// Parses the JSON into Nodes. The field path of the value being read (for messages) is kept
// as a stack of steps and spelled out only when a message needs it: building it as a string
// for every value cost a tenth of fuzz_template's time.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Node document() {
    Node n = value();
    skipSpace();
    if (i_ < s_.size()) fail(line_, "", "text after the end of the JSON value");
    return n;
  }

 private:
  // One step of a field path: a member's name, or a list index.
  struct Step {
    std::string_view name;
    size_t index = 0;
    bool isIndex = false;
  };

  // The path as messages spell it: "tables[2].blocks", "" at the top.
  std::string field() const {
    std::string out;
    for (const Step& st : path_) {
      if (st.isIndex) {
        out += "[" + std::to_string(st.index) + "]";
      } else {
        if (!out.empty()) out += '.';
        out += st.name;
      }
    }
    return out;
  }

  [[noreturn]] void failHere(const std::string& what) const { fail(line_, field(), what); }

  void skipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }

  bool take(char c) {
    skipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!take(c)) failHere(std::string("expected '") + c + "'");
  }

  Node value() {
    skipSpace();
    Node n;
    n.line = line_;
    if (i_ >= s_.size()) failHere("the JSON ends where a value should be");
    char c = s_[i_];
    if (c == '{') {
      n.kind = Node::Kind::kObject;
      ++i_;
      if (take('}')) return n;
      do {
        skipSpace();
        if (i_ >= s_.size() || s_[i_] != '"') failHere("expected a field name in quotes");
        std::string name = string();
        path_.push_back(Step{name});
        expect(':');
        Node v = value();
        path_.pop_back();
        n.members.push_back({std::move(name), std::move(v)});
      } while (take(','));
      expect('}');
    } else if (c == '[') {
      n.kind = Node::Kind::kArray;
      ++i_;
      if (take(']')) return n;
      do {
        path_.push_back(Step{{}, n.items.size(), true});
        n.items.push_back(value());
        path_.pop_back();
      } while (take(','));
      expect(']');
    } else if (c == '"') {
      n.kind = Node::Kind::kString;
      n.text = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      n.kind = Node::Kind::kNumber;
      size_t start = i_;
      while (i_ < s_.size() &&
             std::string_view("+-.eE0123456789").find(s_[i_]) != std::string_view::npos)
        ++i_;
      n.text = std::string(s_.substr(start, i_ - start));
    } else if (s_.substr(i_, 4) == "true" || s_.substr(i_, 5) == "false") {
      n.kind = Node::Kind::kBool;
      n.text = s_[i_] == 't' ? "true" : "false";
      i_ += n.text.size();
    } else if (s_.substr(i_, 4) == "null") {
      i_ += 4;
    } else {
      failHere("not a JSON value");
    }
    return n;
  }

  // A string; escapes are kept as written (only their well-formedness matters here). Plain
  // stretches are copied whole, not byte by byte.
  std::string string() {
    ++i_;  // the opening quote
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      size_t plain = std::min(s_.find_first_of("\"\\\n", i_), s_.size());
      out.append(s_.substr(i_, plain - i_));
      i_ = plain;
      if (i_ >= s_.size() || s_[i_] == '"') break;
      if (s_[i_] == '\n') failHere("a line break inside a string");
      if (i_ + 1 >= s_.size()) break;  // a backslash at the very end
      out += s_.substr(i_, 2);
      i_ += 2;
    }
    if (i_ >= s_.size()) failHere("a string that is never closed");
    ++i_;
    return out;
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
  std::vector<Step> path_;
};

const char* kindName(Node::Kind k) {
  switch (k) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kBool:
      return "true/false";
    case Node::Kind::kNumber:
      return "a number";
    case Node::Kind::kString:
      return "text";
    case Node::Kind::kArray:
      return "a list";
    case Node::Kind::kObject:
      return "an object";
  }
  return "?";
}

void checkExpression(const Node& n, const std::string& field) {
  try {
    parseExpression(n.text);
  } catch (const InputError& e) {
    fail(n.line, field, e.what());
  }
}

void checkValue(const Node& n, capnp::Type type, const std::string& field);

void checkStruct(const Node& n, capnp::StructSchema schema, const std::string& field) {
  if (n.kind != Node::Kind::kObject)
    fail(n.line, field, std::string("expected an object, not ") + kindName(n.kind));
  for (const auto& [name, value] : n.members) {
    std::string path = field.empty() ? name : field + "." + name;
    KJ_IF_MAYBE (f, schema.findFieldByName(name)) {
      checkValue(value, f->getType(), path);
      // Expressions are checked where they are written, with their line.
      bool formula = schema == capnp::Schema::from<proto::Formula>() && name == "expr";
      bool check =
          schema == capnp::Schema::from<proto::Check>() && (name == "left" || name == "right");
      if (formula || check) checkExpression(value, path);
    } else {
      fail(value.line, path, "no such field in the template schema");
    }
  }
}

void checkValue(const Node& n, capnp::Type type, const std::string& field) {
  using W = capnp::schema::Type::Which;
  auto mismatch = [&](const char* wanted) {
    fail(n.line, field, std::string("expected ") + wanted + ", not " + kindName(n.kind));
  };
  switch (type.which()) {
    case W::TEXT:
      if (n.kind != Node::Kind::kString) mismatch("text");
      return;
    case W::BOOL:
      if (n.kind != Node::Kind::kBool) mismatch("true or false");
      return;
    case W::UINT8:
    case W::UINT16:
    case W::UINT32:
    case W::UINT64:
    case W::INT8:
    case W::INT16:
    case W::INT32:
    case W::INT64:
      if (n.kind != Node::Kind::kNumber ||
          n.text.find_first_not_of("0123456789") != std::string::npos)
        mismatch("a whole number");
      return;
    case W::ENUM: {
      if (n.kind != Node::Kind::kString) mismatch("a name");
      auto e = type.asEnum();
      if (e.findEnumerantByName(n.text) == nullptr) {
        std::string names;
        for (auto en : e.getEnumerants())
          names += (names.empty() ? "" : ", ") + std::string(en.getProto().getName().cStr());
        fail(n.line, field, "\"" + n.text + "\" is not one of " + names);
      }
      return;
    }
    case W::STRUCT:
      checkStruct(n, type.asStruct(), field);
      return;
    case W::LIST: {
      if (n.kind != Node::Kind::kArray) mismatch("a list");
      capnp::Type element = type.asList().getElementType();
      for (size_t i = 0; i < n.items.size(); ++i)
        checkValue(n.items[i], element, field + "[" + std::to_string(i) + "]");
      return;
    }
    default:
      return;  // no other types in the template schema
  }
}

// ---- score rules and weights: values the schema cannot check ----

const Node* member(const Node& object, std::string_view name) {
  for (const auto& m : object.members)
    if (m.name == name) return &m.value;
  return nullptr;
}

// A figure field ("5%", "10"); nullopt when absent and not `required`.
std::optional<Fixed> figureOf(const Node& object, std::string_view name, const std::string& field,
                              bool required) {
  const Node* n = member(object, name);
  std::string path = field.empty() ? std::string(name) : field + "." + std::string(name);
  if (!n || n->text.empty()) {
    if (required) fail(object.line, path, "a figure is needed here (such as \"10\" or \"90%\")");
    return std::nullopt;
  }
  auto value = parseValue(n->text);
  if (!value) fail(n->line, path, "\"" + n->text + "\" is not a figure");
  return value;
}

// A figure field between 0 and 100 (a weight, points, a percent); nullopt when absent and not
// `required`. Bounded so that sums of them cannot overflow.
std::optional<Fixed> boundedOf(const Node& object, std::string_view name, const std::string& field,
                               bool required, const char* what) {
  auto value = figureOf(object, name, field, required);
  if (value && (*value < Fixed{0} || *value > Fixed::whole(100)))
    fail(member(object, name)->line,
         field.empty() ? std::string(name) : field + "." + std::string(name),
         std::string(what) + " is between 0 and 100");
  return value;
}

// ScoreRule: a tiered rule needs a step above 0 and points to deduct; a banded rule needs
// bands, highest `from` first, each earning 0–100 % of the 分值, less as the rate falls.
void checkScoreRule(const Node& rule, const std::string& field) {
  const Node* kind = member(rule, "kind");
  std::string k = kind ? kind->text : "proportional";
  if (k == "tiered") {
    if (boundedOf(rule, "step", field, true, "a step")->hundredths <= 0)
      fail(member(rule, "step")->line, field + ".step", "the step must be above 0");
    boundedOf(rule, "deduct", field, true, "the points deducted");
  } else if (k == "banded") {
    const Node* bands = member(rule, "bands");
    if (!bands || bands->items.empty())
      fail(rule.line, field + ".bands", "a banded rule needs its bands");
    std::optional<Fixed> lastFrom, lastShare;
    for (size_t i = 0; i < bands->items.size(); ++i) {
      const Node& band = bands->items[i];
      std::string at = field + ".bands[" + std::to_string(i) + "]";
      Fixed from = *figureOf(band, "from", at, true);
      Fixed share = *boundedOf(band, "share", at, true, "a share (percent)");
      if (lastFrom && from >= *lastFrom)
        fail(member(band, "from")->line, at + ".from",
             "bands go from the highest rate down; this one is not below the one before");
      if (lastShare && share > *lastShare)
        fail(member(band, "share")->line, at + ".share",
             "a lower band cannot earn more than the band above it");
      lastFrom = from;
      lastShare = share;
    }
  }
}

// Weights per 一级指标 (IndicatorGroup.weight) are figures; with a fixed 预算执行率 weight
// (executionWeight) each indicator grid's 一级指标 and 预算执行率 add up to 100 (总分 100,
// DOMAIN.md "Scoring").
void checkWeights(const Node& root) {
  auto execution = boundedOf(root, "executionWeight", "", false, "a weight");
  const Node* tables = member(root, "tables");
  for (size_t t = 0; tables && t < tables->items.size(); ++t) {
    const Node* blocks = member(tables->items[t], "blocks");
    for (size_t b = 0; blocks && b < blocks->items.size(); ++b) {
      const Node* groups = member(blocks->items[b], "groups");
      if (!groups || groups->items.empty()) continue;
      std::string at = "tables[" + std::to_string(t) + "].blocks[" + std::to_string(b) + "].groups";
      Fixed sum;
      for (size_t g = 0; g < groups->items.size(); ++g)
        sum += *boundedOf(groups->items[g], "weight", at + "[" + std::to_string(g) + "]", true,
                          "a weight");
      if (execution && sum + *execution != Fixed::whole(100))
        fail(groups->line, at,
             "the 一级指标 weigh " + formatCompact(sum) + " and 预算执行率 (executionWeight) " +
                 formatCompact(*execution) + ": together " + formatCompact(sum + *execution) +
                 ", not 100");
    }
  }
}

}  // namespace

void checkTemplateJson(std::string_view json) {
  Node root = Parser(json).document();
  checkStruct(root, capnp::Schema::from<proto::Template>(), "");
  for (const char* name : {"scoreRule", "indicatorRule"})
    if (const Node* rule = member(root, name)) checkScoreRule(*rule, name);
  checkWeights(root);
  for (const auto& [name, value] : root.members) {
    if (name != "key") continue;
    if (value.text.empty()) fail(value.line, "key", "the template's key is empty");
    return;
  }
  fail(root.line, "key", "the template has no key");
}

}  // namespace rs::report
