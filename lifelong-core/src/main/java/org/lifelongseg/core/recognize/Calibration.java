package org.lifelongseg.core.recognize;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.image.RgbImage;

/**
 * A recognizer threshold calibrated on known-task validation data to a target true-positive rate
 * (the share of known images accepted as seen), together with the identity of the scorer (model and
 * class space) it is valid for.
 *
 * <pre>{@code
 * Calibration cal = Calibration.fit(scorer, knownValidationImages, 0.95);
 * cal.save(Path.of("run/recognizer-calibration.json"));        // atomic
 * Calibration again = Calibration.load(Path.of("run/recognizer-calibration.json"));
 * again.requireCompatible(otherScorer);  // throws if calibrated for another model/class space
 * }</pre>
 *
 * @param scorerIdentity {@link KnownnessScorer#identity()} of the calibrated scorer
 * @param scoreName the score's name
 * @param threshold seen iff score {@code >=} threshold
 * @param targetTpr the requested true-positive rate
 * @param achievedTpr the share of the calibration samples accepted (at least the target)
 * @param sampleCount the number of calibration samples
 */
public record Calibration(
        String scorerIdentity,
        String scoreName,
        double threshold,
        double targetTpr,
        double achievedTpr,
        int sampleCount) {

    /** The JSON format version written by {@link #save}. */
    public static final int FORMAT_VERSION = 1;

    /** Validates the fields. */
    public Calibration {
        Objects.requireNonNull(scorerIdentity, "scorerIdentity");
        Objects.requireNonNull(scoreName, "scoreName");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("calibration threshold must be finite, got " + threshold);
        }
        if (!(targetTpr > 0 && targetTpr <= 1) || !(achievedTpr >= 0 && achievedTpr <= 1)) {
            throw new IllegalArgumentException(
                    "TPRs must be in (0, 1], got target " + targetTpr + ", achieved " + achievedTpr);
        }
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("calibration needs samples, got " + sampleCount);
        }
    }

    /** Calibrates on scores the scorer gave to known-task images. */
    public static Calibration fromScores(KnownnessScorer scorer, double[] knownScores, double targetTpr) {
        return fromScores(scorer.identity(), scorer.scoreName(), knownScores, targetTpr);
    }

    /** Calibrates on known-task scores of a scorer with the given identity. */
    public static Calibration fromScores(
            String scorerIdentity, String scoreName, double[] knownScores, double targetTpr) {
        double t = OpenSetMetrics.thresholdForTpr(knownScores, targetTpr);
        return new Calibration(scorerIdentity, scoreName, t, targetTpr,
                OpenSetMetrics.acceptedFraction(knownScores, t), knownScores.length);
    }

    /** Scores known-task validation images with the scorer and calibrates on them. */
    public static Calibration fit(KnownnessScorer scorer, List<RgbImage> knownImages, double targetTpr) {
        if (knownImages.isEmpty()) {
            throw new IllegalArgumentException("no known-task images to calibrate on");
        }
        return fromScores(scorer, scorer.score(knownImages), targetTpr);
    }

    /**
     * Checks that this calibration belongs to the scorer.
     *
     * @throws IllegalArgumentException naming both identities if they differ
     */
    public void requireCompatible(KnownnessScorer scorer) {
        if (!scorerIdentity.equals(scorer.identity())) {
            throw new IllegalArgumentException(
                    "the calibration was made for scorer [" + scorerIdentity
                            + "] but the recognizer uses [" + scorer.identity()
                            + "]: a different model or class space; calibrate again");
        }
        if (!scoreName.equals(scorer.scoreName())) {
            throw new IllegalArgumentException("the calibration is for score " + scoreName
                    + " but the scorer computes " + scorer.scoreName());
        }
    }

    /** Writes the calibration as JSON, atomically. */
    public void save(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", "lifelongseg-recognizer-calibration");
        o.addProperty("version", FORMAT_VERSION);
        o.addProperty("scorer", scorerIdentity);
        o.addProperty("score", scoreName);
        o.addProperty("threshold", threshold);
        o.addProperty("target_tpr", targetTpr);
        o.addProperty("achieved_tpr", achievedTpr);
        o.addProperty("samples", sampleCount);
        AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
    }

    /**
     * Reads a calibration written by {@link #save}.
     *
     * @throws IOException if the file is missing or unreadable
     * @throws IllegalArgumentException naming the file and key if the content is invalid
     */
    public static Calibration load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no calibration file");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": a calibration must be a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String format = string(o, "format", file);
        if (!format.equals("lifelongseg-recognizer-calibration")) {
            throw new IllegalArgumentException(file + ": 'format' is " + format + ", not a recognizer calibration");
        }
        int version = (int) number(o, "version", file);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    file + ": calibration format version " + version + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        try {
            return new Calibration(string(o, "scorer", file), string(o, "score", file),
                    number(o, "threshold", file), number(o, "target_tpr", file),
                    number(o, "achieved_tpr", file), (int) number(o, "samples", file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a string");
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a number");
        }
        return e.getAsDouble();
    }
}
