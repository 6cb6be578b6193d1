package org.lifelongseg.core.engine;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The convolutions a block runs: those it or its children declare ({@link RunsConvolutions}) and
 * DJL {@link Conv2d} blocks read from their settings and weights. Empty when something cannot be
 * known (another convolution block, grouped convolutions, an uninitialized weight, a block that
 * is not a DJL block tree such as a TorchScript module).
 */
final class ConvolutionScan {

    private ConvolutionScan() {}

    /** The distinct convolutions of {@code block}, or empty if they cannot all be known. */
    static Optional<Set<ConvolutionShape>> of(Block block) {
        Set<ConvolutionShape> found = new LinkedHashSet<>();
        return collect(block, found) ? Optional.of(found) : Optional.empty();
    }

    private static boolean collect(Block block, Set<ConvolutionShape> found) {
        if (block instanceof RunsConvolutions declaring) {
            found.addAll(declaring.convolutions());
            return true;
        }
        if (block instanceof Conv2d conv) {
            return conv2d(conv, found);
        }
        if (block instanceof ai.djl.nn.convolutional.Convolution
                || block instanceof ai.djl.nn.convolutional.Deconvolution
                || block.getClass().getName().contains("SymbolBlock")) {
            return false; // other dimensions, transposed, or opaque: not checked
        }
        for (Block child : block.getChildren().values()) {
            if (!collect(child, found)) {
                return false;
            }
        }
        return true;
    }

    private static boolean conv2d(Conv2d conv, Set<ConvolutionShape> found) {
        if (conv.getGroups() != 1) {
            return false;
        }
        Parameter weight = conv.getParameters().get("weight");
        if (weight == null || !weight.isInitialized()) {
            return false;
        }
        Shape w = weight.getArray().getShape();
        Shape k = conv.getKernelShape();
        Shape s = conv.getStride();
        Shape p = conv.getPadding();
        Shape d = conv.getDilation();
        if (w.dimension() != 4 || s.get(0) != s.get(1)) {
            return false;
        }
        found.add(new ConvolutionShape((int) w.get(1), (int) w.get(0), (int) k.get(0), (int) k.get(1),
                (int) s.get(0), (int) p.get(0), (int) p.get(1), (int) d.get(0), (int) d.get(1)));
        return true;
    }
}
