package org.lifelongseg.erfnet.checkpoint;

import java.nio.ByteBuffer;

/** Reverses the bytes of every element of a buffer (big-endian storages, big-endian hosts). */
final class ByteOrderSwap {

    private ByteOrderSwap() {}

    /** Swaps each {@code elementSize}-byte element between position and limit in place. */
    static void swapInPlace(ByteBuffer buf, int elementSize) {
        if (elementSize == 1) {
            return;
        }
        for (int i = buf.position(); i + elementSize <= buf.limit(); i += elementSize) {
            for (int a = i, b = i + elementSize - 1; a < b; a++, b--) {
                byte t = buf.get(a);
                buf.put(a, buf.get(b));
                buf.put(b, t);
            }
        }
    }
}
