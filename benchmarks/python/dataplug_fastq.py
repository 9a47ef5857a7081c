"""The Python Dataplug (cloud-dataplug from PyPI, with gztool) on a FASTQ.gz in an S3-compatible store.

usage: dataplug_fastq.py ENDPOINT ACCESS_KEY SECRET_KEY s3://BUCKET/KEY BATCHES WORKERS preprocess|read
preprocess: builds Dataplug's gztool index (the whole object streams through gztool) and prints its seconds.
read: partitions into BATCHES slices by reads and reads every slice in a pool of WORKERS processes, each slice
      downloading its byte range and the index and running gztool, as Dataplug's slices do; prints seconds, the
      records and the sum of sequence lengths.
"""
import json
import multiprocessing
import sys
import time

from dataplug import CloudObject
from dataplug.formats.compressed.gzipped import GZipTextSlice
from dataplug.formats.genomics.fastq import FASTQGZip, partition_reads_batches

worker_object = None


def open_object(uri, config):
    return CloudObject.from_s3(FASTQGZip, uri, s3_config=config)


def start_worker(uri, config):
    global worker_object
    worker_object = open_object(uri, config)


def read_slice(bounds):
    # Dataplug's format classes do not pickle (its decorator replaces them), so each worker process opens the
    # object once and rebuilds its slices from their line and byte bounds.
    data_slice = GZipTextSlice(*bounds)
    data_slice.cloud_object = worker_object
    records = 0
    bases = 0
    for i, line in enumerate(data_slice.iter_lines()):
        if i % 4 == 1:
            records += 1
            bases += len(line)
    return records, bases


def main():
    endpoint, key, secret, uri, batches, workers, action = sys.argv[1:8]
    config = {"endpoint_url": endpoint, "region_name": "us-east-1",
              "credentials": {"AccessKeyId": key, "SecretAccessKey": secret}}
    cloud_object = open_object(uri, config)
    if action == "preprocess":
        start = time.perf_counter()
        cloud_object.preprocess(force=True)
        print(json.dumps({"seconds": time.perf_counter() - start}))
        return
    start = time.perf_counter()
    slices = cloud_object.partition(partition_reads_batches, num_batches=int(batches))
    bounds = [(s.line_0, s.line_1, s.range_0, s.range_1) for s in slices]
    with multiprocessing.Pool(int(workers), initializer=start_worker, initargs=(uri, config)) as pool:
        counts = pool.map(read_slice, bounds, chunksize=1)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "records": sum(c[0] for c in counts), "bases": sum(c[1] for c in counts),
                      "slices": len(slices)}))


if __name__ == "__main__":
    main()
