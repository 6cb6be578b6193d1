package org.lifelongseg.core.engine;

import java.util.List;

/**
 * A block that computes convolutions other than through DJL's convolution blocks (a transposed
 * convolution rearranged into a plain one, channels padded before a convolution, ...) says which
 * it runs, so {@link TorchRuntime#admit} can check exactly those. Its child blocks are not
 * scanned.
 *
 * <pre>{@code
 * public List<ConvolutionShape> convolutions() {
 *     return List.of(new ConvolutionShape(16, 32, 1, 1, 1, 0, 0, 1, 1));
 * }
 * }</pre>
 */
public interface RunsConvolutions {

    /** The convolutions the block runs (it is initialized). */
    List<ConvolutionShape> convolutions();
}
