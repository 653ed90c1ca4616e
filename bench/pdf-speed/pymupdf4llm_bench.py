"""Time pymupdf4llm.to_markdown over the given PDFs (one process, in order).

Prints one line: "<pages> <seconds>". Used by run.sh beside our extractor.
"""
import sys
import time

import pymupdf
import pymupdf4llm

start = time.time()
pages = 0
for path in sys.argv[1:]:
    doc = pymupdf.open(path)
    pages += doc.page_count
    pymupdf4llm.to_markdown(doc, show_progress=False)
print(pages, time.time() - start)
