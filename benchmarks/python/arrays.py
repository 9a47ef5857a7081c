"""The array benchmarks' Python side: generates a Zarr v2 cube (seeded) and reads it with zarr-python, printing
seconds and totals as JSON.

usage:
  arrays.py zarr-generate DIR TIMES SIDE CODEC   a (time, lat, lon) float32 cube in chunks of 1 x 512 x 512, written
                                                 by xarray as Zarr v2 (consolidated), CODEC zlib or blosc-lz4
  arrays.py zarr-scan DIR                        zarr-python reads every value of t2m (count and sum)
  arrays.py zarr-box DIR LAT0 LAT1 LON0 LON1     zarr-python reads t2m[:, LAT0:LAT1, LON0:LON1] (index ranges)
"""
import json
import os
import sys
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")


def generate(path, times, side, codec):
    import numcodecs
    import pandas as pd
    import xarray as xr
    rng = np.random.default_rng(20261202)
    lat = np.linspace(90, -90, side)
    lon = np.linspace(-180, 180, side, endpoint=False)
    base = (15 + 20 * np.cos(np.radians(lat))[:, None] + 0 * lon[None, :]).astype("f4")
    cube = np.empty((times, side, side), dtype="f4")
    for t in range(times):
        cube[t] = base + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, (side, side)).astype("f4")
    compressor = numcodecs.Zlib(level=1) if codec == "zlib" else numcodecs.Blosc(cname="lz4", clevel=5,
                                                                                shuffle=numcodecs.Blosc.SHUFFLE)
    ds = xr.Dataset({"t2m": (("time", "lat", "lon"), cube)},
                    coords={"time": pd.date_range("2000-01-01", periods=times, freq="MS"), "lat": lat, "lon": lon})
    ds.to_zarr(path, zarr_format=2, mode="w", consolidated=True,
               encoding={"t2m": {"chunks": (1, 512, 512), "compressors": [compressor]}})
    return {"cells": int(cube.size), "sum": float(cube.sum(dtype="f8"))}


def scan(path, region=None):
    import numcodecs
    import zarr
    threads = os.environ.get("BENCH_THREADS")
    if threads:
        # As many threads as the cores the run is pinned to: Blosc's own, and zarr's codec pool.
        numcodecs.blosc.set_nthreads(int(threads))
        zarr.config.set({"threading.max_workers": int(threads)})
    start = time.perf_counter()
    a = zarr.open_group(path, mode="r")["t2m"]
    values = a[...] if region is None else a[:, region[0]:region[1], region[2]:region[3]]
    total = float(values.sum(dtype="f8"))
    return {"seconds": time.perf_counter() - start, "cells": int(values.size), "sum": total}


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "zarr-generate":
        result = generate(args[0], int(args[1]), int(args[2]), args[3])
    elif command == "zarr-scan":
        result = scan(args[0])
    elif command == "zarr-box":
        result = scan(args[0], [int(v) for v in args[1:5]])
    else:
        raise SystemExit("unknown command " + command)
    print(json.dumps(result))
