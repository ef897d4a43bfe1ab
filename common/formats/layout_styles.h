// The document's form (GB/T 9704-2012): page, fonts and sizes, shared by the DOCX and PDF
// exports. Word and WPS on the users' machines have the fonts named here; the PDF asks
// fontconfig for them and falls back to the Noto CJK fonts (see pdf_export.h).
#pragma once

namespace rs::formats::style {

// A4 and the margins, in millimetres.
constexpr double kPageWidthMm = 210, kPageHeightMm = 297;
constexpr double kMarginTopMm = 37, kMarginLeftMm = 28, kMarginBottomMm = 35, kMarginRightMm = 26;
// The page number sits 7 mm below the text block.
constexpr double kPageNumberGapMm = 7;

// Body lines: a fixed 28 pt, 22 lines to the page.
constexpr double kLinePt = 28;

enum class Align { kLeft, kCenter, kRight, kJustify };

struct Font {
  const char* word;      // the name Word and WPS know (w:eastAsia)
  const char* fallback;  // fontconfig families for the PDF, best first
  double sizePt;
  bool bold = false;      // bold in both (w:b; the stand-in's bold face)
  bool heavy = false;     // a heavy design (小标宋): not bold in Word, which would fake it on a
                          // face with no bold; the PDF's stand-in in its real bold face
  double trackingPt = 0;  // space added to each character (negative: taken away)
};

// 3号 text: 16 pt characters, 0.25 pt closer, so 28 fit the 156 mm line (GB/T 9704 §5.2.2:
// 22 lines of 28 characters; 28 × 16 pt is 448 pt, the line 442 pt).
constexpr double kBodyTrackingPt = -0.25;

constexpr const char* kSerifFallback = "Noto Serif CJK SC";
constexpr const char* kSansFallback = "Noto Sans CJK SC";

// 2号 方正小标宋简体: the title.
constexpr Font kTitle{"方正小标宋简体", "FZXiaoBiaoSong-B05S,Noto Serif CJK SC", 22, false, true};
// 3号 仿宋_GB2312: body, cover lines, level-3 and level-4 headings.
constexpr Font kBody{"仿宋_GB2312",  "FangSong_GB2312,FangSong,Noto Serif CJK SC", 16, false, false,
                     kBodyTrackingPt};
// 3号 黑体: level-1 headings.
constexpr Font kHeading1{"黑体", "SimHei,Noto Sans CJK SC", 16, false, false, kBodyTrackingPt};
// 3号 楷体_GB2312: level-2 headings.
constexpr Font kHeading2{
    "楷体_GB2312",  "KaiTi_GB2312,KaiTi,AR PL UKai CN,Noto Serif CJK SC", 16, false, false,
    kBodyTrackingPt};
// Tables: 小二 方正小标宋简体 titles, 五号 仿宋 cells (黑体 column headings), 小四 unit line.
constexpr Font kTableTitle{"方正小标宋简体", "FZXiaoBiaoSong-B05S,Noto Serif CJK SC", 18, false,
                           true};
constexpr Font kTableUnit{"仿宋_GB2312", "FangSong_GB2312,FangSong,Noto Serif CJK SC", 12};
constexpr Font kTableCell{"仿宋_GB2312", "FangSong_GB2312,FangSong,Noto Serif CJK SC", 10.5};
constexpr Font kTableHeader{"黑体", "SimHei,Noto Sans CJK SC", 10.5};
// The 1 pt paragraph between two parts of one table (docx_export.cpp).
constexpr Font kTableJoin{"仿宋_GB2312", "FangSong_GB2312,FangSong,Noto Serif CJK SC", 1};
// 4号 宋体: page numbers.
constexpr Font kPageNumber{"宋体", "SimSun,Noto Serif CJK SC", 14};

// A cell this short (in characters, one line) is centred; longer text is justified.
constexpr int kCentredCellChars = 12;

}  // namespace rs::formats::style
