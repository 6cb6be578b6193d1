package org.lifelongseg.erfnet.recognize;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.common.collect.ImmutableList;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.engine.NativeArrays;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.KnownnessScorer;
import org.lifelongseg.core.train.optim.LearningRateSchedule;
import org.lifelongseg.core.train.optim.TorchAdam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned unknown-task scorer after PROSER (Zhou, Ye and Zhan, CVPR 2021), the method of the
 * Ianvs scene-based unknown-task recognition example: an image-level classifier of the K known
 * scene kinds (e.g. real camera frames and simulator frames, Ianvs' {@code real}/{@code sim}) with
 * an extra placeholder logit, trained with the classifier-placeholder loss and the data-placeholder
 * loss (manifold mixup of middle-layer features of samples of different known classes, labelled as
 * the placeholder). The known-ness score is the gap between the best known logit and the
 * placeholder logit, the paper's inference rule (unknown when the placeholder, shifted by a bias
 * calibrated on known data, wins); a {@link org.lifelongseg.core.recognize.Calibration} sets that
 * bias and gives the Ianvs plug-in's known = 1 / unknown = 0 decision.
 *
 * <p><b>Layout-shuffled data placeholders</b> (on by default, an addition to the paper): with the
 * K = 2 known kinds of the Ianvs setting the classifier can tell them apart by texture alone, and
 * manifold mixup only teaches the placeholder the region between the two kinds; every generated
 * unknown kind (rooms, landscapes, noise, shifted streets) then lands in one of the known classes
 * with more confidence than held-out known frames (AUROC 0.24, worse than chance). So part of each
 * batch is also made of known images whose tiles are shuffled (a 4x2 grid, see {@link
 * Trainer#optShuffledPlaceholders}), labelled as the placeholder like the mixed features: they keep
 * the known images' colours and textures but not a street's layout, which forces the features to
 * encode the layout. With them (and a cosine-decayed learning rate) the AUROC against the
 * generated unknown kinds is 0.84-0.89 over three seeds (see ProserRecognizerTest in
 * lifelong-cityscapes). None of the generated unknown kinds is used in training.
 *
 * <pre>{@code
 * try (ProserRecognizer proser = ProserRecognizer.trainer()
 *         .setClassNames(List.of("real", "sim"))
 *         .setTrainingImages(List.of(realFrames, simFrames))
 *         .optSteps(150).optSeed(1)
 *         .train()) {
 *     Calibration cal = Calibration.fit(proser, heldOutKnown, 0.95);
 *     proser.save(Path.of("run/proser"));
 * }
 * }</pre>
 *
 * <p>The classifier is a small {@link WideResNet} (WRN-10-1 by default, 78k parameters) on
 * low-resolution input (64x32 by default): scene kind is a global property, and a network of its
 * own, unlike a head on the segmentation encoder, does not change when the segmentation model
 * learns the next task, so its calibration stays valid across tasks. Deterministic by seed on CPU.
 */
public final class ProserRecognizer implements KnownnessScorer {

    private static final Logger LOG = LoggerFactory.getLogger(ProserRecognizer.class);
    private static final String FORMAT = "lifelongseg-proser";
    private static final int VERSION = 1;
    private static final int TILES_X = 4;
    private static final int TILES_Y = 2;

    private final Model model;
    private final WideResNet net;
    private final ImmutableList<String> classNames;
    private final int inputWidth;
    private final int inputHeight;
    private final String weightsHash;

    private ProserRecognizer(Model model, WideResNet net, List<String> classNames, int inputWidth, int inputHeight) {
        this.model = model;
        this.net = net;
        this.classNames = ImmutableList.copyOf(classNames);
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.weightsHash = hashWeights(net);
    }

    /** A trainer with the defaults (see its options). */
    public static Trainer trainer() {
        return new Trainer();
    }

    /** The known classes (the placeholder is class {@code size()}). */
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String identity() {
        return "proser; net=" + net + "; classes=" + String.join(",", classNames) + "; input="
                + inputWidth + "x" + inputHeight + "; weights=" + weightsHash;
    }

    @Override
    public String scoreName() {
        return "proser_known_minus_placeholder_logit";
    }

    @Override
    public double[] score(List<RgbImage> images) {
        float[][] logits = logits(images);
        int k = classNames.size();
        double[] out = new double[images.size()];
        for (int i = 0; i < out.length; i++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                best = Math.max(best, logits[i][c]);
            }
            out[i] = best - logits[i][k];
        }
        return out;
    }

    /** The arg-max over the K + 1 logits per image: a known class, or K for the placeholder. */
    public int[] classify(List<RgbImage> images) {
        float[][] logits = logits(images);
        int[] out = new int[images.size()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < logits[i].length; c++) {
                if (logits[i][c] > logits[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The logits {@code (K + 1)} per image, evaluation mode. */
    public float[][] logits(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        int batch = 64;
        for (int from = 0; from < images.size(); from += batch) {
            List<RgbImage> part = images.subList(from, Math.min(images.size(), from + batch));
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = toInput(scope, part, inputWidth, inputHeight, null);
                NDArray l = net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                float[] f = l.toType(DataType.FLOAT32, false).toFloatArray();
                int c = classNames.size() + 1;
                for (int i = 0; i < part.size(); i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(f, i * c, (i + 1) * c);
                }
            }
        }
        return out;
    }

    /**
     * Images to a normalized batch {@code (N, 3, h, w)}: resized (a random crop and flip when
     * {@code rnd} is given) and scaled to {@code v / 127.5 - 1}.
     */
    static NDArray toInput(NDManager m, List<RgbImage> images, int w, int h, Random rnd) {
        float[] data = new float[images.size() * 3 * h * w];
        int plane = h * w;
        for (int n = 0; n < images.size(); n++) {
            RgbImage img = images.get(n);
            if (rnd != null) {
                img = randomCrop(img, w, h, rnd);
            } else {
                img = img.resizeBilinear(w, h);
            }
            boolean flip = rnd != null && rnd.nextBoolean();
            byte[] p = img.pixels();
            int base = n * 3 * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sx = flip ? w - 1 - x : x;
                    int s = (y * w + sx) * 3;
                    int d = y * w + x;
                    data[base + d] = (p[s] & 0xFF) / 127.5f - 1f;
                    data[base + plane + d] = (p[s + 1] & 0xFF) / 127.5f - 1f;
                    data[base + 2 * plane + d] = (p[s + 2] & 0xFF) / 127.5f - 1f;
                }
            }
        }
        return NativeArrays.of(m, data, new Shape(images.size(), 3, h, w));
    }

    /** A crop of 60-100 % of each side at a random position, resized to w x h. */
    private static RgbImage randomCrop(RgbImage img, int w, int h, Random rnd) {
        double s = 0.6 + 0.4 * rnd.nextDouble();
        int cw = Math.max(1, (int) Math.round(img.width() * s));
        int ch = Math.max(1, (int) Math.round(img.height() * s));
        int x0 = rnd.nextInt(img.width() - cw + 1);
        int y0 = rnd.nextInt(img.height() - ch + 1);
        byte[] out = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(img.pixels(), ((y0 + y) * img.width() + x0) * 3, out, y * cw * 3, cw * 3);
        }
        return new RgbImage(cw, ch, out).resizeBilinear(w, h);
    }

    /** Writes the classifier (settings JSON + DJL parameters) as a folder, atomically. */
    public void save(Path dir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        JsonArray names = new JsonArray();
        classNames.forEach(names::add);
        o.add("classes", names);
        o.addProperty("input_width", inputWidth);
        o.addProperty("input_height", inputHeight);
        o.addProperty("depth", net.depth());
        o.addProperty("widen_factor", net.widenFactor());
        o.addProperty("weights_sha256", weightsHash);
        AtomicFiles.writeDirectory(dir, d -> {
            Files.writeString(d.resolve("proser.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
            try (OutputStream os = Files.newOutputStream(d.resolve("proser.params"));
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
                net.saveParameters(out);
            }
        });
    }

    /**
     * Reads a classifier written by {@link #save} onto {@code device}.
     *
     * @throws IOException if the folder or a file is missing or unreadable
     * @throws IllegalArgumentException naming the file and key if the content is invalid
     */
    public static ProserRecognizer load(Path dir, Device device) throws IOException {
        Path json = dir.resolve("proser.json");
        Path params = dir.resolve("proser.params");
        for (Path p : List.of(json, params)) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, "not a saved PROSER recognizer");
            }
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(json + ": not a JSON object: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(str(o, "format", json)) || integer(o, "version", json) != VERSION) {
            throw new IllegalArgumentException(json + ": not a version " + VERSION + " " + FORMAT + " file");
        }
        JsonElement c = o.get("classes");
        if (c == null || !c.isJsonArray() || c.getAsJsonArray().size() < 2) {
            throw new IllegalArgumentException(json + ": key 'classes' must list at least 2 class names");
        }
        List<String> names = new ArrayList<>();
        c.getAsJsonArray().forEach(e -> names.add(e.getAsString()));
        int w = integer(o, "input_width", json);
        int h = integer(o, "input_height", json);
        WideResNet net = WideResNet.builder().setOutputs(names.size() + 1)
                .optDepth(integer(o, "depth", json)).optWidenFactor(integer(o, "widen_factor", json)).build();
        Model model = Model.newInstance("proser", device, "PyTorch");
        try {
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, h, w));
            try (InputStream is = Files.newInputStream(params);
                    DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
                net.loadParameters(model.getNDManager(), in);
            } catch (MalformedModelException | RuntimeException e) {
                throw new IllegalArgumentException(params + ": does not hold the parameters of " + net + ": " + e.getMessage(), e);
            }
            ProserRecognizer r = new ProserRecognizer(model, net, names, w, h);
            String expected = str(o, "weights_sha256", json);
            if (!expected.equals(r.weightsHash)) {
                r.close();
                throw new IllegalArgumentException(params + ": weights hash " + r.weightsHash
                        + " does not match " + expected + " recorded in " + json);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String str(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' is missing");
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a number");
        }
        return e.getAsInt();
    }

    private static String hashWeights(WideResNet net) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Pair<String, Parameter> p : net.getParameters()) {
                md.update(p.getKey().getBytes(StandardCharsets.UTF_8));
                float[] f = p.getValue().getArray().toType(DataType.FLOAT32, false).toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(f);
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** Trains a {@link ProserRecognizer}; a setting given twice is an error. */
    public static final class Trainer {
        private ImmutableList<String> classNames;
        private List<List<RgbImage>> images;
        private int inputWidth;
        private int inputHeight;
        private int steps;
        private int batchSize;
        private double learningRate = Double.NaN;
        private double beta = Double.NaN;
        private double gamma = Double.NaN;
        private double mixupAlpha = Double.NaN;
        private Integer shuffled;
        private Long seed;
        private int depth;
        private int widenFactor;
        private Device device;

        private Trainer() {}

        /** The names of the K >= 2 known classes (required). */
        public Trainer setClassNames(List<String> names) {
            check(classNames == null, "class names");
            if (names.size() < 2) {
                throw new IllegalArgumentException(
                        "PROSER needs at least 2 known classes (mixup pairs samples of different classes), got " + names);
            }
            this.classNames = ImmutableList.copyOf(names);
            return this;
        }

        /** The training images of each known class, in class order (required, none empty). */
        public Trainer setTrainingImages(List<List<RgbImage>> perClass) {
            check(images == null, "training images");
            this.images = List.copyOf(perClass);
            return this;
        }

        /** The network input size (default 64x32). */
        public Trainer optInputSize(int width, int height) {
            check(inputWidth == 0, "input size");
            if (width < 8 || height < 8) {
                throw new IllegalArgumentException("input size must be at least 8x8, got " + width + "x" + height);
            }
            this.inputWidth = width;
            this.inputHeight = height;
            return this;
        }

        /** Optimizer steps (default 200). */
        public Trainer optSteps(int steps) {
            check(this.steps == 0, "steps");
            positive(steps, "steps");
            this.steps = steps;
            return this;
        }

        /** Images per step (default 32; at least 2). */
        public Trainer optBatchSize(int batchSize) {
            check(this.batchSize == 0, "batch size");
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Adam's initial learning rate, decayed to 0 along a half cosine over the steps (default 2e-3). */
        public Trainer optLearningRate(double lr) {
            check(Double.isNaN(learningRate), "learning rate");
            if (!(lr > 0)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
            }
            this.learningRate = lr;
            return this;
        }

        /** β, the weight of the masked (placeholder-ranks-second) term of l1 (default 1). */
        public Trainer optBeta(double beta) {
            check(Double.isNaN(this.beta), "beta");
            nonNegative(beta, "beta");
            this.beta = beta;
            return this;
        }

        /** γ, the weight of the data-placeholder loss l2 (default 1). */
        public Trainer optGamma(double gamma) {
            check(Double.isNaN(this.gamma), "gamma");
            nonNegative(gamma, "gamma");
            this.gamma = gamma;
            return this;
        }

        /** α of the mixup coefficient λ ~ Beta(α, α) (default 1: uniform). */
        public Trainer optMixupAlpha(double alpha) {
            check(Double.isNaN(mixupAlpha), "mixup alpha");
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("mixup alpha must be > 0, got " + alpha);
            }
            this.mixupAlpha = alpha;
            return this;
        }

        /**
         * Layout-shuffled data placeholders per step (default a third of the batch size; 0 = the
         * paper's losses only): known images of the batch cut into a 4x2 grid of tiles put back
         * in a random order, labelled as the placeholder (weight γ, like the mixed features).
         */
        public Trainer optShuffledPlaceholders(int perStep) {
            check(shuffled == null, "shuffled placeholders");
            if (perStep < 0) {
                throw new IllegalArgumentException("shuffled placeholders per step must be >= 0, got " + perStep);
            }
            this.shuffled = perStep;
            return this;
        }

        /** The seed of initialization, sampling, augmentation and mixup (default 0). */
        public Trainer optSeed(long seed) {
            check(this.seed == null, "seed");
            this.seed = seed;
            return this;
        }

        /** The Wide-ResNet's depth and widen factor (default 10 and 1). */
        public Trainer optNetwork(int depth, int widenFactor) {
            check(this.depth == 0, "network");
            this.depth = depth;
            this.widenFactor = widenFactor;
            return this;
        }

        /** The device (default CPU). */
        public Trainer optDevice(Device device) {
            check(this.device == null, "device");
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Validates the settings and trains. */
        public ProserRecognizer train() {
            if (classNames == null) {
                throw new IllegalStateException("setClassNames is required");
            }
            if (images == null) {
                throw new IllegalStateException("setTrainingImages is required");
            }
            if (images.size() != classNames.size()) {
                throw new IllegalArgumentException(images.size() + " image lists for " + classNames.size()
                        + " classes " + classNames);
            }
            for (int c = 0; c < images.size(); c++) {
                if (images.get(c).isEmpty()) {
                    throw new IllegalArgumentException("class '" + classNames.get(c) + "' has no training images");
                }
            }
            int w = inputWidth == 0 ? 64 : inputWidth;
            int h = inputWidth == 0 ? 32 : inputHeight;
            int n = steps == 0 ? 200 : steps;
            int b = batchSize == 0 ? 32 : batchSize;
            int sh = shuffled == null ? b / 3 : shuffled;
            if (sh > b) {
                throw new IllegalArgumentException(sh + " shuffled placeholders per step exceed the batch size " + b);
            }
            double lr = Double.isNaN(learningRate) ? 2e-3 : learningRate;
            double bt = Double.isNaN(beta) ? 1 : beta;
            double gm = Double.isNaN(gamma) ? 1 : gamma;
            double alpha = Double.isNaN(mixupAlpha) ? 1 : mixupAlpha;
            long s = seed == null ? 0 : seed;
            WideResNet net = WideResNet.builder().setOutputs(classNames.size() + 1)
                    .optDepth(depth == 0 ? 10 : depth).optWidenFactor(depth == 0 ? 1 : widenFactor).build();
            Model model = Model.newInstance("proser", device == null ? Device.cpu() : device, "PyTorch");
            try {
                model.setBlock(net);
                Engine.getEngine("PyTorch").setRandomSeed((int) (s ^ (s >>> 32)));
                net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, h, w));
                fit(model, net, w, h, n, b, sh, lr, bt, gm, alpha, s);
                return new ProserRecognizer(model, net, classNames, w, h);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }

        private void fit(Model model, WideResNet net, int w, int h, int steps, int batch, int shuffledCount,
                double lr, double beta, double gamma, double alpha, long seed) {
            // pre-shrink the training images once: crops are taken from twice the input size
            List<List<RgbImage>> small = new ArrayList<>();
            for (List<RgbImage> cls : images) {
                small.add(cls.stream().map(i -> i.resizeBilinear(2 * w, 2 * h)).toList());
            }
            List<Parameter> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                    trainable.add(p.getValue());
                }
            }
            Random rnd = new Random(seed);
            int k = classNames.size();
            // the "epoch" of the schedule is the step: a half cosine from lr to 0
            LearningRateSchedule cosine = step -> lr * 0.5 * (1 + Math.cos(Math.PI * step / steps));
            try (TorchAdam adam = TorchAdam.builder().optLearningRate(cosine).optWeightDecay(5e-4).build()) {
                for (int step = 0; step < steps; step++) {
                    adam.setEpoch(step);
                    int[] labels = new int[batch];
                    List<RgbImage> xs = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        labels[i] = i % k; // balanced classes
                        List<RgbImage> cls = small.get(labels[i]);
                        xs.add(cls.get(rnd.nextInt(cls.size())));
                    }
                    int[] perm = permutation(batch, rnd);
                    List<Integer> pairs = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        if (labels[i] != labels[perm[i]]) {
                            pairs.add(i);
                        }
                    }
                    double lambda = sampleBeta(alpha, rnd);
                    List<RgbImage> inputs = new ArrayList<>(xs);
                    for (int i = 0; i < shuffledCount; i++) {
                        inputs.add(shuffleTiles(xs.get(i).resizeBilinear(w, h), TILES_X, TILES_Y, rnd));
                    }
                    int known = batch;
                    int placeholders = batch + shuffledCount; // rows [known, placeholders) are shuffled images
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        NDArray x = toInput(scope, inputs, w, h, rnd);
                        NDArray y = NativeArrays.of(scope, labels);
                        ParameterStore ps = new ParameterStore(scope, false);
                        float loss;
                        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                            NDArray mid = net.forwardPre(ps, x, true);
                            NDArray all = mid;
                            if (!pairs.isEmpty()) {
                                int[] a = pairs.stream().mapToInt(Integer::intValue).toArray();
                                int[] bIdx = pairs.stream().mapToInt(i -> perm[i]).toArray();
                                NDArray mixed = mid.get(NativeArrays.of(scope, a).toType(DataType.INT64, false)).mul((float) lambda)
                                        .add(mid.get(NativeArrays.of(scope, bIdx).toType(DataType.INT64, false)).mul((float) (1 - lambda)));
                                all = mid.concat(mixed, 0);
                            }
                            NDArray logits = net.forwardPost(ps, all, true);
                            NDArray total = ProserLoss.classifierPlaceholder(logits.get("0:" + known), y, beta);
                            if (!pairs.isEmpty()) {
                                total = total.add(ProserLoss.dataPlaceholder(logits.get(placeholders + ":"))
                                        .mul((float) gamma));
                            }
                            if (shuffledCount > 0) {
                                total = total.add(ProserLoss.dataPlaceholder(logits.get(known + ":" + placeholders))
                                        .mul((float) gamma));
                            }
                            gc.backward(total);
                            loss = total.getFloat();
                        }
                        for (Parameter p : trainable) {
                            NDArray weight = p.getArray();
                            adam.update(p.getId(), weight, weight.getGradient());
                        }
                        if (step % 25 == 0 || step == steps - 1) {
                            LOG.debug("PROSER step {}/{}: loss {}", step + 1, steps, loss);
                        }
                    }
                }
            }
        }

        /** The image cut into a {@code tx x ty} grid of tiles put back in a random order. */
        static RgbImage shuffleTiles(RgbImage img, int tx, int ty, Random rnd) {
            int w = img.width();
            int tw = w / tx;
            int th = img.height() / ty;
            int[] order = permutation(tx * ty, rnd);
            byte[] src = img.pixels();
            byte[] out = src.clone();
            for (int t = 0; t < order.length; t++) {
                int sx = (order[t] % tx) * tw;
                int sy = (order[t] / tx) * th;
                int dx = (t % tx) * tw;
                int dy = (t / tx) * th;
                for (int y = 0; y < th; y++) {
                    System.arraycopy(src, ((sy + y) * w + sx) * 3, out, ((dy + y) * w + dx) * 3, tw * 3);
                }
            }
            return new RgbImage(w, img.height(), out);
        }

        private static int[] permutation(int n, Random rnd) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        /** Beta(α, α) from two Gamma(α) draws (Marsaglia and Tsang). */
        static double sampleBeta(double alpha, Random rnd) {
            double a = sampleGamma(alpha, rnd);
            double b = sampleGamma(alpha, rnd);
            return a / (a + b);
        }

        private static double sampleGamma(double alpha, Random rnd) {
            if (alpha < 1) {
                return sampleGamma(alpha + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / alpha);
            }
            double d = alpha - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x;
                double v;
                do {
                    x = rnd.nextGaussian();
                    v = 1 + c * x;
                } while (v <= 0);
                v = v * v * v;
                double u = rnd.nextDouble();
                if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }

        private static void check(boolean unset, String what) {
            if (!unset) {
                throw new IllegalStateException(what + " already set");
            }
        }

        private static void positive(int v, String what) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be > 0, got " + v);
            }
        }

        private static void nonNegative(double v, String what) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException(what + " must be >= 0, got " + v);
            }
        }
    }
}
