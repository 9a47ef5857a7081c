"""Prints every sequence of the FASTA files given as pysam (htslib) reads them sequentially, one JSON object per
line: file, name, length and the MD5 of the bases (soft-masking kept). The independent reader of the FASTA cross-check.
"""
import hashlib
import json
import sys

import pysam

for path in sys.argv[1:]:
    with pysam.FastxFile(path) as fasta:
        for entry in fasta:
            print(json.dumps({"file": path, "name": entry.name, "length": len(entry.sequence),
                              "md5": hashlib.md5(entry.sequence.encode("ascii")).hexdigest()}))
