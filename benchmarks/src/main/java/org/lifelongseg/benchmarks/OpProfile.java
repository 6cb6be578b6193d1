package org.lifelongseg.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lifelongseg.core.train.loss.MaskedCrossEntropyLoss;
import org.lifelongseg.erfnet.model.ErfNet;
import org.lifelongseg.core.train.optim.TorchAdam;

/**
 * Where the time of an ERFNet forward or training step goes, per libtorch operator: runs the
 * work under libtorch's profiler (through DJL's {@link JniUtils#startProfile}) and prints each
 * operator's self time (its time minus that of the operators it called), summed over the calls,
 * with the wall time of the profiled calls and the share not spent inside any operator (the Java
 * side and JNI between operators).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar -Dai.djl.pytorch.num_threads=2 \
 *     org.lifelongseg.benchmarks.OpProfile forward 4x512x1024 3
 * java -cp benchmarks/target/benchmarks.jar -Dai.djl.pytorch.num_threads=1 \
 *     org.lifelongseg.benchmarks.OpProfile train 3x96x192 20
 * }</pre>
 *
 * <p>Arguments: {@code forward|train}, the input shape {@code NxHxW}, the number of profiled
 * calls (after two unprofiled warm-up calls), optionally the path of the chrome trace to keep.
 */
public final class OpProfile {

    private static long optimizerNanos;

    private OpProfile() {}

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: OpProfile forward|train NxHxW CALLS [TRACE.json]");
            System.exit(2);
        }
        String mode = args[0];
        Shape shape = BenchmarkData.imageShape(args[1]);
        int calls = Integer.parseInt(args[2]);
        Path trace = args.length > 3 ? Path.of(args[3]) : Files.createTempFile("op-profile", ".json");
        Runnable work = switch (mode) {
            case "forward" -> forward(shape);
            case "train" -> train(shape);
            default -> throw new IllegalArgumentException("mode must be forward or train, got " + mode);
        };
        work.run();
        work.run();
        optimizerNanos = 0;
        long unprofiled = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            work.run();
        }
        double unprofiledMs = (System.nanoTime() - unprofiled) / 1e6 / calls;
        System.out.printf(Locale.ROOT, "without the profiler: %.1f ms per call%s%n", unprofiledMs,
                mode.equals("train") ? String.format(Locale.ROOT, ", of which the optimizer step %.1f ms",
                        optimizerNanos / 1e6 / calls) : "");
        JniUtils.startProfile(false, false, false);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            work.run();
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        JniUtils.stopProfile(trace.toString());
        print(mode + " " + args[1] + ", " + calls + " calls, " + Engine.getInstance().getEngineName()
                + " " + Engine.getInstance().getVersion() + ", intra-op threads "
                + System.getProperty("ai.djl.pytorch.num_threads", "default"), trace, wallMs, calls);
        if (args.length <= 3) {
            Files.deleteIfExists(trace);
        }
    }

    private static Runnable forward(Shape shape) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        ErfNet net = BenchmarkData.erfNet(20, BenchmarkData.RANDOM_WEIGHTS, manager);
        ParameterStore parameters = new ParameterStore(manager, false);
        NDArray images = manager.randomUniform(0f, 1f, shape);
        return () -> {
            try (NDManager call = manager.newSubManager()) {
                images.tempAttach(call);
                net.forward(parameters, new NDList(images), false).head().getShape();
            }
        };
    }

    private static Runnable train(Shape shape) throws IOException {
        Engine.getInstance().setRandomSeed(0);
        Model model = Model.newInstance("erfnet-profile");
        model.setBlock(BenchmarkData.erfNet(20, BenchmarkData.RANDOM_WEIGHTS, model.getNDManager()));
        TorchAdam adam = TorchAdam.builder().build();
        Trainer trainer = model.newTrainer(
                new DefaultTrainingConfig(new MaskedCrossEntropyLoss()).optOptimizer(adam));
        trainer.initialize(shape);
        NDManager data = NDManager.newBaseManager();
        NDArray images = data.randomUniform(0f, 1f, shape);
        NDArray labels = data.randomInteger(0, 20, new Shape(shape.get(0), shape.get(2), shape.get(3)),
                DataType.INT32).toType(DataType.UINT8, false);
        return () -> {
            try (NDManager batch = trainer.getManager().newSubManager()) {
                images.tempAttach(batch);
                labels.tempAttach(batch);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(images)).head();
                    NDArray loss = MaskedCrossEntropyLoss.compute(logits, labels);
                    collector.backward(loss);
                    loss.getFloat();
                }
                long t0 = System.nanoTime();
                trainer.step();
                optimizerNanos += System.nanoTime() - t0;
            }
        };
    }

    private record Event(String name, long ts, long dur, long tid) {}

    private static void print(String title, Path trace, double wallMs, int calls) throws IOException {
        List<Event> events = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(trace)) {
            JsonElement root = JsonParser.parseReader(r);
            JsonArray array = root.isJsonArray() ? root.getAsJsonArray()
                    : root.getAsJsonObject().getAsJsonArray("traceEvents");
            for (JsonElement e : array) {
                JsonObject o = e.getAsJsonObject();
                if (!o.has("dur") || !"X".equals(o.get("ph").getAsString())) {
                    continue;
                }
                long tid = o.has("tid") && o.get("tid").isJsonPrimitive() ? o.get("tid").getAsLong() : 0;
                events.add(new Event(o.get("name").getAsString(), o.get("ts").getAsLong(),
                        o.get("dur").getAsLong(), tid));
            }
        }
        events.sort(Comparator.comparingLong(Event::tid).thenComparingLong(Event::ts)
                .thenComparing(Comparator.comparingLong(Event::dur).reversed()));
        Map<String, long[]> self = new HashMap<>(); // name -> {self us, calls}
        long topLevel = 0;
        Deque<long[]> open = new ArrayDeque<>(); // {end, index}
        long[] childTime = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            while (!open.isEmpty() && (open.peek()[0] <= e.ts() || events.get((int) open.peek()[1]).tid() != e.tid())) {
                open.pop();
            }
            if (open.isEmpty()) {
                topLevel += e.dur();
            } else {
                childTime[(int) open.peek()[1]] += e.dur();
            }
            open.push(new long[] {e.ts() + e.dur(), i});
        }
        long sum = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            long s = Math.max(0, e.dur() - childTime[i]);
            long[] acc = self.computeIfAbsent(e.name(), k -> new long[2]);
            acc[0] += s;
            acc[1]++;
            sum += s;
        }
        long total = sum;
        System.out.println(title);
        System.out.printf(Locale.ROOT, "wall %.1f ms per call; inside operators %.1f ms per call (%.0f %%)%n",
                wallMs / calls, topLevel / 1e3 / calls, 100.0 * topLevel / 1e3 / wallMs);
        System.out.printf(Locale.ROOT, "%-45s %10s %7s %8s%n", "operator", "self ms", "share", "calls");
        self.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(25)
                .forEach(en -> System.out.printf(Locale.ROOT, "%-45s %10.2f %6.1f%% %8d%n", en.getKey(),
                        en.getValue()[0] / 1e3 / calls, 100.0 * en.getValue()[0] / total,
                        en.getValue()[1] / calls));
    }
}
