"""Datasets, records, responses, suggestions and search through the unchanged SDK."""

import httpx
import pytest

import extralit as ex
from extralit._exceptions import ForbiddenError

from conftest import OWNER_KEY


def make_settings():
    return ex.Settings(
        guidelines="Read the abstract, then answer.",
        fields=[
            ex.TextField(name="text", use_markdown=True),
            ex.ImageField(name="figure", required=False),
            ex.ChatField(name="chat", required=False),
            ex.CustomField(name="card", template="<b>{{record.fields.card.title}}</b>", required=False),
        ],
        questions=[
            ex.LabelQuestion(name="label", labels=["positive", "negative"]),
            ex.MultiLabelQuestion(name="topics", labels=["bio", "chem", "phys"], required=False),
            ex.RatingQuestion(name="quality", values=[1, 2, 3, 4, 5], required=False),
            ex.RankingQuestion(name="rank", values=["a", "b", "c"], required=False),
            ex.TextQuestion(name="note", required=False),
            ex.SpanQuestion(name="entities", field="text", labels=["GENE", "DRUG"], required=False),
        ],
        metadata=[
            ex.TermsMetadataProperty(name="journal", options=["nature", "science", "cell"]),
            ex.IntegerMetadataProperty(name="year", min=1900, max=2100),
            ex.FloatMetadataProperty(name="impact"),
        ],
        vectors=[ex.VectorField(name="emb", dimensions=3)],
        distribution=ex.TaskDistribution(min_submitted=2),
    )


@pytest.fixture
def workspace(client, unique):
    return ex.Workspace(name=f"papers-{unique}", client=client).create()


@pytest.fixture
def annotator(server, client, workspace, unique):
    user = ex.User(username=f"anna-{unique}", password="anna-password", role="annotator", client=client).create()
    workspace.add_user(user.username)
    r = httpx.post(f"{server['url']}/api/v1/users/{user.id}/api-key", headers={"X-Extralit-Api-Key": OWNER_KEY})
    r.raise_for_status()
    return user, ex.Extralit(api_url=server["url"], api_key=r.json()["api_key"])


def sample_records(owner_id, other_id):
    journals = ["nature", "science", "cell"]
    recs = []
    for i in range(12):
        label = "positive" if i % 2 else "negative"
        recs.append(
            ex.Record(
                id=f"paper-{i}",
                fields={"text": f"Paper {i} about {'gene' if i % 2 else 'drug'} therapy in mice"},
                metadata={"journal": journals[i % 3], "year": 2000 + i, "impact": 1.5 * i},
                vectors={"emb": [1.0, float(i), 0.5]},
                suggestions=[ex.Suggestion("label", label, score=0.5 + i / 100, agent="gpt-4o", type="model")],
            )
        )
    # Two users submit on paper-1, one on paper-3, plus a draft on paper-5.
    recs[1].responses.add(ex.Response("label", "positive", user_id=owner_id, status="submitted"))
    recs[1].responses.add(ex.Response("label", "positive", user_id=other_id, status="submitted"))
    recs[3].responses.add(ex.Response("label", "negative", user_id=owner_id, status="submitted"))
    recs[5].responses.add(ex.Response("label", "negative", user_id=other_id, status="draft"))
    return recs


