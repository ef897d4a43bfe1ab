// A test hook: `reportsync --test-script FILE` runs the steps in FILE against the real
// window, one per event-loop turn, then quits. Exit code 0 when every step passed, 1 with
// the failing line on stderr otherwise. Steps (one per line, '#' comments):
//   select N            show section N ("6.1") through the outline
//   caret end|N         put the caret at the end or at code point N
//   type TEXT           insert TEXT at the caret through the editor's own insertion path
//   keys TEXT           type ASCII TEXT as key events (wxUIActionSimulator)
//   backspace N         N backspace key events
//   wait-saved          until the typed change is committed
//   wait-checks         until the checks and tables are recomputed
//   wait MS
//   expect-text TEXT    the editor's text contains TEXT
//   expect-caret N      the caret is at code point N
//   expect-finding TEXT a finding's message contains TEXT
//   undo | redo
//   merge FILE          merge a bundle, as the sync client will merge pulled changes
//   connect URL USER PASSWORD   log in as the 连接服务器 dialog does
//   sync-now            as the 立即同步 menu item
//   expect-mark TEXT    the 审阅标记 panel lists a mark with id TEXT or TEXT in its paragraph (5 s)
//   expect-marks N      the panel lists N marks
//   expect-history      the 历史 panel lists changes
//   expect-history-lines N  the 历史 panel lists N changes (5 s)
//   resolve-mark ID keep|TEXT   保留合并结果, or the paragraph replaced by TEXT
//   expect-conflict TABLE ROW COLUMN  the grid shows the cell conflicted (10 s)
//   choose-value TABLE ROW COLUMN VALUE  选择此值 on a conflicted cell
//   expect-welcome yes|no  the first-run screen is (or is not) shown (10 s)
//   expect-tab KEY yes|no  a table tab for KEY is (or is not) there, checks done (10 s)
//   print-cell TABLE ROW COLUMN  print "cell X Y", the cell's centre in screen pixels
//   expect-cell-fits TABLE ROW COLUMN  the cell's text is drawn whole, not cut off (10 s)
//   print-outline-table KEY  print "outline X Y", the centre of the table's outline entry
//   expect-tables-menu N  the outline's 附表 context menu has been shown N times; print
//                      "tables-menu N" (10 s)
//   export FORMAT PATH  导出 (docx|pdf|html|txt) to PATH, waiting until it is written (30 s)
//   add-row TABLE ROW   插入行 beside ROW (a row, or an added row, whose group allows added
//                       rows); prints "row-added KEY"
//   delete-row TABLE ROW  删除行 (an added row)
//   expect-deletable TABLE ROW yes|no  删除行 is enabled for the row (never a template row)
//   expect-row TABLE ROW yes|no  the grid shows (or no longer shows) the row (10 s)
//   submit              as the 提交 menu item, every warning acknowledged (no dialog)
//   expect-submit TEXT  the submission is answered and its outcome contains TEXT (30 s)
//   submissions         fetch the report's submissions (as 提交记录, without the dialog)
//   expect-submissions TEXT  the fetched list contains TEXT (15 s)
//   expect-submissions-detail TEXT  the open 提交记录 dialog's text below its list (comments,
//                       or the diff 与上次提交比较 fetched) contains TEXT (15 s)
//   print-submissions-detail  print that text between "detail-begin" and "detail-end" lines
//   group-ms N          the pause that ends a typed change (to keep typing buffered)
//   wait-online         until the sync worker reports the server reachable (15 s)
//   wait-synced         until typing is committed and the server has every change (15 s)
//   wait-file PATH      until PATH exists (the shell driving the test made a step; 60 s)
//   print-elapsed LABEL print "LABEL MS", the time since the last wait-file ended
//   expect-status TEXT  the status bar's sync field contains TEXT (waits up to 5 s)
//   expect-notice TEXT  the notice bar (refusals, server and sync errors) contains TEXT (30 s)
//   expect-no-notice    the notice bar is hidden (10 s)
//   print-notice        print "notice TEXT", what the notice bar says (newlines as spaces)
//   print-notice-button print "button X Y", the centre of the notice bar's 知道了 on the screen
//   print-join-button   print "join X Y", the centre of the first-run screen's 从服务器加入
//   print-tip           print "tip TEXT", the tooltip of the window under the mouse pointer
//                       (newlines as spaces; 5 s for one to be set)
//   expect-importing yes|no  an import (导入, off the UI thread) is or is not running (10 s)
//   wait-import         until the running import has ended (150 s)
//   expect-import-text TEXT  the import bar's progress line contains TEXT (10 s)
//   print-report        print "report ID", the open report's id ("-" when none is open)
//   expect-report-not ID  a report other than ID is open, no import running (60 s)
//   print-import-cancel print "cancel X Y", the centre of the import bar's 取消 on the screen
//   expect-message TEXT the status bar's message field contains TEXT (waits up to 5 s)
//   accept LOCATION     采用计算值 at the finding at LOCATION (table/row/column)
//   expect-refused TEXT the 未生效 bar (own changes that took no effect) contains TEXT (10 s)
//   copy-refused        presses the 未生效 bar's 复制文字 (copy text) button
//   dismiss-refused     presses its 知道了 (dismiss) button
//   print-refused-button  print "refused-button X Y", the centre of that 知道了 on the screen
//   expect-no-refused   the 未生效 bar is not shown
//   expect-header TEXT  the section heading above the text contains TEXT
//   expect-readonly yes|no  whether the section's text is read-only
//   expect-line-starts N  N or more of the text's lines are wrapped, and no wrapped line
//                       starts with closing punctuation; prints "line-starts N"
//   table KEY           show the table KEY
//   finding N           double-click finding N (0-based)
//   screenshot FILE     the whole screen, with `import -window root`
//   print TEXT          print TEXT on stdout
//   print-startup       print startup_ms on stdout
//   quit
#pragma once

#include <string>

namespace rs::gui {

class MainFrame;

void startTestScript(MainFrame* frame, const std::string& path);

}  // namespace rs::gui
