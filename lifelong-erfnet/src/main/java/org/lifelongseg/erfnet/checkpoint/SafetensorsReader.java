package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Reads a safetensors file into a {@link StateDict}, validating it as strictly as the reference
 * implementation: header size, UTF-8 JSON object, known dtypes, byte ranges that match the shapes
 * and tile the data section exactly.
 *
 * <pre>{@code
 * try (StateDict sd = SafetensorsReader.read(Path.of("erfnet.safetensors"), manager)) { ... }
 * }</pre>
 */
public final class SafetensorsReader {

    private SafetensorsReader() {}

    /** Reads every tensor of {@code file}, in header order, into a new state dict under {@code manager}. */
    public static StateDict read(Path file, NDManager manager) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(file, ch);
            long dataSize = ch.size() - header.dataStart;
            if (dataSize > Integer.MAX_VALUE) {
                throw new CheckpointFormatException(file, "safetensors data larger than 2 GiB is not supported");
            }
            ByteBuffer all = ByteBuffer.allocate((int) dataSize);
            readFully(file, ch, all, header.dataStart);
            StateDict sd = StateDict.create(manager, file.toString());
            try {
                for (Entry e : header.entries) {
                    ByteBuffer buf = all.duplicate();
                    buf.limit((int) e.end).position((int) e.begin);
                    NDArray a = NativeArrays.of(sd.manager(), e.dtype.toLoadable(buf), new Shape(e.shape),
                            e.dtype.loadedAs());
                    a.setName(e.name);
                    sd.put(e.name, a);
                }
            } catch (RuntimeException ex) {
                sd.close();
                throw ex;
            }
            return sd;
        }
    }

    /** The {@code __metadata__} map of {@code file} (empty when absent). */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch).metadata;
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointFormatException(file, "truncated file: " + size + " bytes, too short for a safetensors header");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > Safetensors.MAX_HEADER_SIZE) {
            throw new CheckpointFormatException(file, "safetensors header length " + Long.toUnsignedString(n) + " is out of range");
        }
        if (8 + n > size) {
            throw new CheckpointFormatException(file, "truncated file: header of " + n + " bytes, file has " + size);
        }
        ByteBuffer headBuf = ByteBuffer.allocate((int) n);
        readFully(file, ch, headBuf, 8);
        headBuf.flip();
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headBuf).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(file, "safetensors header is not UTF-8", e);
        }
        if (!json.startsWith("{")) {
            throw new CheckpointFormatException(file, "safetensors header does not start with '{'");
        }
        JsonObject root;
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement el = JsonParser.parseReader(reader);
            if (!el.isJsonObject()) {
                throw new CheckpointFormatException(file, "safetensors header is not a JSON object");
            }
            root = el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CheckpointFormatException(file, "safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        Header h = new Header();
        h.dataStart = 8 + n;
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (Safetensors.METADATA_KEY.equals(e.getKey())) {
                h.metadata = parseMetadata(file, e.getValue());
            } else {
                h.entries.add(parseEntry(file, e.getKey(), e.getValue()));
            }
        }
        List<Entry> sorted = new ArrayList<>(h.entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin != expected) {
                throw new CheckpointFormatException(file, "tensor '" + e.name + "' data starts at " + e.begin
                        + " but the previous tensor ends at " + expected + " (overlap or hole)");
            }
            expected = e.end;
        }
        long dataSize = size - h.dataStart;
        if (expected != dataSize) {
            throw new CheckpointFormatException(file, expected > dataSize
                    ? "truncated file: the header declares " + expected + " data bytes, the file has " + dataSize
                    : "the header declares " + expected + " data bytes but the file has " + dataSize);
        }
        return h;
    }

    private static Map<String, String> parseMetadata(Path file, JsonElement el) throws CheckpointFormatException {
        if (!el.isJsonObject()) {
            throw new CheckpointFormatException(file, "__metadata__ is not an object");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : el.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
                throw new CheckpointFormatException(file, "__metadata__ value of '" + m.getKey() + "' is not a string");
            }
            meta.put(m.getKey(), m.getValue().getAsString());
        }
        return Collections.unmodifiableMap(meta);
    }

    private static Entry parseEntry(Path file, String name, JsonElement el) throws CheckpointFormatException {
        String where = "tensor '" + name + "': ";
        if (!el.isJsonObject()) {
            throw new CheckpointFormatException(file, where + "header entry is not an object");
        }
        JsonObject o = el.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new CheckpointFormatException(file, where + "missing dtype");
        }
        Entry e = new Entry();
        e.name = name;
        e.dtype = TorchDtype.fromSafetensors(dt.getAsString());
        if (e.dtype == null) {
            throw new CheckpointFormatException(file, where + "unsupported dtype " + dt.getAsString());
        }
        e.shape = nonNegativeLongs(file, where + "shape", o.get("shape"));
        long[] offsets = nonNegativeLongs(file, where + "data_offsets", o.get("data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new CheckpointFormatException(file, where + "data_offsets must be [begin, end] with begin <= end");
        }
        e.begin = offsets[0];
        e.end = offsets[1];
        long numel = 1;
        try {
            for (long d : e.shape) {
                numel = Math.multiplyExact(numel, d);
            }
            if (Math.multiplyExact(numel, e.dtype.elementSize()) != e.end - e.begin) {
                throw new CheckpointFormatException(file, where + "shape and dtype need "
                        + numel * e.dtype.elementSize() + " bytes, data_offsets give " + (e.end - e.begin));
            }
        } catch (ArithmeticException ex) {
            throw new CheckpointFormatException(file, where + "shape is too large", ex);
        }
        return e;
    }

    private static long[] nonNegativeLongs(Path file, String what, JsonElement el) throws CheckpointFormatException {
        if (el == null || !el.isJsonArray()) {
            throw new CheckpointFormatException(file, what + " is missing or not an array");
        }
        JsonArray a = el.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                throw new CheckpointFormatException(file, what + " holds a non-number");
            }
            String s = x.getAsString();
            try {
                out[i] = Long.parseLong(s);
            } catch (NumberFormatException ex) {
                throw new CheckpointFormatException(file, what + " holds a non-integer " + s);
            }
            if (out[i] < 0) {
                throw new CheckpointFormatException(file, what + " holds a negative number " + s);
            }
        }
        return out;
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CheckpointFormatException(file, "truncated file");
            }
            pos += n;
        }
    }

    private static final class Header {
        long dataStart;
        Map<String, String> metadata = Map.of();
        final List<Entry> entries = new ArrayList<>();
    }

    private static final class Entry {
        String name;
        TorchDtype dtype;
        long[] shape;
        long begin;
        long end;
    }
}
