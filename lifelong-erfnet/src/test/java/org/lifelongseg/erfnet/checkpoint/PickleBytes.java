package org.lifelongseg.erfnet.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test helper: assembles pickle opcodes by hand (protocol 2 unless told otherwise). */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes proto(int protocol) {
        PickleBytes p = new PickleBytes();
        return p.op(0x80).op(protocol);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Protocol 4 form: two short unicode strings then STACK_GLOBAL. */
    PickleBytes stackGlobal(String module, String name) {
        return shortStr(module).shortStr(name).op(0x93);
    }

    PickleBytes shortStr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).op(b.length).raw(b);
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(le(b.length, 4)).raw(b);
    }

    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').raw(le(v, 4));
        }
        return op(0x8a).op(8).raw(le(v, 8));
    }

    PickleBytes floating(double d) {
        return op('G').raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(d).array());
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    PickleBytes none() {
        return op('N');
    }

    PickleBytes bool(boolean b) {
        return op(b ? 0x88 : 0x89);
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes setItems() {
        return op('u');
    }

    PickleBytes setItem() {
        return op('s');
    }

    PickleBytes orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /**
     * A {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} call whose
     * storage is the persistent id {@code ('storage', torch.<storageClass>, key, 'cpu', numel)}.
     */
    PickleBytes tensor(String storageClass, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(numel).tuple().op('Q');
        integer(offset).ints(size).ints(stride).bool(false).orderedDict();
        return tuple().reduce();
    }

    /** Legacy persistent ids carry a sixth element, the view metadata (None here). */
    PickleBytes legacyTensor(String storageClass, String key, long numel, Object[] view, long offset,
            long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(numel);
        if (view == null) {
            none();
        } else {
            mark().str((String) view[0]).integer((Long) view[1]).integer((Long) view[2]).tuple();
        }
        tuple().op('Q');
        integer(offset).ints(size).ints(stride).bool(false).orderedDict();
        return tuple().reduce();
    }

    PickleBytes stop() {
        return op('.');
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
