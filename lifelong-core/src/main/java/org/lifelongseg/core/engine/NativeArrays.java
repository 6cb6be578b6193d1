package org.lifelongseg.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.Buffer;

/**
 * The one way this library turns Java data into NDArrays: every array it returns lives in memory
 * the engine allocated and owns.
 *
 * <pre>{@code
 * NDArray weights = NativeArrays.of(manager, new float[] {1, 2, 3, 4}, new Shape(2, 2));
 * NDList state = NativeArrays.decode(manager, in);      // e.g. a saved optimizer state
 * NativeArrays.copyInto(loaded, parameter.getArray());  // values into an existing tensor
 * }</pre>
 *
 * <p>Why: on the CPU, DJL's PyTorch engine wraps the Java buffer given to {@code
 * NDManager.create(...)} without copying it ({@code torch::from_blob}); only the Java {@code
 * NDArray} object keeps that buffer alive. {@code NDArray.set(Buffer)} likewise points an existing
 * tensor at Java memory, and {@code toDevice}/{@code toType} to the same device and type return
 * an alias even when asked to copy. A libtorch tensor that outlives the Java object (a parameter,
 * optimizer state, a tensor autograd saved for the backward pass, a view, anything loaded from a
 * file) then reads freed memory, or writes into it and corrupts the native heap. The arrays made
 * here are copied once into engine-owned memory, so their lifetime is the engine's alone.
 * An architecture test forbids the raw calls anywhere else in the library.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /** A float32 array of {@code shape} holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return owned(data.length, shape, () -> manager.create(data, shape));
    }

    /** A 1-D float32 array holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** An int32 array of {@code shape} holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, int[] data, Shape shape) {
        return owned(data.length, shape, () -> manager.create(data, shape));
    }

    /** A 1-D int32 array holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, int[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** An int64 array of {@code shape} holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return owned(data.length, shape, () -> manager.create(data, shape));
    }

    /** A 1-D int64 array holding a copy of {@code data}. */
    public static NDArray of(NDManager manager, long[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /**
     * An array of {@code shape} and {@code type} holding a copy of the buffer's remaining elements
     * (heap or direct; the buffer's position is not changed).
     */
    public static NDArray of(NDManager manager, Buffer data, Shape shape, DataType type) {
        return owned(shape.size(), shape, () -> manager.create(data, shape, type));
    }

    /** A float32 scalar. */
    public static NDArray scalar(NDManager manager, float value) {
        return of(manager, new float[] {value}, new Shape());
    }

    /** An int64 scalar. */
    public static NDArray scalar(NDManager manager, long value) {
        return of(manager, new long[] {value}, new Shape());
    }

    /**
     * A copy of {@code array} in new engine-owned memory on {@code manager}'s device, attached to
     * {@code manager}; {@code array} is left open and unchanged.
     */
    public static NDArray copy(NDArray array, NDManager manager) {
        NDArray moved = array.toDevice(manager.getDevice(), false);
        NDArray copy = moved.duplicate();
        if (moved != array) {
            moved.close();
        }
        copy.attach(manager);
        copy.setName(array.getName());
        return copy;
    }

    /**
     * Reads arrays written by {@link NDList#encode} into {@code manager}, each in engine-owned
     * memory, names kept.
     *
     * @throws IOException if the stream cannot be read
     * @throws IllegalArgumentException if the stream is not an encoded NDList
     */
    public static NDList decode(NDManager manager, InputStream in) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            NDList wrappers = NDList.decode(scope, in);
            NDList out = new NDList(wrappers.size());
            for (NDArray w : wrappers) {
                out.add(copy(w, manager));
            }
            return out;
        }
    }

    /**
     * Copies the values of {@code source} into the existing memory of {@code target} (same shape;
     * converted to the target's type and device), e.g. to load a parameter. Runs outside any
     * gradient recording.
     */
    public static void copyInto(NDArray source, NDArray target) {
        Preconditions.checkArgument(
                source.getShape().equals(target.getShape()),
                "cannot copy %s %s into %s %s: shapes differ",
                source.getName(), source.getShape(), target.getName(), target.getShape());
        try (NDManager scope = target.getManager().newSubManager()) {
            NDArray value = source.toDevice(target.getDevice(), false);
            if (value != source) {
                value.attach(scope);
            }
            NDArray typed = value.toType(target.getDataType(), false);
            if (typed != value && typed != source) {
                typed.attach(scope);
            }
            target.set(new NDIndex("..."), typed);
        }
    }

    /** Makes the wrapper of the Java data, copies it into engine memory and frees the wrapper. */
    private static NDArray owned(long length, Shape shape, java.util.function.Supplier<NDArray> wrap) {
        Preconditions.checkArgument(
                shape.size() == length, "%s values do not fill shape %s (%s elements)", length,
                shape, shape.size());
        try (NDArray wrapper = wrap.get()) {
            NDArray owned = wrapper.duplicate();
            owned.attach(wrapper.getManager());
            return owned;
        }
    }
}
