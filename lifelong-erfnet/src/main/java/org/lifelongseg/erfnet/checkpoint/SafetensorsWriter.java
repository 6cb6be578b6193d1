package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lifelongseg.core.checkpoint.AtomicFiles;

/**
 * Writes a {@link StateDict} as a safetensors file that {@code safetensors.torch.load_file} reads:
 * an 8-byte little-endian header length, a JSON header (padded with spaces to a multiple of 8)
 * giving each tensor's {@code dtype} ({@code F32}, {@code I64}, ...), {@code shape} and
 * {@code data_offsets} into the data section, then the tensors' little-endian bytes back to back
 * in state dict order. The file is written to a temporary file beside the target and renamed.
 *
 * <pre>{@code
 * SafetensorsWriter.write(stateDict, Path.of("erfnet.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsWriter() {}

    /** Writes {@code stateDict} to {@code file} with metadata {@code {"format": "pt"}}. */
    public static void write(StateDict stateDict, Path file) throws IOException {
        write(stateDict, file, Map.of("format", "pt"));
    }

    /**
     * Writes {@code stateDict} to {@code file} with the given {@code __metadata__} (string to
     * string, keys sorted so that the bytes do not depend on the map's iteration order; omitted
     * when empty), atomically replacing any existing file.
     *
     * @throws IllegalArgumentException if a tensor's data type has no safetensors name
     */
    public static void write(StateDict stateDict, Path file, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty); // Map.of's order changes per JVM
            header.add(Safetensors.METADATA_KEY, meta);
        }
        List<NDArray> arrays = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : stateDict.asMap().entrySet()) {
            if (Safetensors.METADATA_KEY.equals(e.getKey())) {
                throw new IllegalArgumentException(stateDict.source() + ": a tensor may not be named "
                        + Safetensors.METADATA_KEY);
            }
            NDArray a = e.getValue();
            TorchDtype dtype = TorchDtype.fromDataType(a.getDataType());
            if (dtype == null) {
                throw new IllegalArgumentException(stateDict.source() + ": tensor '" + e.getKey()
                        + "' has data type " + a.getDataType() + ", which safetensors cannot store here");
            }
            long bytes = a.getShape().size() * dtype.elementSize();
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", dtype.safetensorsName());
            JsonArray shape = new JsonArray();
            for (long d : a.getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            arrays.add(a);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + Safetensors.HEADER_ALIGNMENT - 1) / Safetensors.HEADER_ALIGNMENT
                * Safetensors.HEADER_ALIGNMENT;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        AtomicFiles.write(file, out -> {
            writeFully(out, head);
            for (NDArray a : arrays) {
                ByteBuffer data = a.toByteBuffer();
                if (data.order() != ByteOrder.LITTLE_ENDIAN && a.getDataType().getNumOfBytes() > 1) {
                    ByteBuffer le = ByteBuffer.allocate(data.remaining());
                    le.put(data.duplicate()).flip();
                    ByteOrderSwap.swapInPlace(le, a.getDataType().getNumOfBytes());
                    data = le;
                }
                writeFully(out, data);
            }
        });
    }

    private static void writeFully(java.io.OutputStream out, ByteBuffer buf) throws IOException {
        if (buf.hasArray()) {
            out.write(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            return;
        }
        byte[] chunk = new byte[Math.min(buf.remaining(), 1 << 16)];
        while (buf.hasRemaining()) {
            int n = Math.min(chunk.length, buf.remaining());
            buf.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
