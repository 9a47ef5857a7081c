package io.dataplug.formats.las;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a reader needs to know about one LAS/LAZ/COPC file, from its header and VLRs alone: small and serializable,
 * so every partition carries it and no task re-reads the header.
 */
public record LasFileInfo(String uri, BlobIdentity identity, LasHeader header, PointLayout layout,
    LazParameters laz, CopcInfo copc) implements Serializable {

  private static final int VLR_HEADER_BYTES = 54;

  public boolean compressed() {
    return laz != null;
  }

  /** Reads the header and the VLRs (everything before the point data) in one or two ranged reads. */
  public static LasFileInfo read(Blob blob) throws IOException {
    long length = blob.length();
    int first = (int) Math.min(length, 4096);
    byte[] head = new byte[first];
    blob.readFully(0, head, 0, first);
    LasHeader header = LasHeader.parse(blob.uri(), head, first, length);
    if (header.offsetToPointData() > first) {
      if (header.offsetToPointData() > (64L << 20)) {
        throw new LasFormatException("VLRs of " + blob.uri() + " span " + header.offsetToPointData()
            + " bytes before the point data; at most 64 MiB are supported");
      }
      head = new byte[(int) header.offsetToPointData()];
      blob.readFully(0, head, 0, head.length);
    }
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    LazParameters laz = null;
    CopcInfo copc = null;
    List<ExtraDimension> extras = List.of();
    boolean extraBytesSeen = false;
    long at = header.headerSize();
    for (long v = 0; v < header.numberOfVlrs(); v++) {
      if (at + VLR_HEADER_BYTES > header.offsetToPointData()) {
        throw new LasFormatException("VLR " + v + " of " + blob.uri() + " at byte " + at
            + " runs past the start of the point data (" + header.offsetToPointData() + ")");
      }
      String userId = cString(head, (int) at + 2, 16);
      int recordId = b.getShort((int) at + 18) & 0xFFFF;
      int dataLength = b.getShort((int) at + 20) & 0xFFFF;
      long dataStart = at + VLR_HEADER_BYTES;
      if (dataStart + dataLength > header.offsetToPointData()) {
        throw new LasFormatException("VLR " + v + " (" + userId + ", " + recordId + ") of " + blob.uri()
            + " at byte " + at + " runs past the start of the point data (" + header.offsetToPointData() + ")");
      }
      byte[] data = new byte[dataLength];
      System.arraycopy(head, (int) dataStart, data, 0, dataLength);
      if (userId.equals("laszip encoded") && recordId == 22204) {
        laz = LazParameters.parse(blob.uri(), data);
      } else if (userId.equals("LASF_Spec") && recordId == 4 && !extraBytesSeen) {
        extraBytesSeen = true;
        // Only the first extra-bytes VLR describes the record (as laspy and PDAL read it); a second one, written by
        // appending tools, would describe the same bytes again.
        extras = ExtraDimension.parse(blob.uri(), data, LasHeader.coreSize(header.pointFormat()),
            header.pointRecordLength());
      } else if (userId.equals("copc") && recordId == 1) {
        copc = CopcInfo.parse(blob.uri(), data);
      }
      at = dataStart + dataLength;
    }
    if (header.compressed() && laz == null) {
      throw new LasFormatException("Compressed point format in " + blob.uri() + " but no laszip VLR (user 'laszip"
          + " encoded', record 22204) describes the compressor");
    }
    if (!header.compressed()) {
      laz = null;
      long needed = header.offsetToPointData() + header.pointCount() * header.pointRecordLength();
      if (needed > length) {
        throw new LasFormatException("Header point count " + header.pointCount() + " of " + blob.uri() + " needs "
            + needed + " bytes of points, but the file has " + length + " bytes (truncated file, or a wrong count)");
      }
    }
    return new LasFileInfo(blob.uri(), blob.identity(), header, PointLayout.of(header, extras), laz, copc);
  }

  private static String cString(byte[] bytes, int offset, int max) {
    int end = offset;
    while (end < offset + max && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.US_ASCII).trim();
  }
}
