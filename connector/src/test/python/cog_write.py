"""Writes small seeded GeoTIFFs with rasterio (GDAL), one per codec, predictor, sample type and layout that real
COGs use, for the COG cross-check: each is then read by this project and by rasterio and compared tile by tile.

usage: cog_write.py OUTDIR
"""
import os
import sys

import numpy as np
import rasterio
from rasterio.transform import from_origin

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261202)
height, width = 300, 410
yy, xx = np.mgrid[0:height, 0:width]
smooth = (np.sin(xx / 17.0) * 40 + np.cos(yy / 23.0) * 40 + 100)


def data(dtype, bands):
    layers = []
    for b in range(bands):
        v = smooth * (b + 1) + rng.normal(0, 3, size=smooth.shape)
        if np.issubdtype(np.dtype(dtype), np.integer):
            info = np.iinfo(dtype)
            v = np.clip(np.round(v if info.min == 0 else v - 150), info.min, info.max)
        layers.append(v.astype(dtype))
    return np.stack(layers)


cases = [
    ("zstd_pred2_uint16", "uint16", 1, dict(compress="ZSTD", predictor=2)),
    ("zstd_pred3_float32", "float32", 1, dict(compress="ZSTD", predictor=3)),
    ("deflate_pred3_float64", "float64", 1, dict(compress="DEFLATE", predictor=3)),
    ("lzw_pred2_int16", "int16", 2, dict(compress="LZW", predictor=2)),
    ("packbits_uint8", "uint8", 1, dict(compress="PACKBITS")),
    ("none_uint32", "uint32", 1, dict(compress="NONE")),
    ("deflate_int32_planar", "int32", 3, dict(compress="DEFLATE", interleave="band")),
    ("webp_rgb", "uint8", 3, dict(compress="WEBP", webp_level=90)),
    ("deflate_int8_bigtiff", "int8", 1, dict(compress="DEFLATE", bigtiff="YES")),
    ("deflate_nodata_float32", "float32", 1, dict(compress="DEFLATE", nodata=-9999.0)),
    ("deflate_pred2_uint16_bigendian", "uint16", 2, dict(compress="DEFLATE", predictor=2, endianness="BIG")),
    ("lzw_pred3_float32_bigendian", "float32", 1, dict(compress="LZW", predictor=3, endianness="BIG")),
]
for name, dtype, bands, extra in cases:
    values = data(dtype, bands)
    nodata = extra.pop("nodata", None)
    if nodata is not None:
        values[0, 100:140, 50:200] = nodata
    profile = dict(driver="COG", width=width, height=height, count=bands, dtype=dtype, crs="EPSG:32633",
                   transform=from_origin(500000.0, 4600000.0, 10.0, 10.0), blocksize=128,
                   overview_resampling="nearest", **extra)
    if nodata is not None:
        profile["nodata"] = nodata
    if profile.get("interleave") == "band" or "endianness" in profile:
        profile["driver"] = "GTiff"
        profile.update(tiled=True, blockxsize=128, blockysize=128)
        profile.pop("blocksize")
        profile.pop("overview_resampling")
    path = os.path.join(out, name + ".tif")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values)
        if profile["driver"] == "GTiff":
            dst.build_overviews([2], rasterio.enums.Resampling.nearest)
    print(path)
