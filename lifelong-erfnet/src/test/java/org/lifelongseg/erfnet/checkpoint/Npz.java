package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: reads an npz with DJL's own decoder (independent of the readers under test). */
final class Npz {

    private Npz() {}

    static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list = NDList.decode(manager, in);
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (NDArray a : list) {
                out.put(a.getName(), a);
            }
            return out;
        }
    }

    /** Asserts same dtype, shape and bytes. */
    static void assertBitwiseEqual(String key, NDArray expected, NDArray actual) {
        assertNotNull(actual, "missing " + key);
        assertEquals(expected.getDataType(), actual.getDataType(), "dtype of " + key);
        assertEquals(expected.getShape(), actual.getShape(), "shape of " + key);
        assertArrayEquals(expected.toByteArray(), actual.toByteArray(), "bytes of " + key);
    }
}
