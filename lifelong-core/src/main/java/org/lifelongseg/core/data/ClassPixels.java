package org.lifelongseg.core.data;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.lifelongseg.core.image.DecodedImage;
import org.lifelongseg.core.image.PngDecoder;

/**
 * Labelled pixels per class over the label maps of samples, at full resolution; every label map
 * is decoded and checked once, in parallel.
 *
 * <pre>{@code
 * long[] pixels = ClassPixels.count(layout.samples("train"), s -> layout.encoding(),
 *         s -> table, classes.size());   // table: raw value -> class index, others >= classes
 * }</pre>
 */
public final class ClassPixels {

    private ClassPixels() {}

    /**
     * Counts the pixels of each class.
     *
     * @param samples the samples
     * @param encoding how a sample's label file encodes classes (its values are checked)
     * @param toClass a sample's 256-entry table from raw value to class index; values mapped to
     *     {@code classes} or more (e.g. void) are not counted
     * @param classes the number of classes
     * @return the pixels of class i at index i
     * @throws UncheckedIOException naming the file if a label map is unreadable or holds an invalid
     *     value (its cause a {@link BadSampleException})
     */
    public static <S extends SampleFiles> long[] count(Collection<S> samples, Function<S, LabelEncoding> encoding,
            Function<S, byte[]> toClass, int classes) {
        SampleReader reader = new SampleReader(PngDecoder.fastest());
        AtomicLongArray perClass = new AtomicLongArray(classes);
        samples.parallelStream().forEach(s -> {
            DecodedImage lab;
            try {
                lab = reader.readLabels(s, encoding.apply(s));
            } catch (BadSampleException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            long[] h = new long[256];
            for (byte v : lab.pixels()) {
                h[v & 0xFF]++;
            }
            byte[] table = toClass.apply(s);
            for (int v = 0; v < 256; v++) {
                int c = table[v] & 0xFF;
                if (h[v] != 0 && c < classes) {
                    perClass.addAndGet(c, h[v]);
                }
            }
        });
        long[] out = new long[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = perClass.get(c);
        }
        return out;
    }
}
