package org.lifelongseg.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lifelongseg.core.image.Normalization;

/** The settings' values, their text (recorded in checkpoints) and the builder's rules. */
class TransformSettingsTest {

    /**
     * Checkpoints record the text and resuming compares it: settings that resize and crop keep
     * the text they always had.
     */
    @Test
    void theReferenceTextIsTheOneCheckpointsRecorded() {
        assertEquals("TransformSettings{resize=512x1024, crop=192x640, maxDownscale=1.5, flip=0.5,"
                + " jitter=0.2/0.2/0.2/0.1, normalization=IMAGENET, eval=512x1024}",
                TransformSettings.reference().toString());
        assertEquals("TransformSettings{resize=128x256, crop=96x192, maxDownscale=1.25, flip=0.5,"
                + " jitter=0.2/0.2/0.2/0.1, normalization=IMAGENET, eval=128x256 (labels too)}",
                TransformSettings.builder().optResize(256, 128).optCrop(192, 96).optMaxDownscale(1.25)
                        .optEvalResizeLabels(true).build().toString());
    }

    @Test
    void smallFramesTrainWholeAndAreScoredAtTheChosenSize() {
        TransformSettings frames = TransformSettings.forFrames(128, 64);
        assertEquals("TransformSettings{resize=64x128, crop=64x128, maxDownscale=1.0, flip=0.5,"
                + " jitter=0.2/0.2/0.2/0.1, normalization=IMAGENET, eval=64x128 (labels too)}", frames.toString());
        TransformSettings scored = TransformSettings.forFramesScoredAtLabelSize(128, 64);
        assertEquals("TransformSettings{resize=64x128, crop=64x128, maxDownscale=1.0, flip=0.5,"
                + " jitter=0.2/0.2/0.2/0.1, normalization=IMAGENET, eval=64x128}", scored.toString());
        assertFalse(scored.evalResizeLabels());
    }

    @Test
    void identityKeepsTheSizeAndDrawsNothingThatChangesPixels() {
        TransformSettings id = TransformSettings.identity();
        assertFalse(id.resizes() || id.crops() || id.evalResizes());
        assertEquals(1.0, id.maxDownscale());
        assertEquals(0.0, id.flipProbability() + id.brightness() + id.contrast() + id.saturation() + id.hue());
        assertEquals(Normalization.IMAGENET, id.normalization());
        assertEquals("TransformSettings{resize=image size, crop=none, maxDownscale=1.0, flip=0.0,"
                + " jitter=0.0/0.0/0.0/0.0, normalization=IMAGENET, eval=image size}", id.toString());
    }

    @Test
    void theEvaluationSizeFollowsTheResizeUnlessGiven() {
        TransformSettings resized = TransformSettings.builder().optResize(64, 32).optCrop(32, 16).build();
        assertEquals(64, resized.evalWidth());
        assertEquals(32, resized.evalHeight());
        TransformSettings kept = TransformSettings.builder().optKeepSize().optCrop(32, 16).build();
        assertFalse(kept.resizes() || kept.evalResizes());
        assertTrue(kept.crops());
        TransformSettings given = TransformSettings.builder().optKeepSize().optEvalSize(48, 24).build();
        assertTrue(given.evalResizes());
        assertEquals(48, given.evalWidth());
    }

    @Test
    void aSettingGivenTwiceOrOutOfRangeIsRefused() {
        assertThrows(IllegalStateException.class, () -> TransformSettings.builder().optKeepSize().optResize(8, 8));
        assertThrows(IllegalStateException.class, () -> TransformSettings.builder().optCrop(8, 8).optNoCrop());
        assertThrows(IllegalArgumentException.class, () -> TransformSettings.builder().optFlipProbability(1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformSettings.builder().optResize(64, 32).optCrop(64, 32).build());
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        // without a resize the crop is checked per image, not when building
        TransformSettings.builder().optKeepSize().optCrop(4096, 4096).build();
    }

    @Test
    void equalSettingsAreEqualAndTheirTransformsToo() {
        TransformSettings a = TransformSettings.builder().optKeepSize().optNoCrop().build();
        TransformSettings b = TransformSettings.builder().optNoCrop().optKeepSize().build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, TransformSettings.reference());
        assertEquals(SegmentationTransform.training(a), SegmentationTransform.training(b));
        assertEquals(SegmentationTransform.evaluation(a), SegmentationTransform.evaluation(b));
        assertNotEquals(SegmentationTransform.training(a), SegmentationTransform.evaluation(a));
    }
}
