// Whether two texts of a cell say the same figure, so that a view shows no change between
// them: "92%" and "92.00%", "5分" and "5", "337.2" and "337.20" (issue 12: equal figures
// are never shown as changed, in the grid nor in a submission's diff).
#pragma once

#include <string_view>

namespace rs::report {

// True when the texts are equal, or both are figures (parseFigure) with the same value and
// direction and the same unit or a unit on one side only ("5分" and "5"; "5" and "5万元"
// too: a cell's column gives its unit). False for "92%" and "92.01%", "5家" and "5分".
bool sameFigure(std::string_view a, std::string_view b);

}  // namespace rs::report
