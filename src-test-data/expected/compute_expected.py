#!/usr/bin/env python3
"""Computes the expected outputs of the sample pipelines from the test inputs in src-test-data/.

Standard library only and independent of any project code: it re-implements, in plain Python,
what each pipeline definition under config/applications/ says (see README.md next to this file
for the mapping of file -> pipeline -> rule). Run date: 2026-01-15. Re-run with

    python3 src-test-data/expected/compute_expected.py

and the CSVs under src-test-data/expected/{customer,retail}/ are rewritten (byte-identical when
nothing changed). Conventions of the written files:
  * a header row; rows sorted by the key columns named in KEYS below, nulls first (Spark's asc);
  * null is an empty field; dates yyyy-MM-dd; timestamps yyyy-MM-ddTHH:mm:ss (as in the inputs);
  * decimals with exactly 2 decimals (amounts are decimal(12,2): sums are exact, averages are
    Spark's avg (scale 6, HALF_UP) then round(x, 2) (HALF_UP)); compare numerically.
Columns whose value depends on a secret (tokenize, salted hash) or on an unspecified format
(redact's replacement character) are left out of the expected files.
"""
import csv
import datetime as dt
import os
import re
import sqlite3
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # src-test-data/
RUN_DATE = dt.date(2026, 1, 15)
TWO = Decimal("0.01")
SIX = Decimal("0.000001")


# ---------- Spark-like helpers ----------

def spark_trim(s):
    """Spark trim(): removes ASCII spaces (0x20) only, both ends."""
    return None if s is None else s.strip(" ")


def spark_initcap(s):
    """Spark initcap(): lower-case everything, then upper-case the first letter of each
    space-delimited word."""
    if s is None:
        return None
    out, prev_space = [], True
    for ch in s.lower():
        out.append(ch.upper() if prev_space else ch)
        prev_space = ch == " "
    return "".join(out)


def upper(s):
    return None if s is None else s.upper()


def lower(s):
    return None if s is None else s.lower()


def avg2(values):
    """Spark avg over decimal(p,2): sum / count at scale 6 (HALF_UP), then round(_, 2) HALF_UP."""
    a = (sum(values) / Decimal(len(values))).quantize(SIX, rounding=ROUND_HALF_UP)
    return a.quantize(TWO, rounding=ROUND_HALF_UP)


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return str(v.quantize(TWO))
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def sort_key(row, keys):
    # nulls first, then by value (Spark's default ascending order)
    return tuple((row[k] is not None, row[k] if row[k] is not None else 0) for k in keys)


def write(rel, columns, rows, keys):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = sorted(rows, key=lambda r: sort_key(r, keys))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([fmt(r[c]) for c in columns])
    print(f"{rel}: {len(rows)} rows")
    return rows


# ---------- typed CSV reading (what a csv source with a schemaRef does) ----------

def parse(value, typ):
    if value == "":
        return None  # nullValue="" (the csv source default)
    if typ == "string":
        return value
    if typ == "long":
        if not value.lstrip("-").isdigit():
            raise ValueError(f"not a long: {value!r}")
        return int(value)
    if typ == "decimal":
        return Decimal(value)
    if typ == "date":
        return dt.date.fromisoformat(value)
    if typ == "timestamp":
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
    raise AssertionError(typ)


