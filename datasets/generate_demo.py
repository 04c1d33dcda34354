#!/usr/bin/python3
"""Generates the provgraph demo dataset (issue 4) into datasets/demo.

Sixty nightly runs (2026-09-01 .. 2026-10-30) of two pipelines, as
OpenLineage RunEvents in the shapes that Airflow, Spark and dbt emit:

  RAG:   Confluence export (s3) -> raw pages -> chunks -> embeddings ->
         Qdrant collection -> rag_assistant (MODEL) -> KPIs
         rag_answer_accuracy, rag_latency_p95
  churn: CRM, billing, product events -> raw copies -> dbt staging ->
         Spark features (customer_features) -> training -> churn_model
         (MODEL) -> KPI churn_auc

plus daily feature samples, KPI series, a small CSV graph (KPI nodes, Model
-> KPI FEEDS, KPI owners) and planted.json naming the one planted upstream
change (billing `amount` switches from dollars to cents on day 38) and the
decoys. Deterministic: stdlib only, one seeded random.Random, fixed float
formatting; running it twice gives byte-identical files.

Usage: /usr/bin/python3 datasets/generate_demo.py [--out DIR]   (default: datasets/demo)
"""

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import random
import uuid

SEED = 20260901
START = dt.date(2026, 9, 1)
DAYS = 60
PLANT_DAY = 38  # 1-based day number: 2026-10-08
REFACTOR_DAY = 24  # benign dbt refactor of stg_accounts
FAIL_RETRY_DAY = 30  # extract_billing fails, retried
FAIL_DAY = 12  # embed_chunks fails, not retried
LATE_DAY = 45  # events_compaction COMPLETE arrives two days late
LATE_BY_DAYS = 2


def refresh(day):
    """Days on which producers send the descriptive facets (jobType, documentation, ownership, tags, data
    source, storage, symlinks, columnLineage): the first run, weekly after it, and the days something about
    the asset changes.
    (Real producers repeat them on every event; sending them weekly keeps the demo under 5 MB.)"""
    return day % 7 == 1 or day in (PLANT_DAY, REFACTOR_DAY)

# --- producers ---------------------------------------------------------------
AIRFLOW_VERSION = "2.10.5"
AIRFLOW_PROVIDER = "2.3.0"
P_AIRFLOW = f"https://github.com/apache/airflow/tree/providers-openlineage/{AIRFLOW_PROVIDER}"
OL_VERSION = "1.33.0"
P_SPARK = f"https://github.com/OpenLineage/OpenLineage/tree/{OL_VERSION}/integration/spark"
P_DBT = f"https://github.com/OpenLineage/OpenLineage/tree/{OL_VERSION}/integration/dbt"
SPARK_VERSION = "3.5.1"
DBT_VERSION = "1.8.7"

SPEC = "https://openlineage.io/spec"
EVENT_SCHEMA = f"{SPEC}/2-0-2/OpenLineage.json#/$defs/RunEvent"
# _schemaURL of each standard facet, matching the schema files' $id.
FACET_URL = {
    "schema": "facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
    "columnLineage": "facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
    "ownership_ds": "facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet",
    "ownership_job": "facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet",
    "tags_ds": "facets/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet",
    "tags_job": "facets/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet",
    "documentation_ds": "facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet",
    "documentation_job": "facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet",
    "sourceCodeLocation": "facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet",
    "sql": "facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
    "jobType": "facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
    "nominalTime": "facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
    "parent": "facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
    "processing_engine": "facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
    "errorMessage": "facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
    "dataQualityMetrics": "facets/1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet",
    "dataQualityMetrics_in": "facets/1-0-3/DataQualityMetricsInputDatasetFacet.json"
    "#/$defs/DataQualityMetricsInputDatasetFacet",
    "dataQualityAssertions": "facets/1-1-0/DataQualityAssertionsDatasetFacet.json"
    "#/$defs/DataQualityAssertionsDatasetFacet",
    "outputStatistics": "facets/1-0-2/OutputStatisticsOutputDatasetFacet.json"
    "#/$defs/OutputStatisticsOutputDatasetFacet",
    "dataSource": "facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet",
    "version": "facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet",
    "datasetType": "facets/1-0-1/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet",
    "symlinks": "facets/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet",
    "storage": "facets/1-0-1/StorageDatasetFacet.json#/$defs/StorageDatasetFacet",
    "custom_run": "2-0-2/OpenLineage.json#/$defs/RunFacet",
    "custom_job": "2-0-2/OpenLineage.json#/$defs/JobFacet",
}

rng = random.Random(SEED)


def facet(producer, kind, **fields):
    out = {"_producer": producer, "_schemaURL": f"{SPEC}/{FACET_URL[kind]}"}
    out.update(fields)
    return out


def day_date(day):
    return START + dt.timedelta(days=day - 1)


def ts(day, seconds):
    """UTC datetime of `seconds` after midnight of day `day` (1-based)."""
    d = day_date(day)
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=seconds)


