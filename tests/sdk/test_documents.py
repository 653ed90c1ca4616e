"""Documents through the unchanged SDK: upload a real PDF, read it back, delete it."""

import os
import time

import httpx

import extralit as ex

from conftest import OWNER_KEY

CORPUS = os.environ.get(
    "EXTRALIT_CORPUS_DIR",
    os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "pdfs"),
)


def test_add_document_with_pdf(server, client, unique):
    pdf = os.path.join(CORPUS, "osdi04_mapreduce.pdf")
    assert os.path.exists(pdf), f"corpus PDF missing: {pdf} (set EXTRALIT_CORPUS_DIR)"
    ws = ex.Workspace(name=f"docs-{unique}", client=client).create()
    doc_id = ws.add_document(reference="dean2004", file_path=pdf, pmid="424242")
    assert doc_id is not None

    docs = list(ws.documents)
    assert [d.reference for d in docs] == ["dean2004"]
    assert docs[0].file_name == "osdi04_mapreduce.pdf"

    # The stored file is byte for byte the uploaded one.
    r = httpx.get(f"{server['url']}{docs[0].url}", headers={"X-Extralit-Api-Key": OWNER_KEY})
    r.raise_for_status()
    with open(pdf, "rb") as f:
        assert r.content == f.read()

    # Lookup by pmid through the API the SDK's documents(pmid=) uses.
    r = httpx.get(
        f"{server['url']}/api/v1/documents",
        params={"workspace_id": str(ws.id), "pmid": "424242"},
        headers={"X-Extralit-Api-Key": OWNER_KEY},
    )
    r.raise_for_status()
    assert r.json()[0]["id"] == str(doc_id)


def test_uploaded_pdf_is_extracted_to_markdown(server, client, unique):
    """An upload starts the extraction workflow on the ocr queue; its Markdown is then served."""
    pdf = os.path.join(CORPUS, "osdi04_mapreduce.pdf")
    ws = ex.Workspace(name=f"ocr-{unique}", client=client).create()
    doc_id = ws.add_document(reference="dean2004-ocr", file_path=pdf)
    headers = {"X-Extralit-Api-Key": OWNER_KEY}
    status = None
    for _ in range(240):
        r = httpx.get(f"{server['url']}/api/v1/workflows/status", params={"document_id": str(doc_id)}, headers=headers)
        r.raise_for_status()
        status = r.json()[0]["status"] if r.json() else None
        if status in ("completed", "failed"):
            break
        time.sleep(0.5)
    assert status == "completed", f"workflow ended {status}"
    md = httpx.get(f"{server['url']}/api/v1/documents/{doc_id}/markdown", headers=headers)
    md.raise_for_status()
    assert "# MapReduce: Simplified Data Processing on Large Clusters" in md.text
    doc = httpx.get(f"{server['url']}/api/v1/documents/{doc_id}", headers=headers).json()
    assert doc["metadata"]["text_extraction"]["status"] == "completed"
    assert doc["metadata"]["text_extraction_metadata"]["pages"] == 13