def read_typed(rel, schema):
    """Returns (good rows as dicts, bad lines). A line whose value does not parse as its
    schema type is a bad record (badRecords="reject": written to rejectPath, not passed on)."""
    good, bad = [], []
    with open(os.path.join(ROOT, rel), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == [c for c, _ in schema], (rel, header)
        for line in reader:
            try:
                if len(line) != len(schema):
                    raise ValueError("wrong column count")
                good.append({c: parse(v, t) for (c, t), v in zip(schema, line)})
            except ValueError:
                bad.append(line)
    return good, bad


def dedupe(rows, keys, order_by=None):
    """deduplicate: keep=latest -> first row per key by order_by desc; without order_by,
    keep=first (input order). Null keys form one group (as in Spark)."""
    groups = {}
    for r in rows:
        k = tuple(r[c] for c in keys)
        if k not in groups:
            groups[k] = r
        elif order_by is not None and r[order_by] > groups[k][order_by]:
            groups[k] = r
    return list(groups.values())


# ====================== customer application ======================

CUSTOMER_CSV = [("customer_id", "long"), ("first_name", "string"), ("last_name", "string"),
                ("email", "string"), ("ssn", "string"), ("phone", "string"),
                ("birth_date", "date"), ("country_code", "string"), ("status", "string"),
                ("revenue", "decimal"), ("updated_at", "timestamp")]
CUSTOMER_COLS = [c for c, _ in CUSTOMER_CSV]


def customer():
    # --- customer_staging_load (staging) ---
    rows, bad = read_typed("customer/landing/customer/customers_20260115.csv", CUSTOMER_CSV)
    assert len(bad) == 1 and bad[0][0] == "C-1011", bad  # the non-numeric id
    # deduplicate keys=customer_id keep=latest orderBy=updated_at
    ded = dedupe(rows, ["customer_id"], "updated_at")
    write("customer/staging_customer_dedupe.csv", CUSTOMER_COLS, ded, ["customer_id"])

    # database source customer_db: the seed SQL run in SQLite, the pipeline's query with
    # :runDate bound to 2026-01-15 (string comparison of ISO timestamps == timestamp order)
    db = sqlite3.connect(":memory:")
    with open(os.path.join(ROOT, "customer/db/crm_seed.sql"), encoding="utf-8") as f:
        db.executescript(f.read())
    crm = {}
    for cid, status, upd in db.execute(
            "SELECT customer_id AS crm_customer_id, status AS crm_status, updated_at AS crm_updated_at "
            "FROM customer WHERE updated_at >= :runDate", {"runDate": RUN_DATE.isoformat()}):
        crm[cid] = (status, dt.datetime.strptime(upd, "%Y-%m-%d %H:%M:%S"))

    # lookup country_dim (keys=country_code, outputFields=country_name, joinType=left)
    with open(os.path.join(ROOT, "customer/reference/country_dim.csv"), newline="", encoding="utf-8") as f:
        countries = {r["country_code"]: r["country_name"] for r in csv.DictReader(f)}

    snapshot = []
    for r in ded:
        s = dict(r)
        # join type=left condition customer_csv.customer_id = customer_db.crm_customer_id
        hit = crm.get(r["customer_id"]) if r["customer_id"] is not None else None
        s["crm_customer_id"] = r["customer_id"] if hit else None
        s["crm_status"] = hit[0] if hit else None
        s["crm_updated_at"] = hit[1] if hit else None
        s["country_name"] = countries.get(r["country_code"]) if r["country_code"] else None
        s["ingest_date"] = RUN_DATE  # derive ingest_date = to_date('${runDate}')
        snapshot.append(s)
    snap_cols = CUSTOMER_COLS + ["crm_customer_id", "crm_status", "crm_updated_at", "country_name", "ingest_date"]
    write("customer/staging_customer_snapshot.csv", snap_cols, snapshot, ["customer_id"])

    # aggregate output=customer_by_country groupBy=country_name metrics=count:customers,sum:revenue
    by_country = {}
    for s in snapshot:
        by_country.setdefault(s["country_name"], []).append(s)
    agg = []
    for name, grp in by_country.items():
        revs = [g["revenue"] for g in grp if g["revenue"] is not None]
        agg.append({"country_name": name, "customers": len(grp),
                    "sum_revenue": sum(revs) if revs else None})
    write("customer/staging_customer_by_country.csv", ["country_name", "customers", "sum_revenue"],
          agg, ["country_name"])

    # --- customer_standardization (standardization) ---
    # filter customer_id IS NOT NULL; deduplicate (no-op here)
    rows = dedupe([s for s in snapshot if s["customer_id"] is not None], ["customer_id"], "updated_at")
    std = []
    for s in rows:
        t = {  # select
            "customer_id": s["customer_id"],
            "first_name": spark_trim(s["first_name"]),
            "last_name": spark_trim(s["last_name"]),
            "email": lower(spark_trim(s["email"])),
            "ssn": s["ssn"],
            "phone": spark_trim(s["phone"]),
            "birth_date": s["birth_date"],
            "country_code": upper(spark_trim(s["country_code"])),
            "country_name": s["country_name"],
            "status": upper(spark_trim(s["crm_status"] if s["crm_status"] is not None else s["status"])),
            "revenue": s["revenue"],
            "updated_at": s["updated_at"],
            "ingest_date": s["ingest_date"],
        }
        # derive full_name = concat_ws(' ', first_name, last_name)
        t["full_name"] = " ".join(p for p in (t["first_name"], t["last_name"]) if p is not None)
        std.append(t)

    email_re = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")
    allowed = {"ACTIVE", "INACTIVE", "SUSPENDED"}
    valid, rejects = [], []
    for t in std:
        failed = []
        # nulls pass pattern/allowedValues/range (SQL CHECK semantics; only notNull rejects null)
        if t["email"] is not None and not email_re.match(t["email"]):
            failed.append("email_format")
        if t["status"] is not None and t["status"] not in allowed:
            failed.append("status_allowed")
        if t["birth_date"] is not None and not (dt.date(1900, 1, 1) <= t["birth_date"] <= RUN_DATE):
            failed.append("birth_date_range")
        assert len(failed) <= 1, (t, failed)  # the data is built so no row breaks two rules
        if failed:
            rejects.append(dict(t, _dq_rule=failed[0]))
        else:
            valid.append(t)
    std_cols = ["customer_id", "first_name", "last_name", "full_name", "phone", "birth_date",
                "country_code", "country_name", "status", "revenue", "updated_at", "ingest_date"]
    write("customer/standardization_customer.csv", std_cols, valid, ["customer_id"])
    write("customer/standardization_customer_rejects.csv",
          ["customer_id", "first_name", "last_name", "full_name", "email", "phone", "birth_date",
           "country_code", "country_name", "status", "revenue", "updated_at", "ingest_date", "_dq_rule"],
          rejects, ["customer_id", "_dq_rule"])


# ====================== retail application ======================

SALES_CSV = [("sale_id", "string"), ("sale_ts", "timestamp"), ("sale_date", "date"), ("city", "string"),
             ("salesman_id", "string"), ("salesman_name", "string"), ("customer_id", "string"),
             ("customer_email", "string"), ("customer_phone", "string"), ("product_id", "string"),
             ("product_name", "string"), ("category", "string"), ("quantity", "long"),
             ("unit_price", "decimal"), ("amount", "decimal")]
SALES_COLS = [c for c, _ in SALES_CSV]
PRODUCTS_CSV = [("product_id", "string"), ("product_name", "string"), ("category", "string"),
                ("list_price", "decimal")]


def retail():
    # --- retail_sales_load: deduplicate keys=sale_id (keep=first; the duplicates are identical) ---
    raw, bad = read_typed("retail/landing/sales/sales_20260115.csv", SALES_CSV)
    assert not bad
    staged = dedupe(raw, ["sale_id"])
    assert len(raw) - len(staged) == 4
    # --- retail_reference_load ---
    products, bad = read_typed("retail/landing/products/products.csv", PRODUCTS_CSV)
    assert not bad
    product_ids = {p["product_id"] for p in products}

    # --- retail_sales_standardize ---
    # filter amount IS NOT NULL AND amount >= 0
    kept = [r for r in staged if r["amount"] is not None and r["amount"] >= 0]
    std = []
    for r in kept:
        t = dict(r)
        # select: sale_date AS sale_date_raw, initcap(trim(city)), trim(salesman_name),
        #         lower(trim(customer_email)), trim(customer_phone)
        t["sale_date_raw"] = t.pop("sale_date")
        t["city"] = spark_initcap(spark_trim(r["city"]))
        t["salesman_name"] = spark_trim(r["salesman_name"])
        t["customer_email"] = lower(spark_trim(r["customer_email"]))
        t["customer_phone"] = spark_trim(r["customer_phone"])
        # derive sale_date = coalesce(sale_date_raw, to_date(sale_ts))
        t["sale_date"] = t["sale_date_raw"] if t["sale_date_raw"] is not None else t["sale_ts"].date()
        std.append(t)
    valid, rejects = [], []
    for t in std:
        failed = []
        if any(t[c] is None for c in ("sale_id", "city", "salesman_id")):
            failed.append("required_fields")
        if t["quantity"] is not None and t["quantity"] < 1:
            failed.append("positive_quantity")
        if t["product_id"] is not None and t["product_id"] not in product_ids:
            failed.append("known_product")
        # pattern customer_email is action="warn": never removes a row
        assert len(failed) <= 1, (t, failed)
        if failed:
            rejects.append(dict(t, _dq_rule=failed[0]))
        else:
            valid.append(t)
    write("retail/standardization_sales.csv", SALES_COLS, valid, ["sale_id"])
    write("retail/standardization_sales_rejects.csv",
          ["sale_id", "sale_ts", "sale_date_raw", "sale_date", "city", "salesman_id", "salesman_name",
           "customer_id", "customer_email", "customer_phone", "product_id", "product_name", "category",
           "quantity", "unit_price", "amount", "_dq_rule"],
          rejects, ["sale_id", "_dq_rule"])
    sales = valid  # standardization.sales

    # --- retail_top_sales_per_city ---
    groups = {}
    for s in sales:
        groups.setdefault((s["city"], s["sale_date"]), []).append(s["amount"])
    out = [{"city": c, "sale_date": d, "total_sales": sum(a), "sales_count": len(a),
            "avg_sale": avg2(a), "max_sale": max(a)} for (c, d), a in groups.items()]
    write("retail/top_sales_per_city.csv",
          ["city", "sale_date", "total_sales", "sales_count", "avg_sale", "max_sale"],
          out, ["city", "sale_date"])

    # --- retail_top_salesmen ---
    groups = {}
    for s in sales:
        groups.setdefault((s["salesman_id"], s["salesman_name"]), []).append(s)
    out = [{"salesman_id": i, "salesman_name": n, "total_sales": sum(g["amount"] for g in grp),
            "deals": len(grp), "avg_deal": avg2([g["amount"] for g in grp]),
            "distinct_cities": len({g["city"] for g in grp if g["city"] is not None})}
           for (i, n), grp in groups.items()]
    totals = sorted((o["total_sales"] for o in out), reverse=True)
    for o in out:  # rank() OVER (ORDER BY total_sales DESC)
        o["sales_rank"] = 1 + sum(1 for t in totals if t > o["total_sales"])
    assert len({o["sales_rank"] for o in out}) == len(out), "ties in total_sales"
    out = [o for o in out if o["sales_rank"] <= 100]  # filter sales_rank <= ${topN} (100)
    write("retail/top_salesmen.csv",
          ["salesman_id", "salesman_name", "total_sales", "deals", "avg_deal", "distinct_cities", "sales_rank"],
          out, ["salesman_id"])

    # --- retail_star_schema (the deterministic parts: dim_customer's email/phone are masked) ---
    dim_product = dedupe(sales, ["product_id"], "sale_ts")
    write("retail/dim_product.csv", ["product_id", "product_name", "category"], dim_product, ["product_id"])
    dim_customer = dedupe(sales, ["customer_id"], "sale_ts")
    write("retail/dim_customer_keys.csv", ["customer_id"], dim_customer, ["customer_id"])
    dates = sorted({s["sale_date"] for s in sales})
    dim_date = [{"sale_date": d, "date_key": int(d.strftime("%Y%m%d")), "year": d.year, "month": d.month,
                 "day_of_month": d.day, "day_of_week": d.isoweekday() % 7 + 1}  # Spark dayofweek: 1=Sunday
                for d in dates]
    write("retail/dim_date.csv", ["date_key", "sale_date", "year", "month", "day_of_month", "day_of_week"],
          dim_date, ["date_key"])
    keys = {d["sale_date"]: d["date_key"] for d in dim_date}
    fact = [dict(s, date_key=keys[s["sale_date"]]) for s in sales]
    write("retail/fact_sales.csv",
          ["sale_id", "date_key", "customer_id", "product_id", "salesman_id", "city", "quantity",
           "unit_price", "amount", "sale_date"], fact, ["sale_id"])


if __name__ == "__main__":
    customer()
    retail()
