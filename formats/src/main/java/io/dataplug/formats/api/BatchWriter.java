package io.dataplug.formats.api;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** A format's writer of Arrow vectors, one per requested column, which {@link SlicedBatchReader} closes last. */
public interface BatchWriter extends AutoCloseable {
  List<FieldVector> vectors();

  @Override
  void close();
}
