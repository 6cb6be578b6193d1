package org.lifelongseg.core.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A debugging aid that turns a use of freed Java memory into a deterministic failure: lets the
 * garbage collector free
 * every unreachable direct buffer (the memory DJL's {@code create(...)} wraps on the CPU), then
 * allocates many new direct buffers, likely at the same addresses, filled with {@code 0x7F} bytes
 * (each float reads 3.4e38). A tensor still pointing into freed memory then holds garbage, and a
 * test comparing values fails instead of passing by luck.
 *
 * <pre>{@code
 * try (NDManager scope = manager.newSubManager()) { optimizer.importState(decode(scope), ids); }
 * FreedMemory.scribble();   // the optimizer must hold copies, not views of the closed arrays
 * }</pre>
 *
 * <p>With the system property {@value #PROPERTY}{@code =true} the trainer also calls it between
 * the forward and the backward pass and after every optimizer step ({@link #scribbleIfEnabled}),
 * as the memory-safety test run does; it costs about 30 ms per call.
 */
public final class FreedMemory {

    /** System property that makes {@link #scribbleIfEnabled()} scribble. */
    public static final String PROPERTY = "lifelong.scribbleFreedMemory";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);

    private FreedMemory() {}

    /** Calls {@link #scribble()} if the system property {@value #PROPERTY} is {@code true}. */
    public static void scribbleIfEnabled() {
        if (ENABLED) {
            scribble();
        }
    }

    /**
     * Frees unreachable direct buffers and overwrites freed memory with new ones (about 30 ms).
     * Sizes run from 16 bytes to 128 KiB, the chunks malloc recycles; larger buffers are
     * unmapped when freed, so a later access faults by itself.
     */
    public static void scribble() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            System.gc();
            try {
                Thread.sleep(10); // the Cleaner thread frees the buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 700; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(16 << (i % 14));
                while (b.remaining() >= 8) {
                    b.putLong(0x7F7F7F7F7F7F7F7FL);
                }
                keep.add(b);
                if (keep.size() > 64) {
                    keep.remove(0);
                }
            }
        }
        keep.clear();
    }
}
