package io.leadflow.schemas;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding ({@code C3 01} + 8-byte schema fingerprint + binary body), no registry
 * needed. Reads any published version of the record and resolves it to the current class.
 *
 * <p>The bytes are those of Avro's {@code BinaryMessageEncoder}; this class writes and reads the header itself so the
 * body goes through Avro's buffered encoder and decoder over the array. The message classes use the unbuffered ones,
 * which read and write a byte at a time through a stream: decoding with them cost about twice as much.
 *
 * <p>Undecodable bytes raise a {@link SerializationException} whose message says what was wrong, so the
 * deserialization handler can put it in the DLQ headers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static final int HEADER_LENGTH = 10;
  private static final byte MAGIC_0 = (byte) 0xC3;
  private static final byte MAGIC_1 = (byte) 0x01;
  /** Per thread, as Avro's message classes keep theirs: encoders and decoders are not thread-safe, readers are. */
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);
  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private final Class<T> type;
  private final Schema schema;
  private final SpecificData model;
  private final SchemaStore store;
  private final byte[] header;
  private final long fingerprint;
  private final DatumWriter<T> writer;
  /** Reads what this class's own schema wrote: nearly every record. */
  private final DatumReader<T> ownReader;
  /** Other writer schemas' fingerprints → reader into the current class; unknown ones are looked up every time. */
  private final ConcurrentHashMap<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

  public AvroSerde(Class<T> type) {
    this(type, PublishedSchemas.get().newStore());
  }

  public AvroSerde(Class<T> type, SchemaStore store) {
    TrustedPackages.allowLeadflowClasses();
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    this.model = SpecificData.getForClass(type);
    this.store = store;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
        .put(MAGIC_0).put(MAGIC_1).putLong(fingerprint).array();
    this.writer = new SpecificDatumWriter<>(schema, model);
    this.ownReader = new SpecificDatumReader<>(schema, schema, model);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Output output = OUTPUT.get();
    try {
      output.reset();
      output.write(header);
      writer.write(data, output.encoder);
      output.encoder.flush();
      return output.toByteArray();
    } catch (Exception e) {
      OUTPUT.remove(); // the encoder may still buffer part of the failed record
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null; // tombstone
    }
    if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new SerializationException(describe(topic, bytes) + ": not Avro single-object encoding (expected header C3 01)");
    }
    long written = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    DatumReader<T> reader = reader(written);
    if (reader == null) {
      throw new SerializationException(describe(topic, bytes) + ": unknown schema fingerprint, not a published "
          + type.getSimpleName() + " version");
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH,
          DECODER.get());
      DECODER.set(decoder);
      return reader.read(null, decoder);
    } catch (java.io.IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
      throw new SerializationException(describe(topic, bytes) + ": body does not match the schema ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  /** Null: a fingerprint neither this class's schema nor the store knows. */
  private DatumReader<T> reader(long written) {
    if (written == fingerprint) {
      return ownReader;
    }
    DatumReader<T> reader = readers.get(written);
    if (reader != null) {
      return reader;
    }
    Schema writerSchema = store.findByFingerprint(written);
    if (writerSchema == null) {
      return null;
    }
    return readers.computeIfAbsent(written, f -> new SpecificDatumReader<>(writerSchema, schema, model));
  }

  /**
   * A thread's output buffer with a buffered encoder bound to it, reused record after record: a new stream per record
   * made the encoder wrap it in a new sink and channel every time, a fifth of what a replay allocates in this class.
   */
  private static final class Output extends ByteArrayOutputStream {
    /** Larger buffers (a huge record) are not kept for the thread's next record. */
    private static final int KEPT_CAPACITY = 64 * 1024;

    final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(this, null);

    Output() {
      super(512);
    }

    @Override
    public synchronized void reset() {
      if (buf.length > KEPT_CAPACITY) {
        buf = new byte[512];
      }
      super.reset();
    }
  }

  private String describe(String topic, byte[] bytes) {
    return describeUndecodable(type, topic, bytes);
  }

  /** The start of every decode error of leadflow's serdes: type, topic, size and the first bytes. */
  static String describeUndecodable(Class<?> type, String topic, byte[] bytes) {
    int shown = Math.min(bytes.length, 10);
    return "cannot decode " + type.getSimpleName() + " from topic " + topic + " (" + bytes.length + " bytes, starting "
        + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown) + ")";
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
