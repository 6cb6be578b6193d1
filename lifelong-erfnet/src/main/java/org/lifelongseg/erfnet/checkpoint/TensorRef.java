package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * A tensor described by a pickle ({@code torch._utils._rebuild_tensor_v2}): a view with an element
 * offset, sizes and strides into a storage. It is materialised only when it is kept.
 */
final class TensorRef {

    private final StorageRef storage;
    private final long offset;
    private final long[] size;
    private final long[] stride;

    TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException(
                    "tensor has " + size.length + " sizes but " + stride.length + " strides");
        }
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) {
                throw new IllegalArgumentException("negative size or stride: size "
                        + Arrays.toString(size) + ", stride " + Arrays.toString(stride));
            }
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        this.storage = storage;
        this.offset = offset;
        this.size = size.clone();
        this.stride = stride.clone();
    }

    StorageRef storage() {
        return storage;
    }

    TorchDtype dtype() {
        return storage.dtype();
    }

    long[] size() {
        return size.clone();
    }

    long numel() {
        long n = 1;
        for (long s : size) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Short description for reports, e.g. {@code float32[16, 3, 3, 3]}. */
    String describe() {
        return dtype() + Arrays.toString(size);
    }

    /**
     * Copies this view out of {@code data}, the whole storage in little-endian byte order, into a
     * new contiguous NDArray of {@code manager}.
     *
     * @throws IllegalArgumentException if the view reaches outside the storage
     */
    NDArray materialize(ByteBuffer data, NDManager manager) {
        int es = dtype().elementSize();
        long n = numel();
        long storageElements = data.remaining() / es;
        long first = storage.elementOffset() + offset;
        if (n > 0) {
            long last = first;
            for (int i = 0; i < size.length; i++) {
                last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
            }
            if (last >= storageElements) {
                throw new IllegalArgumentException("tensor view (offset " + first + ", size "
                        + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                        + ") reaches element " + last + " of a storage of " + storageElements
                        + " elements");
            }
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(n * es)).order(ByteOrder.LITTLE_ENDIAN);
        int base = data.position();
        if (isContiguous()) {
            ByteBuffer src = data.duplicate();
            src.position(Math.toIntExact(base + first * es));
            src.limit(Math.toIntExact(base + (first + n) * es));
            out.put(src);
        } else if (n > 0) {
            copyStrided(data, base, first, es, out);
        }
        out.flip();
        return NativeArrays.of(manager, dtype().toLoadable(out), new Shape(size), dtype().loadedAs());
    }

    private boolean isContiguous() {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= size[i];
        }
        return true;
    }

    private void copyStrided(ByteBuffer data, int base, long first, int es, ByteBuffer out) {
        int rank = size.length;
        long[] index = new long[rank];
        byte[] element = new byte[es];
        ByteBuffer src = data.duplicate();
        long pos = first;
        while (true) {
            src.position(Math.toIntExact(base + pos * es));
            src.get(element);
            out.put(element);
            int d = rank - 1;
            while (d >= 0) {
                index[d]++;
                pos += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                pos -= stride[d] * index[d];
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
