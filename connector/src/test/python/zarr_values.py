"""Prints a Zarr v2 array as zarr-python reads it: one JSON object with its shape, its element count and the SHA-1
of its elements in C order, each as canonical text joined by newlines: integers (bool, int, uint) in decimal;
floats as the 16 hex digits of their float64 bits (NaN as 7ff8000000000000); datetime64 and timedelta64 as whole
microseconds (floor), NaT as null; S strings without trailing NULs (as Latin-1), U strings as they are.
The independent reader of the Zarr cross-check.

usage: zarr_values.py STORE
"""
import hashlib
import json
import struct
import sys

import numpy as np
import zarr

a = zarr.open_array(sys.argv[1], mode="r")
values = np.asarray(a[...]).ravel(order="C")
kind = values.dtype.kind


def text(v):
    if kind in "biu":
        return str(int(v))
    if kind == "f":
        f = float(v)
        return "7ff8000000000000" if f != f else struct.pack(">d", f).hex()
    if kind in "Mm":
        if np.isnat(v):
            return "null"
        return str(int(v.astype("M8[ns]" if kind == "M" else "m8[ns]").astype(np.int64)) // 1000)
    if kind == "S":
        return bytes(v).rstrip(b"\0").decode("latin-1")
    return str(v)


digest = hashlib.sha1("\n".join(text(v) for v in values).encode("utf-8")).hexdigest()
print(json.dumps({"shape": list(a.shape), "count": int(values.size), "sha1": digest}))
