"""Point counts and per-dimension sums of LAS/LAZ/COPC files by laspy (with the lazrs backend), an implementation
independent of dataplug's. Dimension names are mapped to PDAL's, the names dataplug's sources use.

Usage: python las_stats.py FILE... ; prints one JSON object {file: {"count": n, "sums": {dimension: sum}}}, or
{file: {"error": message}} for a file laspy cannot read.
"""
import json
import sys

import laspy
import numpy as np

PDAL_NAMES = {
    "intensity": "Intensity", "return_number": "ReturnNumber", "number_of_returns": "NumberOfReturns",
    "scan_direction_flag": "ScanDirectionFlag", "edge_of_flight_line": "EdgeOfFlightLine",
    "classification": "Classification", "synthetic": "Synthetic", "key_point": "KeyPoint", "withheld": "Withheld",
    "overlap": "Overlap", "scanner_channel": "ScanChannel", "user_data": "UserData",
    "point_source_id": "PointSourceId", "gps_time": "GpsTime", "red": "Red", "green": "Green", "blue": "Blue",
    "nir": "Infrared",
}


def stats(path):
    las = laspy.read(path, laz_backend=laspy.LazBackend.Lazrs)
    sums = {"X": float(np.sum(las.x)), "Y": float(np.sum(las.y)), "Z": float(np.sum(las.z))}
    fmt = las.header.point_format
    for name in fmt.dimension_names:
        if name in PDAL_NAMES:
            sums[PDAL_NAMES[name]] = float(np.sum(np.asarray(las[name], dtype=np.float64)))
    if fmt.id >= 6:
        sums["ScanAngleRank"] = float(np.sum(np.asarray(las["scan_angle"], dtype=np.float64) * 0.006))
    else:
        sums["ScanAngleRank"] = float(np.sum(np.asarray(las["scan_angle_rank"], dtype=np.float64)))
    for dim in fmt.extra_dimensions:
        if dim.kind == laspy.DimensionKind.UnsignedInteger and dim.num_elements > 1 and dim.num_bits // dim.num_elements == 8 and dim.name == "Reserved":
            continue
        values = np.asarray(las[dim.name], dtype=np.float64)
        name = dim.name + ("_extra" if dim.name in sums or dim.name in PDAL_NAMES.values() else "")
        if values.ndim == 1:
            sums[name] = float(np.sum(values))
        else:
            for e in range(values.shape[1]):
                sums[f"{dim.name}_{e}"] = float(np.sum(values[:, e]))
    return {"count": int(len(las.points)), "sums": sums}


if __name__ == "__main__":
    out = {}
    for path in sys.argv[1:]:
        try:
            out[path] = stats(path)
        except BaseException as e:  # lazrs raises a pyo3 PanicException, which is not an Exception
            out[path] = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out))
