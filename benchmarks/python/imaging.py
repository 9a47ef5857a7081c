"""The imaging benchmarks' Python side: generates the inputs (seeded) and runs the single-machine anchors, printing
seconds and totals as JSON.

usage:
  imaging.py cog-generate FILE SIDE          a SIDE x SIDE uint16 COG (DEFLATE, 512 x 512 tiles, overviews), rasterio
  imaging.py cog-scan FILE PROCESSES         rasterio reads every tile of the full image (PROCESSES worker processes,
                                             each opening the file once and reading its share of the windows)
  imaging.py cog-box FILE LEFT BOTTOM RIGHT TOP   rasterio reads the tiles that intersect the box
  imaging.py imzml-generate FILE SPECTRA PEAKS    a processed imzML (32-bit floats) of SPECTRA spectra, pyimzML's writer
  imaging.py imzml-scan FILE                 pyimzML reads every spectrum's m/z and intensity arrays
"""
import json
import sys
import time
from multiprocessing import Pool

import numpy as np


def cog_generate(path, side):
    import rasterio
    from rasterio.transform import from_origin
    rng = np.random.default_rng(20261202)
    with rasterio.open(path, "w", driver="COG", width=side, height=side, count=1, dtype="uint16",
                       crs="EPSG:32633", transform=from_origin(500000.0, 4600000.0, 10.0, 10.0),
                       compress="DEFLATE", blocksize=512, overview_resampling="nearest") as dst:
        for row in range(0, side, 512):
            rows = min(512, side - row)
            yy, xx = np.mgrid[row:row + rows, 0:side]
            values = np.sin(xx / 50.0) * 1000 + np.cos(yy / 70.0) * 1000 + 5000 + rng.normal(0, 30, (rows, side))
            dst.write(values.astype("uint16")[None], window=((row, row + rows), (0, side)))
    return {}


def _scan_windows(args):
    import rasterio
    path, windows = args
    pixels = 0
    total = 0
    with rasterio.open(path) as ds:
        for w in windows:
            values = ds.read(1, window=w)
            pixels += values.size
            total += int(values.sum(dtype=np.int64))
    return pixels, total


def cog_scan(path, processes):
    import rasterio
    start = time.perf_counter()
    with rasterio.open(path) as ds:
        windows = [w for _, w in ds.block_windows(1)]
    shares = [(path, windows[i::processes]) for i in range(processes)]
    if processes == 1:
        results = [_scan_windows(shares[0])]
    else:
        with Pool(processes) as pool:
            results = pool.map(_scan_windows, shares)
    return {"seconds": time.perf_counter() - start, "pixels": sum(r[0] for r in results),
            "sum": sum(r[1] for r in results), "tiles": len(windows)}


def cog_box(path, left, bottom, right, top):
    import rasterio
    from rasterio.windows import from_bounds
    start = time.perf_counter()
    tiles = 0
    pixels = 0
    with rasterio.open(path) as ds:
        box = from_bounds(left, bottom, right, top, ds.transform)
        for _, w in ds.block_windows(1):
            if w.col_off < box.col_off + box.width and box.col_off < w.col_off + w.width \
                    and w.row_off < box.row_off + box.height and box.row_off < w.row_off + w.height:
                pixels += ds.read(1, window=w).size
                tiles += 1
    return {"seconds": time.perf_counter() - start, "tiles": tiles, "pixels": pixels}


def imzml_generate(path, spectra, peaks):
    from pyimzml.ImzMLWriter import ImzMLWriter
    rng = np.random.default_rng(20261202)
    side = int(np.ceil(np.sqrt(spectra)))
    with ImzMLWriter(path, mz_dtype=np.float32, intensity_dtype=np.float32, mode="processed") as writer:
        for i in range(spectra):
            mz = np.sort(rng.uniform(100.0, 1000.0, peaks)).astype(np.float32)
            intensity = rng.gamma(2.0, 50.0, peaks).astype(np.float32)
            writer.addSpectrum(mz, intensity, (i % side + 1, i // side + 1, 1))
    return {}


def imzml_scan(path):
    from pyimzml.ImzMLParser import ImzMLParser
    start = time.perf_counter()
    parser = ImzMLParser(path)
    values = 0
    for i in range(len(parser.coordinates)):
        mz, intensity = parser.getspectrum(i)
        values += len(mz)
    return {"seconds": time.perf_counter() - start, "spectra": len(parser.coordinates), "values": values}


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "cog-generate":
        result = cog_generate(args[0], int(args[1]))
    elif command == "cog-scan":
        result = cog_scan(args[0], int(args[1]))
    elif command == "cog-box":
        result = cog_box(args[0], *map(float, args[1:5]))
    elif command == "imzml-generate":
        result = imzml_generate(args[0], int(args[1]), int(args[2]))
    else:
        result = imzml_scan(args[0])
    print(json.dumps(result))
