"""Reads a VCF with cyvcf2 (htslib) on one core and prints seconds and totals as JSON.

usage: cyvcf2_vcf.py FILE sites|genotypes|region [REGION]
sites: count and mean QUAL per contig (genotypes never touched); genotypes: non-reference calls per sample
(heterozygous or homozygous alternate, from gt_types); region: the records of REGION through the file's tabix index.
"""
import json
import sys
import time
from collections import defaultdict

import numpy as np
from cyvcf2 import VCF

path, workload = sys.argv[1], sys.argv[2]
start = time.perf_counter()
records = 0
result = {}
if workload == "sites":
    counts, quals = defaultdict(int), defaultdict(float)
    for v in VCF(path, lazy=True):
        counts[v.CHROM] += 1
        quals[v.CHROM] += v.QUAL or 0.0
        records += 1
    result["qual_sum"] = sum(quals.values())
    result["mean_qual_chr1"] = quals["chr1"] / max(1, counts["chr1"])
elif workload == "genotypes":
    vcf = VCF(path, gts012=False)
    per_sample = np.zeros(len(vcf.samples), dtype=np.int64)
    for v in vcf:
        types = v.gt_types
        per_sample += (types == vcf.HET) | (types == vcf.HOM_ALT)
        records += 1
    result["non_reference"] = int(per_sample.sum())
else:
    for v in VCF(path)(sys.argv[3]):
        records += 1
result["records"] = records
result["seconds"] = time.perf_counter() - start
print(json.dumps(result))
