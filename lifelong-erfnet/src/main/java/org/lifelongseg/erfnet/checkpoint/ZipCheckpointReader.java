package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the zip checkpoint format of {@code torch.save} (PyTorch 1.6 and later):
 * {@code <archive>/data.pkl} holds the pickled object, whose tensors refer through persistent ids
 * {@code ('storage', type, key, location, numel)} to raw storages {@code <archive>/data/<key>};
 * {@code <archive>/byteorder} says their byte order (little when absent).
 */
final class ZipCheckpointReader {

    private ZipCheckpointReader() {}

    static StateDict read(Path file, NDManager manager) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException(file, "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
        }
        try (zip) {
            String prefix = archivePrefix(zip);
            if (prefix == null) {
                throw new CheckpointFormatException(file, "zip archive without <archive>/data.pkl: not a PyTorch checkpoint");
            }
            if (isTorchScript(zip, prefix)) {
                throw new CheckpointFormatException(file, "this is a TorchScript archive (it has code/"
                        + " and constants.pkl), not a state dict: load it with TorchScriptModels.load");
            }
            ByteOrder order = byteOrder(file, zip, prefix);
            SafeUnpickler unpickler =
                    new SafeUnpickler(file, pid -> PickledStateDict.parseStoragePid(file, pid, false));
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
                root = unpickler.loadOne(in, "data.pkl");
            }
            PickledStateDict pickled = PickledStateDict.from(file, root);
            Map<String, ByteBuffer> cache = new HashMap<>();
            return pickled.materialize(file, manager, ref -> {
                ByteBuffer cached = cache.get(ref.key());
                if (cached == null) {
                    cached = readStorage(file, zip, prefix, ref, order);
                    cache.put(ref.key(), cached);
                }
                return cached.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            });
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "truncated or corrupt zip archive (" + e + ")", e);
        }
    }

    /** The archive's top directory including the slash, e.g. {@code model/}, or null. */
    static String archivePrefix(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.equals(name.substring(0, slash + 1) + "data.pkl")) {
                return name.substring(0, slash + 1);
            }
        }
        return null;
    }

    /** Whether a torch zip archive is a TorchScript module (code and constants) rather than data. */
    static boolean isTorchScript(ZipFile zip, String prefix) {
        if (zip.getEntry(prefix + "constants.pkl") != null) {
            return true;
        }
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            if (entries.nextElement().getName().startsWith(prefix + "code/")) {
                return true;
            }
        }
        return false;
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        try (InputStream in = zip.getInputStream(e)) {
            String s = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            if ("little".equals(s)) {
                return ByteOrder.LITTLE_ENDIAN;
            }
            if ("big".equals(s)) {
                return ByteOrder.BIG_ENDIAN;
            }
            throw new CheckpointFormatException(file, "unknown byteorder record '" + s + "'");
        }
    }

    private static ByteBuffer readStorage(Path file, ZipFile zip, String prefix, StorageRef ref, ByteOrder order)
            throws CheckpointFormatException {
        String name = prefix + "data/" + ref.key();
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointFormatException(file, "missing storage record " + name);
        }
        long expected = ref.numel() * ref.dtype().elementSize();
        if (e.getSize() >= 0 && e.getSize() < expected) {
            throw new CheckpointFormatException(file, "storage record " + name + " has " + e.getSize()
                    + " bytes, but its persistent id declares " + ref.numel() + " " + ref.dtype() + " elements");
        }
        if (e.getSize() > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(file, "storage record " + name + " is larger than 2 GiB");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        } catch (IOException ex) {
            throw new CheckpointFormatException(file, "truncated or corrupt storage record " + name + " (" + ex + ")", ex);
        }
        if (bytes.length < expected) {
            throw new CheckpointFormatException(file, "storage record " + name + " is truncated: "
                    + bytes.length + " of " + expected + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (order == ByteOrder.BIG_ENDIAN) {
            ByteOrderSwap.swapInPlace(buf, ref.dtype().elementSize());
        }
        return buf;
    }
}
