#!/usr/bin/python3
"""Prints what an independent reader (python-docx) sees in a DOCX file, one fact a line,
fields separated by tabs, for docx_export_test.cpp:

  section  TOP LEFT BOTTOM RIGHT WIDTH HEIGHT   (twips)   one per document section
  para     STYLE EASTASIA SIZE_PT TEXT                    one per non-empty paragraph
  table    ROWS CELLS TITLE GRID                           one per table (GRID: its column
                                                           widths in twips, comma-separated;
                                                           TITLE: the Table Title above it)
  cell     TEXT                                            its cells (newlines as \\n)
  row      HEAD CELL...                                    each row: HEAD 1 when it repeats
                                                           on each page (w:tblHeader), then
                                                           its text per grid column
  vmerge   restart|continue TEXT                           each vertically merged cell
  font     NAME ALTNAME                                    the font table (word/fontTable.xml)
  footer   TEXT                                            the footer, fields as their code
"""
import sys

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree


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
    title = ""
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            style = element.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            if style is not None and style.get(qn("w:val")) == "TableTitle":
                title = "".join(t.text or "" for t in element.iter(qn("w:t")))
            continue
        if element.tag != qn("w:tbl"):
            continue
        t = Table(element, doc)
        cells = [c for row in t.rows for c in row.cells]
        grid = ",".join(g.get(qn("w:w")) for g in element.iter(qn("w:gridCol")))
        out.append(["table", str(len(t.rows)), str(len(cells)), title, grid])
        for c in cells:
            out.append(["cell", c.text.replace("\n", "\\n")])
        for row in t.rows:
            head = row._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
            out.append(["row", "1" if head else "0"] +
                       [c.text.replace("\n", "\\n") for c in row.cells])
        for tc in element.iter(qn("w:tc")):
            merge = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge"))
            if merge is not None:
                kind = merge.get(qn("w:val")) or "continue"
                text = "\\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                   for p in tc.iter(qn("w:p")))
                out.append(["vmerge", kind, text])
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            root = etree.fromstring(rel.target_part.blob)
            for font in root.iter(qn("w:font")):
                alt = font.find(qn("w:altName"))
                out.append(["font", font.get(qn("w:name")),
                            alt.get(qn("w:val")) if alt is not None else ""])
    footer = doc.sections[-1].footer
    text = "".join(node.text or "" for node in footer._element.iter()
                   if node.tag in (qn("w:t"), qn("w:instrText")))
    out.append(["footer", text])
    sys.stdout.write("".join("\t".join(f) + "\n" for f in out))


if __name__ == "__main__":
    main(sys.argv[1])
