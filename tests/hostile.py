"""A copy of the sample client whose client-supplied text is hostile: markup, formulas, Typst code.

Customer names (the largest customers, so they appear in the lists), a rep id,
a lead source and a stage label are replaced in the clean tables and in
client.yaml; every output must show them literally and run none of them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from workbook.core.config import DEFAULT_STAGES
from workbook.core.io import round_trip_yaml

CUSTOMERS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '=HYPERLINK("http://x.example","y")',
             '#eval("1+1") ] [ *bold* $x$']
OWNER = "R01<b>"  # the rep id R01 everywhere
SOURCE = "网站</td><script>alert(3)</script>"  # the lead source 网站
STAGE_LABEL = '方案]#eval("2")['  # the label of the stage "solution"
STRINGS = CUSTOMERS + [OWNER, SOURCE, STAGE_LABEL]


def hostile_copy(sample: Path, folder: Path) -> Path:
    """``folder``: the sample client with hostile client text; returns the folder."""
    shutil.copytree(sample, folder, ignore=shutil.ignore_patterns("reports"))
    clean = folder / "data" / "clean"
    customers = pd.read_parquet(clean / "customers.parquet")
    largest = customers["annual_revenue"].fillna(0).sort_values(ascending=False).index[:len(CUSTOMERS)]
    customers.loc[largest, "name"] = CUSTOMERS
    customers.to_parquet(clean / "customers.parquet", index=False)
    for path in clean.glob("*.parquet"):
        frame = pd.read_parquet(path)
        changed = False
        if "owner" in frame:
            frame["owner"] = frame["owner"].replace({"R01": OWNER})
            changed = True
        if path.stem == "leads":
            frame["source"] = frame["source"].replace({"网站": SOURCE})
            changed = True
        if changed:
            frame.to_parquet(path, index=False)
    yaml = round_trip_yaml()
    config_path = folder / "client.yaml"
    config = yaml.load(config_path.read_text(encoding="utf-8"))
    sources = dict(config.get("source_types") or {})
    sources[SOURCE] = sources.pop("网站", "passive")
    config["source_types"] = sources
    config["stages"] = [{"name": s.name, "label_zh": STAGE_LABEL if s.name == "solution" else s.label_zh,
                         "probability": s.probability} for s in DEFAULT_STAGES]
    with config_path.open("w", encoding="utf-8") as out:
        yaml.dump(config, out)
    return folder
