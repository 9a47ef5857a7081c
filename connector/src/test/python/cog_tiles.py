"""Prints every tile of one level of a GeoTIFF as rasterio (GDAL) reads it, one JSON object per line: its grid
position and pixel window, bounds, CRS, nodata and per band the SHA-1 of its values widened to little-endian float64
(masked pixels written as 0) and of its mask (one byte per pixel, 1 valid); with --raw (JPEG), the values
themselves (base64 of uint8) as GDAL gives them and as Pillow's libjpeg-turbo decodes the tile with its JPEGTables
(GDAL's JPEG-in-TIFF path upsamples chroma differently from libjpeg's default, so both are reported).
The independent reader of the COG cross-check.

usage: cog_tiles.py FILE LEVEL [--raw]   (LEVEL 0 is the full image, 1 and up the overviews)
"""
import base64
import hashlib
import json
import sys

import io
import struct

import numpy as np
import rasterio
from PIL import Image


def jpeg_tiles(path, level):
    """The stored tiles of a level of a little-endian classic TIFF, as Pillow decodes them (JPEGTables spliced)."""
    data = open(path, "rb").read()
    assert data[:4] == b"II*\x00", "classic little-endian TIFF expected"
    ifds, offset = [], struct.unpack("<I", data[4:8])[0]
    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 7: 1, 16: 8}
    while offset:
        count = struct.unpack("<H", data[offset:offset + 2])[0]
        tags = {}
        for i in range(count):
            tag, kind, n, value = struct.unpack("<HHII", data[offset + 2 + 12 * i:offset + 14 + 12 * i])
            size = sizes.get(kind, 0) * n
            raw = data[offset + 10 + 12 * i:offset + 14 + 12 * i] if size <= 4 else data[value:value + size]
            if kind == 3:
                tags[tag] = list(struct.unpack("<%dH" % n, raw[:2 * n]))
            elif kind == 4:
                tags[tag] = list(struct.unpack("<%dI" % n, raw[:4 * n]))
            else:
                tags[tag] = raw[:size]
        ifds.append(tags)
        offset = struct.unpack("<I", data[offset + 2 + 12 * count:offset + 6 + 12 * count])[0]
    images = [ifds[0]] + sorted([i for i in ifds[1:] if i.get(254, [0])[0] & 1 and not i.get(254, [0])[0] & 4],
                                key=lambda i: -i[256][0])
    tags = images[level]
    tables = tags.get(347, b"")
    for off, count in zip(tags[324], tags[325]):
        tile = data[off:off + count]
        stream = tables[:-2] + tile[2:] if tables else tile
        yield np.asarray(Image.open(io.BytesIO(stream)).convert("RGB"))


path, level = sys.argv[1], int(sys.argv[2])
raw = "--raw" in sys.argv
options = {} if level == 0 else {"overview_level": level - 1}
pillow = list(jpeg_tiles(path, level)) if raw else None
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
                decoded = pillow[row * int(np.ceil(ds.width / ds.block_shapes[0][1])) + column]
                clipped = decoded[:values.shape[0], :values.shape[1], band - 1]
                entry["pillow"] = base64.b64encode(clipped.astype(np.uint8).tobytes()).decode("ascii")
                entry["valid"] = base64.b64encode(valid.astype(np.uint8).tobytes()).decode("ascii")
            else:
                widened = np.where(valid, values.astype("<f8"), 0.0).astype("<f8")
                entry["sha1"] = hashlib.sha1(widened.tobytes()).hexdigest()
            tile["bands"].append(entry)
        print(json.dumps(tile))
