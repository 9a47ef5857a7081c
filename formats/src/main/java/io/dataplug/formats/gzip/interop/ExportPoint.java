package io.dataplug.formats.gzip.interop;

/**
 * A point of an exported index: a deflate block start with its window, or the start of a member's deflate data
 * (right after its header) with an empty window.
 */
public record ExportPoint(long bitOffset, long uncompressedOffset, byte[] window) {}
