// The editor's side of typing, without a display: byte and code-point positions, the
// typing buffer, caret anchors kept across others' edits, and the smallest text diff.
#include <doctest/doctest.h>

#include "gui/text_ops.h"
#include "util/utf8.h"

using namespace rs;
using namespace rs::gui;

TEST_CASE("byte offsets and code points agree on mixed Chinese and ASCII text") {
  std::string s = "ab测试c𝄞d";  // 1,1,3,3,1,4,1 bytes
  CHECK(codePointsBefore(s, 0) == 0);
  CHECK(codePointsBefore(s, 2) == 2);
  CHECK(codePointsBefore(s, 5) == 3);
  CHECK(codePointsBefore(s, 8) == 4);
  CHECK(codePointsBefore(s, 13) == 6);
  CHECK(codePointsBefore(s, 100) == 7);
  for (size_t cp = 0; cp <= 7; ++cp) CHECK(codePointsBefore(s, byteOffsetOf(s, cp)) == cp);
  CHECK(byteOffsetOf(s, 3) == 5);
  CHECK(byteOffsetOf(s, 99) == s.size());
}

TEST_CASE("typing in a row becomes one insert, and backspaces shorten it or become one delete") {
  TypingBuffer b;
  b.insert(5, U"测");
  b.insert(6, U"试");
  b.insert(7, U"a");
  REQUIRE(b.edits().size() == 1);
  CHECK(b.edits()[0].text == U"测试a");
  b.erase(7, 1);  // backspace over what was just typed
  CHECK(b.edits()[0].text == U"测试");
  b.erase(6, 1);
  b.erase(5, 1);
  CHECK(b.empty());
  b.erase(4, 1);  // backspaces into older text
  b.erase(3, 1);
  b.erase(2, 1);
  REQUIRE(b.edits().size() == 1);
  CHECK(b.edits()[0].pos == 2);
  CHECK(b.edits()[0].length == 3);
  b.insert(0, U"x");  // elsewhere: a new edit
  CHECK(b.edits().size() == 2);
  CHECK(b.keystrokes() == 10);
}

TEST_CASE("buffered edits replayed through a LocalEdit give the editor's text") {
  doc::Document d;
  doc::ActorId actor{};
  actor[0] = 1;
  doc::OpId section;
  {
    doc::LocalEdit e(d, actor, "甲", 0);
    section = e.createSection(std::nullopt, 0, "一");
    e.insertText(section, 0, U"部门整体支出");
    d.recordChange(e.finish());
  }
  std::u32string editor = U"部门整体支出";
  TypingBuffer b;
  auto ins = [&](size_t pos, std::u32string t) {
    editor.insert(pos, t);
    b.insert(pos, t);
  };
  auto del = [&](size_t pos, size_t n) {
    editor.erase(pos, n);
    b.erase(pos, n);
  };
  ins(6, U"绩效");
  ins(8, U"情况");
  del(9, 1);
  del(0, 2);
  ins(0, U"本");
  del(3, 1);
  doc::LocalEdit e(d, actor, "甲", 1);
  b.applyTo(e, section);
  CHECK(d.section(section)->text.text() == editor);
}

TEST_CASE("a caret anchored on its element stays put while others edit around it") {
  crdt::ActorTable actors;
  doc::ActorId a{}, b{};
  a[0] = 1;
  b[0] = 2;
  auto ia = actors.intern(a), ib = actors.intern(b);
  crdt::Sequence mine(actors);
  mine.insertLocal(0, U"0123456789", doc::OpId{1, ia});
  crdt::Sequence theirs(mine);
  TextAnchor caret = anchorAt(mine, 5);  // between '4' and '5'
  TextAnchor start = anchorAt(mine, 0);

  auto ins = theirs.insertLocal(2, U"远端", doc::OpId{20, ib});
  mine.applyInsert(ins);
  CHECK(positionOf(mine, caret) == 7);
  CHECK(positionOf(mine, start) == 0);

  auto dels = theirs.deleteLocal(5, 2);  // deletes '3' and '4', '4' being the caret's element
  for (auto& op : dels) mine.applyDelete(op);
  CHECK(mine.text() == U"01远端256789");
  CHECK(positionOf(mine, caret) == 5);  // where '4' was: before '5'
  CHECK(mine.text()[positionOf(mine, caret)] == U'5');

  auto late = theirs.insertLocal(9, U"尾", doc::OpId{30, ib});  // after the caret
  mine.applyInsert(late);
  CHECK(positionOf(mine, caret) == 5);
}

TEST_CASE("the smallest diff keeps the common prefix and suffix") {
  TextDiff d = diffText(U"基本支出452.92万元", U"基本支出452.90万元");
  CHECK(d.start == 9);
  CHECK(d.removed == 1);
  CHECK(d.inserted == U"0");
  CHECK(diffText(U"abc", U"abc").empty());
  d = diffText(U"aaa", U"aaaa");
  CHECK(d.removed == 0);
  CHECK(d.inserted == U"a");
  d = diffText(U"", U"新");
  CHECK(d.start == 0);
  CHECK(d.inserted == U"新");
}

TEST_CASE("typing committed after a colleague's edit was merged goes where it was typed") {
  doc::Document d;
  doc::ActorId mine{}, theirs{};
  mine[0] = 1;
  theirs[0] = 2;
  doc::OpId section;
  {
    doc::LocalEdit e(d, mine, "甲", 0);
    section = e.createSection(std::nullopt, 0, "一");
    e.insertText(section, 0, U"0123456789");
    d.recordChange(e.finish());
  }
  std::vector<doc::OpId> shown = visibleIds(d.section(section)->text);
  REQUIRE(shown.size() == 10);

  // Typed in the editor, by position in what it showed.
  TypingBuffer b;
  b.insert(5, U"甲");   // 01234甲56789
  b.erase(0, 1);        // 1234甲56789
  b.insert(10, U"尾");  // 1234甲56789尾
  std::u32string editor = U"1234甲56789尾";

  // Meanwhile the worker merged a colleague's change: 远端 after '1', '8' deleted.
  {
    doc::LocalEdit e(d, theirs, "乙", 1);
    e.insertText(section, 2, U"远端");
    e.deleteText(section, 10, 1);
    d.recordChange(e.finish());
  }
  REQUIRE(d.section(section)->text.text() == U"01远端2345679");

  std::vector<doc::OpId> ids;
  {
    doc::LocalEdit e(d, mine, "甲", 2);
    ids = applyTypingByElement(e, d, section, shown, b, editor);
    d.recordChange(e.finish());
  }
  const crdt::Sequence& text = d.section(section)->text;
  CHECK(text.text() == U"1远端234甲5679尾");
  REQUIRE(ids.size() == editor.size());
  // Each of the editor's code points is named by its element: the caret can follow it.
  CHECK(text.visiblePosition(ids[4]) == std::optional<size_t>(6));  // 甲
  CHECK(text.visiblePosition(ids[0]) == std::optional<size_t>(0));  // '1'
  CHECK(text.visiblePosition(ids[8]) == std::nullopt);              // '8', deleted remotely
  CHECK(positionOf(text, TextAnchor{ids[10]}) == text.size());      // after 尾

  // A buffer that does not fit what was shown is refused, not guessed at.
  TypingBuffer bad;
  bad.insert(50, U"x");
  doc::LocalEdit e(d, mine, "甲", 3);
  CHECK_THROWS_AS(applyTypingByElement(e, d, section, shown, bad, U"x"), std::logic_error);
}
