"""Reads every point of a LAS/LAZ file with laspy (lazrs for LAZ) and prints points and seconds as JSON.

usage: laspy_read.py FILE single|parallel
single: one thread (LazBackend.Lazrs); parallel: lazrs on every core (LazBackend.LazrsParallel).
The time covers decoding every dimension into numpy and touching X, Y, Z (scaled) and the GPS time.
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
checksum = sum(float(np.asarray(las[d], dtype=np.float64).sum()) for d in ("x", "y", "z", "intensity",
                                                                          "classification"))
checksum += float(np.max(las.gps_time))
seconds = time.perf_counter() - start
print(json.dumps({"points": len(las.points), "seconds": seconds, "checksum": checksum}))
