package io.modelfailures.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * MinHash signatures in the two forms they travel in: a list of longs in the {@code fingerprints}
 * table, packed big-endian bytes in the side input of an incremental run (a tenth of the memory of
 * boxed longs).
 */
final class Signatures {

  private Signatures() {}

  static byte[] pack(List<Long> signature) {
    ByteBuffer b = ByteBuffer.allocate(Long.BYTES * signature.size());
    signature.forEach(b::putLong);
    return b.array();
  }

  static long[] unpack(byte[] packed) {
    long[] s = new long[packed.length / Long.BYTES];
    ByteBuffer.wrap(packed).asLongBuffer().get(s);
    return s;
  }

  static List<Long> toList(long[] signature) {
    List<Long> out = new ArrayList<>(signature.length);
    for (long v : signature) {
      out.add(v);
    }
    return out;
  }
}
