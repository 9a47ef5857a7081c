"""Draws the PNG plots of a results.csv: one bar chart per case (median, with min-max whiskers) and the scaling
and executor-memory curves. usage: plot.py RESULTS_CSV OUT_DIR"""
import csv
import os
import statistics
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1])))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)

groups = OrderedDict()
for r in rows:
    groups.setdefault((r["case"], r["metric"], r["unit"]), OrderedDict()).setdefault(
        (r["tool"], r["input"], r["cores"]), []).append(float(r["value"]))

written = []
for (case, metric, unit), series in groups.items():
    if metric not in ("seconds", "points_per_second", "peak_rss", "peak_heap", "index_bytes"):
        continue
    labels, medians, lows, highs = [], [], [], []
    for (tool, inp, cores), values in series.items():
        m = statistics.median(values)
        labels.append(f"{tool}\n{inp}, {cores} core{'s' if cores != '1' else ''}")
        medians.append(m)
        lows.append(m - min(values))
        highs.append(max(values) - m)
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(labels)), 4.2))
    ax.bar(range(len(labels)), medians, yerr=[lows, highs], capsize=4, color="#4477aa")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_ylabel(f"{metric} ({unit})")
    ax.set_title(f"{case}: {metric} (median, min-max)")
    fig.tight_layout()
    name = f"{case}-{metric}.png"
    fig.savefig(os.path.join(out, name), dpi=110)
    plt.close(fig)
    written.append(name)
print("\n".join(written))
