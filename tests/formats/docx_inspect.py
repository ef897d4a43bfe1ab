#!/usr/bin/python3
"""Prints what an independent reader (python-docx) sees in a DOCX file, one fact a line,
fields separated by tabs, for docx_export_test.cpp:

  section  TOP LEFT BOTTOM RIGHT WIDTH HEIGHT   (twips)   one per document section
  para     STYLE EASTASIA SIZE_PT TEXT                    one per non-empty paragraph
  table    ROWS CELLS                                      one per table, then its cells:
  cell     TEXT                                            (newlines as \\n)
  footer   TEXT                                            the footer, fields as their code
"""
import sys

from docx import Document
from docx.oxml.ns import qn


def east_asia(run, style):
    for element in (run.element.rPr, style.element.rPr if style is not None else None):
        if element is not None and element.rFonts is not None:
            value = element.rFonts.get(qn("w:eastAsia"))
            if value:
                return value
    return ""


def main(path):
    doc = Document(path)
    out = []
    for s in doc.sections:
        out.append(["section"] + [str(int(x.twips)) for x in (s.top_margin, s.left_margin,
                    s.bottom_margin, s.right_margin, s.page_width, s.page_height)])
    for p in doc.paragraphs:
        if not p.text.strip():
            continue
        run = p.runs[0] if p.runs else None
        font = east_asia(run, p.style) if run is not None else ""
        size = run.font.size.pt if run is not None and run.font.size else 0
        out.append(["para", p.style.name, font, str(size), p.text])
    for t in doc.tables:
        cells = [c for row in t.rows for c in row.cells]
        out.append(["table", str(len(t.rows)), str(len(cells))])
        for c in cells:
            out.append(["cell", c.text.replace("\n", "\\n")])
    footer = doc.sections[-1].footer
    text = "".join(node.text or "" for node in footer._element.iter()
                   if node.tag in (qn("w:t"), qn("w:instrText")))
    out.append(["footer", text])
    sys.stdout.write("".join("\t".join(f) + "\n" for f in out))


if __name__ == "__main__":
    main(sys.argv[1])
