"""Prints every record of the VCF files given, as pysam (htslib) reads them, one JSON object per line.

The independent reader of VcfCrossCheckTest: contig, 0-based start, 0-based exclusive end, alleles, QUAL, FILTER,
ID, INFO (flags as true, numbers as numbers, missing as null) and each sample's calls and phasing.
"""
import gzip
import json
import math
import shutil
import sys
import tempfile

import pysam


def plain(value):
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def readable(path):
    """htslib seeks in BGZF only: a plain gzip file is handed over decompressed."""
    with open(path, "rb") as f:
        head = f.read(16)
    if head[:2] != b"\x1f\x8b" or (head[3] & 4 and head[12:14] == b"BC"):
        return path
    out = tempfile.NamedTemporaryFile(suffix=".vcf", delete=False)
    with gzip.open(path, "rb") as src, out:
        shutil.copyfileobj(src, out)
    return out.name


def main(paths):
    for path in paths:
        with pysam.VariantFile(readable(path)) as vcf:
            for rec in vcf:
                samples = {}
                for name in rec.samples:
                    sample = rec.samples[name]
                    calls = None
                    if "GT" in rec.format:
                        calls = [-1 if a is None else a for a in sample.allele_indices]
                    samples[name] = {"calls": calls, "phased": bool(sample.phased)}
                print(json.dumps({
                    "file": path,
                    "contigName": rec.contig,
                    "start": rec.start,
                    "end": rec.stop,
                    "names": rec.id.split(";") if rec.id else [],
                    "referenceAllele": rec.ref,
                    "alternateAlleles": list(rec.alts or ()),
                    "qual": plain(rec.qual),
                    "filters": list(rec.filter.keys()),
                    "info": {k: plain(v) for k, v in rec.info.items()},
                    "samples": samples,
                }))


if __name__ == "__main__":
    main(sys.argv[1:])
