// What the front ends say about rights over tables (doc/rights.cpp, issue 14 case 6): the
// up-front checks before a cell write, a row insert or a row delete, and the 未生效 text
// of such an op that did not take effect.
#pragma once

#include <string>

#include "doc/document.h"

namespace rs::core {

// "表格“部门整体支出绩效自评表”（第六节）"; the table's key when it has no title.
std::string tableLabel(const doc::Document& d, doc::OpId table);
// Throws InputError (bilingual) unless `user` may now write cells of `table` and add rows
// to it: office, the table's section assigned to them (TableTemplate.section), a table
// made before change format v3, or a report that records no rights.
void requireMayWriteTable(const doc::Document& d, doc::OpId table, const std::string& user);
// Throws InputError (bilingual) unless `user` may now delete `row` of `table`. A template
// row (fixed by the form) nobody may delete: "第N行是表样固定行，不能删除", N being `rowNumber`
// (1-based, as `table` lists it); another's added row only the office.
void requireMayDeleteRow(const doc::Document& d, doc::OpId table, doc::OpId row,
                         const std::string& user, size_t rowNumber);
// The 未生效 text of a refused row or cell op, as `viewer` reads it.
std::string tableIneffectiveReason(const doc::Document& d, const doc::Ineffective& x,
                                   const std::string& viewer);

}  // namespace rs::core
