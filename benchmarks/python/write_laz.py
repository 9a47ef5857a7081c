"""Compresses the first POINTS points of a LAS file to LAZ with laspy + lazrs (an independent writer: laszip4j's
LAZ writer is broken).

usage: write_laz.py SRC.las DST.laz POINTS
"""
import sys

import laspy

src, dst, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
written = 0
with laspy.open(src) as reader, laspy.open(dst, mode="w", header=reader.header, do_compress=True,
                                           laz_backend=laspy.LazBackend.Lazrs) as writer:
    for points in reader.chunk_iterator(1_000_000):
        take = min(len(points), wanted - written)
        if take <= 0:
            break
        writer.write_points(points[:take])
        written += take
print('{"points": %d}' % written)
