"""Prints a Zarr v2 store (or a NetCDF4/HDF5 file, through h5netcdf) as xarray opens it (its CF decoding: masking, scaling, times) and flattens it with
to_dataframe: one JSON object with the row count and the SHA-1 of the rows' canonical texts, sorted, joined by
newlines. A row is its columns joined by '|': the dimensions of the highest-dimensional variable, then the
variables that share them, by name; numbers as the 16 hex digits of their float64 bits, NaN and NaT as null,
times as whole microseconds since 1970. The independent reader of the CF cross-check.

usage: xarray_cells.py STORE|FILE.nc
"""
import hashlib
import json
import struct
import sys
import warnings

import numpy as np
import xarray as xr

warnings.simplefilter("ignore")
if sys.argv[1].endswith(".nc"):
    ds = xr.open_dataset(sys.argv[1], engine="h5netcdf")
else:
    ds = xr.open_zarr(sys.argv[1], consolidated=None)
main = max(ds.data_vars.values(), key=lambda v: v.ndim)
names = sorted(n for n, v in ds.data_vars.items() if v.dims == main.dims)
frame = ds[names].to_dataframe().reset_index()[list(main.dims) + names]


def text(v):
    if isinstance(v, (np.datetime64, np.timedelta64)) or hasattr(v, "value") and hasattr(v, "tz"):
        if v is None or v != v:
            return "null"
        return str(np.datetime64(v, "ns").astype(np.int64) // 1000)
    f = float(v)
    return "null" if f != f else struct.pack(">d", f).hex()


rows = sorted("|".join(text(v) for v in row) for row in frame.itertuples(index=False))
print(json.dumps({"rows": len(rows), "columns": list(main.dims) + names,
                  "sha1": hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()}))
