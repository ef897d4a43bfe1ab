#include "report/same_figure.h"

#include "report/figures.h"

namespace rs::report {

bool sameFigure(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto x = parseFigure(a), y = parseFigure(b);
  if (!x || !y) return false;
  return x->value == y->value && x->direction == y->direction &&
         (x->unit == y->unit || x->unit.empty() || y->unit.empty());
}

}  // namespace rs::report
