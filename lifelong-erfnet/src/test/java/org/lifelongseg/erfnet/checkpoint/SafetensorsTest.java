package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.testing.SharedTestData;

/** Safetensors writing follows the spec byte for byte and round-trips exactly. */
class SafetensorsTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private StateDict mixed() {
        StateDict sd = StateDict.create(manager, "mixed");
        NDManager m = sd.manager();
        sd.put("f32", m.create(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, new Shape(2, 3)));
        sd.put("f64", m.create(new double[] {Math.PI, -Math.E}));
        sd.put("i64", m.create(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}));
        sd.put("i32", m.create(new int[] {-7, 7}, new Shape(1, 2)));
        sd.put("u8", m.create(new byte[] {0, (byte) 255, 17}).toType(DataType.UINT8, false));
        sd.put("i8", m.create(new byte[] {-128, 127}));
        sd.put("bool", m.create(new boolean[] {true, false, true}));
        sd.put("f16", m.create(new float[] {0.5f, 65504f}).toType(DataType.FLOAT16, false));
        sd.put("scalar", m.create(42f));
        sd.put("empty", m.create(new Shape(0, 4), DataType.FLOAT32));
        return sd;
    }

    @Test
    void headerLayoutFollowsTheSpec() throws Exception {
        Path f = tmp.resolve("mixed.safetensors");
        try (StateDict sd = mixed()) {
            SafetensorsWriter.write(sd, f);
        }
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals('{', bytes[8]);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(header.stripTrailing().length() + (header.length() - header.stripTrailing().length()), header.length());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '), "padding is spaces");
        JsonObject json = JsonParser.parseString(header).getAsJsonObject();
        assertEquals("pt", json.getAsJsonObject("__metadata__").get("format").getAsString());
        Map<String, String> dtypes = Map.of("f32", "F32", "f64", "F64", "i64", "I64", "i32", "I32", "u8", "U8",
                "i8", "I8", "bool", "BOOL", "f16", "F16", "scalar", "F32", "empty", "F32");
        long expectedBegin = 0;
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            names.add(e.getKey());
            JsonObject t = e.getValue().getAsJsonObject();
            assertEquals(3, t.size(), "exactly dtype, shape, data_offsets");
            assertEquals(dtypes.get(e.getKey()), t.get("dtype").getAsString());
            JsonArray off = t.getAsJsonArray("data_offsets");
            assertEquals(expectedBegin, off.get(0).getAsLong(), e.getKey());
            long numel = 1;
            for (JsonElement d : t.getAsJsonArray("shape")) {
                numel *= d.getAsLong();
            }
            int es = Map.of("F32", 4, "F64", 8, "I64", 8, "I32", 4, "U8", 1, "I8", 1, "BOOL", 1, "F16", 2)
                    .get(t.get("dtype").getAsString());
            assertEquals(expectedBegin + numel * es, off.get(1).getAsLong(), e.getKey());
            expectedBegin = off.get(1).getAsLong();
        }
        assertEquals(List.of("f32", "f64", "i64", "i32", "u8", "i8", "bool", "f16", "scalar", "empty"), names);
        assertEquals(8 + n + expectedBegin, bytes.length, "data section exactly covered");
        assertEquals("[]", json.getAsJsonObject("scalar").get("shape").toString());
        // first data bytes are f32[0] = 1.5f little-endian
        assertEquals(1.5f, ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void mixedDtypesRoundTripExactlyAndDjlDecodesTheFile() throws Exception {
        Path f = tmp.resolve("mixed.safetensors");
        try (StateDict sd = mixed()) {
            SafetensorsWriter.write(sd, f);
            assertEquals(CheckpointFormat.SAFETENSORS, PyTorchCheckpoints.detect(f));
            try (StateDict back = PyTorchCheckpoints.read(f, manager)) {
                assertEquals(List.copyOf(sd.keys()), List.copyOf(back.keys()));
                sd.asMap().forEach((k, v) -> Npz.assertBitwiseEqual(k, v, back.get(k)));
            }
            // DJL's own safetensors decoder, an independent reader
            try (NDManager m = manager.newSubManager(); InputStream in = Files.newInputStream(f)) {
                NDList list = NDList.decode(m, in);
                for (String k : sd.keys()) {
                    if (!k.equals("empty")) {
                        Npz.assertBitwiseEqual(k, sd.get(k), list.get(k));
                    }
                }
            }
            assertEquals(Map.of("format", "pt"), SafetensorsReader.readMetadata(f));
        }
    }

    @Test
    void erfnetRoundTripIsBitwiseAndAtomic() throws Exception {
        Path src = SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.pth");
        Path f = tmp.resolve("erfnet.safetensors");
        Files.writeString(f, "old content to be replaced");
        try (StateDict sd = PyTorchCheckpoints.read(src, manager)) {
            long t0 = System.nanoTime();
            SafetensorsWriter.write(sd, f);
            SafetensorsReader.read(f, manager).close(); // warm-up
            long t1 = System.nanoTime();
            try (StateDict back = SafetensorsReader.read(f, manager)) {
                long t2 = System.nanoTime();
                System.out.printf("[safetensors] write %.1f ms (cold), read %.1f ms (warm), %d bytes%n",
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, Files.size(f));
                assertEquals(List.copyOf(sd.keys()), List.copyOf(back.keys()));
                sd.asMap().forEach((k, v) -> Npz.assertBitwiseEqual(k, v, back.get(k)));
                assertEquals(DataType.INT64, back.get("encoder.initial_block.bn.num_batches_tracked").getDataType());
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    /**
     * The same tensors and metadata give the same bytes whatever the metadata map's iteration order
     * ({@code Map.of} changes it from JVM to JVM), so a checkpoint is reproducible byte for byte.
     */
    @Test
    void metadataOrderDoesNotChangeTheBytes() throws Exception {
        Map<String, String> one = new java.util.LinkedHashMap<>();
        one.put("format", "pt");
        one.put("classes", "5");
        Map<String, String> other = new java.util.LinkedHashMap<>();
        other.put("classes", "5");
        other.put("format", "pt");
        Path a = tmp.resolve("a.safetensors");
        Path b = tmp.resolve("b.safetensors");
        try (StateDict sd = mixed()) {
            SafetensorsWriter.write(sd, a, one);
            SafetensorsWriter.write(sd, b, other);
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    private Path writeRaw(String name, String header, byte[] data) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void malformedFilesAreRejectedNamingTheProblem() throws Exception {
        Object[][] cases = {
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 12, "overlap or hole"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "need 12 bytes"},
            {"{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "unsupported dtype F8_E4M3"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "declares 4 data bytes but the file has 8"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "negative"},
            {"{\"__metadata__\":{\"x\":1}}", 0, "not a string"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}", 4, "not valid JSON"},
        };
        int i = 0;
        for (Object[] c : cases) {
            Path f = writeRaw("bad" + i++ + ".safetensors", (String) c[0], new byte[(Integer) c[1]]);
            CheckpointFormatException e =
                    assertThrows(CheckpointFormatException.class, () -> SafetensorsReader.read(f, manager), (String) c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains((String) c[2]),
                    c[2] + " not in: " + e.getMessage());
        }
    }

    @Test
    void bfloat16AndInt16AreReadWidened() throws Exception {
        byte[] data = {(byte) 0x80, 0x3f, 0x20, (byte) 0xc0, (byte) 0xff, (byte) 0xff, 0x01, 0x00};
        Path f = writeRaw("bf16.safetensors", "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[4,8]}}", data);
        try (StateDict sd = SafetensorsReader.read(f, manager)) {
            assertArrayEquals(new float[] {1f, -2.5f}, sd.get("b").toFloatArray());
            assertArrayEquals(new int[] {-1, 1}, sd.get("s").toIntArray());
        }
    }

    @Test
    void nonFinitePaddingAndOrderSurviveRoundTrip() throws Exception {
        try (StateDict sd = StateDict.create(manager, "nan")) {
            NDArray a = sd.manager().create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f});
            sd.put("zeta", a);
            sd.put("alpha", sd.manager().create(new float[] {1f}));
            Path f = tmp.resolve("nan.safetensors");
            SafetensorsWriter.write(sd, f, Map.of());
            try (StateDict back = SafetensorsReader.read(f, manager)) {
                assertEquals(List.of("zeta", "alpha"), List.copyOf(back.keys()));
                Npz.assertBitwiseEqual("zeta", a, back.get("zeta"));
            }
            assertEquals(Map.of(), SafetensorsReader.readMetadata(f));
        }
    }
}
