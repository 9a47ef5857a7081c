package io.dataplug.formats.imzml;

import io.dataplug.formats.api.Slice;

/** What one task reads of one imzML file: some of its spectra, with their index entries. */
record ImzmlSlice(String imzmlUri, String ibdUri, ImzmlIndex spectra) implements Slice {

  @Override
  public String dataUri() {
    return imzmlUri;
  }

  @Override
  public long bytes() {
    long bytes = spectra.continuous && spectra.spectra() > 0 ? spectra.mz.encodedLength[0] : 0;
    for (int i = 0; i < spectra.spectra(); i++) {
      bytes += spectra.bytesOf(i);
    }
    return bytes;
  }

  @Override
  public long rows() {
    return spectra.spectra();
  }

  @Override
  public String toString() {
    int n = spectra.spectra();
    return ibdUri + ": " + n + " spectra" + (n == 0 ? "" : " (" + spectra.ordinal[0] + " to "
        + spectra.ordinal[n - 1] + "), " + bytes() + " bytes");
  }
}
