// The one language part of a bilingual message from the core. The core's messages are
// "English (中文)": the English first, the Chinese last in parentheses (ASCII or full-width),
// so the command line prints both and the window shows one.
#pragma once

#include <string>

namespace rs::gui {

// The part of `message` (UTF-8) for the interface language: with `chinese` the text inside
// the last parentheses when it holds Chinese, else the text before them (trailing space
// dropped). Also reads the older "中文 / English" form. A message without a Chinese part is
// returned whole in both languages.
std::string messagePart(const std::string& message, bool chinese);

}  // namespace rs::gui
