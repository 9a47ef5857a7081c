"""Writes Zarr v2 stores whose values follow CF conventions, from a fixed seed, and prints their names: one written
by xarray (packed int16 with scale_factor, add_offset and _FillValue, a uint8 with _FillValue, times as days since a
date, a descending y coordinate) and one with attributes set by hand through zarr-python (float hours since a date
with a UTC offset, a missing_value list, an integer fill value that xarray masks). The writer side of the CF
cross-check; xarray_cells.py is the reader side.

usage: xarray_write.py OUTDIR
"""
import sys
import warnings

import numpy as np
import pandas as pd
import xarray as xr
import zarr

warnings.simplefilter("ignore")
out = sys.argv[1]
rng = np.random.default_rng(20261203)

temp = 273.15 + rng.normal(10, 5, size=(5, 12, 10)).round(2)
temp[rng.random(temp.shape) < 0.1] = np.nan
flag = rng.integers(0, 200, size=(5, 12, 10)).astype("f8")
flag[rng.random(flag.shape) < 0.1] = np.nan
ds = xr.Dataset(
    {"temp": (("time", "y", "x"), temp), "flag": (("time", "y", "x"), flag)},
    coords={"time": pd.date_range("2000-01-01", periods=5, freq="D"),
            "y": np.linspace(60, 49, 12), "x": np.arange(10, dtype="f4") * 0.5 - 2})
ds.to_zarr(f"{out}/cf-packed.zarr", zarr_format=2, mode="w", encoding={
    "temp": {"dtype": "int16", "scale_factor": 0.01, "add_offset": 273.15, "_FillValue": -32768, "chunks": (2, 5, 4)},
    "flag": {"dtype": "uint8", "_FillValue": 255, "chunks": (2, 5, 4)},
    "time": {"units": "days since 2000-01-01", "dtype": "int64"}})
print("cf-packed.zarr")

g = zarr.open_group(f"{out}/cf-by-hand.zarr", mode="w", zarr_format=2)
t = g.create_array("time", shape=(6,), dtype="<f8", fill_value=None, chunks=(4,))
t[:] = [0.0, 1.5, 2.25, -3.0, 24.0, 1e5]
t.attrs.update({"_ARRAY_DIMENSIONS": ["time"], "units": "hours since 1999-12-31 12:00:00+01:00",
                "calendar": "proleptic_gregorian"})
v = g.create_array("level", shape=(6, 3), dtype="<i4", fill_value=0, chunks=(4, 2))
v[:] = rng.integers(-3, 50, size=(6, 3))
v.attrs.update({"_ARRAY_DIMENSIONS": ["time", "z"], "missing_value": [-1, -2]})
w = g.create_array("ratio", shape=(6, 3), dtype="<f4", fill_value=float("nan"), chunks=(4, 2))
w[:] = rng.normal(size=(6, 3)).astype("f4")
w.attrs.update({"_ARRAY_DIMENSIONS": ["time", "z"], "scale_factor": 2.0})
print("cf-by-hand.zarr")
