package io.dataplug.formats.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * Arrow batches of a partition. Each {@link #next()} fills {@link #vectors()} with {@link #rows()} rows; a consumer
 * may close a batch's buffers when done with it (Spark does), so readers allocate fresh buffers for each batch that
 * was handed out. {@link #close()} releases every buffer the reader still holds, also after a failed {@code next()}.
 */
public interface BatchReader extends AutoCloseable {
  boolean next() throws IOException;

  List<FieldVector> vectors();

  int rows();

  /** Counters so far (rows, bytes fetched, requests, ...). */
  Map<ReadMetric, Long> metrics();

  @Override
  void close() throws IOException;
}
