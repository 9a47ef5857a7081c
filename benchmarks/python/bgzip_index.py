"""Compresses a text file to BGZF and indexes it with htslib (pysam): tabix for VCF, faidx (.fai and .gzi) for FASTA.

usage: bgzip_index.py TEXT OUT.gz vcf|fasta
Prints the seconds it took as JSON.
"""
import json
import sys
import time

import pysam

text, out, kind = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
pysam.tabix_compress(text, out, force=True)
if kind == "vcf":
    pysam.tabix_index(out, preset="vcf", force=True)
else:
    pysam.faidx(out)
print(json.dumps({"seconds": time.perf_counter() - start}))
