package org.lifelongseg.erfnet.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test helper: writes hand-assembled checkpoints in the zip and legacy torch.save layouts. */
final class CheckpointFiles {

    private CheckpointFiles() {}

    /** A zip checkpoint {@code archive/data.pkl} + {@code archive/data/<key>} (+ byteorder). */
    static Path zip(Path file, byte[] dataPkl, Map<String, byte[]> storages, String byteorder) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", dataPkl);
        if (byteorder != null) {
            entries.put("archive/byteorder", byteorder.getBytes(StandardCharsets.US_ASCII));
        }
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zipEntries(file, entries);
    }

    /** A zip of the given entries, stored uncompressed like torch.save does. */
    static Path zipEntries(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zos = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                zos.putNextEntry(ze);
                zos.write(e.getValue());
                zos.closeEntry();
            }
        }
        return file;
    }

    /**
     * A legacy file: header pickles, {@code main}, the key list pickle, then per key an 8-byte
     * element count and the raw bytes.
     */
    static Path legacy(Path file, byte[] main, List<String> keys, Map<String, byte[]> storages, int elementSize)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(legacyHeader());
        out.writeBytes(main);
        PickleBytes list = PickleBytes.proto(2).op(']').mark();
        for (String k : keys) {
            list.str(k);
        }
        out.writeBytes(list.op('e').stop().bytes());
        for (String k : keys) {
            byte[] data = storages.get(k);
            out.writeBytes(PickleBytes.le(data.length / elementSize, 8));
            out.writeBytes(data);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** The pickles that precede the main object in a legacy file (magic, protocol, sys_info). */
    static byte[] legacyHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] magic = new java.math.BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        byte[] le = new byte[magic.length];
        for (int i = 0; i < magic.length; i++) {
            le[i] = magic[magic.length - 1 - i];
        }
        out.writeBytes(PickleBytes.proto(2).op(0x8a).op(le.length).raw(le).stop().bytes());
        out.writeBytes(PickleBytes.proto(2).integer(1001).stop().bytes());
        out.writeBytes(PickleBytes.proto(2).emptyDict().mark()
                .str("protocol_version").integer(1001)
                .str("little_endian").bool(true)
                .setItems().stop().bytes());
        return out.toByteArray();
    }

    static byte[] floats(float... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
