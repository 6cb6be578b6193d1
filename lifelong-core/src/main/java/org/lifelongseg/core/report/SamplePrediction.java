package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import java.util.Objects;
import org.lifelongseg.core.image.RgbImage;

/**
 * One example image with its ground-truth and predicted class maps (class indices, row-major,
 * the size of the image; 255 or any index without a colour is drawn black).
 *
 * <pre>{@code
 * new SamplePrediction("frankfurt_000000_000294", image, gtClassMap, predictedClassMap);
 * }</pre>
 *
 * @param name a caption, e.g. the image id
 * @param input the input image
 * @param groundTruth the ground-truth class map, {@code width * height} entries
 * @param prediction the predicted class map, {@code width * height} entries
 */
public record SamplePrediction(String name, RgbImage input, int[] groundTruth, int[] prediction) {

    /** Validates the sizes and copies the class maps. */
    public SamplePrediction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        int n = input.width() * input.height();
        Preconditions.checkArgument(
                groundTruth.length == n,
                "sample '%s': ground truth has %s pixels but the image is %sx%s",
                name, groundTruth.length, input.width(), input.height());
        Preconditions.checkArgument(
                prediction.length == n,
                "sample '%s': prediction has %s pixels but the image is %sx%s",
                name, prediction.length, input.width(), input.height());
        groundTruth = groundTruth.clone();
        prediction = prediction.clone();
    }

    /** A copy of the ground-truth class map. */
    @Override
    public int[] groundTruth() {
        return groundTruth.clone();
    }

    /** A copy of the predicted class map. */
    @Override
    public int[] prediction() {
        return prediction.clone();
    }

    /** The fraction of pixels with a ground truth in {@code [0, numClasses)} predicted correctly. */
    public double pixelAccuracy(int numClasses) {
        long valid = 0;
        long correct = 0;
        for (int i = 0; i < groundTruth.length; i++) {
            if (groundTruth[i] >= 0 && groundTruth[i] < numClasses) {
                valid++;
                if (prediction[i] == groundTruth[i]) {
                    correct++;
                }
            }
        }
        return valid == 0 ? Double.NaN : (double) correct / valid;
    }
}
