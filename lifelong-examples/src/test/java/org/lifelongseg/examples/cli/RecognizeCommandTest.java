package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes;
import org.lifelongseg.cityscapes.synthetic.SyntheticStreetScenes;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.SamplesTransferRatio;
import org.lifelongseg.erfnet.checkpoint.SafetensorsWriter;
import org.lifelongseg.erfnet.checkpoint.StateDict;
import org.lifelongseg.erfnet.checkpoint.StateDictLoader;
import org.lifelongseg.erfnet.model.ErfNet;

/**
 * {@code lifelong recognize} on tiny data: untrained ERFNet checkpoints (the checks are about files,
 * keys and exit codes, not separation, which the recognizer tests in lifelong-cityscapes measure).
 */
class RecognizeCommandTest {

    @TempDir static Path dir;
    static Path checkpoints;
    static Path known;
    static Path dark;
    static Path calibrate;
    static Path incoming;

    static void checkpoint(String name, int classes) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager()) {
            ErfNet net = ErfNet.builder().setNumClasses(classes).build().initializeParameters(m);
            try (StateDict sd = StateDictLoader.export(net.stateDictParameters(), m, name)) {
                SafetensorsWriter.write(sd, checkpoints.resolve(name).resolve("models/weights_0/model.safetensors"));
            }
        }
    }

    static void streets(Path folder, long seed, int n, boolean darker) {
        SyntheticStreetScenes gen = SyntheticStreetScenes.builder().optSeed(seed).optSize(128, 64).build();
        for (int i = 0; i < n; i++) {
            LabeledImage f = gen.render("val", gen.valCities().get(i % 3), i);
            byte[] p = f.rgb().clone();
            if (darker) {
                for (int j = 0; j < p.length; j++) {
                    p[j] = (byte) ((p[j] & 0xFF) / 3);
                }
            }
            ImageFiles.writePng(new RgbImage(f.width(), f.height(), p).toBufferedImage(),
                    folder.resolve(String.format("street_%02d.png", i)));
        }
    }

    @BeforeAll
    static void data() throws Exception {
        checkpoints = dir.resolve("ck");
        checkpoint("tiny", 5);
        checkpoint("tiny11", 11);
        known = dir.resolve("day");
        dark = dir.resolve("night");
        calibrate = dir.resolve("calibrate");
        incoming = dir.resolve("incoming");
        streets(known, 1, 6, false);
        streets(dark, 2, 6, true);
        streets(calibrate, 3, 8, false);
        streets(incoming, 4, 4, false);
        OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(5).optSize(128, 64).build();
        for (OutOfDomainScenes.Kind k : List.of(OutOfDomainScenes.Kind.NOISE, OutOfDomainScenes.Kind.INDOOR)) {
            for (int i = 0; i < 2; i++) {
                ImageFiles.writePng(gen.render(k, i).toBufferedImage(),
                        incoming.resolve(OutOfDomainScenes.imageId(k, i) + ".png"));
            }
        }
    }

    static String[] uncertainty(String out, String... more) {
        String[] base = {"recognize", "--load-model-name", "tiny", "--weights-epoch", "0",
            "--checkpoint-root", checkpoints.toString(), "--input-size", "128x64",
            "--images", incoming.toString(), "--output", dir.resolve(out).toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void uncertaintyCalibratedWritesListsScoresThresholdAndTransferRatio() throws Exception {
        CliRun run = CliRun.of(uncertainty("out1", "--calibrate-on", calibrate.toString(), "--target-tpr", "0.75"));
        assertEquals(0, run.exitCode(), run.err());
        Path out = dir.resolve("out1");
        List<String> seen = Files.readAllLines(out.resolve("seen.txt"));
        List<String> unseen = Files.readAllLines(out.resolve("unseen.txt"));
        assertEquals(8, seen.size() + unseen.size());
        JsonObject o = json(out.resolve("recognition.json"));
        assertEquals("uncertainty", o.get("method").getAsString());
        assertEquals(8, o.get("inferred").getAsInt());
        assertEquals(unseen.size(), o.get("unseen").getAsInt());
        assertEquals(SamplesTransferRatio.of(unseen.size(), 8), o.get("samples_transfer_ratio").getAsDouble());
        assertEquals(8, o.getAsJsonArray("samples").size());
        JsonObject cal = o.getAsJsonObject("calibration");
        assertTrue(cal.get("calibrated").getAsBoolean());
        assertEquals(0.75, cal.get("target_tpr").getAsDouble());
        assertTrue(cal.get("achieved_tpr").getAsDouble() >= 0.75);
        assertEquals(8, cal.get("samples").getAsInt());
        assertTrue(o.get("scorer").getAsString().contains("model=tiny/weights_0"), o.get("scorer").getAsString());
        assertTrue(o.getAsJsonObject("provenance").has("djlVersion") || o.getAsJsonObject("provenance").size() > 3);
        assertEquals(json(out.resolve("calibration.json")).get("threshold").getAsDouble(),
                o.get("threshold").getAsDouble());
        assertTrue(run.out().contains("samples_transfer_ratio"), run.out());

        // the saved calibration is reused as it is
        CliRun again = CliRun.of(uncertainty("out1b", "--calibration", out.resolve("calibration.json").toString()));
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(o.get("threshold").getAsDouble(), json(dir.resolve("out1b/recognition.json")).get("threshold").getAsDouble());
    }

    @Test
    void uncalibratedUsesTheDocumentedDefaultThreshold() throws Exception {
        CliRun run = CliRun.of(uncertainty("out2"));
        assertEquals(0, run.exitCode(), run.err());
        JsonObject o = json(dir.resolve("out2/recognition.json"));
        assertEquals(RecognizeCommand.DEFAULT_UNCERTAINTY_THRESHOLD, o.get("threshold").getAsDouble());
        assertFalse(o.getAsJsonObject("calibration").get("calibrated").getAsBoolean());
        assertFalse(Files.exists(dir.resolve("out2/calibration.json")));
    }

    @Test
    void placeholderTrainsSavesAndReloadsProser() throws Exception {
        Path saved = dir.resolve("proser");
        CliRun run = CliRun.of("recognize", "--method", "placeholder", "--train-known", known.toString(), dark.toString(),
                "--proser-steps", "5", "--save-recognizer", saved.toString(), "--calibrate-on", calibrate.toString(),
                "--images", incoming.toString(), "--output", dir.resolve("out3").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject o = json(dir.resolve("out3/recognition.json"));
        assertEquals("placeholder", o.get("method").getAsString());
        assertEquals("proser_known_minus_placeholder_logit", o.get("score").getAsString());
        assertTrue(o.get("scorer").getAsString().contains("classes=day,night"), o.get("scorer").getAsString());
        assertTrue(Files.isRegularFile(saved.resolve("proser.json")));

        CliRun reload = CliRun.of("recognize", "--method", "placeholder", "--recognizer", saved.toString(),
                "--calibration", dir.resolve("out3/calibration.json").toString(),
                "--images", incoming.toString(), "--output", dir.resolve("out3b").toString());
        assertEquals(0, reload.exitCode(), reload.err());
        JsonObject again = json(dir.resolve("out3b/recognition.json"));
        assertEquals(o.get("threshold").getAsDouble(), again.get("threshold").getAsDouble());
        assertEquals(o.getAsJsonArray("samples"), again.getAsJsonArray("samples"));
    }

    @Test
    void badInputsAreOneLineUsageErrors() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[] emptyArgs = uncertainty("bad1");
        emptyArgs[java.util.Arrays.asList(emptyArgs).indexOf("--images") + 1] = empty.toString();
        assertUsage(CliRun.of(emptyArgs), "contains no images");

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(incoming.resolve("street_00.png"), broken.resolve("a.png"));
        Files.writeString(broken.resolve("b.png"), "not a png");
        String[] brokenArgs = uncertainty("bad2");
        brokenArgs[java.util.Arrays.asList(brokenArgs).indexOf("--images") + 1] = broken.toString();
        assertUsage(CliRun.of(brokenArgs), "b.png");

        String[] missing = uncertainty("bad3");
        missing[java.util.Arrays.asList(missing).indexOf("tiny")] = "nope";
        assertUsage(CliRun.of(missing), "no checkpoint");

        // a calibration of the 5-class model used with the 11-class model
        CliRun cal = CliRun.of(uncertainty("bad4cal", "--calibrate-on", calibrate.toString()));
        assertEquals(0, cal.exitCode(), cal.err());
        String[] other = uncertainty("bad4", "--calibration", dir.resolve("bad4cal/calibration.json").toString());
        other[java.util.Arrays.asList(other).indexOf("tiny")] = "tiny11";
        assertUsage(CliRun.of(other), "different model or class space");

        assertUsage(CliRun.of(uncertainty("bad5", "--method", "guess")), "--method");
        assertUsage(CliRun.of("recognize", "--method", "placeholder", "--images", incoming.toString(),
                "--output", dir.resolve("bad6").toString()), "exactly one of --recognizer");
        assertFalse(Files.exists(dir.resolve("bad2")), "no output on a usage error");
    }

    static void assertUsage(CliRun run, String fragment) {
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.firstErrLine().startsWith("recognize: ") && run.firstErrLine().contains(fragment),
                run.firstErrLine());
        assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
    }
}