def test_settings_publish_log_search(client, workspace, annotator, unique):
    ann_user, ann_client = annotator
    ds = ex.Dataset(name=f"ds-{unique}", workspace=workspace, settings=make_settings(), client=client).create()
    assert ds.id is not None

    # Every field, question and metadata type came back from the server.
    fetched = client.datasets(name=f"ds-{unique}", workspace=workspace)
    assert {f.name for f in fetched.settings.fields} == {"text", "figure", "chat", "card"}
    assert {q.name for q in fetched.settings.questions} == {"label", "topics", "quality", "rank", "note", "entities"}
    assert {m.name for m in fetched.settings.metadata} == {"journal", "year", "impact"}
    assert fetched.settings.vectors[0].dimensions == 3
    assert fetched.settings.distribution.min_submitted == 2

    me = client.me
    records = sample_records(me.id, ann_user.id)
    ds.records.log(records)

    all_records = list(ds.records(with_vectors=True))
    assert len(all_records) == 12
    first = [r for r in all_records if r.id == "paper-0"][0]
    assert first.fields["text"].startswith("Paper 0")
    assert first.metadata["journal"] == "nature"
    assert first.suggestions["label"].value == "negative"
    assert first.suggestions["label"].agent == "gpt-4o"
    assert first.suggestions["label"].score == pytest.approx(0.5)
    assert list(first.vectors["emb"]) == [1.0, 0.0, 0.5]
    second = [r for r in all_records if r.id == "paper-1"][0]
    assert sorted(str(r.user_id) for r in second.responses) == sorted([str(me.id), str(ann_user.id)])

    # Text search, a filter and similarity, as the SDK builds them.
    hits = list(ds.records(query=ex.Query(query="gene")))
    assert len(hits) == 6 and all("gene" in r.fields["text"] for r in hits)
    filtered = list(ds.records(query=ex.Query(query="therapy", filter=ex.Filter(("metadata.journal", "==", "science")))))
    assert sorted(r.id for r in filtered) == ["paper-1", "paper-10", "paper-4", "paper-7"]
    ranged = list(ds.records(query=ex.Query(filter=ex.Filter([("metadata.year", ">=", 2005), ("metadata.year", "<=", 2007)]))))
    assert sorted(r.id for r in ranged) == ["paper-5", "paper-6", "paper-7"]
    similar = list(ds.records(query=ex.Query(similar=ex.Similar(name="emb", value=[1.0, 11.0, 0.5]))))
    assert similar[0][0].id == "paper-11"
    assert similar[0][1] >= similar[-1][1]

    # paper-1 has two submitted responses: completed under min_submitted=2.
    progress = ds.progress()
    assert progress["total"] == 12
    assert progress["completed"] == 1
    completed = list(ds.records(query=ex.Query(filter=ex.Filter(("status", "==", "completed")))))
    assert [r.id for r in completed] == ["paper-1"]

    # Update and delete.
    target = [r for r in ds.records if r.id == "paper-2"][0]
    target.metadata["journal"] = "nature"
    ds.records.log([target])
    again = list(ds.records(query=ex.Query(filter=ex.Filter(("metadata.journal", "==", "nature")))))
    assert "paper-2" in [r.id for r in again]
    ds.records.delete([target])
    assert len(list(ds.records)) == 11

    # The annotator sees the dataset but may not list all records or change settings.
    ann_ds = ann_client.datasets(name=f"ds-{unique}", workspace=workspace.name)
    assert ann_ds is not None
    # The SDK searches through the admin route, which annotators may not use
    # (as in the reference); their view is /me/datasets/{id}/records/search.
    with pytest.raises(ForbiddenError):
        list(ann_ds.records(query=ex.Query(query="mice")))
    r = httpx.post(
        f"{ann_client.api_url}/api/v1/me/datasets/{ds.id}/records/search?include=responses&limit=50",
        headers={"X-Extralit-Api-Key": ann_client.api_key},
        json={"query": {"text": {"q": "mice", "field": None}}, "filters": None},
    )
    r.raise_for_status()
    body = r.json()
    assert body["total"] == 11
    own = [resp for item in body["items"] for resp in item["record"].get("responses", [])]
    assert own and all(resp["user_id"] == str(ann_user.id) for resp in own)
    with pytest.raises(ForbiddenError):
        ex.Workspace(name=f"nope-{unique}", client=ann_client).create()


def test_bad_records_are_refused_whole(client, workspace, unique):
    ds = ex.Dataset(name=f"bad-{unique}", workspace=workspace, settings=make_settings(), client=client).create()
    ds.records.log([{"text": "fine", "id": "ok-1"}])
    bad_batches = [
        [{"text": "x", "id": "b1", "label": "maybe"}],
        [{"text": "x", "id": "b2", "emb": [1.0, 2.0]}],
        [{"text": "x", "id": "b3", "journal": "lancet"}],
    ]
    for batch in bad_batches:
        with pytest.raises(Exception):
            ds.records.log(batch)
    assert [r.id for r in ds.records] == ["ok-1"]
