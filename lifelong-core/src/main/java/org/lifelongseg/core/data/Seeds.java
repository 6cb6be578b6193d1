package org.lifelongseg.core.data;

/**
 * Derives independent seeds from a base seed and coordinates (epoch, sample index), so random
 * augmentation does not depend on thread scheduling.
 *
 * <pre>{@code
 * Random rng = new Random(Seeds.forSample(seed, epoch, index));
 * }</pre>
 */
public final class Seeds {

    private Seeds() {}

    /** The SplitMix64 finaliser: a bijective, well-mixing function of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for sample {@code index} in epoch {@code epoch} of a run seeded with {@code seed}. */
    public static long forSample(long seed, long epoch, long index) {
        long z = mix(seed + 0x9E3779B97F4A7C15L);
        z = mix(z ^ (epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
        return mix(z ^ (index * 0xD6E8FEB86659FD93L + 0x27D4EB2F165667C5L));
    }

    /** A seed for the sample order of epoch {@code epoch}. */
    public static long forEpoch(long seed, long epoch) {
        return forSample(seed, epoch, -1L);
    }
}
