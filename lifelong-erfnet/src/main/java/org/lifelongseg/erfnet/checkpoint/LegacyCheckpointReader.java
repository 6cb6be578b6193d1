package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the legacy (pre-1.6, non-zip) format of {@code torch.save}: a stream of pickles (magic
 * number, protocol version 1001, sys_info, the object whose tensors refer to storages through
 * persistent ids {@code ('storage', type, root_key, location, numel, view_metadata)}, the list of
 * storage keys), then per key an 8-byte little-endian element count and the raw elements.
 */
final class LegacyCheckpointReader {

    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final int PROTOCOL_VERSION = 1001;

    private LegacyCheckpointReader() {}

    static StateDict read(Path file, NDManager manager) throws IOException {
        long fileSize = Files.size(file);
        Map<String, StorageRef> roots = new HashMap<>();
        SafeUnpickler unpickler = new SafeUnpickler(file, pid -> {
            StorageRef ref = PickledStateDict.parseStoragePid(file, pid, true);
            StorageRef root = roots.putIfAbsent(ref.key(), new StorageRef(ref.key(), ref.dtype(), ref.numel(), 0));
            if (root != null && root.dtype() != ref.dtype()) {
                throw new SafeUnpickler.Refusal(new CheckpointFormatException(file, "storage " + ref.key()
                        + " is referenced both as " + root.dtype() + " and as " + ref.dtype()));
            }
            return ref;
        });
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            Object magic = unpickler.loadOne(in, "magic number");
            if (!MAGIC_NUMBER.equals(magic)) {
                throw new CheckpointFormatException(file, "not a PyTorch checkpoint: the first pickle is "
                        + PickledStateDict.describe(magic) + ", not the legacy torch.save magic number");
            }
            Object protocol = unpickler.loadOne(in, "protocol version");
            if (!(protocol instanceof Number) || ((Number) protocol).intValue() != PROTOCOL_VERSION) {
                throw new CheckpointFormatException(file, "unsupported legacy protocol version "
                        + PickledStateDict.describe(protocol) + " (expected " + PROTOCOL_VERSION + ")");
            }
            Object sysInfo = unpickler.loadOne(in, "sys_info");
            boolean littleEndian = true;
            if (sysInfo instanceof Map && ((Map<?, ?>) sysInfo).get("little_endian") instanceof Boolean) {
                littleEndian = (Boolean) ((Map<?, ?>) sysInfo).get("little_endian");
            }
            Object root = unpickler.loadOne(in, "main");
            PickledStateDict pickled = PickledStateDict.from(file, root);
            Object keyList = unpickler.loadOne(in, "storage key list");
            if (!(keyList instanceof List)) {
                throw new CheckpointFormatException(file, "storage key list is a " + PickledStateDict.describe(keyList));
            }
            Set<String> needed = pickled.neededStorageKeys();
            Map<String, ByteBuffer> data = new HashMap<>();
            for (Object k : (List<?>) keyList) {
                String key = String.valueOf(k);
                StorageRef ref = roots.get(key);
                if (ref == null) {
                    throw new CheckpointFormatException(file, "storage key " + key + " is listed but no tensor refers to it");
                }
                byte[] countBytes = in.readNBytes(8);
                if (countBytes.length < 8) {
                    throw truncated(file, "storage " + key + " header", in.count(), fileSize);
                }
                long count = ByteBuffer.wrap(countBytes).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).getLong();
                int es = ref.dtype().elementSize();
                if (count < 0 || count > (fileSize - in.count()) / es) {
                    throw truncated(file, "storage " + key + " (" + count + " " + ref.dtype() + " elements)", in.count(), fileSize);
                }
                long bytes = count * es;
                if (needed.contains(key)) {
                    if (bytes > Integer.MAX_VALUE) {
                        throw new CheckpointFormatException(file, "storage " + key + " is larger than 2 GiB");
                    }
                    byte[] raw = in.readNBytes((int) bytes);
                    if (raw.length < bytes) {
                        throw truncated(file, "storage " + key, in.count(), fileSize);
                    }
                    ByteBuffer buf = ByteBuffer.wrap(raw);
                    if (!littleEndian) {
                        ByteOrderSwap.swapInPlace(buf, es);
                    }
                    data.put(key, buf);
                } else {
                    in.skipNBytes(bytes);
                }
            }
            return pickled.materialize(file, manager, ref -> {
                ByteBuffer buf = data.get(ref.key());
                if (buf == null) {
                    throw new CheckpointFormatException(file, "storage " + ref.key() + " is not in the storage key list");
                }
                return buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            });
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "truncated or unreadable legacy checkpoint (" + e + ")", e);
        }
    }

    private static CheckpointFormatException truncated(Path file, String what, long position, long size) {
        return new CheckpointFormatException(file, "truncated file: " + what + " extends past the end of the file"
                + " (at byte " + position + " of " + size + ")");
    }

    /** Counts the bytes consumed so far. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