def iso(t, micros=True):
    if micros:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def uuid7(t):
    """A UUIDv7 (as the Airflow and Spark integrations emit) from time `t` and the seeded RNG."""
    ms = int(t.timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def sha(tag):
    """A fixed-looking git commit for `tag` (deterministic, independent of RNG order)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "provgraph-demo/" + tag).hex + uuid.uuid5(
        uuid.NAMESPACE_DNS, tag).hex[:8]


def fmt(x, places):
    return f"{x:.{places}f}"


# --- datasets ------------------------------------------------------------------
WAREHOUSE = "postgres://warehouse:5432"
CRM_NS = "postgres://crm-db:5432"
BILLING_NS = "postgres://billing-db:5432"
KAFKA_NS = "kafka://kafka:9092"
LAKE_NS = "s3://acme-lake"
DOCS_NS = "s3://acme-docs-export"
QDRANT_NS = "qdrant://qdrant:6333"
MLFLOW_NS = "mlflow://mlflow:5000"
HIVE_NS = "hive://metastore:9083"

OWNERS = {
    "growth": "team:growth",
    "finance": "team:finance-data",
    "platform": "team:data-platform",
    "analytics": "team:analytics-eng",
    "ml": "team:ml-platform",
    "support": "team:support-ops",
}

D = {}  # short name -> dataset description


def dataset(short, ns, name, owner, doc, fields, tags=(), pii_fields=(), retention=None, sensitivity=None,
            source=None, kind=None, symlink=None, storage=None):
    D[short] = dict(ns=ns, name=name, owner=owner, doc=doc, fields=fields, tags=list(tags), pii=list(pii_fields),
                    retention=retention, sensitivity=sensitivity, source=source, kind=kind, symlink=symlink,
                    storage=storage)


dataset("crm_accounts", CRM_NS, "crm.public.accounts", "growth", "CRM accounts (system of record)",
        [("account_id", "bigint"), ("email", "varchar"), ("phone", "varchar"), ("plan", "varchar"),
         ("region", "varchar"), ("seats", "integer"), ("signup_date", "date")],
        pii_fields=("email", "phone"), retention="7y", sensitivity="confidential", source=("crm", CRM_NS))
dataset("billing_invoices", BILLING_NS, "billing.public.invoices", "finance", "Invoices issued by the billing system",
        [("invoice_id", "bigint"), ("account_id", "bigint"), ("amount", "numeric(12,2)"), ("currency", "char(3)"),
         ("issued_at", "timestamp"), ("status", "varchar"), ("card_last4", "char(4)")],
        pii_fields=("card_last4",), retention="10y", sensitivity="restricted", source=("billing", BILLING_NS))
dataset("product_events", KAFKA_NS, "product.events.v2", "platform", "Clickstream and product usage events (Kafka)",
        [("event_id", "string"), ("account_id", "long"), ("user_id", "long"), ("event_type", "string"),
         ("session_seconds", "double"), ("ts", "timestamp")],
        retention="90d", sensitivity="internal", source=("kafka", KAFKA_NS))
dataset("raw_accounts", WAREHOUSE, "analytics.raw.crm_accounts", "platform", "Nightly full copy of CRM accounts",
        D["crm_accounts"]["fields"], pii_fields=("email", "phone"), retention="7y", sensitivity="confidential",
        source=("analytics", WAREHOUSE))
dataset("raw_invoices", WAREHOUSE, "analytics.raw.billing_invoices", "platform",
        "Nightly full copy of billing invoices", D["billing_invoices"]["fields"], pii_fields=("card_last4",),
        retention="10y", sensitivity="restricted", source=("analytics", WAREHOUSE))
dataset("events_daily", LAKE_NS, "events/product_events_daily", "platform",
        "Product events compacted per day (Delta)",
        [("account_id", "long"), ("event_type", "string"), ("events", "long"), ("sessions", "long"),
         ("session_seconds", "double"), ("day", "date")],
        retention="2y", sensitivity="internal", source=("s3", LAKE_NS),
        symlink=(HIVE_NS, "events.product_events_daily"), storage=("delta", "parquet"))
dataset("stg_accounts", WAREHOUSE, "analytics.staging.stg_accounts", "analytics",
        "Cleaned accounts: one row per live account, PII hashed",
        [("account_id", "bigint"), ("email_hash", "text"), ("plan", "text"), ("region", "text"),
         ("seats", "integer"), ("tenure_days", "integer")],
        sensitivity="internal", source=("analytics", WAREHOUSE))
dataset("stg_invoices", WAREHOUSE, "analytics.staging.stg_invoices", "analytics",
        "Cleaned invoices (card numbers dropped), one row per paid or open invoice",
        [("invoice_id", "bigint"), ("account_id", "bigint"), ("amount", "numeric(12,2)"), ("currency", "text"),
         ("issued_at", "timestamp"), ("is_late", "boolean")],
        sensitivity="internal", source=("analytics", WAREHOUSE))
FEATURE_COLUMNS = [("plan", "string"), ("region", "string"), ("tenure_days", "int"), ("seats", "int"),
                   ("monthly_spend", "double"), ("invoices_90d", "int"), ("late_payments_90d", "int"),
                   ("sessions_7d", "int"), ("active_days_30d", "int"), ("support_tickets_30d", "int")]
dataset("features", LAKE_NS, "features/customer_features", "ml",
        "Per-account churn features, one partition per day (Delta table features.customer_features)",
        FEATURE_COLUMNS, sensitivity="internal", retention="1y", source=("s3", LAKE_NS),
        symlink=(HIVE_NS, "features.customer_features"), storage=("delta", "parquet"))
dataset("churn_model", MLFLOW_NS, "models/churn_model", "ml",
        "Gradient-boosted churn classifier, retrained nightly on 30 days of features",
        [("churn_probability", "double")], sensitivity="internal", kind=("MODEL", "classifier"))
dataset("docs_export", DOCS_NS, "confluence/support-space", "support",
        "Confluence export of the support knowledge base",
        [("page_id", "string"), ("title", "string"), ("body", "string"), ("space", "string"),
         ("updated_at", "timestamp")], sensitivity="internal", source=("confluence", "https://wiki.acme.example"))
dataset("raw_pages", LAKE_NS, "docs/raw_pages", "support", "Exported wiki pages as JSON lines",
        D["docs_export"]["fields"], sensitivity="internal", source=("s3", LAKE_NS))
dataset("chunks", LAKE_NS, "docs/chunks", "ml", "Pages split into ~400-token chunks",
        [("chunk_id", "string"), ("page_id", "string"), ("doc_type", "string"), ("text", "string"),
         ("chunk_tokens", "int")], sensitivity="internal", source=("s3", LAKE_NS), storage=("delta", "parquet"))
dataset("embeddings", LAKE_NS, "docs/embeddings", "ml", "Chunk embeddings (1024-d)",
        [("chunk_id", "string"), ("doc_type", "string"), ("chunk_tokens", "int"), ("embedding", "array<float>"),
         ("embedding_norm", "double")], sensitivity="internal", source=("s3", LAKE_NS), storage=("delta", "parquet"))
dataset("vector_index", QDRANT_NS, "collections/support_docs", "ml", "Qdrant collection over the chunk embeddings",
        [("id", "string"), ("vector", "array<float>"), ("payload", "map<string,string>")], sensitivity="internal",
        source=("qdrant", QDRANT_NS))
dataset("rag_assistant", MLFLOW_NS, "models/rag_assistant", "ml",
        "Retrieval-augmented support assistant (retriever + prompt + LLM), deployed nightly",
        [("answer", "string"), ("sources", "array<string>")], sensitivity="internal", kind=("MODEL", "rag_pipeline"))


def key(short):
    return f"{D[short]['ns']}:{D[short]['name']}"


def fields_now(short, day):
    fields = D[short]["fields"]
    if short in ("billing_invoices", "raw_invoices", "stg_invoices") and day >= PLANT_DAY:
        # The planted change: billing stores amounts in cents from day 38 on.
        fields = [(n, "bigint" if n == "amount" else t) for n, t in fields]
    return fields


def ds_facets(producer, short, day, full):
    """Dataset facets; `full` adds the descriptive ones (docs, owners, tags, source)."""
    d = D[short]
    f = {"schema": facet(producer, "schema", fields=[{"name": n, "type": t} for n, t in fields_now(short, day)])}
    if d["kind"]:
        f["datasetType"] = facet(producer, "datasetType", datasetType=d["kind"][0], subType=d["kind"][1])
    if not full or not refresh(day):
        return f
    if d["source"]:
        f["dataSource"] = facet(producer, "dataSource", name=d["source"][0], uri=d["source"][1])
    if d["symlink"]:
        f["symlinks"] = facet(producer, "symlinks", identifiers=[
            {"namespace": d["symlink"][0], "name": d["symlink"][1], "type": "TABLE"}])
    if d["storage"]:
        f["storage"] = facet(producer, "storage", storageLayer=d["storage"][0], fileFormat=d["storage"][1])
    f["documentation"] = facet(producer, "documentation_ds", description=d["doc"])
    f["ownership"] = facet(producer, "ownership_ds", owners=[{"name": OWNERS[d["owner"]], "type": "MAINTAINER"}])
    tags = [{"key": "pii", "value": "true", "field": c, "source": "CATALOG"} for c in d["pii"]]
    if d["pii"]:
        tags.insert(0, {"key": "pii", "value": "true", "source": "CATALOG"})
    if d["sensitivity"]:
        tags.append({"key": "sensitivity", "value": d["sensitivity"], "source": "CATALOG"})
    if d["retention"]:
        tags.append({"key": "retention", "value": d["retention"], "source": "CATALOG"})
    if tags:
        f["tags"] = facet(producer, "tags_ds", tags=tags)
    return f


def ref(short):
    return {"namespace": D[short]["ns"], "name": D[short]["name"]}


def transformation(kind, subtype, description):
    t = {"type": kind, "subtype": subtype}
    if description:
        t["description"] = description
    if subtype == "MASKED":
        t["masking"] = True
    return t


def column_lineage(producer, mapping):
    """mapping: output column -> [(input short, input column, DIRECT|INDIRECT, subtype, description)]."""
    fields = {}
    for out_col, inputs in mapping.items():
        fields[out_col] = {"inputFields": [
            {"namespace": D[s]["ns"], "name": D[s]["name"], "field": c,
             "transformations": [transformation(t, st, desc)]}
            for s, c, t, st, desc in inputs]}
    return facet(producer, "columnLineage", fields=fields)


# --- jobs ------------------------------------------------------------------------
REPO = "https://github.com/acme/data-platform"


def code_location(producer, path, version):
    return facet(producer, "sourceCodeLocation", type="git", url=f"{REPO}/blob/{version}/{path}", path=path,
                 version=version)


def job_facets(producer, integration, job_type, owner, doc, path, version, day, sql=None, tags=()):
    f = {}
    if path:
        f["sourceCodeLocation"] = code_location(producer, path, version)
    if sql:
        f["sql"] = facet(producer, "sql", query=sql, dialect="postgres")
    if not refresh(day):
        return f
    f["jobType"] = facet(producer, "jobType", processingType="BATCH", integration=integration, jobType=job_type)
    f["documentation"] = facet(producer, "documentation_job", description=doc)
    f["ownership"] = facet(producer, "ownership_job", owners=[{"name": OWNERS[owner], "type": "MAINTAINER"}])
    if tags:
        f["tags"] = facet(producer, "tags_job", tags=[{"key": k, "value": v, "source": "USER"} for k, v in tags])
    return f


SQL_STG_ACCOUNTS = ("select account_id, md5(lower(email)) as email_hash, plan, region, seats,\n"
                    "       current_date - signup_date as tenure_days\n"
                    "from {{ source('raw', 'crm_accounts') }}\nwhere account_id is not null")
SQL_STG_ACCOUNTS_REFACTORED = (
    "with accounts as (\n    select * from {{ source('raw', 'crm_accounts') }}\n    where account_id is not null\n)\n"
    "select\n    account_id,\n    md5(lower(email)) as email_hash,\n    plan,\n    region,\n    seats,\n"
    "    current_date - signup_date as tenure_days\nfrom accounts")
SQL_STG_INVOICES = ("select invoice_id, account_id, amount, currency, issued_at,\n"
                    "       status = 'overdue' as is_late\n"
                    "from {{ source('raw', 'billing_invoices') }}\nwhere status in ('paid', 'open', 'overdue')")

# Commits: one per job, plus the refactor.
CODE = {name: sha(name) for name in
        ["nightly_ingest", "events_compaction", "stg_accounts", "stg_invoices", "build_customer_features",
         "churn_training", "docs_rag", "chunk_docs", "embed_chunks"]}
CODE["stg_accounts@refactor"] = sha("stg_accounts@refactor")


# --- event assembly --------------------------------------------------------------
EVENTS = []  # (file day, eventTime, seq, event)
_seq = [0]


def emit(file_day, event):
    _seq[0] += 1
    EVENTS.append((file_day, event["eventTime"], _seq[0], event))


def run_event(producer, event_type, t, run_id, job_ns, job_name, run_facets, job_f, inputs, outputs):
    return {"eventTime": iso(t), "producer": producer, "schemaURL": EVENT_SCHEMA, "eventType": event_type,
            "run": {"runId": run_id, "facets": run_facets},
            "job": {"namespace": job_ns, "name": job_name, "facets": job_f},
            "inputs": inputs, "outputs": outputs}


def nominal(producer, day, hour):
    s = ts(day, hour * 3600)
    return facet(producer, "nominalTime", nominalStartTime=iso(s, False),
                 nominalEndTime=iso(s + dt.timedelta(days=1), False))


def parent(producer, run_id, ns, name, root=None):
    f = facet(producer, "parent", run={"runId": run_id}, job={"namespace": ns, "name": name})
    if root:
        f["root"] = {"run": {"runId": root[0]}, "job": {"namespace": root[1], "name": root[2]}}
    return f


def engine(producer, name, version):
    return facet(producer, "processing_engine", name=name, version=version, openlineageAdapterVersion=(
        AIRFLOW_PROVIDER if producer == P_AIRFLOW else OL_VERSION))


AIRFLOW_NS = "airflow-prod"
SPARK_NS = "spark-prod"
DBT_NS = "dbt-prod"


def airflow_dag_run(day, dag_id, hour, start_s, end_s, owner, doc, path, tasks, fail=False, events=True):
    """DAG-level START/COMPLETE (parent of the task runs); returns the DAG run's id. With events=False only
    the id: the DAG's run then exists only through its tasks' parent facets (as when DAG-level events are
    disabled), which keeps the demo small."""
    t0 = ts(day, start_s)
    run_id = uuid7(t0)
    if not events:
        return run_id
    logical = ts(day, hour * 3600)
    dag_run = facet(P_AIRFLOW, "custom_run",
                    dag={"dag_id": dag_id, "schedule_interval": f"0 {hour} * * *",
                         "fileloc": f"/opt/airflow/{path}"},
                    dagRun={"run_id": f"scheduled__{iso(logical)}", "run_type": "scheduled"})
    jf = job_facets(P_AIRFLOW, "AIRFLOW", "DAG", owner, doc, None, None, day)
    if refresh(day):
        jf["airflow"] = facet(P_AIRFLOW, "custom_job", tasks={t: {"operator": op} for t, op in tasks})
    rf = {"airflowDagRun": dag_run, "nominalTime": nominal(P_AIRFLOW, day, hour),
          "processing_engine": engine(P_AIRFLOW, "Airflow", AIRFLOW_VERSION)}
    emit(day, run_event(P_AIRFLOW, "START", t0, run_id, AIRFLOW_NS, dag_id, rf, jf, [], []))
    emit(day, run_event(P_AIRFLOW, "FAIL" if fail else "COMPLETE", ts(day, end_s), run_id, AIRFLOW_NS, dag_id,
                        {}, {}, [], []))
    return run_id


def airflow_task(day, dag_id, dag_run_id, task_id, operator, hour, start_s, end_s, owner, doc, path, inputs,
                 outputs, try_number=1, fail_message=None, file_day=None):
    t0, t1 = ts(day, start_s), ts(day, end_s)
    run_id = uuid7(t0)
    name = f"{dag_id}.{task_id}"
    logical = ts(day, hour * 3600)
    af = facet(P_AIRFLOW, "custom_run", dag={"dag_id": dag_id}, dagRun={"run_id": f"scheduled__{iso(logical)}"},
               task={"task_id": task_id, "operator_class_path": operator}, taskInstance={"try_number": try_number})
    rf = {"airflow": af, "nominalTime": nominal(P_AIRFLOW, day, hour),
          "parent": parent(P_AIRFLOW, dag_run_id, AIRFLOW_NS, dag_id)}
    jf = job_facets(P_AIRFLOW, "AIRFLOW", "TASK", owner, doc, path, CODE[dag_id], day)
    start_in = [{"namespace": i["namespace"], "name": i["name"]} for i in inputs]
    start_out = [{"namespace": o["namespace"], "name": o["name"]} for o in outputs]
    emit(day, run_event(P_AIRFLOW, "START", t0, run_id, AIRFLOW_NS, name, rf, jf, start_in, start_out))
    end_rf = {}
    if fail_message:
        end_rf["errorMessage"] = facet(P_AIRFLOW, "errorMessage", message=fail_message, programmingLanguage="python",
                                       stackTrace="Traceback (most recent call last):\n  File \"/opt/airflow/"
                                       "dags/nightly_ingest.py\", line 58, in extract\n" + fail_message)
        emit(day, run_event(P_AIRFLOW, "FAIL", t1, run_id, AIRFLOW_NS, name, end_rf, {}, start_in, start_out))
    else:
        emit(file_day or day, run_event(P_AIRFLOW, "COMPLETE", t1, run_id, AIRFLOW_NS, name, end_rf, {}, inputs,
                                        outputs))
    return run_id


def spark_run(day, app, action, start_s, end_s, owner, doc, path, inputs, outputs, properties, fail_message=None,
              file_day=None):
    t0, t1 = ts(day, start_s), ts(day, end_s)
    app_run = uuid7(t0 - dt.timedelta(seconds=20))
    run_id = uuid7(t0)
    out_name = outputs[0]["name"].replace("/", "_").replace(".", "_") if outputs else "none"
    name = f"{app}.{action}.{out_name}"
    rf = {"parent": parent(P_SPARK, app_run, SPARK_NS, app),
          "processing_engine": engine(P_SPARK, "spark", SPARK_VERSION),
          "spark_properties": facet(P_SPARK, "custom_run", properties={
              "spark.master": "k8s://https://k8s:6443", "spark.app.name": app, **properties})}
    jf = job_facets(P_SPARK, "SPARK", "SQL_JOB", owner, doc, path, CODE[app], day)
    emit(day, run_event(P_SPARK, "START", t0, run_id, SPARK_NS, name, rf, jf, [ref_of(i) for i in inputs],
                        [ref_of(o) for o in outputs]))
    end_rf = {}
    if fail_message:
        end_rf["errorMessage"] = facet(P_SPARK, "errorMessage", message=fail_message, programmingLanguage="JAVA",
                                       stackTrace="org.apache.spark.SparkException: Job aborted due to stage "
                                       "failure: " + fail_message)
        emit(day, run_event(P_SPARK, "FAIL", t1, run_id, SPARK_NS, name, end_rf, {}, [ref_of(i) for i in inputs],
                            [ref_of(o) for o in outputs]))
    else:
        emit(file_day or day, run_event(P_SPARK, "COMPLETE", t1, run_id, SPARK_NS, name, end_rf, {}, inputs,
                                        outputs))
    return run_id


def ref_of(d):
    return {"namespace": d["namespace"], "name": d["name"]}


def input_ds(producer, short, day, input_facets=None, full=False):
    """An input; only sources (`full`) carry facets: their producers are the only ones that see them."""
    d = dict(ref(short))
    if full:
        d["facets"] = ds_facets(producer, short, day, full)
    if input_facets:
        d["inputFacets"] = input_facets
    return d


def output_ds(producer, short, day, rows, size, version=None, lineage=None, metrics=None):
    d = dict(ref(short))
    f = ds_facets(producer, short, day, True)
    if version is not None:
        f["version"] = facet(producer, "version", datasetVersion=str(version))
    if lineage and refresh(day):
        f["columnLineage"] = lineage
    if metrics:
        f["dataQualityMetrics"] = metrics
    d["facets"] = f
    d["outputFacets"] = {"outputStatistics": facet(producer, "outputStatistics", rowCount=rows, size=size)}
    return d


# --- data ------------------------------------------------------------------------
PLANS = [("free", 0.34), ("starter", 0.31), ("pro", 0.25), ("enterprise", 0.10)]
PRICE = {"free": 0.0, "starter": 12.0, "pro": 39.0, "enterprise": 95.0}  # per seat, dollars
REGIONS = [("NA", 0.45), ("EU", 0.35), ("APAC", 0.20)]


def pick(choices):
    x = rng.random()
    for value, p in choices:
        x -= p
        if x < 0:
            return value
    return choices[-1][0]


def poisson(lam):
    # Knuth; small lambdas only.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def quantile(sorted_values, q):
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


QUANTILES = ["0.1", "0.25", "0.5", "0.75", "0.9"]


def column_metrics(rows, columns, numeric, places):
    out = {}
    for c in columns:
        values = [r[c] for r in rows]
        m = {"nullCount": 0, "distinctCount": len(set(values)), "count": len(values)}
        if c in numeric:
            s = sorted(values)
            p = places.get(c, 0)
            m.update({"sum": round(sum(values), 2), "min": s[0], "max": s[-1],
                      "quantiles": {q: round(quantile(s, float(q)), max(p, 2)) for q in QUANTILES}})
        out[c] = m
    return out


def feature_rows(day, sessions_factor):
    n = rng.randint(300, 380)
    rows = []
    for _ in range(n):
        plan = pick(PLANS)
        region = pick(REGIONS)
        seats = 1 if plan == "free" else max(1, int(rng.lognormvariate({"starter": 1.0, "pro": 1.8,
                                                                            "enterprise": 3.2}[plan], 0.5)))
        tenure = min(3650, max(1, int(rng.lognormvariate(6.0, 0.8))))
        spend = PRICE[plan] * seats * rng.uniform(0.9, 1.1)
        spend = round(spend, 2)
        if day >= PLANT_DAY:
            spend = round(spend * 100)  # cents
        invoices = 0 if plan == "free" else min(6, 3 + poisson(0.2))
        late = 0 if plan == "free" else poisson(0.25)
        active = min(30, max(0, int(rng.gauss(17, 7))))
        sessions = max(0, int(rng.gammavariate(2.0, 6.0) * sessions_factor * (0.4 + active / 25)))
        tickets = poisson(0.7)
        rows.append({"plan": plan, "region": region, "tenure_days": tenure, "seats": seats, "monthly_spend": spend,
                     "invoices_90d": invoices, "late_payments_90d": late, "sessions_7d": sessions,
                     "active_days_30d": active, "support_tickets_30d": tickets})
    return rows


DOC_TYPES = [("howto", 0.38), ("faq", 0.27), ("release", 0.2), ("api", 0.15)]


def embedding_rows():
    rows = []
    for _ in range(300):
        doc_type = pick(DOC_TYPES)
        tokens = max(20, min(512, int(rng.gauss(380 if doc_type != "faq" else 210, 70))))
        norm = rng.gauss(1.0, 0.012)
        rows.append({"doc_type": doc_type, "chunk_tokens": tokens, "embedding_norm": round(norm, 4)})
    return rows


def write_csv(path, columns, rows, places):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([fmt(r[c], places[c]) if c in places else r[c] for c in columns])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# --- the days ----------------------------------------------------------------------
def generate(out):
    os.makedirs(out, exist_ok=True)
    feature_means = {}
    kpis = []
    invoices_total = 182_400
    accounts_total = 48_210
    pages_total = 3_140
    chunk_total = 41_800
    model_version = 117
    for day in range(1, DAYS + 1):
        date = day_date(day).isoformat()
        # ---- RAG: docs_rag DAG at 01:00 ----------------------------------------
        j = rng.randint(0, 40)
        dag = airflow_dag_run(day, "docs_rag", 1, 3600 + j, 3600 + 3590 + j, "support",
                              "Exports the support wiki and rebuilds the assistant's retrieval index",
                              "dags/docs_rag.py",
                              [("export_confluence", "ConfluenceToS3Operator"),
                               ("build_vector_index", "QdrantIngestOperator"),
                               ("deploy_assistant", "MlflowDeployOperator")], events=False)
        pages_total += rng.randint(0, 9)
        airflow_task(day, "docs_rag", dag, "export_confluence", "acme.operators.confluence.ConfluenceToS3Operator", 1,
                     3610 + j, 4180 + j, "support", "Exports the support space as JSON lines", "dags/docs_rag.py",
                     [input_ds(P_AIRFLOW, "docs_export", day, full=True)],
                     [output_ds(P_AIRFLOW, "raw_pages", day, pages_total, pages_total * 5900)])
        chunk_total += rng.randint(0, 90)
        spark_run(day, "chunk_docs", "execute_insert_into_hadoop_fs_relation_command", 4300 + j, 4800 + j, "ml",
                  "Splits pages into overlapping ~400-token chunks", "spark/chunk_docs.py",
                  [input_ds(P_SPARK, "raw_pages", day)],
                  [output_ds(P_SPARK, "chunks", day, chunk_total, chunk_total * 2100, version=day + 210,
                             lineage=column_lineage(P_SPARK, {
                                 "chunk_id": [("raw_pages", "page_id", "DIRECT", "TRANSFORMATION", "page_id || seq")],
                                 "page_id": [("raw_pages", "page_id", "DIRECT", "IDENTITY", "")],
                                 "text": [("raw_pages", "body", "DIRECT", "TRANSFORMATION", "split")],
                                 "chunk_tokens": [("raw_pages", "body", "DIRECT", "TRANSFORMATION", "token count")],
                                 "doc_type": [("raw_pages", "title", "DIRECT", "TRANSFORMATION", "classify")]}))],
                  {"spark.executor.instances": "4"})
        emb = embedding_rows()
        emb_fail = day == FAIL_DAY
        emb_metrics = facet(P_SPARK, "dataQualityMetrics", rowCount=len(emb),
                            columnMetrics=column_metrics(emb, ["doc_type", "chunk_tokens", "embedding_norm"],
                                                         {"chunk_tokens", "embedding_norm"},
                                                         {"embedding_norm": 4}))
        spark_run(day, "embed_chunks", "append_data_exec_v1", 4900 + j, 6300 + j, "ml",
                  "Embeds new and changed chunks with bge-large-en-v1.5 on GPU nodes", "spark/embed_chunks.py",
                  [input_ds(P_SPARK, "chunks", day)],
                  [output_ds(P_SPARK, "embeddings", day, chunk_total, chunk_total * 4300, version=day + 180,
                             metrics=emb_metrics,
                             lineage=column_lineage(P_SPARK, {
                                 "chunk_id": [("chunks", "chunk_id", "DIRECT", "IDENTITY", "")],
                                 "doc_type": [("chunks", "doc_type", "DIRECT", "IDENTITY", "")],
                                 "chunk_tokens": [("chunks", "chunk_tokens", "DIRECT", "IDENTITY", "")],
                                 "embedding": [("chunks", "text", "DIRECT", "TRANSFORMATION", "bge-large-en-v1.5")],
                                 "embedding_norm": [("chunks", "text", "DIRECT", "TRANSFORMATION", "l2 norm")]}))],
                  {"spark.executor.resource.gpu.amount": "1"},
                  fail_message=("ExecutorLostFailure (executor 2 exited caused by one of the running tasks) "
                                "Reason: Container killed: OOMKilled (GPU memory)") if emb_fail else None)
        if not emb_fail:
            write_csv(os.path.join(out, "samples", "embeddings", f"{date}.csv"),
                      ["doc_type", "chunk_tokens", "embedding_norm"], emb, {"embedding_norm": 4})
        airflow_task(day, "docs_rag", dag, "build_vector_index", "acme.operators.qdrant.QdrantIngestOperator", 1,
                     6400 + j, 6900 + j, "ml", "Upserts changed embeddings into the Qdrant collection",
                     "dags/docs_rag.py", [input_ds(P_AIRFLOW, "embeddings", day)],
                     [output_ds(P_AIRFLOW, "vector_index", day, chunk_total, chunk_total * 4200)])
        airflow_task(day, "docs_rag", dag, "deploy_assistant", "acme.operators.mlflow.MlflowDeployOperator", 1,
                     6950 + j, 7150 + j, "ml", "Registers and deploys the assistant with the fresh index",
                     "dags/docs_rag.py", [input_ds(P_AIRFLOW, "vector_index", day)],
                     [output_ds(P_AIRFLOW, "rag_assistant", day, 1, 48_000_000, version="rag-2026.09.1")])

        # ---- churn: nightly_ingest DAG at 02:00 ---------------------------------
        j = rng.randint(0, 40)
        retry = day == FAIL_RETRY_DAY
        end_ingest = 7200 + (1000 if retry else 480) + j
        dag = airflow_dag_run(day, "nightly_ingest", 2, 7200 + j, end_ingest, "platform",
                              "Copies the CRM and billing systems of record into the warehouse",
                              "dags/nightly_ingest.py",
                              [("extract_crm", "PostgresToPostgresOperator"),
                               ("extract_billing", "PostgresToPostgresOperator")])
        accounts_total += rng.randint(5, 40)
        crm_in = input_ds(P_AIRFLOW, "crm_accounts", day, full=True, input_facets={
            "dataQualityMetrics": facet(P_AIRFLOW, "dataQualityMetrics_in", rowCount=accounts_total, columnMetrics={
                "email": {"nullCount": rng.randint(40, 60), "distinctCount": accounts_total - rng.randint(60, 90)},
                "phone": {"nullCount": rng.randint(5200, 5400)},
                "seats": {"nullCount": 0, "min": 1, "max": 480}})})
        airflow_task(day, "nightly_ingest", dag, "extract_crm", "acme.operators.copy.PostgresToPostgresOperator", 2,
                     7210 + j, 7420 + j, "platform", "Full copy of crm.public.accounts", "dags/nightly_ingest.py",
                     [crm_in], [output_ds(P_AIRFLOW, "raw_accounts", day, accounts_total, accounts_total * 310)])
        invoices_total += rng.randint(250, 420)
        scale = 100 if day >= PLANT_DAY else 1
        qs = {"0.1": 12.0, "0.25": 24.0, "0.5": 78.0, "0.75": 234.0, "0.9": 760.0}
        jitter = rng.uniform(0.97, 1.03)
        amount_q = {q: round(v * jitter * scale, 2) for q, v in qs.items()}
        mean_amount = 188.0 * jitter
        billing_in = input_ds(P_AIRFLOW, "billing_invoices", day, full=True, input_facets={
            "dataQualityMetrics": facet(P_AIRFLOW, "dataQualityMetrics_in", rowCount=invoices_total, columnMetrics={
                "amount": {"nullCount": 0, "count": invoices_total,
                           "sum": round(mean_amount * invoices_total * scale, 2),
                           "min": 0.0, "max": round(18_950.0 * scale, 2), "quantiles": amount_q},
                "status": {"nullCount": 0, "distinctCount": 4}})})
        raw_inv = output_ds(P_AIRFLOW, "raw_invoices", day, invoices_total, invoices_total * 96,
                            lineage=column_lineage(P_AIRFLOW, {"amount": [
                                ("billing_invoices", "amount", "DIRECT", "IDENTITY", "")]}))
        t_billing = 7215 + j
        if retry:
            airflow_task(day, "nightly_ingest", dag, "extract_billing",
                         "acme.operators.copy.PostgresToPostgresOperator", 2, t_billing, t_billing + 125, "platform",
                         "Full copy of billing.public.invoices", "dags/nightly_ingest.py", [billing_in], [raw_inv],
                         fail_message="psycopg2.OperationalError: could not connect to server: Connection timed out"
                         "\n\tIs the server running on host \"billing-db.acme.internal\" and accepting TCP/IP "
                         "connections on port 5432?")
            t_billing += 425  # retry_delay 5 min
        airflow_task(day, "nightly_ingest", dag, "extract_billing", "acme.operators.copy.PostgresToPostgresOperator",
                     2, t_billing, t_billing + 300 + rng.randint(0, 40), "platform",
                     "Full copy of billing.public.invoices", "dags/nightly_ingest.py", [billing_in], [raw_inv],
                     try_number=2 if retry else 1)

        # ---- product events compaction (noisy source) ----------------------------
        noise = math.exp(rng.gauss(0, 0.3))
        events_rows = int(2_150_000 * noise)
        sessions_factor = math.exp(rng.gauss(0, 0.22))
        sess_q = {q: round(v * math.exp(rng.gauss(0, 0.15)), 1) for q, v in
                  {"0.1": 14.0, "0.25": 48.0, "0.5": 170.0, "0.75": 520.0, "0.9": 1300.0}.items()}
        ev_metrics = facet(P_SPARK, "dataQualityMetrics", rowCount=events_rows, columnMetrics={
            "session_seconds": {"nullCount": rng.randint(0, 4000), "min": 0.0, "max": round(rng.uniform(20000, 86400), 1),
                                "quantiles": sess_q},
            "event_type": {"nullCount": 0, "distinctCount": 37 + rng.randint(0, 3)}})
        late = day == LATE_DAY
        spark_run(day, "events_compaction", "execute_insert_into_hadoop_fs_relation_command", 7500 + j, 8400 + j,
                  "platform", "Compacts the Kafka topic into one Delta partition per day",
                  "spark/events_compaction.py",
                  [input_ds(P_SPARK, "product_events", day, full=True)],
                  [output_ds(P_SPARK, "events_daily", day, events_rows, events_rows * 41, version=day + 640,
                             metrics=ev_metrics, lineage=column_lineage(P_SPARK, {
                                 "account_id": [("product_events", "account_id", "DIRECT", "IDENTITY", "")],
                                 "event_type": [("product_events", "event_type", "DIRECT", "IDENTITY", "")],
                                 "events": [("product_events", "event_id", "DIRECT", "AGGREGATION", "count")],
                                 "sessions": [("product_events", "session_seconds", "DIRECT", "AGGREGATION",
                                               "count distinct session")],
                                 "session_seconds": [("product_events", "session_seconds", "DIRECT", "AGGREGATION",
                                                      "sum")],
                                 "day": [("product_events", "ts", "DIRECT", "TRANSFORMATION", "to_date(ts)")]}))],
                  {"spark.executor.instances": "8"},
                  file_day=day + LATE_BY_DAYS if late else None)

        # ---- dbt run at 02:40 -------------------------------------------------------
        j = rng.randint(0, 30)
        dbt_parent_t = ts(day, 9600 + j)
        dbt_parent = uuid7(dbt_parent_t)
        dbt_run_facets = {"dbt_version": facet(P_DBT, "custom_run", version=DBT_VERSION),
                          "dbt_run": facet(P_DBT, "custom_run", invocation_id=str(uuid.UUID(
                              int=rng.getrandbits(128), version=4)), project_name="churn",
                              profile_name="warehouse", dbt_runtime="core")}
        parent_jf = {"jobType": facet(P_DBT, "jobType", processingType="BATCH", integration="DBT",
                                      jobType="JOB")} if refresh(day) else {}
        emit(day, run_event(P_DBT, "START", dbt_parent_t, dbt_parent, DBT_NS, "dbt-run-churn",
                            dict(dbt_run_facets, processing_engine=engine(P_DBT, "dbt", DBT_VERSION)), parent_jf,
                            [], []))
        refactored = day >= REFACTOR_DAY
        models = [
            ("stg_accounts", "raw_accounts", SQL_STG_ACCOUNTS_REFACTORED if refactored else SQL_STG_ACCOUNTS,
             CODE["stg_accounts@refactor"] if refactored else CODE["stg_accounts"], accounts_total - 180,
             {"account_id": [("raw_accounts", "account_id", "DIRECT", "IDENTITY", "")],
              "email_hash": [("raw_accounts", "email", "DIRECT", "MASKED", "md5(lower(email))")],
              "plan": [("raw_accounts", "plan", "DIRECT", "IDENTITY", "")],
              "region": [("raw_accounts", "region", "DIRECT", "IDENTITY", "")],
              "seats": [("raw_accounts", "seats", "DIRECT", "IDENTITY", "")],
              "tenure_days": [("raw_accounts", "signup_date", "DIRECT", "TRANSFORMATION",
                               "current_date - signup_date")]},
             [("unique", "account_id"), ("not_null", "account_id"), ("accepted_values", "plan")]),
            ("stg_invoices", "raw_invoices", SQL_STG_INVOICES, CODE["stg_invoices"], invoices_total - 2_300,
             {"invoice_id": [("raw_invoices", "invoice_id", "DIRECT", "IDENTITY", "")],
              "account_id": [("raw_invoices", "account_id", "DIRECT", "IDENTITY", "")],
              "amount": [("raw_invoices", "amount", "DIRECT", "IDENTITY", "")],
              "currency": [("raw_invoices", "currency", "DIRECT", "IDENTITY", "")],
              "issued_at": [("raw_invoices", "issued_at", "DIRECT", "IDENTITY", "")],
              "is_late": [("raw_invoices", "status", "DIRECT", "TRANSFORMATION", "status = 'overdue'")]},
             [("unique", "invoice_id"), ("not_null", "amount"), ("relationships", "account_id")]),
        ]
        t = 9605 + j
        for model, src, sql, version, rows, lineage, tests in models:
            job = f"analytics.staging.churn.{model}"
            run_id = uuid7(ts(day, t))
            rf = {"parent": parent(P_DBT, dbt_parent, DBT_NS, "dbt-run-churn"),
                  "dbt_version": dbt_run_facets["dbt_version"]}
            jf = job_facets(P_DBT, "DBT", "MODEL", "analytics", D[model]["doc"], f"dbt/churn/models/staging/{model}.sql",
                            version, day, sql=sql, tags=[("materialized", "table"), ("layer", "staging")])
            emit(day, run_event(P_DBT, "START", ts(day, t), run_id, DBT_NS, job, rf, jf, [ref(src)], [ref(model)]))
            dur = rng.randint(14, 40)
            emit(day, run_event(P_DBT, "COMPLETE", ts(day, t + dur), run_id, DBT_NS, job, {}, {},
                                [input_ds(P_DBT, src, day)],
                                [output_ds(P_DBT, model, day, rows, rows * 88,
                                           lineage=column_lineage(P_DBT, lineage))]))
            t += dur + 2
            # dbt test: assertions on the model's table
            test_id = uuid7(ts(day, t + 300))
            assertions = []
            for name, column in tests:
                ok = True
                actual = "0"
                if model == "stg_accounts" and name == "accepted_values" and day == 52:
                    ok, actual = False, "3"  # a transient bad plan value, fixed next day
                assertions.append({"assertion": name, "success": ok, "column": column,
                                   "severity": "error" if name != "accepted_values" else "warn",
                                   "name": f"{name}_{model}_{column}", "expected": "0", "actual": actual})
            test_job = f"{job}.test"
            emit(day, run_event(P_DBT, "START", ts(day, t + 300), test_id, DBT_NS, test_job,
                                {"parent": rf["parent"]}, {"jobType": facet(
                                    P_DBT, "jobType", processingType="BATCH", integration="DBT", jobType="TEST")},
                                [ref(model)], []))
            emit(day, run_event(P_DBT, "COMPLETE", ts(day, t + 306), test_id, DBT_NS, test_job, {}, {},
                                [dict(ref(model), inputFacets={"dataQualityAssertions": facet(
                                    P_DBT, "dataQualityAssertions", assertions=assertions)})], []))
        emit(day, run_event(P_DBT, "COMPLETE", ts(day, t + 320), dbt_parent, DBT_NS, "dbt-run-churn",
                            {}, {}, [], []))

        # ---- features (Spark) at 03:00 ------------------------------------------------
        rows = feature_rows(day, sessions_factor)
        feat_cols = [c for c, _ in FEATURE_COLUMNS]
        numeric = {c for c, tpe in FEATURE_COLUMNS if tpe != "string"}
        places = {"monthly_spend": 2}
        write_csv(os.path.join(out, "samples", "customer_features", f"{date}.csv"), feat_cols, rows, places)
        feature_means[day] = sum(r["monthly_spend"] for r in rows) / len(rows)
        f_metrics = facet(P_SPARK, "dataQualityMetrics", rowCount=len(rows),
                          columnMetrics=column_metrics(rows, feat_cols, numeric, places))
        j = rng.randint(0, 30)
        spark_run(day, "build_customer_features", "append_data_exec_v1", 10800 + j, 12100 + j, "ml",
                  "Joins accounts, invoices and product events into per-account churn features",
                  "spark/build_customer_features.py",
                  [input_ds(P_SPARK, "stg_accounts", day), input_ds(P_SPARK, "stg_invoices", day),
                   input_ds(P_SPARK, "events_daily", day)],
                  [output_ds(P_SPARK, "features", day, len(rows), len(rows) * 112, version=day + 300,
                             metrics=f_metrics, lineage=column_lineage(P_SPARK, {
                                 "plan": [("stg_accounts", "plan", "DIRECT", "IDENTITY", "")],
                                 "region": [("stg_accounts", "region", "DIRECT", "IDENTITY", "")],
                                 "tenure_days": [("stg_accounts", "tenure_days", "DIRECT", "IDENTITY", "")],
                                 "seats": [("stg_accounts", "seats", "DIRECT", "IDENTITY", "")],
                                 "monthly_spend": [("stg_invoices", "amount", "DIRECT", "AGGREGATION",
                                                    "sum(amount) over last 30 days"),
                                                   ("stg_invoices", "issued_at", "INDIRECT", "FILTER", "")],
                                 "invoices_90d": [("stg_invoices", "invoice_id", "DIRECT", "AGGREGATION", "count")],
                                 "late_payments_90d": [("stg_invoices", "is_late", "DIRECT", "AGGREGATION",
                                                        "count_if")],
                                 "sessions_7d": [("events_daily", "sessions", "DIRECT", "AGGREGATION", "sum")],
                                 "active_days_30d": [("events_daily", "day", "DIRECT", "AGGREGATION",
                                                      "count distinct")],
                                 "support_tickets_30d": [("events_daily", "event_type", "DIRECT", "AGGREGATION",
                                                          "count_if(event_type = 'support_ticket')")]}))],
                  {"spark.executor.instances": "6"})

        # ---- training DAG at 03:30 ---------------------------------------------------
        j = rng.randint(0, 30)
        dag = airflow_dag_run(day, "churn_training", 3, 12600 + j, 12600 + 2700 + j, "ml",
                              "Retrains the churn model nightly on the last 30 days of features",
                              "dags/churn_training.py", [("train_model", "KubernetesPodOperator")], events=False)
        model_version += 1
        airflow_task(day, "churn_training", dag, "train_model",
                     "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator", 3, 12610 + j,
                     12610 + 2500 + j, "ml", "LightGBM training and registration in MLflow",
                     "dags/churn_training.py", [input_ds(P_AIRFLOW, "features", day)],
                     [output_ds(P_AIRFLOW, "churn_model", day, 1, 3_400_000 + rng.randint(0, 90_000),
                                version=str(model_version))])

        # ---- KPIs (measured at 06:00) ------------------------------------------------------
        at = iso(ts(day, 6 * 3600), False)
        since = day - PLANT_DAY
        drop = 0.0 if since < 0 else 0.085 * min(1.0, (since + 1) / 6.0)
        auc = 0.842 - drop + rng.gauss(0, 0.006)
        kpis.append(("KPI:churn_auc", "value", at, fmt(auc, 4)))
        kpis.append(("KPI:churn_auc", "n_labels", at, str(rng.randint(380, 520))))
        acc = 0.815 + rng.gauss(0, 0.012) - (0.02 if day == FAIL_DAY + 1 else 0.0)
        kpis.append(("KPI:rag_answer_accuracy", "value", at, fmt(acc, 4)))
        p50 = 610 + rng.gauss(0, 25)
        kpis.append(("KPI:rag_latency_p95", "value", at, fmt(p50 * 2.05 + rng.gauss(0, 40), 1)))
        kpis.append(("KPI:rag_latency_p95", "p50_ms", at, fmt(p50, 1)))

    write_events(out)
    with open(os.path.join(out, "metrics.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("node,metric,time,value\n")
        for row in kpis:
            f.write(",".join(row) + "\n")
    write_graph(out)
    write_planted(out, feature_means, kpis)


def write_events(out):
    by_file = {}
    for file_day, _, seq, event in EVENTS:
        by_file.setdefault(file_day, []).append((seq, event))
    d = os.path.join(out, "events")
    os.makedirs(d, exist_ok=True)
    for file_day, events in sorted(by_file.items()):
        # Arrival order: events of the day by time, late arrivals appended at the end.
        on_time = sorted((e for s, e in events if e["eventTime"][:10] == day_date(file_day).isoformat()),
                         key=lambda e: e["eventTime"])
        late = [e for s, e in events if e["eventTime"][:10] != day_date(file_day).isoformat()]
        with open(os.path.join(d, f"{day_date(file_day).isoformat()}.ndjson"), "w", encoding="utf-8",
                  newline="") as f:
            for e in on_time + late:
                f.write(json.dumps(e, separators=(",", ":"), ensure_ascii=False) + "\n")


KPI_NODES = [
    ("churn_auc", "AUC of the churn model on the last 7 days of labelled accounts", "ratio", "higher", 0.80,
     "growth", "churn_model"),
    ("rag_answer_accuracy", "Share of assistant answers rated correct by support agents", "ratio", "higher", 0.78,
     "support", "rag_assistant"),
    ("rag_latency_p95", "p95 end-to-end answer latency", "ms", "lower", 1500.0, "support", "rag_assistant"),
]


def write_graph(out):
    d = os.path.join(out, "graph")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "nodes.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([":ID", ":LABEL", "name", "description", "unit", "better", "target:double"])
        for name, desc, unit, better, target, _, _ in KPI_NODES:
            w.writerow([name, "KPI", name, desc, unit, better, target])
        for team in ("growth", "support"):
            w.writerow([OWNERS[team], "Owner", OWNERS[team], "", "", "", ""])
    with open(os.path.join(d, "edges.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([":START_ID", ":END_ID", ":TYPE", "type"])
        for name, _, _, _, _, owner, model in KPI_NODES:
            w.writerow([f"Dataset:{key(model)}", name, "FEEDS", ""])
        for name, _, _, _, _, owner, model in KPI_NODES:
            w.writerow([OWNERS[owner], name, "OWNS", "BUSINESS_OWNER"])


def write_planted(out, feature_means, kpis):
    before = [feature_means[d] for d in range(1, PLANT_DAY)]
    after = [feature_means[d] for d in range(PLANT_DAY, DAYS + 1)]
    auc = {int((dt.date.fromisoformat(t[:10]) - START).days) + 1: float(v)
           for n, m, t, v in kpis if n == "KPI:churn_auc" and m == "value"}
    auc_before = [auc[d] for d in range(1, PLANT_DAY)]
    auc_after = [auc[d] for d in range(PLANT_DAY + 7, DAYS + 1)]
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    planted = {
        "seed": SEED,
        "days": {"first": day_date(1).isoformat(), "last": day_date(DAYS).isoformat(), "count": DAYS},
        "planted": {
            "kind": "schema_change",
            "node": f"Dataset:{key('billing_invoices')}",
            "column": "amount",
            "change": {"type_before": "numeric(12,2)", "type_after": "bigint",
                       "meaning": "invoice amounts in cents instead of dollars"},
            "day": PLANT_DAY,
            "date": day_date(PLANT_DAY).isoformat(),
            "propagates_to": [f"Dataset:{key(s)}" for s in ("raw_invoices", "stg_invoices", "features")],
            "affected_feature": {
                "dataset": f"Dataset:{key('features')}",
                "samples": "samples/customer_features",
                "column": "monthly_spend",
                "mean_ratio": 100.0,
                "mean_ratio_tolerance": 0.15,
                "mean_before": round(mean(before), 2),
                "mean_after": round(mean(after), 2),
            },
            "affected_kpi": {
                "node": "KPI:churn_auc",
                "metric": "value",
                "mean_before": round(mean(auc_before), 4),
                "mean_after": round(mean(auc_after), 4),
                "after_from_day": PLANT_DAY + 7,
                "expected_drop_at_least": 0.05,
            },
            "root_cause_path": [f"Dataset:{key('billing_invoices')}",
                                "Job:airflow-prod:nightly_ingest.extract_billing",
                                f"Dataset:{key('raw_invoices')}", "Job:dbt-prod:analytics.staging.churn.stg_invoices",
                                f"Dataset:{key('stg_invoices')}",
                                "Job:spark-prod:build_customer_features.append_data_exec_v1.features_customer_features",
                                f"Dataset:{key('features')}",
                                "Job:airflow-prod:churn_training.train_model",
                                f"Dataset:{key('churn_model')}", "KPI:churn_auc"],
        },
        "decoys": [
            {"kind": "code_change", "node": "Job:dbt-prod:analytics.staging.churn.stg_accounts", "day": REFACTOR_DAY,
             "date": day_date(REFACTOR_DAY).isoformat(),
             "detail": "benign refactor (sql reformatted into a CTE, new sourceCodeLocation version "
                       f"{CODE['stg_accounts@refactor'][:12]}); outputs unchanged"},
            {"kind": "noisy_source", "node": f"Dataset:{key('product_events')}",
             "detail": "daily row counts and session_seconds quantiles vary by ~30% (log-normal noise), and "
                       "sessions_7d in the features with them, but the distribution is stationary"},
            {"kind": "late_event", "node": "Job:spark-prod:events_compaction."
                                           "execute_insert_into_hadoop_fs_relation_command.events_product_events_daily",
             "day": LATE_DAY, "date": day_date(LATE_DAY).isoformat(),
             "file": f"events/{day_date(LATE_DAY + LATE_BY_DAYS).isoformat()}.ndjson",
             "detail": f"the COMPLETE event of day {LATE_DAY} arrives {LATE_BY_DAYS} days late"},
            {"kind": "failed_run_retried", "node": "Job:airflow-prod:nightly_ingest.extract_billing",
             "day": FAIL_RETRY_DAY, "date": day_date(FAIL_RETRY_DAY).isoformat(),
             "detail": "try 1 FAILs (connection timeout), try 2 COMPLETEs 5 minutes later"},
            {"kind": "failed_run", "node": "Job:spark-prod:embed_chunks.append_data_exec_v1.docs_embeddings",
             "day": FAIL_DAY, "date": day_date(FAIL_DAY).isoformat(),
             "detail": "GPU OOM, not retried: the index is rebuilt from the previous embeddings; no embeddings "
                       "sample that day"},
            {"kind": "failed_check", "node": f"Dataset:{key('stg_accounts')}", "day": 52,
             "date": day_date(52).isoformat(),
             "detail": "dbt accepted_values test on plan fails once (severity warn), passes the next day"},
        ],
    }
    with open(os.path.join(out, "planted.json"), "w", encoding="utf-8", newline="") as f:
        json.dump(planted, f, indent=2)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "demo"), help="output directory (default: datasets/demo)")
    args = ap.parse_args()
    out = args.out
    for sub in ("events", os.path.join("samples", "customer_features"), os.path.join("samples", "embeddings")):
        p = os.path.join(out, sub)
        if os.path.isdir(p):
            for name in os.listdir(p):
                os.remove(os.path.join(p, name))
    generate(out)


if __name__ == "__main__":
    main()
