package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.SharedTestData;

class NpzStateDictReaderTest {

    @TempDir Path tmp;

    @Test
    void readsTheReferenceStateDictInOrder() throws Exception {
        Path npz = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.npz");
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz, manager)) {
            assertEquals(345, sd.size());
            assertEquals("encoder.initial_block.conv.weight", sd.keys().iterator().next());
            assertEquals(new Shape(13, 3, 3, 3), sd.get("encoder.initial_block.conv.weight").getShape());
            assertEquals(new Shape(16, 20, 2, 2), sd.get("decoder.output_conv.weight").getShape());
            NDArray counter = sd.get("encoder.initial_block.bn.num_batches_tracked");
            assertEquals(DataType.INT64, counter.getDataType());
            assertEquals(new Shape(), counter.getShape());
            assertEquals(npz.toString(), sd.source());
        }
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("nope.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            NoSuchFileException e =
                    assertThrows(NoSuchFileException.class, () -> NpzStateDictReader.read(missing, manager));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void nonNpzFileIsNamed() throws Exception {
        Path text = tmp.resolve("weights.npz");
        Files.writeString(text, "this is not a zip archive at all");
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> NpzStateDictReader.read(text, manager));
            assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("not a numpy .npz"), e.getMessage());
        }
    }

    @Test
    void truncatedFileIsNamed() throws Exception {
        Path src = SharedTestData.require("reference/erfnet-random/golden_small.npz");
        byte[] all = Files.readAllBytes(src);
        Path truncated = tmp.resolve("truncated.npz");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException e =
                    assertThrows(IOException.class, () -> NpzStateDictReader.read(truncated, manager));
            assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        }
    }

    @Test
    void truncatedEntryIsNamed() throws Exception {
        Path npz = tmp.resolve("short-entry.npz");
        byte[] npy = npy("<f4", false, "(4,)", floatsLe(1f, 2f, 3f, 4f));
        writeZip(npz, List.of("w.npy"), List.of(java.util.Arrays.copyOf(npy, npy.length - 5)));
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> NpzStateDictReader.read(npz, manager));
            assertTrue(e.getMessage().contains("'w.npy'") && e.getMessage().contains(npz.toString()),
                    e.getMessage());
        }
    }

    @Test
    void fortranOrderBigEndianAndOtherDtypes() throws Exception {
        // a 2x3 float64 matrix [[1,2,3],[4,5,6]] stored column-major, big-endian
        ByteBuffer be = ByteBuffer.allocate(6 * 8).order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            be.putDouble(v);
        }
        byte[] uint8 = {0, 7, (byte) 255};
        ByteBuffer i64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1234L);
        Path npz = tmp.resolve("mixed.npz");
        writeZip(
                npz,
                List.of("m.npy", "u.npy", "arr_0.npy"),
                List.of(
                        npy(">f8", true, "(2, 3)", be.array()),
                        npy("|u1", false, "(3,)", uint8),
                        npy("<i8", false, "()", i64.array())));
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz, manager)) {
            assertEquals(List.of("m", "u", "arr_0"), List.copyOf(sd.keys()));
            NDArray m = sd.get("m");
            assertEquals(new Shape(2, 3), m.getShape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toDoubleArray());
            assertArrayEquals(new int[] {0, 7, 255}, sd.get("u").toUint8Array());
            assertEquals(1234L, sd.get("arr_0").getLong());
        }
    }

    @Test
    void unsupportedDtypeIsNamed() throws Exception {
        Path npz = tmp.resolve("objects.npz");
        writeZip(npz, List.of("o.npy"), List.of(npy("|O", false, "(1,)", new byte[8])));
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> NpzStateDictReader.read(npz, manager));
            assertTrue(e.getMessage().contains("'|O'") && e.getMessage().contains("'o.npy'"),
                    e.getMessage());
        }
    }

    private static byte[] floatsLe(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** A version-1.0 .npy file as numpy writes it (header padded to 64 bytes). */
    private static byte[] npy(String descr, boolean fortran, String shape, byte[] data)
            throws IOException {
        StringBuilder header =
                new StringBuilder("{'descr': '" + descr + "', 'fortran_order': "
                        + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >> 8);
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        return out.toByteArray();
    }

    private static void writeZip(Path file, List<String> names, List<byte[]> contents)
            throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(contents.get(i));
                zip.closeEntry();
            }
        }
    }
}
