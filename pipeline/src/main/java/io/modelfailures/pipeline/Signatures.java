package io.modelfailures.pipeline;

import java.nio.ByteBuffer;

/**
 * MinHash signatures packed as big-endian 64-bit integers: the form they take in the {@code
 * fingerprints} table and in an incremental run's side input (1 KB, where 128 boxed longs would
 * take several times that, and a Parquet binary column rather than a repeated one).
 */
final class Signatures {

  private Signatures() {}

  static byte[] pack(long[] signature) {
    ByteBuffer b = ByteBuffer.allocate(Long.BYTES * signature.length);
    for (long v : signature) {
      b.putLong(v);
    }
    return b.array();
  }

  static long[] unpack(byte[] packed) {
    long[] s = new long[packed.length / Long.BYTES];
    ByteBuffer.wrap(packed).asLongBuffer().get(s);
    return s;
  }

  /** The bytes of a buffer from its position to its limit, leaving the buffer as it was. */
  static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
