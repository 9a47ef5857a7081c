"""Prints every spectrum of an imzML file as pyimzML reads it, one JSON object per line: its index, x, y, z, the
number of values and SHA-1 digests of the m/z and intensity arrays widened to little-endian float64 (so that any
stored type compares exactly). With LOW and HIGH, only the values whose m/z is in [LOW, HIGH] are kept.
The independent reader of the imzML cross-check.

usage: imzml_spectra.py FILE.imzML [LOW HIGH]
"""
import hashlib
import json
import sys

import numpy as np
from pyimzml.ImzMLParser import ImzMLParser

path = sys.argv[1]
low, high = (float(sys.argv[2]), float(sys.argv[3])) if len(sys.argv) > 3 else (None, None)
parser = ImzMLParser(path)
for i, (x, y, z) in enumerate(parser.coordinates):
    mz, intensity = parser.getspectrum(i)
    mz = np.asarray(mz, dtype="<f8")
    intensity = np.asarray(intensity, dtype="<f8")
    if low is not None:
        keep = (mz >= low) & (mz <= high)
        mz, intensity = mz[keep], intensity[keep]
    print(json.dumps({"index": i, "x": int(x), "y": int(y), "z": int(z), "values": int(len(mz)),
                      "mz": hashlib.sha1(mz.tobytes()).hexdigest(),
                      "intensity": hashlib.sha1(intensity.tobytes()).hexdigest()}))
