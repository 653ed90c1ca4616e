"""Documents through the unchanged SDK: upload a real PDF, read it back, delete it."""

import os

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
