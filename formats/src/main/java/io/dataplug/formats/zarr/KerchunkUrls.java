package io.dataplug.formats.zarr;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a reference's URL into one this reader opens: schemes mapped by option {@link KerchunkFormat#SCHEMES} (the
 * references kerchunk writes say {@code s3://}, Hadoop's S3 connector is {@code s3a://}), and a URL without a scheme
 * taken relative to the folder that holds the reference set (a cluster has no working directory to resolve it
 * against; an absolute path stays as it is).
 */
record KerchunkUrls(String base, Map<String, String> schemes) implements Serializable {
  static KerchunkUrls of(String referenceSetUri, String schemeOption) {
    String trimmed = referenceSetUri.endsWith("/") ? referenceSetUri.substring(0, referenceSetUri.length() - 1)
        : referenceSetUri;
    int slash = trimmed.lastIndexOf('/');
    String base = slash < 0 ? "" : trimmed.substring(0, slash + 1);
    return new KerchunkUrls(base, parseSchemes(schemeOption));
  }

  /** {@code "s3=s3a,gcs=gs"}: scheme to scheme; empty maps none. */
  static Map<String, String> parseSchemes(String option) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : option.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] sides = pair.split("=", -1);
      String from = sides[0].trim().replace("://", "");
      String to = sides.length == 2 ? sides[1].trim().replace("://", "") : "";
      if (sides.length != 2 || from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException("Option " + KerchunkFormat.SCHEMES.name() + ": '" + pair + "' is not"
            + " scheme=scheme (for example s3=s3a,gcs=gs)");
      }
      out.put(from, to);
    }
    return Map.copyOf(out);
  }

  String resolve(String url) {
    int colon = url.indexOf("://");
    if (colon > 0) {
      String scheme = url.substring(0, colon);
      String mapped = schemes.get(scheme);
      return mapped == null ? url : mapped + url.substring(colon);
    }
    if (url.startsWith("/") || url.startsWith("file:")) {
      return url;
    }
    return base + url;
  }
}
