package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-assembled checkpoints: views, strides, dtypes, byte order, containers. */
class SyntheticCheckpointsTest {

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

    private static float[] range(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
        }
        return f;
    }

    /** A wrapped state dict of views into one 24-element storage. */
    private static byte[] viewsPickle() {
        PickleBytes p = PickleBytes.proto(2).emptyDict().mark();
        p.str("epoch").integer(42);
        p.str("state_dict").orderedDict().mark();
        p.str("a").tensor("FloatStorage", "0", 24, 0, new long[] {2, 3, 4}, new long[] {12, 4, 1});
        p.str("t").tensor("FloatStorage", "0", 24, 12, new long[] {4, 3}, new long[] {1, 4});
        p.str("s").tensor("FloatStorage", "0", 24, 5, new long[] {3}, new long[] {2});
        p.str("e").tensor("FloatStorage", "0", 24, 1, new long[] {2, 3}, new long[] {0, 1});
        p.str("scalar").tensor("FloatStorage", "0", 24, 7, new long[] {}, new long[] {});
        p.str("empty").tensor("FloatStorage", "0", 24, 0, new long[] {0, 3}, new long[] {3, 1});
        p.str("p").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 24, 20, new long[] {2, 2}, new long[] {1, 2})
                .bool(true).orderedDict().tuple().reduce();
        p.setItems();
        p.str("optimizer").emptyDict().mark().str("lr").floating(0.1).setItems();
        p.str("arch").str("erfnet");
        return p.setItems().stop().bytes();
    }

    private static void assertViews(StateDict sd) {
        assertEquals(List.of("a", "t", "s", "e", "scalar", "empty", "p"), List.copyOf(sd.keys()));
        assertArrayEquals(range(24), sd.get("a").toFloatArray());
        assertEquals(new Shape(2, 3, 4), sd.get("a").getShape());
        float[] t = new float[12];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                t[i * 3 + j] = 12 + j * 4 + i;
            }
        }
        assertArrayEquals(t, sd.get("t").toFloatArray());
        assertArrayEquals(new float[] {12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23}, sd.get("t").toFloatArray());
        assertArrayEquals(new float[] {5, 7, 9}, sd.get("s").toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, sd.get("e").toFloatArray());
        assertEquals(new Shape(), sd.get("scalar").getShape());
        assertArrayEquals(new float[] {7}, sd.get("scalar").toFloatArray());
        assertEquals(new Shape(0, 3), sd.get("empty").getShape());
        assertArrayEquals(new float[] {20, 22, 21, 23}, sd.get("p").toFloatArray());
    }

    @Test
    void zipViewsStridesAndWrapperAreReadCorrectly() throws Exception {
        Path f = CheckpointFiles.zip(tmp.resolve("views.pth"), viewsPickle(),
                Map.of("0", CheckpointFiles.floats(range(24))), "little");
        try (StateDict sd = PyTorchCheckpoints.read(f, manager)) {
            assertViews(sd);
            Map<String, String> skipped = new LinkedHashMap<>();
            skipped.put("epoch", "int 42");
            skipped.put("optimizer", "dict (1 entries)");
            skipped.put("arch", "str 'erfnet'");
            assertEquals(skipped, sd.skipped());
        }
    }

    @Test
    void bigEndianStoragesAreSwapped() throws Exception {
        ByteBuffer be = ByteBuffer.allocate(24 * 4).order(ByteOrder.BIG_ENDIAN);
        for (float v : range(24)) {
            be.putFloat(v);
        }
        Path f = CheckpointFiles.zip(tmp.resolve("be.pth"), viewsPickle(), Map.of("0", be.array()), "big");
        try (StateDict sd = PyTorchCheckpoints.read(f, manager)) {
            assertViews(sd);
        }
    }

    @Test
    void legacyViewsAndPlainDictOrder() throws Exception {
        PickleBytes p = PickleBytes.proto(2).emptyDict().mark();
        p.str("z").legacyTensor("FloatStorage", "r", 24, null, 12, new long[] {4, 3}, new long[] {1, 4});
        // an old-style storage view: elements 4..9 of root storage r
        p.str("a").legacyTensor("FloatStorage", "r", 24, new Object[] {"v", 4L, 6L}, 1, new long[] {2}, new long[] {3});
        p.str("m").legacyTensor("FloatStorage", "r", 24, null, 0, new long[] {2, 3, 4}, new long[] {12, 4, 1});
        byte[] main = p.setItems().stop().bytes();
        Path f = CheckpointFiles.legacy(tmp.resolve("legacy.pth.tar"), main, List.of("r"),
                Map.of("r", CheckpointFiles.floats(range(24))), 4);
        assertEquals(CheckpointFormat.PYTORCH_LEGACY, PyTorchCheckpoints.detect(f));
        try (StateDict sd = PyTorchCheckpoints.read(f, manager)) {
            assertEquals(List.of("z", "a", "m"), List.copyOf(sd.keys()), "Python dict order is kept");
            assertArrayEquals(new float[] {12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23}, sd.get("z").toFloatArray());
            assertArrayEquals(new float[] {5, 8}, sd.get("a").toFloatArray());
            assertArrayEquals(range(24), sd.get("m").toFloatArray());
        }
    }

    @Test
    void everySupportedDtypeIsReadBitExactly() throws Exception {
        Object[][] cases = {
            {"FloatStorage", 4, DataType.FLOAT32}, {"DoubleStorage", 8, DataType.FLOAT64},
            {"HalfStorage", 2, DataType.FLOAT16}, {"BFloat16Storage", 2, DataType.FLOAT32},
            {"LongStorage", 8, DataType.INT64}, {"IntStorage", 4, DataType.INT32},
            {"ShortStorage", 2, DataType.INT32}, {"CharStorage", 1, DataType.INT8},
            {"ByteStorage", 1, DataType.UINT8}, {"BoolStorage", 1, DataType.BOOLEAN},
        };
        PickleBytes p = PickleBytes.proto(2).orderedDict().mark();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        Map<String, byte[]> expected = new LinkedHashMap<>();
        int k = 0;
        for (Object[] c : cases) {
            int es = (Integer) c[1];
            byte[] data = new byte[6 * es];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (c[2] == DataType.BOOLEAN ? (i % 2) : (17 * i + 3 * k + 1));
            }
            if (c[0].equals("HalfStorage") || c[0].equals("BFloat16Storage")) {
                for (int i = 1; i < data.length; i += 2) {
                    data[i] &= 0x3f; // keep values finite
                }
            }
            String key = String.valueOf(k);
            storages.put(key, data);
            // a transposed 2x3 view: element (i, j) is storage element j * 2 + i
            p.str((String) c[0]).tensor((String) c[0], key, 6, 0, new long[] {2, 3}, new long[] {1, 2});
            byte[] exp = new byte[data.length];
            int o = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    System.arraycopy(data, (j * 2 + i) * es, exp, o, es);
                    o += es;
                }
            }
            if (c[0].equals("BFloat16Storage")) {
                exp = widen(exp, false); // bfloat16 bits are the top half of the float32
            } else if (c[0].equals("ShortStorage")) {
                exp = widen(exp, true); // sign-extended to int32
            }
            expected.put((String) c[0], exp);
            k++;
        }
        Path f = CheckpointFiles.zip(tmp.resolve("dtypes.pth"), p.setItems().stop().bytes(), storages, null);
        try (StateDict sd = PyTorchCheckpoints.read(f, manager)) {
            for (Object[] c : cases) {
                NDArray a = sd.get((String) c[0]);
                assertEquals(c[2], a.getDataType(), (String) c[0]);
                assertEquals(new Shape(2, 3), a.getShape());
                assertArrayEquals(expected.get(c[0]), a.toByteArray(), (String) c[0]);
            }
            assertEquals(0, sd.skipped().size());
        }
    }

    /** 2-byte LE elements to 4-byte LE: as the high half (bfloat16) or sign-extended (int16). */
    private static byte[] widen(byte[] two, boolean signExtend) {
        byte[] four = new byte[two.length * 2];
        for (int i = 0; i < two.length / 2; i++) {
            byte lo = two[2 * i];
            byte hi = two[2 * i + 1];
            if (signExtend) {
                byte sign = (byte) (hi < 0 ? 0xff : 0);
                four[4 * i] = lo;
                four[4 * i + 1] = hi;
                four[4 * i + 2] = sign;
                four[4 * i + 3] = sign;
            } else {
                four[4 * i + 2] = lo;
                four[4 * i + 3] = hi;
            }
        }
        return four;
    }

    @Test
    void bfloat16ValuesAreWidenedExactly() throws Exception {
        // 1.0, -2.5, 3.140625 in bfloat16 (0x3f80, 0xc020, 0x4049)
        byte[] data = {(byte) 0x80, 0x3f, 0x20, (byte) 0xc0, 0x49, 0x40};
        PickleBytes p = PickleBytes.proto(2).orderedDict().mark()
                .str("w").tensor("BFloat16Storage", "0", 3, 0, new long[] {3}, new long[] {1}).setItems().stop();
        Path f = CheckpointFiles.zip(tmp.resolve("bf16.pth"), p.bytes(), Map.of("0", data), "little");
        try (StateDict sd = PyTorchCheckpoints.read(f, manager)) {
            assertArrayEquals(new float[] {1f, -2.5f, 3.140625f}, sd.get("w").toFloatArray());
        }
    }
}
