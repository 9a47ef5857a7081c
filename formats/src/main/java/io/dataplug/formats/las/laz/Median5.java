package io.dataplug.formats.las.laz;

/**
 * The median of the last five values, kept sorted with insertions that alternate between the low and the high end
 * (LASzip's StreamingMedian5, laszip_common_v2.hpp): the prediction of a point's X and Y difference.
 */
final class Median5 {
  private int v0;
  private int v1;
  private int v2;
  private int v3;
  private int v4;
  private boolean high;

  void reset() {
    v0 = v1 = v2 = v3 = v4 = 0;
    high = true;
  }

  int get() {
    return v2;
  }

  void add(int v) {
    if (high) {
      if (v < v2) {
        v4 = v3;
        v3 = v2;
        if (v < v0) {
          v2 = v1;
          v1 = v0;
          v0 = v;
        } else if (v < v1) {
          v2 = v1;
          v1 = v;
        } else {
          v2 = v;
        }
      } else {
        if (v < v3) {
          v4 = v3;
          v3 = v;
        } else {
          v4 = v;
        }
        high = false;
      }
    } else {
      if (v2 < v) {
        v0 = v1;
        v1 = v2;
        if (v4 < v) {
          v2 = v3;
          v3 = v4;
          v4 = v;
        } else if (v3 < v) {
          v2 = v3;
          v3 = v;
        } else {
          v2 = v;
        }
      } else {
        if (v1 < v) {
          v0 = v1;
          v1 = v;
        } else {
          v0 = v;
        }
        high = true;
      }
    }
  }
}
