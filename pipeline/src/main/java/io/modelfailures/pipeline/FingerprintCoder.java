package io.modelfailures.pipeline;

import io.modelfailures.dedup.MinHash;
import io.modelfailures.dedup.NearDuplicates;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Encodes a {@link NearDuplicates.Fingerprint}: path, size, then a presence byte and the {@link
 * MinHash#HASHES} signature longs.
 *
 * <p>All fingerprints meet in one grouping step, which the Direct runner copies through the coder
 * once per incoming bundle; Java serialization (the generic fallback) wrote class descriptors per
 * element and was several times larger and slower.
 */
final class FingerprintCoder extends AtomicCoder<NearDuplicates.Fingerprint> {

  private static final FingerprintCoder INSTANCE = new FingerprintCoder();

  static FingerprintCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(NearDuplicates.Fingerprint f, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(f.path(), out);
    VarLongCoder.of().encode(f.sizeBytes(), out);
    DataOutputStream data = new DataOutputStream(out);
    long[] sig = f.signature();
    data.writeByte(sig == null ? 0 : 1);
    if (sig != null) {
      for (long v : sig) {
        data.writeLong(v);
      }
    }
    data.flush();
  }

  @Override
  public NearDuplicates.Fingerprint decode(InputStream in) throws IOException {
    String path = StringUtf8Coder.of().decode(in);
    long size = VarLongCoder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    long[] sig = null;
    if (data.readByte() != 0) {
      sig = new long[MinHash.HASHES];
      for (int i = 0; i < sig.length; i++) {
        sig[i] = data.readLong();
      }
    }
    return new NearDuplicates.Fingerprint(path, size, sig);
  }

  @Override
  public void verifyDeterministic() {}
}
