// Where a line of Chinese text may wrap in the section editor. Scintilla wraps (wrap mode
// "word") after spaces and where the style changes, else at any character; Chinese text has
// no spaces, so lines began with ，。、 and the like. The editor styles each character so that
// the style changes exactly where a break is allowed (its two styles look the same).
// Rules (避头尾, as GB/T 15834's punctuation and Word's and WPS's line breaking): no line
// starts with closing punctuation (，。、；：？！）》” …), none ends with opening punctuation
// (（《“ …), and a run of Latin letters and digits ("2024", "12.5%") is not split.
#pragma once

#include <string>
#include <string_view>

namespace rs::gui {

// Whether a line may start with `c` (false for closing punctuation).
bool mayStartLine(char32_t c);
// Whether a line may end with `c` (false for opening punctuation).
bool mayEndLine(char32_t c);

// One style byte (0 or 1) per byte of the UTF-8 `text` (one or more lines; each line starts
// with style 0): the style changes between two characters exactly where a line may break.
// Invalid UTF-8 bytes count as characters of their own.
std::string lineBreakStyles(std::string_view text);

}  // namespace rs::gui
