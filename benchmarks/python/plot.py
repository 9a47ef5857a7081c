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
    inputs = OrderedDict()
    for (tool, inp, cores), values in series.items():
        m = statistics.median(values)
        inputs[inp] = True
        labels.append((tool, inp, cores))
        medians.append(m)
        lows.append(m - min(values))
        highs.append(max(values) - m)
    one_input = len(inputs) == 1
    # Horizontal bars: tool names stay readable however many tools a case compares.
    names = [f"{tool}, {cores} core{'s' if cores != '1' else ''}" + ("" if one_input else f"\n{inp}")
             for tool, inp, cores in labels]
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(names) * (1 if one_input else 1.6)))
    ax.barh(range(len(names)), medians, xerr=[lows, highs], capsize=4, color="#4477aa")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"{metric} ({unit})")
    title = f"{case}: {metric} (median, min-max)"
    ax.set_title(title + (f"\n{next(iter(inputs))}" if one_input else ""), fontsize=10)
    fig.tight_layout()
    name = f"{case}-{metric}.png"
    fig.savefig(os.path.join(out, name), dpi=110)
    plt.close(fig)
    written.append(name)
print("\n".join(written))
