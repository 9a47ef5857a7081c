"""Prints every tile of one level of a GeoTIFF as rasterio (GDAL) reads it, one JSON object per line: its grid
position and pixel window, bounds, CRS, nodata and per band the SHA-1 of its values widened to little-endian float64
(masked pixels written as 0) and of its mask (one byte per pixel, 1 valid); with --raw, the values themselves
(base64 of uint8, for lossy codecs where decoders may differ by one). The independent reader of the COG cross-check.

usage: cog_tiles.py FILE LEVEL [--raw]   (LEVEL 0 is the full image, 1 and up the overviews)
"""
import base64
import hashlib
import json
import sys

import numpy as np
import rasterio

path, level = sys.argv[1], int(sys.argv[2])
raw = "--raw" in sys.argv
options = {} if level == 0 else {"overview_level": level - 1}
with rasterio.open(path, **options) as ds:
    crs = None if ds.crs is None else (ds.crs.to_string() if ds.crs.to_epsg() else ds.crs.to_wkt())
    for (row, column), window in ds.block_windows(1):
        left, bottom, right, top = ds.window_bounds(window)
        tile = {"column": column, "row": row, "x": int(window.col_off), "y": int(window.row_off),
                "width": int(window.width), "height": int(window.height),
                "bounds": [left, bottom, right, top], "crs": crs, "nodata": ds.nodata, "bands": []}
        for band in range(1, ds.count + 1):
            values = ds.read(band, window=window)
            valid = ds.read_masks(band, window=window) > 0
            entry = {"mask": hashlib.sha1(valid.astype(np.uint8).tobytes()).hexdigest()}
            if raw:
                entry["values"] = base64.b64encode(values.astype(np.uint8).tobytes()).decode("ascii")
                entry["valid"] = base64.b64encode(valid.astype(np.uint8).tobytes()).decode("ascii")
            else:
                widened = np.where(valid, values.astype("<f8"), 0.0).astype("<f8")
                entry["sha1"] = hashlib.sha1(widened.tobytes()).hexdigest()
            tile["bands"].append(entry)
        print(json.dumps(tile))
