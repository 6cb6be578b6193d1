package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Reads a numpy {@code .npz} archive ({@code numpy.savez} / {@code savez_compressed}) whose entry
 * names are PyTorch {@code state_dict} keys into a {@link StateDict}.
 *
 * <pre>{@code
 * try (StateDict sd = NpzStateDictReader.read(Path.of("erfnet_state_dict.npz"), manager)) {
 *     NDArray w = sd.get("encoder.initial_block.conv.weight"); // (13, 3, 3, 3) float32
 * }
 * }</pre>
 *
 * <p>Keys keep the archive's order. Supported dtypes: float16/32/64, int8/16/32/64, uint8, bool, in
 * either byte order and C or Fortran order. Nothing in the file is executed (no pickled objects).
 */
public final class NpzStateDictReader {

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzStateDictReader() {}

    /**
     * Reads every array of the archive.
     *
     * @param file the {@code .npz} file
     * @param parent the manager whose sub-manager will own the tensors
     * @return the state dict, keys = entry names without {@code .npy}
     * @throws IOException if the file is missing, not an npz archive, truncated or holds an
     *     unsupported array; the message names the file (and the entry)
     */
    public static StateDict read(Path file, NDManager parent) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "npz state dict not found");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(
                    "not a numpy .npz archive (or truncated): " + file + " (" + e.getMessage() + ")",
                    e);
        }
        StateDict stateDict = StateDict.create(parent, file.toString());
        boolean ok = false;
        try (zip) {
            List<ZipEntry> entries = entries(zip);
            if (entries.isEmpty()) {
                throw new IOException("empty .npz archive: " + file);
            }
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException(
                            "unexpected entry '" + name + "' (not a .npy array) in " + file);
                }
                String key = name.substring(0, name.length() - ".npy".length());
                if (stateDict.contains(key)) {
                    throw new IOException("duplicate key '" + key + "' in " + file);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    stateDict.put(key, readNpy(in, stateDict.manager(), file, name));
                } catch (EOFException | ZipException e) {
                    throw new IOException(
                            "truncated or corrupt entry '" + name + "' in " + file
                                    + " (" + e.getMessage() + ")",
                            e);
                }
            }
            ok = true;
            return stateDict;
        } finally {
            if (!ok) {
                stateDict.close();
            }
        }
    }

    private static List<ZipEntry> entries(ZipFile zip) {
        List<ZipEntry> list = new ArrayList<>();
        Enumeration<? extends ZipEntry> e = zip.entries();
        while (e.hasMoreElements()) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
                list.add(entry);
            }
        }
        return list;
    }

    private static NDArray readNpy(InputStream raw, NDManager manager, Path file, String entry)
            throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[NPY_MAGIC.length];
        in.readFully(magic);
        for (int i = 0; i < magic.length; i++) {
            if (magic[i] != NPY_MAGIC[i]) {
                throw new IOException("entry '" + entry + "' in " + file + " is not a .npy array");
            }
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte(); // minor version
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } else {
            throw new IOException(
                    "unsupported .npy version " + major + " in entry '" + entry + "' of " + file);
        }
        if (headerLength > 1 << 20) {
            throw new IOException("implausible .npy header length in entry '" + entry + "' of "
                    + file);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.readFully(headerBytes);
        String header =
                new String(headerBytes, major == 3 ? StandardCharsets.UTF_8
                        : StandardCharsets.ISO_8859_1);
        String what = "entry '" + entry + "' of " + file;
        String descr = group(DESCR, header, "descr", what);
        boolean fortran = "True".equals(group(FORTRAN, header, "fortran_order", what));
        long[] dims = parseShape(group(SHAPE, header, "shape", what), what);

        char byteOrder = descr.isEmpty() ? '?' : descr.charAt(0);
        String kind = descr.length() > 1 ? descr.substring(1) : "";
        DataType type = dataType(kind, what, descr);
        int itemSize = type.getNumOfBytes();
        long count = 1;
        for (long d : dims) {
            count = Math.multiplyExact(count, d);
        }
        long bytes = Math.multiplyExact(count, itemSize);
        if (bytes > Integer.MAX_VALUE) {
            throw new IOException("array too large (" + bytes + " bytes) in " + what);
        }
        byte[] data = new byte[(int) bytes];
        in.readFully(data);
        boolean bigEndian = byteOrder == '>' || (byteOrder == '=' && ByteOrder.nativeOrder()
                == ByteOrder.BIG_ENDIAN);
        if (bigEndian != (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) && itemSize > 1) {
            swapBytes(data, itemSize);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        if (!fortran || dims.length < 2) {
            return NativeArrays.of(manager, buffer, new Shape(dims), type);
        }
        long[] reversed = new long[dims.length];
        int[] axes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reversed[i] = dims[dims.length - 1 - i];
            axes[i] = dims.length - 1 - i;
        }
        try (NDArray columnMajor = NativeArrays.of(manager, buffer, new Shape(reversed), type)) {
            NDArray transposed = columnMajor.transpose(axes);
            // materialise a contiguous copy independent of the column-major buffer
            return transposed.duplicate();
        }
    }

    private static String group(Pattern pattern, String header, String field, String what)
            throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException("missing '" + field + "' in .npy header of " + what + ": "
                    + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String what) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String token : text.split(",")) {
            String t = token.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (d < 0) {
                    throw new IOException("negative dimension in shape (" + text + ") of " + what);
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException("bad shape (" + text + ") in " + what, e);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static DataType dataType(String kind, String what, String descr) throws IOException {
        switch (kind) {
            case "f2":
                return DataType.FLOAT16;
            case "f4":
                return DataType.FLOAT32;
            case "f8":
                return DataType.FLOAT64;
            case "i1":
                return DataType.INT8;
            case "i2":
                return DataType.INT16;
            case "i4":
                return DataType.INT32;
            case "i8":
                return DataType.INT64;
            case "u1":
                return DataType.UINT8;
            case "b1":
                return DataType.BOOLEAN;
            default:
                throw new IOException("unsupported dtype '" + descr + "' in " + what);
        }
    }

    private static void swapBytes(byte[] data, int itemSize) {
        for (int off = 0; off < data.length; off += itemSize) {
            for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
                byte t = data[off + i];
                data[off + i] = data[off + j];
                data[off + j] = t;
            }
        }
    }
}
