package org.lifelongseg.core.data;

/**
 * What task definitions need to know about one image of a dataset, before it is decoded.
 *
 * <pre>{@code
 * List<CityscapesPair> pairs = layout.pairs("train");          // CityscapesPair implements SampleInfo
 * List<CityscapesPair> stage1 = ImageFilter.groups("aachen").select(pairs);
 * }</pre>
 *
 * <p>The id is unique within one split of a dataset (for Cityscapes the frame stem, e.g. {@code
 * aachen_000000_000019}); the group is a coarse origin such as a city, a domain or a sequence.
 */
public interface SampleInfo {

    /** The image's id, unique within its split. */
    String id();

    /** The image's group (for Cityscapes its city). */
    String group();
}
