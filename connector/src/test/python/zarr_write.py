"""Writes Zarr v2 stores with zarr-python and numcodecs, one per codec, filter, dtype and layout that the Zarr reader
decodes, from a fixed seed, and prints their names one per line. The writer side of the Zarr cross-check.

usage: zarr_write.py OUTDIR
"""
import sys

import numcodecs
import numpy as np
import zarr

out = sys.argv[1]
rng = np.random.default_rng(20261202)
Blosc = numcodecs.Blosc


def store(name, data, chunks, compressor, filters=None, order="C", fill_value=0, separator=".", part=None):
    a = zarr.create_array(store=f"{out}/{name}", shape=data.shape, chunks=chunks, dtype=data.dtype, zarr_format=2,
                          compressors=compressor, filters=filters, order=order, fill_value=fill_value,
                          chunk_key_encoding={"name": "v2", "separator": separator}, overwrite=True)
    if part is None:
        a[...] = data
    else:
        a[part] = data[part]  # the chunks outside part are never written: they read as the fill value
    print(name)


ints = rng.integers(-2**31, 2**31, size=(100, 37), dtype=np.int64)
store("blosc-blosclz-bitshuffle-i4", ints.astype("<i4"), (16, 8), Blosc(cname="blosclz", clevel=5, shuffle=Blosc.BITSHUFFLE))
store("blosc-lz4-shuffle-f8-F-missing", rng.normal(size=(60, 50)), (16, 16),
      Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE), order="F", fill_value=float("nan"), part=np.s_[0:30, :])
store("blosc-lz4-shuffle-f4-edges", rng.normal(size=(70, 45)).astype("<f4"), (32, 16),
      Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE), fill_value=float("nan"))
store("blosc-zlib-noshuffle-u1", rng.integers(0, 256, size=(3000,), dtype=np.uint8), (700,),
      Blosc(cname="zlib", clevel=3, shuffle=Blosc.NOSHUFFLE))
store("blosc-zstd-bitshuffle-i8-blocks", rng.integers(-2**62, 2**62, size=(5000,), dtype=np.int64), (4100,),
      Blosc(cname="zstd", clevel=3, shuffle=Blosc.BITSHUFFLE, blocksize=1000))
store("blosc-lz4hc-shuffle-i2-blocks", rng.integers(-300, 300, size=(9000,), dtype=np.int16), (9000,),
      Blosc(cname="lz4hc", clevel=5, shuffle=Blosc.SHUFFLE, blocksize=2048))
store("zlib-u4", rng.integers(0, 2**32, size=(40, 30), dtype=np.uint32), (16, 16), numcodecs.Zlib(level=6))
store("gzip-i2-3d", rng.integers(-2**15, 2**15, size=(7, 9, 11), dtype=np.int16), (3, 4, 5), numcodecs.GZip(level=5))
store("bz2-f4", rng.normal(size=(500,)).astype("<f4"), (128,), numcodecs.BZ2(level=9))
store("zstd-u8", rng.integers(0, 2**64, size=(300,), dtype=np.uint64), (64,), numcodecs.Zstd(level=3))
store("lz4-f2", rng.normal(size=(333,)).astype("<f2"), (100,), numcodecs.LZ4())
store("none-bigendian-i4-slash", rng.integers(-1000, 1000, size=(20, 20)).astype(">i4"), (8, 8), None, separator="/")
store("delta-zlib-i4", np.cumsum(rng.integers(-5, 6, size=(2000,))).astype("<i4"), (512,), numcodecs.Zlib(level=1),
      filters=[numcodecs.Delta(dtype="<i4")])
store("fixedscaleoffset-zstd-f8", np.round(rng.uniform(0, 300, size=(1000,)), 2), (256,), numcodecs.Zstd(level=1),
      filters=[numcodecs.FixedScaleOffset(offset=0, scale=100, dtype="<f8", astype="<i4")])
store("shuffle-zlib-f8", rng.normal(size=(1000,)), (300,), numcodecs.Zlib(level=1),
      filters=[numcodecs.Shuffle(elementsize=8)])
times = np.array(["2024-01-01T00:00:00.123456789", "NaT", "1969-12-31T23:59:59.999999999", "2262-04-11T00:00:00"],
                 dtype="datetime64[ns]")
store("datetime64-ns-nat", np.tile(times, 25), (30,), numcodecs.Zlib(level=1), fill_value="NaT")
store("timedelta64-s", rng.integers(-10**9, 10**9, size=(100,)).astype("timedelta64[s]"), (40,), Blosc(cname="lz4"))
store("bool", rng.integers(0, 2, size=(17, 13)).astype(bool), (5, 5), numcodecs.Zlib(level=1), fill_value=False)
store("bytes-S5", np.array([b"a", b"bb", b"ccccc", b"", b"d\x00e"] * 20, dtype="S5"), (30,), numcodecs.Zlib(level=1),
      fill_value=b"")
store("unicode-U3", np.array(["a", "\u00e9t\u00e9", "\U0001F600", ""] * 10, dtype="<U3"), (16,), None, fill_value="")
store("int-fill-missing-4d", rng.integers(0, 100, size=(4, 5, 6, 7)).astype("<i2"), (2, 2, 3, 4),
      Blosc(cname="lz4"), fill_value=-7, part=np.s_[0:2, :, 0:3, :])
