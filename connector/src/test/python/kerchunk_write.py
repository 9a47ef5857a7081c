"""Writes NetCDF4 (HDF5) files from a fixed seed with xarray and h5netcdf, builds Kerchunk references to them with
kerchunk (JSON, and fsspec's Parquet layout), and prints the cases as JSON: per case the reference set and the
original file, which xarray_cells.py reads for comparison. Files: a (time, lat, lon) cube with shuffle + zlib
float32 with NaNs and a packed int16 (scale_factor, _FillValue) in 4 x 10 x 20 chunks; an ocean profile with an
unlimited time dimension, big-endian uncompressed float64 chunks and a zlib int32 with missing_value; and a copy of
air.nc (kerchunk's own test file, stored contiguously: one chunk). The writer side of the Kerchunk cross-check.

usage: kerchunk_write.py OUTDIR AIR_NC
"""
import json
import os
import shutil
import sys
import warnings

import numpy as np
import pandas as pd
import xarray as xr
from kerchunk.df import refs_to_dataframe
from kerchunk.hdf import SingleHdf5ToZarr

warnings.simplefilter("ignore")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261204)

temp = rng.normal(280, 10, (12, 30, 40)).astype("f4")
temp[rng.random(temp.shape) < 0.05] = np.nan
prec = np.round(rng.uniform(0, 10, (12, 30, 40)), 1)
prec[rng.random(prec.shape) < 0.05] = np.nan
cube = xr.Dataset(
    {"temp": (("time", "lat", "lon"), temp), "prec": (("time", "lat", "lon"), prec)},
    coords={"time": pd.date_range("2020-01-01", periods=12, freq="MS"), "lat": np.linspace(60, -60, 30),
            "lon": np.arange(40) * 9.0})
cube.to_netcdf(f"{out}/cube.nc", engine="h5netcdf", encoding={
    "temp": {"zlib": True, "shuffle": True, "complevel": 4, "chunksizes": (4, 10, 20)},
    "prec": {"zlib": True, "chunksizes": (4, 10, 20), "dtype": "int16", "scale_factor": 0.1, "_FillValue": -1},
    "time": {"units": "days since 2020-01-01"}})

depth = np.arange(0, 50, 5, dtype="f8")
salinity = rng.normal(35, 0.5, (9, 10))
level = rng.integers(-50, 50, (9, 10)).astype("i4")
level[rng.random(level.shape) < 0.1] = -999
ocean = xr.Dataset(
    {"salinity": (("time", "depth"), salinity), "level": (("time", "depth"), level)},
    coords={"time": pd.date_range("2021-06-01T06:00", periods=9, freq="6h"), "depth": depth})
ocean["level"].attrs["missing_value"] = np.int32(-999)
ocean.to_netcdf(f"{out}/ocean.nc", engine="h5netcdf", unlimited_dims=["time"], encoding={
    "salinity": {"dtype": ">f8", "chunksizes": (3, 5)},
    "level": {"zlib": True, "chunksizes": (4, 4)},
    "time": {"units": "hours since 2021-06-01 00:00:00"}})

shutil.copy(sys.argv[2], f"{out}/air.nc")

cases = []
for name in ["cube", "ocean", "air"]:
    original = f"{out}/{name}.nc"
    refs = SingleHdf5ToZarr(original, url=f"{name}.nc", inline_threshold=300).translate()
    with open(f"{out}/{name}.json", "w") as f:
        json.dump(refs, f)
    refs_to_dataframe(refs, f"{out}/{name}.parq", record_size=7)
    cases.append({"name": f"{name}.json", "refs": f"{out}/{name}.json", "original": original})
    cases.append({"name": f"{name}.parq", "refs": f"{out}/{name}.parq", "original": original})
print(json.dumps(cases))
