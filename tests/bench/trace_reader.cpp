#include "trace_reader.h"

#include <zlib.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace rs::bench {

namespace {

std::string gunzipFile(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot open " + path);
  std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(f, gzclose);
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  if (n < 0) throw std::runtime_error("cannot decompress " + path);
  return out;
}

// A small JSON reader for exactly what traces hold: objects, arrays, strings, integers.
class Json {
 public:
  explicit Json(const std::string& text) : s_(text) {}

  void expect(char c) {
    skipSpace();
    if (i_ >= s_.size() || s_[i_] != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  bool peek(char c) {
    skipSpace();
    return i_ < s_.size() && s_[i_] == c;
  }
  // Calls f(key) for each member of an object; f must consume the value.
  template <typename F>
  void object(F&& f) {
    expect('{');
    if (peek('}')) return void(++i_);
    do {
      std::u32string key = string();
      expect(':');
      f(key);
    } while (comma());
    expect('}');
  }
  template <typename F>
  void array(F&& f) {
    expect('[');
    if (peek(']')) return void(++i_);
    do f();
    while (comma());
    expect(']');
  }
  long number() {
    skipSpace();
    char* end = nullptr;
    long v = std::strtol(s_.c_str() + i_, &end, 10);
    if (end == s_.c_str() + i_) fail("expected a number");
    i_ = size_t(end - s_.c_str());
    return v;
  }
  std::u32string string();
  void skipValue();

 private:
  bool comma() {
    if (!peek(',')) return false;
    ++i_;
    return true;
  }
  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  char32_t hex4() {
    if (i_ + 4 > s_.size()) fail("bad \\u escape");
    char32_t v = char32_t(std::stoul(s_.substr(i_, 4), nullptr, 16));
    i_ += 4;
    return v;
  }
  char32_t utf8();
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("trace JSON: " + what + " at byte " + std::to_string(i_));
  }

  const std::string& s_;
  size_t i_ = 0;
};

char32_t Json::utf8() {
  auto b = uint8_t(s_[i_++]);
  if (b < 0x80) return b;
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
  char32_t cp = b & (0x3F >> extra);
  for (int k = 0; k < extra && i_ < s_.size(); ++k) cp = (cp << 6) | (uint8_t(s_[i_++]) & 0x3F);
  return cp;
}

std::u32string Json::string() {
  expect('"');
  std::u32string out;
  while (i_ < s_.size() && s_[i_] != '"') {
    if (s_[i_] != '\\') {
      out.push_back(utf8());
      continue;
    }
    char e = s_[++i_];
    ++i_;
    switch (e) {
      case 'n':
        out.push_back(U'\n');
        break;
      case 't':
        out.push_back(U'\t');
        break;
      case 'r':
        out.push_back(U'\r');
        break;
      case 'b':
        out.push_back(U'\b');
        break;
      case 'f':
        out.push_back(U'\f');
        break;
      case 'u': {
        char32_t cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
          i_ += 2;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4() - 0xDC00);
        }
        out.push_back(cp);
        break;
      }
      default:
        out.push_back(char32_t(e));
    }
  }
  expect('"');
  return out;
}

void Json::skipValue() {
  if (peek('{')) return object([&](const std::u32string&) { skipValue(); });
  if (peek('[')) return array([&] { skipValue(); });
  if (peek('"')) return void(string());
  skipSpace();
  while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
}

Txn readTxn(Json& j) {
  Txn t;
  j.object([&](const std::u32string& key) {
    if (key == U"patches") {
      j.array([&] {
        Patch p;
        j.expect('[');
        p.pos = size_t(j.number());
        j.expect(',');
        p.del = size_t(j.number());
        j.expect(',');
        p.ins = j.string();
        j.expect(']');
        t.patches.push_back(std::move(p));
      });
    } else if (key == U"parents") {
      j.array([&] { t.parents.push_back(size_t(j.number())); });
    } else if (key == U"agent") {
      t.agent = j.number();
    } else {
      j.skipValue();
    }
  });
  return t;
}

}  // namespace

size_t Trace::edits() const {
  size_t n = 0;
  for (const Txn& t : txns) n += t.patches.size();
  return n;
}

Trace readTrace(const std::string& path) {
  std::string text = gunzipFile(path);
  Json j(text);
  Trace trace;
  j.object([&](const std::u32string& key) {
    if (key == U"startContent") {
      trace.startContent = j.string();
    } else if (key == U"endContent") {
      trace.endContent = j.string();
    } else if (key == U"txns") {
      j.array([&] { trace.txns.push_back(readTxn(j)); });
    } else {
      j.skipValue();
    }
  });
  return trace;
}

}  // namespace rs::bench
