package org.lifelongseg.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Arrays made by NativeArrays keep their values whatever happens to the Java data they came from. */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class NativeArraysTest {

    @Test
    void copiesSurviveTheirSourceAndFreedMemory() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] data = {1f, 2f, 3f, 4f, 5f, 6f};
            NDArray a = NativeArrays.of(manager, data, new Shape(2, 3));
            data[0] = 99f; // the Java array is not the tensor's memory
            NDArray ints = NativeArrays.of(manager, new int[] {7, 8});
            NDArray longs = NativeArrays.of(manager, new long[] {9L, 10L});
            NDArray bytes = NativeArrays.of(manager, ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    new Shape(3), DataType.UINT8);
            NDArray scalar = NativeArrays.scalar(manager, 4L);
            byte[] encoded;
            try (NDManager scope = manager.newSubManager()) {
                NDArray named = NativeArrays.of(scope, new float[] {0.5f, 0.25f});
                named.setName("w");
                encoded = new NDList(named).encode();
            }
            NDList decoded = NativeArrays.decode(manager, new ByteArrayInputStream(encoded));
            NDArray copy;
            try (NDManager scope = manager.newSubManager()) {
                NDArray source = NativeArrays.of(scope, new float[] {3f, 1f});
                copy = NativeArrays.copy(source, manager);
            } // the source is closed; the copy is its own
            FreedMemory.scribble();
            assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, a.toFloatArray());
            assertArrayEquals(new int[] {7, 8}, ints.toIntArray());
            assertArrayEquals(new long[] {9L, 10L}, longs.toLongArray());
            assertArrayEquals(new byte[] {1, 2, 3}, bytes.toByteArray());
            assertEquals(4L, scalar.getLong());
            assertEquals("w", decoded.get(0).getName());
            assertArrayEquals(new float[] {0.5f, 0.25f}, decoded.get(0).toFloatArray());
            assertArrayEquals(new float[] {3f, 1f}, copy.toFloatArray());
        }
    }

    @Test
    void copyIntoWritesTheTargetsOwnMemory() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.zeros(new Shape(2, 2));
            NDArray view = target.get("0"); // shares the target's storage
            NativeArrays.copyInto(NativeArrays.of(manager, new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2)),
                    target);
            assertArrayEquals(new float[] {1f, 2f}, view.toFloatArray(), "written in place");
            NativeArrays.copyInto(NativeArrays.of(manager, new int[] {5, 6, 7, 8}, new Shape(2, 2)), target);
            assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, target.toFloatArray(), "converted");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeArrays.copyInto(manager.zeros(new Shape(3)), target));
            assertEquals(true, e.getMessage().contains("shapes differ"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> NativeArrays.of(manager, new float[] {1f}, new Shape(2)));
        }
    }
}
