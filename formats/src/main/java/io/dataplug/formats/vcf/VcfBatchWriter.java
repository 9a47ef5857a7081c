package io.dataplug.formats.vcf;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses VCF data lines (VCF 4.4 section 1.6) straight into Arrow vectors of the requested columns. Only what the
 * columns need is parsed: without {@code genotypes} the sample columns are only counted, without INFO columns (and
 * {@code end}) the INFO field is not split. A line either becomes a whole row or throws {@link MalformedLine}
 * leaving no trace: every column of a row is written, as a value or as null.
 */
final class VcfBatchWriter extends ArrowBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(VcfBatchWriter.class);

  private final VcfSchema schema;
  private final Set<String> warned = new HashSet<>();

  private VarCharVector contig;
  private BigIntVector start;
  private BigIntVector end;
  private ListVector names;
  private VarCharVector reference;
  private ListVector alternates;
  private Float8Vector qual;
  private ListVector filters;
  private BitVector splitFromMultiAllelic;
  private MapVector attributes;
  private VarCharVector sourceFile;
  private final List<ValueColumn> infoColumns = new ArrayList<>();
  private final Map<String, ValueColumn> infoColumnByKey = new HashMap<>();

  private ListVector genotypes;
  private StructVector genotype;
  private SampleIdColumn sampleIds;
  private BitVector phased;
  private ListVector calls;
  /** The genotype struct's own columns, gathered per batch (see {@link NumberBuffer}). */
  private final BitBuffer phasedValues = new BitBuffer();
  private NumberBuffer callValues;
  private final List<ValueColumn> formatColumns = new ArrayList<>();
  private final Map<String, ValueColumn> formatColumnByKey = new HashMap<>();

  /** Per file: how its keys map to columns, and which of its samples are kept. */
  private VcfHeader header;
  private KeyTable<Binding> infoBindings;
  private KeyTable<Binding> formatBindings;
  private int[] keptSamples;
  private boolean percentEncoded;
  private byte[] sourceFileBytes;
  private final boolean parseInfo;

  /** The FORMAT column of the previous line and its bindings, reused while lines repeat it. */
  private byte[] lastFormat = new byte[0];
  private int lastFormatLength = -1;
  private Binding[] lineFormat = new Binding[8];
  private int lineFormatCount;
  private int gtPosition;
  /** The genotype fields that the current FORMAT does not list: null in every sample of the line. */
  private ValueColumn[] absentFormatColumns = new ValueColumn[0];

  /** Per row (and per genotype element) marks of the columns written, so the others are set to null. */
  private int[] infoWritten;
  private int stamp;
  /** Where the first nine columns of the current line end (reused: one array per writer, not per line). */
  private final int[] lineTabs = new int[9];

  /** A file's INFO or FORMAT key: its declaration in that file (for counts) and its column, if requested. */
  private record Binding(VcfField declared, ValueColumn column, boolean isEnd, boolean isOldMultiAllelic,
      boolean countChecked) {
    Binding(VcfField declared, ValueColumn column, boolean isEnd, boolean isOldMultiAllelic) {
      // A single number needs no count: parsing it rejects a second value.
      this(declared, column, isEnd, isOldMultiAllelic, declared.type() != VcfField.Type.FLAG
          && !(!declared.isList() && column != null && !column.isList()
          && (declared.type() == VcfField.Type.INTEGER || declared.type() == VcfField.Type.FLOAT)));
    }
  }

  VcfBatchWriter(BufferAllocator allocator, VcfSchema schema, List<String> columns) {
    this.schema = schema;
    Schema arrow = schema.arrow();
    try {
      for (String name : columns) {
        bind(name, allocate(arrow.findField(name), allocator));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.infoWritten = new int[infoColumns.size()];
    this.parseInfo = end != null || splitFromMultiAllelic != null || attributes != null || !infoColumns.isEmpty();
  }

  private void bind(String name, FieldVector vector) {
    switch (name) {
      case VcfSchema.CONTIG_NAME -> contig = (VarCharVector) vector;
      case VcfSchema.START -> start = (BigIntVector) vector;
      case VcfSchema.END -> end = (BigIntVector) vector;
      case VcfSchema.NAMES -> names = (ListVector) vector;
      case VcfSchema.REFERENCE_ALLELE -> reference = (VarCharVector) vector;
      case VcfSchema.ALTERNATE_ALLELES -> alternates = (ListVector) vector;
      case VcfSchema.QUAL -> qual = (Float8Vector) vector;
      case VcfSchema.FILTERS -> filters = (ListVector) vector;
      case VcfSchema.SPLIT_FROM_MULTI_ALLELIC -> splitFromMultiAllelic = (BitVector) vector;
      case VcfSchema.ATTRIBUTES -> attributes = (MapVector) vector;
      case VcfSchema.SOURCE_FILE -> sourceFile = (VarCharVector) vector;
      case VcfSchema.GENOTYPES -> bindGenotypes((ListVector) vector);
      default -> {
        String key = name.substring(VcfSchema.INFO_PREFIX.length());
        ValueColumn column = new ValueColumn(name, schema.info().get(key), vector, infoColumns.size());
        infoColumns.add(column);
        infoColumnByKey.put(key, column);
      }
    }
  }

  private void bindGenotypes(ListVector vector) {
    genotypes = vector;
    genotype = (StructVector) vector.getDataVector();
    if (schema.sampleIds()) {
      sampleIds = new SampleIdColumn((VarCharVector) genotype.getChild(VcfSchema.SAMPLE_ID));
    }
    phased = (BitVector) genotype.getChild(VcfSchema.PHASED);
    calls = (ListVector) genotype.getChild(VcfSchema.CALLS);
    callValues = new NumberBuffer(calls);
    for (VcfField field : schema.format().values()) {
      String name = VcfSchema.genotypeName(field.id());
      ValueColumn column = new ValueColumn(name, field, (FieldVector) genotype.getChild(name),
          formatColumns.size());
      formatColumns.add(column);
      formatColumnByKey.put(field.id(), column);
    }
  }

  /** Readies the writer for the lines of one file. */
  void startFile(VcfHeader fileHeader, int[] samples) {
    this.header = fileHeader;
    this.percentEncoded = fileHeader.percentEncoded();
    this.sourceFileBytes = fileHeader.uri().getBytes(StandardCharsets.UTF_8);
    this.infoBindings = new KeyTable<>();
    for (VcfField field : fileHeader.info().values()) {
      infoBindings.put(field.id(), new Binding(field, infoColumnByKey.get(field.id()), field.id().equals("END"),
          field.id().equals("OLD_MULTIALLELIC")));
    }
    this.formatBindings = new KeyTable<>();
    for (VcfField field : fileHeader.format().values()) {
      formatBindings.put(field.id(), new Binding(field, formatColumnByKey.get(field.id()), false, false));
    }
    this.keptSamples = samples;
    if (sampleIds != null) {
      String[] names = new String[samples.length];
      for (int i = 0; i < samples.length; i++) {
        names[i] = fileHeader.samples().get(samples[i]);
      }
      sampleIds.startFile(names);
    }
    this.lastFormatLength = -1;
  }

  @Override
  public void finishBatch() {
    for (ValueColumn column : infoColumns) {
      column.flush(rows);
    }
    if (genotypes != null) {
      int elements = rows == 0 ? 0 : genotypes.getOffsetBuffer().getInt((long) rows * ListVector.OFFSET_WIDTH);
      if (elements > 0) {
        genotype.setIndexDefined(elements - 1);
        ArrowBatchWriter.setValid(genotype.getValidityBuffer(), 0, elements);
        while (phased.getValueCapacity() < elements) {
          phased.reAlloc();
        }
        phasedValues.copyTo(phased.getDataBuffer(), elements);
        ArrowBatchWriter.setValid(phased.getValidityBuffer(), 0, elements);
      }
      callValues.flush(elements);
      if (sampleIds != null) {
        sampleIds.flush(elements);
      }
      for (ValueColumn column : formatColumns) {
        column.flush(elements);
      }
    }
    super.finishBatch();
  }

  /** Genotype elements per batch stay bounded: a batch of a file with many samples holds fewer rows. */
  int genotypesPerRow() {
    return genotypes == null || keptSamples == null ? 0 : keptSamples.length;
  }

  /** Parses one data line (without its terminator) into the next row; a malformed line leaves nothing behind. */
  void line(byte[] b, int from, int to) throws MalformedLine {
    try {
      parseLine(b, from, to);
    } catch (MalformedLine e) {
      undoFrom(rows);
      throw e;
    }
  }

  @Override
  public void startBatch() {
    super.startBatch();
    undoFrom(0);
  }

  /** Forgets the buffered values of row {@code row} and after. */
  private void undoFrom(int row) {
    for (ValueColumn column : infoColumns) {
      column.undoFrom(row);
    }
    if (genotypes != null) {
      int base = row == 0 ? 0 : genotypes.getOffsetBuffer().getInt((long) row * ListVector.OFFSET_WIDTH);
      callValues.undoFrom(base);
      for (ValueColumn column : formatColumns) {
        column.undoFrom(base);
      }
    }
  }

  private void parseLine(byte[] b, int from, int to) throws MalformedLine {
    int row = rows;
    int[] tabs = lineTabs;
    int columns = 0;
    int p = from;
    while (columns < 9) {
      int tab = p;
      while (tab < to && b[tab] != '\t') {
        tab++;
      }
      tabs[columns++] = tab;
      if (tab == to) {
        break;
      }
      p = tab + 1;
    }
    if (columns < 8) {
      throw new MalformedLine("the line has " + columns + " tab-separated columns, a VCF line has at least 8");
    }
    int samples = header.samples().size();
    int sampleStart = columns == 9 && tabs[8] < to ? tabs[8] + 1 : -1;
    // A line of 8 columns in a file with samples has no genotype data: every sample's values are missing (as
    // htslib reads it; htsjdk refuses the line).
    boolean noGenotypeData = columns == 8 && samples > 0;
    if (!noGenotypeData && (sampleStart < 0 ? samples > 0 : samples == 0)) {
      int found = columns + (sampleStart < 0 ? 0 : countColumns(b, sampleStart, to));
      throw new MalformedLine("the line has " + found + " columns, the header declares " + (samples == 0 ? 8 : 9
          + samples) + (samples == 0 ? " or 9 (no samples)" : " (8 fixed, FORMAT and " + samples + " samples)"));
    }
    int posFrom = tabs[0] + 1;
    long pos = VcfText.parseLong(b, posFrom, tabs[1], "POS");
    int refFrom = tabs[2] + 1;
    int refLength = tabs[3] - refFrom;
    if (refLength <= 0) {
      throw new MalformedLine("REF is empty");
    }
    int altFrom = tabs[3] + 1;
    int altCount = VcfText.isMissing(b, altFrom, tabs[4]) ? 0 : ValueColumn.count(b, altFrom, tabs[4]);
    if (contig != null) {
      contig.setSafe(row, b, from, tabs[0] - from);
    }
    if (start != null) {
      start.setSafe(row, pos - 1);
    }
    if (names != null) {
      writeList(names, row, b, tabs[1] + 1, tabs[2], (byte) ';');
    }
    if (reference != null) {
      reference.setSafe(row, b, refFrom, refLength);
    }
    if (alternates != null) {
      writeList(alternates, row, b, altFrom, tabs[4], (byte) ',');
    }
    if (qual != null) {
      int qualFrom = tabs[4] + 1;
      if (VcfText.isMissing(b, qualFrom, tabs[5])) {
        qual.setNull(row);
      } else {
        qual.setSafe(row, VcfText.parseDouble(b, qualFrom, tabs[5], "QUAL"));
      }
    }
    if (filters != null) {
      writeList(filters, row, b, tabs[5] + 1, tabs[6], (byte) ';');
    }
    long endValue = pos - 1 + refLength;
    boolean oldMultiAllelic = false;
    if (parseInfo) {
      long infoEnd = info(row, b, tabs[6] + 1, tabs[7], altCount);
      if (infoEnd >= 0) {
        endValue = infoEnd;
      }
      oldMultiAllelic = oldMultiAllelicSeen;
    }
    if (end != null) {
      end.setSafe(row, endValue);
    }
    if (splitFromMultiAllelic != null) {
      splitFromMultiAllelic.setSafe(row, oldMultiAllelic ? 1 : 0);
    }
    if (genotypes != null) {
      int base = genotypes.startNewValue(row);
      if (sampleStart >= 0) {
        genotypeColumns(b, tabs[7] + 1, tabs[8], sampleStart, to, base, altCount, samples);
      } else if (noGenotypeData) {
        for (int k = 0; k < keptSamples.length; k++) {
          missingSample(base + k);
        }
      }
      boolean hasGenotypes = sampleStart >= 0 || noGenotypeData;
      if (hasGenotypes && sampleIds != null) {
        sampleIds.writeLine(base);
      }
      genotypes.endValue(row, hasGenotypes ? keptSamples.length : 0);
    } else if (sampleStart >= 0) {
      int found = countColumns(b, sampleStart, to);
      if (found != samples) {
        throw wrongSampleCount(found, samples);
      }
    }
    if (sourceFile != null) {
      sourceFile.setSafe(row, sourceFileBytes, 0, sourceFileBytes.length);
    }
    rows = row + 1;
  }

  private static MalformedLine wrongSampleCount(int found, int samples) {
    return new MalformedLine("the line has " + (9 + found) + " columns, the header declares " + (9 + samples)
        + " (8 fixed, FORMAT and " + samples + " samples)");
  }

  private static int countColumns(byte[] b, int from, int to) {
    int n = 1;
    for (int i = from; i < to; i++) {
      if (b[i] == '\t') {
        n++;
      }
    }
    return n;
  }

  /** Writes '.'-or-separated text as a list: '.' is the empty list. */
  private static void writeList(ListVector list, int row, byte[] b, int from, int to, byte separator) {
    int at = list.startNewValue(row);
    int n = 0;
    if (!VcfText.isMissing(b, from, to)) {
      VarCharVector element = (VarCharVector) list.getDataVector();
      int itemStart = from;
      for (int i = from; i <= to; i++) {
        if (i == to || b[i] == separator) {
          element.setSafe(at + n, b, itemStart, i - itemStart);
          n++;
          itemStart = i + 1;
        }
      }
    }
    list.endValue(row, n);
  }

  private boolean oldMultiAllelicSeen;

  /** Writes the INFO columns of a row; returns the END value, or -1 when the line has none. */
  private long info(int row, byte[] b, int from, int to, int altCount) throws MalformedLine {
    stamp++;
    oldMultiAllelicSeen = false;
    long endValue = -1;
    int mapStart = attributes != null ? attributes.startNewValue(row) : 0;
    int mapEntries = 0;
    if (!VcfText.isMissing(b, from, to)) {
      int entry = from;
      for (int i = from; i <= to; i++) {
        if (i < to && b[i] != ';') {
          continue;
        }
        if (i > entry) {
          int eq = entry;
          while (eq < i && b[eq] != '=') {
            eq++;
          }
          int valueFrom = eq < i ? eq + 1 : -1;
          Binding binding = infoBindings.get(b, entry, eq);
          if (binding == null) {
            binding = undeclaredInfo(b, entry, eq);
          }
          if (binding != null) {
            if (binding.isEnd && valueFrom >= 0 && !VcfText.isMissing(b, valueFrom, i)) {
              endValue = VcfText.parseLong(b, valueFrom, i, "INFO END");
            }
            if (binding.isOldMultiAllelic) {
              oldMultiAllelicSeen = true;
            }
            writeInfo(binding, row, b, valueFrom, i, altCount);
          }
          if (attributes != null) {
            writeAttribute(mapStart + mapEntries++, b, entry, eq, valueFrom, i);
          }
        }
        entry = i + 1;
      }
    }
    if (attributes != null) {
      attributes.endValue(row, mapEntries);
    }
    for (int c = 0; c < infoColumns.size(); c++) {
      if (infoWritten[c] != stamp) {
        infoColumns.get(c).setNull(row);
      }
    }
    return endValue;
  }

  private void writeInfo(Binding binding, int row, byte[] b, int valueFrom, int to, int altCount)
      throws MalformedLine {
    VcfField declared = binding.declared;
    if (declared.type() == VcfField.Type.FLAG) {
      // A flag has no value (VCF 4.4 section 1.6.1); given "0", it is false, as htsjdk reads it.
      boolean zero = valueFrom >= 0 && to - valueFrom == 1 && b[valueFrom] == '0';
      if (binding.column != null && !zero) {
        binding.column.setPresent(row);
      } else if (binding.column != null) {
        binding.column.setNull(row);
      }
    } else {
      if (valueFrom < 0) {
        throw new MalformedLine("INFO " + declared.id() + " has no value, its header declares " + declared);
      }
      checkCount("INFO", declared, b, valueFrom, to, altCount, -1);
      if (binding.column != null) {
        binding.column.write(row, b, valueFrom, to, percentEncoded);
      }
    }
    if (binding.column != null) {
      infoWritten[binding.column.slot()] = stamp;
    }
  }

  private Binding undeclaredInfo(byte[] b, int from, int to) {
    String key = VcfText.text(b, from, to);
    ValueColumn column = infoColumnByKey.get(key);
    Binding binding = new Binding(VcfField.undeclared(key), column, false, false);
    infoBindings.put(key, binding);
    if (column == null && warned.add("INFO " + key)) {
      LOG.warn("{}: INFO key {} is not declared in the header and has no column (keys found in the first records"
          + " of each file become string columns); its values are not read", header.uri(), key);
    }
    return binding;
  }

  private void writeAttribute(int index, byte[] b, int keyFrom, int keyTo, int valueFrom, int valueTo) {
    StructVector entries = (StructVector) attributes.getDataVector();
    entries.setIndexDefined(index);
    ((VarCharVector) entries.getChild(MapVector.KEY_NAME)).setSafe(index, b, keyFrom, keyTo - keyFrom);
    VarCharVector value = (VarCharVector) entries.getChild(MapVector.VALUE_NAME);
    if (valueFrom < 0) {
      value.setNull(index);
    } else if (percentEncoded && VcfText.hasPercent(b, valueFrom, valueTo)) {
      byte[] decoded = VcfText.percentDecode(b, valueFrom, valueTo);
      value.setSafe(index, decoded, 0, decoded.length);
    } else {
      value.setSafe(index, b, valueFrom, valueTo - valueFrom);
    }
  }

  private static void checkCount(String where, VcfField declared, byte[] b, int from, int to, int altCount,
      int ploidy) throws MalformedLine {
    if (!declared.declared()) {
      return;
    }
    int expected = declared.expectedCount(altCount, ploidy);
    if (expected < 0) {
      return;
    }
    int found = ValueColumn.count(b, from, to);
    if (found >= 0 && found != expected && !(declared.number() == VcfField.Number.FIXED && !declared.isList())) {
      throw new MalformedLine(where + " " + declared.id() + " has " + found + " values, its header declares "
          + declared + ", which means " + expected + " here");
    }
    if (found > 1 && !declared.isList()) {
      throw new MalformedLine(where + " " + declared.id() + " has " + found + " values, its header declares "
          + declared);
    }
  }

  /** Reads the FORMAT keys of the line, reusing the previous line's when they are the same bytes. */
  private void formatKeys(byte[] b, int from, int to) throws MalformedLine {
    int length = to - from;
    if (length == lastFormatLength && java.util.Arrays.equals(lastFormat, 0, length, b, from, to)) {
      return;
    }
    if (lastFormat.length < length) {
      lastFormat = new byte[Math.max(length, lastFormat.length * 2)];
    }
    System.arraycopy(b, from, lastFormat, 0, length);
    lastFormatLength = length;
    lineFormatCount = 0;
    gtPosition = -1;
    int keyStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ':') {
        if (lineFormatCount == lineFormat.length) {
          lineFormat = java.util.Arrays.copyOf(lineFormat, lineFormatCount * 2);
        }
        if (i - keyStart == 2 && b[keyStart] == 'G' && b[keyStart + 1] == 'T') {
          if (lineFormatCount != 0) {
            lastFormatLength = -1;
            throw new MalformedLine("GT is not the first FORMAT key (VCF 4.4 section 1.6.2)");
          }
          gtPosition = 0;
          lineFormat[lineFormatCount++] = null;
        } else {
          Binding binding = formatBindings.get(b, keyStart, i);
          if (binding == null) {
            String key = VcfText.text(b, keyStart, i);
            binding = new Binding(VcfField.undeclared(key), formatColumnByKey.get(key), false, false);
            formatBindings.put(key, binding);
            if (binding.column == null && warned.add("FORMAT " + key)) {
              LOG.warn("{}: FORMAT key {} is not declared in the header and has no genotype field; its values are"
                  + " not read", header.uri(), key);
            }
          }
          lineFormat[lineFormatCount++] = binding;
        }
        keyStart = i + 1;
      }
    }
    List<ValueColumn> absent = new ArrayList<>(formatColumns);
    for (int k = 0; k < lineFormatCount; k++) {
      if (lineFormat[k] != null) {
        absent.remove(lineFormat[k].column);
      }
    }
    absentFormatColumns = absent.toArray(new ValueColumn[0]);
  }

  private void genotypeColumns(byte[] b, int formatFrom, int formatTo, int from, int to, int base, int altCount,
      int samples) throws MalformedLine {
    formatKeys(b, formatFrom, formatTo);
    int[] kept = keptSamples;
    int keptCount = 0;
    int nextKept = kept.length > 0 ? kept[0] : -1;
    int sample = 0;
    int p = from;
    while (true) {
      if (sample >= samples) {
        throw wrongSampleCount(countColumns(b, from, to), samples);
      }
      int end;
      if (sample == nextKept) {
        end = sampleValues(b, p, to, base + keptCount, keptCount, altCount);
        keptCount++;
        nextKept = keptCount < kept.length ? kept[keptCount] : -1;
      } else {
        end = p;
        while (end < to && b[end] != '\t') {
          end++;
        }
      }
      sample++;
      if (end == to) {
        break;
      }
      p = end + 1;
    }
    if (sample != samples) {
      throw wrongSampleCount(sample, samples);
    }
  }

  /** Writes one sample's values (its column starts at {@code from}); returns where the column ends. */
  private int sampleValues(byte[] b, int from, int to, int index, int kept, int altCount) throws MalformedLine {
    int ploidy = -1;
    boolean isPhased = false;
    int position = 0;
    int valueStart = from;
    while (true) {
      int valueEnd;
      if (position == gtPosition) {
        valueEnd = diploidGenotype(b, valueStart, to, index, altCount);
        if (valueEnd >= 0) {
          ploidy = 2;
          isPhased = b[valueStart + 1] == '|';
        } else {
          valueEnd = valueEnd(b, valueStart, to);
          long gt = genotype(b, valueStart, valueEnd, index, altCount);
          ploidy = (int) (gt >> 1);
          isPhased = (gt & 1) != 0;
        }
      } else {
        if (position >= lineFormatCount) {
          throw new MalformedLine("sample " + header.samples().get(keptSamples[kept]) + " has more values than"
              + " the FORMAT keys " + VcfText.text(lastFormat, 0, lastFormatLength));
        }
        Binding binding = lineFormat[position];
        ValueColumn column = binding.column;
        valueEnd = column != null && !binding.countChecked ? column.writeDelimitedInt(index, b, valueStart, to) : -1;
        if (valueEnd < 0) {
          valueEnd = valueEnd(b, valueStart, to);
          if (binding.countChecked) {
            checkCount("FORMAT", binding.declared, b, valueStart, valueEnd, altCount, ploidy);
          }
          if (column != null) {
            column.write(index, b, valueStart, valueEnd, percentEncoded);
          }
        }
      }
      position++;
      if (valueEnd == to || b[valueEnd] == '\t') {
        phasedValues.set(index, isPhased);
        if (gtPosition < 0) {
          callValues.setNull(index);
        }
        // Trailing fields may be dropped (VCF 4.4 section 1.6.2): they are missing.
        for (int k = position; k < lineFormatCount; k++) {
          if (lineFormat[k] != null && lineFormat[k].column != null) {
            lineFormat[k].column.setNull(index);
          }
        }
        for (ValueColumn column : absentFormatColumns) {
          column.setNull(index);
        }
        return valueEnd;
      }
      valueStart = valueEnd + 1;
    }
  }

  /** Where the sample value starting at {@code from} ends: at ':', a tab or the end of the line. */
  private static int valueEnd(byte[] b, int from, int to) {
    int end = from;
    while (end < to && b[end] != ':' && b[end] != '\t') {
      end++;
    }
    return end;
  }

  /**
   * The common GT of two one-digit alleles ({@code 0/1}, {@code 1|1}...), written without the general parser;
   * returns where it ends, or -1 when the value has another form (or an allele the line lacks: the general parser
   * reports it).
   */
  private int diploidGenotype(byte[] b, int from, int to, int index, int altCount) {
    if (to - from < 3) {
      return -1;
    }
    int first = b[from] - '0';
    byte separator = b[from + 1];
    int second = b[from + 2] - '0';
    if (first < 0 || first > altCount || second < 0 || second > altCount || first > 9 || second > 9
        || (separator != '/' && separator != '|')
        || (from + 3 < to && b[from + 3] != ':' && b[from + 3] != '\t')) {
      return -1;
    }
    int at = callValues.startList(index);
    callValues.set(at, first);
    callValues.set(at + 1, second);
    callValues.endList(index, 2);
    return from + 3;
  }

  private void missingSample(int index) {
    phasedValues.set(index, false);
    callValues.setNull(index);
    for (ValueColumn column : formatColumns) {
      column.setNull(index);
    }
  }

  /**
   * Writes GT's calls (VCF 4.4 section 1.6.2: alleles separated by '/' or '|', '.' for no call, an optional
   * leading phasing character); returns ploidy << 1 | phased, phased when every separator is '|'.
   */
  private long genotype(byte[] b, int from, int to, int index, int altCount) throws MalformedLine {
    int at = callValues.startList(index);
    int n = 0;
    boolean allPhased = true;
    int separators = 0;
    int i = from;
    if (i < to && (b[i] == '/' || b[i] == '|')) {
      allPhased = b[i] == '|';
      separators++;
      i++;
    }
    while (true) {
      int alleleStart = i;
      while (i < to && b[i] != '/' && b[i] != '|') {
        i++;
      }
      int allele;
      if (i - alleleStart == 1 && b[alleleStart] >= '0' && b[alleleStart] <= '9') {
        allele = b[alleleStart] - '0';
      } else if (VcfText.isMissing(b, alleleStart, i)) {
        allele = -1;
      } else {
        allele = VcfText.parseInt(b, alleleStart, i, "GT allele");
        if (allele < 0) {
          throw new MalformedLine("GT " + VcfText.text(b, from, to) + " calls allele " + allele + ", allele indexes"
              + " are 0 or more ('.' for no call)");
        }
      }
      if (allele > altCount) {
        throw new MalformedLine("GT " + VcfText.text(b, from, to) + " calls allele " + allele + " but the line"
            + " has " + altCount + " ALT allele" + (altCount == 1 ? "" : "s"));
      }
      callValues.set(at + n++, allele);
      if (i == to) {
        break;
      }
      allPhased &= b[i] == '|';
      separators++;
      i++;
    }
    callValues.endList(index, n);
    return ((long) n << 1) | (separators > 0 && allPhased ? 1 : 0);
  }
}
