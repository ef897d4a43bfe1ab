// A template file checked before it is used (issue 13 item 2): the bureau, not a
// programmer, writes templates, so a mistake must be named by its line and field.
#pragma once

#include <string_view>

namespace rs::report {

// Checks template JSON against proto/template.capnp: well-formed JSON, every field known to
// the schema, each value of its field's type (text, true/false, whole number, object, list,
// one of an enum's names), a non-empty "key", every formula and check expression
// parsable, score rules complete (a tiered rule's step and deduction, a banded rule's bands
// from the highest rate down, shares 0–100 %), weights per 一级指标 and executionWeight
// figures from 0 to 100, and with an executionWeight each indicator grid's weights and it
// adding up to 100. Throws
// rs::InputError "line N: FIELD: what is wrong" (FIELD as "tables[2].blocks[0].columns[1].type") at
// the first mistake.
void checkTemplateJson(std::string_view json);

}  // namespace rs::report
