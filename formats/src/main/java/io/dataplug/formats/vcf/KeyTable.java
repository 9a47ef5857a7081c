package io.dataplug.formats.vcf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A small map from INFO or FORMAT keys to values, looked up by the key's bytes in a line without making a string. */
final class KeyTable<V> {
  private byte[][] keys = new byte[16][];
  private Object[] values = new Object[16];
  private int size;

  void put(String key, V value) {
    if ((size + 1) * 2 > keys.length) {
      byte[][] oldKeys = keys;
      Object[] oldValues = values;
      keys = new byte[oldKeys.length * 2][];
      values = new Object[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          insert(oldKeys[i], oldValues[i]);
        }
      }
    }
    insert(key.getBytes(StandardCharsets.UTF_8), value);
  }

  private void insert(byte[] key, Object value) {
    int mask = keys.length - 1;
    int i = hash(key, 0, key.length) & mask;
    while (keys[i] != null && !Arrays.equals(keys[i], key)) {
      i = (i + 1) & mask;
    }
    if (keys[i] == null) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  @SuppressWarnings("unchecked")
  V get(byte[] b, int from, int to) {
    int mask = keys.length - 1;
    int i = hash(b, from, to) & mask;
    while (keys[i] != null) {
      if (Arrays.equals(keys[i], 0, keys[i].length, b, from, to)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
