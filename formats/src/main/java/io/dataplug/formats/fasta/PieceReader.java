package io.dataplug.formats.fasta;

import io.dataplug.formats.api.ReadMetric;
import java.io.IOException;
import java.util.Map;

/** A reader of one slice's contig pieces. */
interface PieceReader extends AutoCloseable {
  /** Adds up to {@code maxRows} pieces to the writer's batch; 0 at the end of the slice. */
  int read(FastaBatchWriter writer, int maxRows) throws IOException;

  Map<ReadMetric, Long> metrics();

  @Override
  void close() throws IOException;
}
