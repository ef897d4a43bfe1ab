#include <doctest/doctest.h>

#include "report/figures.h"
#include "report/same_figure.h"

using namespace rs::report;

TEST_CASE("figures: the forms reports write") {
  CHECK(parseValue("337.2") == Fixed{33720});
  CHECK(parseValue("337.20") == Fixed{33720});
  CHECK(parseValue("5") == Fixed{500});
  CHECK(parseValue("9.6") == Fixed{960});
  CHECK(parseValue("91.31%") == Fixed{9131});
  CHECK(parseValue("  452.92 ") == Fixed{45292});
  CHECK(parseValue("7,138") == Fixed{713800});
  CHECK(parseValue("５分") == Fixed{500});
  CHECK(parseValue("-0.5") == Fixed{-50});

  auto percent = parseFigure("92%");
  REQUIRE(percent);
  CHECK(percent->value == Fixed{9200});
  CHECK(percent->isPercent());

  auto wide = parseFigure("≥95％");
  REQUIRE(wide);
  CHECK(wide->value == Fixed{9500});
  CHECK(wide->direction == Direction::kAtLeast);
  CHECK(wide->isPercent());

  auto atMost = parseFigure("≤100%");
  REQUIRE(atMost);
  CHECK(atMost->direction == Direction::kAtMost);

  auto yi = parseFigure("42.1亿");
  REQUIRE(yi);
  CHECK(yi->value == Fixed{4210});
  CHECK(yi->unit == "亿");
  CHECK(yi->decimals == 1);

  auto count = parseFigure("11家");
  REQUIRE(count);
  CHECK(count->unit == "家");
}

TEST_CASE("figures: what is not a figure") {
  CHECK_FALSE(parseValue(""));
  CHECK_FALSE(parseValue("——"));
  CHECK_FALSE(parseValue("效果明显"));
  CHECK_FALSE(parseValue("约5次"));
  CHECK_FALSE(parseValue("12345678901234567890"));
  CHECK(isBlankFigure("——"));
  CHECK(isBlankFigure(" "));
  CHECK_FALSE(isBlankFigure("0"));
}

TEST_CASE("figures: rounding is half away from zero, in one place") {
  CHECK(divideRounded(5, 2) == 3);
  CHECK(divideRounded(-5, 2) == -3);
  CHECK(divideRounded(4, 3) == 1);
  CHECK(divideRounded(7, -2) == -4);
  // More than two decimals on input round the same way.
  CHECK(parseValue("0.125") == Fixed{13});
  CHECK(parseValue("0.124") == Fixed{12});
  CHECK(parseValue("-0.005") == Fixed{-1});
}

TEST_CASE("figures: rates and scores") {
  CHECK(ratePercent(Fixed{74256}, Fixed{81327}) == Fixed{9131});  // 执行率 91.31%
  CHECK(ratePercent(Fixed{2300}, Fixed{2500}) == Fixed{9200});    // 控制率 92%
  CHECK_FALSE(ratePercent(Fixed{100}, Fixed{0}));
  CHECK(scale(Fixed::whole(10), Fixed{74256}, Fixed{81327}) == Fixed{913});  // 9.13
  CHECK(percentOf(Fixed::whole(10), Fixed{9131}) == Fixed{913});
}

TEST_CASE("figures: formatting") {
  CHECK(formatFixed(Fixed{33719}) == "337.19");
  CHECK(formatFixed(Fixed{33720}) == "337.20");
  CHECK(formatFixed(Fixed{-1}) == "-0.01");
  CHECK(formatFixed(Fixed{0}) == "0.00");
  CHECK(formatCompact(Fixed{960}) == "9.6");
  CHECK(formatCompact(Fixed{913}) == "9.13");
  CHECK(formatCompact(Fixed{10000}) == "100");
  CHECK(formatCompact(Fixed{-50}) == "-0.5");
}

TEST_CASE("figures: one figure in two forms is the same figure") {
  CHECK(sameFigure("92%", "92.00%"));
  CHECK(sameFigure("92％", "92.00%"));
  CHECK(sameFigure("5分", "5"));
  CHECK(sameFigure("337.2", "337.20"));
  CHECK(sameFigure("效果明显", "效果明显"));
  CHECK(sameFigure("", ""));
  CHECK_FALSE(sameFigure("92%", "92.01%"));
  CHECK_FALSE(sameFigure("5家", "5分"));
  CHECK_FALSE(sameFigure("≥95%", "95%"));
  CHECK_FALSE(sameFigure("337.20", "337.19"));
  CHECK_FALSE(sameFigure("", "0"));
  CHECK_FALSE(sameFigure("效果明显", "效果较好"));
}
