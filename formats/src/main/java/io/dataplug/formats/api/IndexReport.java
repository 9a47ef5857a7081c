package io.dataplug.formats.api;

/**
 * What building or loading one file's index gave, for the CLI.
 *
 * @param contents what the index holds, in a line ({@code 20,000 records, 9 checkpoints (span 8m)})
 * @param rate how fast it was built, in a line, or empty
 */
public record IndexReport(String dataUri, String indexUri, long indexBytes, long dataBytes, String contents,
    String rate) {}
