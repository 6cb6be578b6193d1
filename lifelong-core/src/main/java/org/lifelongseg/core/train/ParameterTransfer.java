package org.lifelongseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Initializes a student from a previous model with fewer classes: every parameter of equal name
 * and shape is copied; a parameter whose shape differs in exactly one axis, where the previous
 * model has {@code oldClasses} and the student {@code newClasses} entries (the output layer), gets
 * the old entries copied into the first {@code oldClasses} positions, and the new classes' entries
 * are zeroed or keep their fresh initialization ({@link NewClassInitialization}).
 *
 * <pre>{@code
 * ParameterTransfer.Report r = ParameterTransfer.copy(
 *         factory.namedParameters(previous), factory.namedParameters(student), 5, 11,
        NewClassInitialization.ZERO);
 * r.partial();   // [decoder.output_conv.weight, decoder.output_conv.bias]
 * }</pre>
 *
 * <p>Values are copied bit for bit through host memory (no autograd involvement).
 */
public final class ParameterTransfer {

    private ParameterTransfer() {}

    /**
     * What was copied.
     *
     * @param copied names copied whole
     * @param partial names whose old-class entries were copied
     * @param skipped names left as initialized (absent or incompatible)
     */
    public record Report(
            ImmutableList<String> copied, ImmutableList<String> partial, ImmutableList<String> skipped) {}

    /**
     * Copies the previous model's parameters into the student's.
     *
     * @param from the previous model's named parameters
     * @param to the student's named parameters (initialized)
     * @param oldClasses the previous model's class count
     * @param newClasses the student's class count
     * @param newClassInit how the new classes' entries of the class-dependent parameters start
     * @return the report
     */
    public static Report copy(Map<String, Parameter> from, Map<String, Parameter> to, int oldClasses,
            int newClasses, NewClassInitialization newClassInit) {
        List<String> copied = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : to.entrySet()) {
            Parameter src = from.get(e.getKey());
            NDArray dst = e.getValue().getArray();
            if (src == null || !src.isInitialized()) {
                skipped.add(e.getKey());
                continue;
            }
            NDArray s = src.getArray();
            if (s.getDataType() != dst.getDataType()) {
                skipped.add(e.getKey());
            } else if (s.getShape().equals(dst.getShape())) {
                NativeArrays.copyInto(s, dst);
                copied.add(e.getKey());
            } else {
                int axis = classAxis(s.getShape(), dst.getShape(), oldClasses, newClasses);
                if (axis < 0 || s.getDataType() != DataType.FLOAT32) {
                    skipped.add(e.getKey());
                } else {
                    try (NDArray merged = merged(s, dst, axis, newClassInit)) {
                        NativeArrays.copyInto(merged, dst);
                    }
                    partial.add(e.getKey());
                }
            }
        }
        return new Report(ImmutableList.copyOf(copied), ImmutableList.copyOf(partial),
                ImmutableList.copyOf(skipped));
    }

    private static int classAxis(Shape from, Shape to, int oldClasses, int newClasses) {
        if (from.dimension() != to.dimension()) {
            return -1;
        }
        int axis = -1;
        for (int i = 0; i < from.dimension(); i++) {
            if (from.get(i) != to.get(i)) {
                if (axis >= 0 || from.get(i) != oldClasses || to.get(i) != newClasses) {
                    return -1;
                }
                axis = i;
            }
        }
        return axis;
    }

    private static NDArray merged(NDArray src, NDArray dst, int axis, NewClassInitialization newClassInit) {
        float[] s = src.toFloatArray();
        float[] d = dst.toFloatArray();
        Shape ss = src.getShape();
        Shape ds = dst.getShape();
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= ss.get(i);
        }
        long inner = 1;
        for (int i = axis + 1; i < ss.dimension(); i++) {
            inner *= ss.get(i);
        }
        int oldN = (int) ss.get(axis);
        int newN = (int) ds.get(axis);
        for (long o = 0; o < outer; o++) {
            int start = (int) (o * newN * inner);
            System.arraycopy(s, (int) (o * oldN * inner), d, start, (int) (oldN * inner));
            if (newClassInit == NewClassInitialization.ZERO) {
                Arrays.fill(d, start + (int) (oldN * inner), start + (int) (newN * inner), 0f);
            }
        }
        NDArray merged = NativeArrays.of(dst.getManager(), d, ds);
        merged.setName(dst.getName());
        return merged;
    }
}
