package org.lifelongseg.core.train;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * The loss of one batch: the scalar to back-propagate and named scalar parts for logging.
 *
 * <pre>{@code
 * try (LossTerms terms = strategy.loss(logits, labels, teacherLogits, context)) {
 *     collector.backward(terms.total());
 *     float kd = terms.parts().get("kd").getFloat();
 * }
 * }</pre>
 *
 * @param total the differentiable scalar loss
 * @param parts named scalar parts (e.g. {@code ce}, {@code kd}); may be empty
 */
public record LossTerms(NDArray total, ImmutableMap<String, NDArray> parts) implements AutoCloseable {

    /** The name under which the total is logged. */
    public static final String TOTAL = "loss";

    /** Checks that no part is named {@value #TOTAL}. */
    public LossTerms {
        if (parts.containsKey(TOTAL)) {
            throw new IllegalArgumentException("a loss part may not be named '" + TOTAL + "'");
        }
    }

    /** A loss without parts. */
    public static LossTerms of(NDArray total) {
        return new LossTerms(total, ImmutableMap.of());
    }

    /** A loss with parts. */
    public static LossTerms of(NDArray total, Map<String, NDArray> parts) {
        return new LossTerms(total, ImmutableMap.copyOf(parts));
    }

    /** Frees the scalars. */
    @Override
    public void close() {
        total.close();
        parts.values().forEach(NDArray::close);
    }
}
