package org.lifelongseg.core.infer;

/** How low-resolution logits are brought to the label (or original image) resolution. */
public enum Upsampling {
    /**
     * Nearest neighbour with PyTorch's {@code F.interpolate(mode='nearest')} indexing: source index
     * = floor(destination · in / out). The protocol's choice. Argmax commutes with it, so it is
     * applied to the class map, not to the logits.
     */
    NEAREST,
    /** Bilinear interpolation of the logits (half-pixel centres, no corner alignment), then argmax. */
    BILINEAR;

    /** Parses {@code nearest} or {@code bilinear} (case-insensitive). */
    public static Upsampling parse(String name) {
        for (Upsampling u : values()) {
            if (u.name().equalsIgnoreCase(name)) {
                return u;
            }
        }
        throw new IllegalArgumentException(
                "unknown upsampling '" + name + "': expected nearest or bilinear");
    }
}
