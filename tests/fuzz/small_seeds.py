# Small realistic seeds cut from the sample, for the -max_len of fuzz_text_import and
# fuzz_docx_document (fuzz_lib.sh). Run by make_seeds.sh; argument: the corpus folder.
import io, sys
import xml.etree.ElementTree as ET
corpus = sys.argv[1]
# text_import/small.txt: the sample's title, every heading with the first words of its text,
# and the first table's first rows.
lines = open(f'{corpus}/text_import/sample.txt', encoding='utf-8').read().split('\n')
table = next(i for i, l in enumerate(lines) if l.startswith('\t'))
head = [l if len(l) <= 30 else l[:12] + '。' for l in lines[:table - 2] if l.strip()]
rows, blank = [], 0
for l in lines[table - 2:]:
    rows.append(l)
    blank += l == ''
    if blank == 4:
        break
open(f'{corpus}/text_import/small.txt', 'w', encoding='utf-8').write('\n'.join(head + [''] + rows) + '\n')
# docx_document/small.xml: the sample's document.xml with its first paragraphs and the first
# rows of its first table only.
src = open(f'{corpus}/docx_document/sample.xml', 'rb').read()
for _, (prefix, uri) in ET.iterparse(io.BytesIO(src), events=['start-ns']):
    ET.register_namespace(prefix, uri)
w = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(src)
body = root.find(w + 'body')
kept, paragraphs, tables = [], 0, 0
for child in list(body):
    if child.tag == w + 'p' and paragraphs < 8:
        paragraphs += 1
        kept.append(child)
    elif child.tag == w + 'tbl' and tables < 1:
        tables += 1
        for tr in child.findall(w + 'tr')[2:]:
            child.remove(tr)
        kept.append(child)
    elif child.tag == w + 'sectPr':
        kept.append(child)
for child in list(body):
    body.remove(child)
body.extend(kept)
open(f'{corpus}/docx_document/small.xml', 'wb').write(
    ET.tostring(root, xml_declaration=True, encoding='UTF-8'))
