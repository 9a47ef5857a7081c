"""The array benchmarks' Python side: generates a Zarr v2 cube (seeded) and reads it with zarr-python, printing
seconds and totals as JSON.

usage:
  arrays.py zarr-generate DIR TIMES SIDE CODEC   a (time, lat, lon) float32 cube in chunks of 1 x 512 x 512, written
                                                 by xarray as Zarr v2 (consolidated), CODEC zlib or blosc-lz4
  arrays.py zarr-scan DIR                        zarr-python reads every value of t2m (count and sum)
  arrays.py zarr-box DIR LAT0 LAT1 LON0 LON1     zarr-python reads t2m[:, LAT0:LAT1, LON0:LON1] (index ranges)
  arrays.py netcdf-generate DIR TIMES SIDE       the same cube as DIR/cube.nc (NetCDF4 through h5netcdf, shuffle and
                                                 zlib level 1, chunks of 1 x 512 x 512) and kerchunk's DIR/cube.json
  arrays.py kerchunk-scan REFS                   xarray reads every value of t2m through the references (fsspec
                                                 reference file system, zarr-python)
  arrays.py netcdf-scan FILE                     xarray reads every value of t2m from the file (h5netcdf, h5py)
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
    ds = cube(times, side)
    compressor = numcodecs.Zlib(level=1) if codec == "zlib" else numcodecs.Blosc(cname="lz4", clevel=5,
                                                                                shuffle=numcodecs.Blosc.SHUFFLE)
    ds.to_zarr(path, zarr_format=2, mode="w", consolidated=True,
               encoding={"t2m": {"chunks": (1, 512, 512), "compressors": [compressor]}})
    return {"cells": int(ds.t2m.size), "sum": float(ds.t2m.values.sum(dtype="f8"))}


def cube(times, side):
    import pandas as pd
    import xarray as xr
    rng = np.random.default_rng(20261202)
    lat = np.linspace(90, -90, side)
    lon = np.linspace(-180, 180, side, endpoint=False)
    base = (15 + 20 * np.cos(np.radians(lat))[:, None] + 0 * lon[None, :]).astype("f4")
    values = np.empty((times, side, side), dtype="f4")
    for t in range(times):
        values[t] = base + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, (side, side)).astype("f4")
    return xr.Dataset({"t2m": (("time", "lat", "lon"), values)},
                      coords={"time": pd.date_range("2000-01-01", periods=times, freq="MS"), "lat": lat, "lon": lon})


def generate_netcdf(directory, times, side):
    from kerchunk.hdf import SingleHdf5ToZarr
    ds = cube(times, side)
    nc = f"{directory}/cube.nc"
    ds.to_netcdf(nc, engine="h5netcdf", encoding={
        "t2m": {"zlib": True, "shuffle": True, "complevel": 1, "chunksizes": (1, 512, 512)}})
    refs = SingleHdf5ToZarr(nc, inline_threshold=300).translate()
    with open(f"{directory}/cube.json", "w") as out:
        json.dump(refs, out)
    return {"cells": int(ds.t2m.size), "sum": float(ds.t2m.values.sum(dtype="f8"))}


def threads_from_env():
    threads = os.environ.get("BENCH_THREADS")
    if threads:
        # As many threads as the cores the run is pinned to: Blosc's own, and zarr's codec pool.
        import numcodecs
        import zarr
        numcodecs.blosc.set_nthreads(int(threads))
        zarr.config.set({"threading.max_workers": int(threads)})


def scan_kerchunk(refs):
    import fsspec
    import xarray as xr
    threads_from_env()
    start = time.perf_counter()
    mapper = fsspec.filesystem("reference", fo=refs).get_mapper("")
    values = xr.open_dataset(mapper, engine="zarr", backend_kwargs={"consolidated": False}, chunks=None,
                             mask_and_scale=False).t2m.values
    total = float(values.sum(dtype="f8"))
    return {"seconds": time.perf_counter() - start, "cells": int(values.size), "sum": total}


def scan_netcdf(path):
    import xarray as xr
    start = time.perf_counter()
    values = xr.open_dataset(path, engine="h5netcdf", mask_and_scale=False).t2m.values
    total = float(values.sum(dtype="f8"))
    return {"seconds": time.perf_counter() - start, "cells": int(values.size), "sum": total}


def scan(path, region=None):
    import zarr
    threads_from_env()
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
    elif command == "netcdf-generate":
        result = generate_netcdf(args[0], int(args[1]), int(args[2]))
    elif command == "kerchunk-scan":
        result = scan_kerchunk(args[0])
    elif command == "netcdf-scan":
        result = scan_netcdf(args[0])
    elif command == "zarr-box":
        result = scan(args[0], [int(v) for v in args[1:5]])
    else:
        raise SystemExit("unknown command " + command)
    print(json.dumps(result))
