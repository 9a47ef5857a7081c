"""Reads every point of a LAS/LAZ file with laspy (lazrs for LAZ) and prints points and seconds as JSON.

usage: laspy_read.py FILE single|parallel|xyz|all
single: one thread (LazBackend.Lazrs); parallel: lazrs on every core (LazBackend.LazrsParallel). Both touch the
survey's columns: X, Y, Z (scaled), intensity, classification and the GPS time. xyz: one thread, X, Y, Z only;
all: one thread, every dimension. laspy always decodes whole records into numpy first.
"""
import json
import sys
import time

import laspy
import numpy as np

path, mode = sys.argv[1], sys.argv[2]
backend = laspy.LazBackend.LazrsParallel if mode == "parallel" else laspy.LazBackend.Lazrs
start = time.perf_counter()
las = laspy.read(path, laz_backend=backend)
if mode == "xyz":
    touched = ("x", "y", "z")
elif mode == "all":
    touched = ("x", "y", "z") + tuple(d for d in las.point_format.dimension_names if d not in ("X", "Y", "Z"))
else:
    touched = ("x", "y", "z", "intensity", "classification")
checksum = sum(float(np.asarray(las[d], dtype=np.float64).sum()) for d in touched)
if mode in ("single", "parallel"):
    checksum += float(np.max(las.gps_time))
seconds = time.perf_counter() - start
print(json.dumps({"points": len(las.points), "seconds": seconds, "checksum": checksum}))
