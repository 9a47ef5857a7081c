"""Compresses a LAS file to LAZ with laspy + lazrs (an independent writer: laszip4j's LAZ writer is broken)."""
import sys

import laspy

src, dst = sys.argv[1], sys.argv[2]
with laspy.open(src) as reader, laspy.open(dst, mode="w", header=reader.header, do_compress=True,
                                           laz_backend=laspy.LazBackend.Lazrs) as writer:
    for points in reader.chunk_iterator(1_000_000):
        writer.write_points(points)
print('{"points": %d}' % reader.header.point_count)
