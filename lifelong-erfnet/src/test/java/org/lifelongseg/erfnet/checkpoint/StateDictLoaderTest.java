package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.testing.SharedTestData;
import org.lifelongseg.erfnet.model.ErfNet;

@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class StateDictLoaderTest {

    private static Path npz() {
        return SharedTestData.require("reference/erfnet-random/erfnet20_seed0_state_dict.npz");
    }

    private static ErfNet net(int classes, boolean encoderOutputConv, NDManager manager) {
        return ErfNet.builder()
                .setNumClasses(classes)
                .optEncoderOutputConv(encoderOutputConv)
                .build()
                .initializeParameters(manager);
    }

    @Test
    void strictLoadIgnoresOnlyNumBatchesTracked() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = net(20, true, manager);
            StateDictLoader.Report report = StateDictLoader.strict().load(sd, net.stateDictParameters());
            assertTrue(report.isComplete());
            assertEquals(306, report.loaded().size());
            assertEquals(39, report.ignored().size()); // one per BatchNorm
            assertTrue(report.ignored().stream().allMatch(k -> k.endsWith(".num_batches_tracked")));
            assertArrayEquals(
                    sd.get("encoder.layers.3.conv1x3_2.bias").toFloatArray(),
                    net.stateDictParameters().get("encoder.layers.3.conv1x3_2.bias").getArray()
                            .toFloatArray());
            assertArrayEquals(
                    sd.get("decoder.layers.4.bn2.running_var").toFloatArray(),
                    net.stateDictParameters().get("decoder.layers.4.bn2.running_var").getArray()
                            .toFloatArray());
        }
    }

    @Test
    void wrongClassCountNamesKeyAndBothShapesAndLoadsNothing() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = net(11, true, manager);
            float[] before =
                    net.stateDictParameters().get("encoder.initial_block.conv.weight").getArray()
                            .toFloatArray();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> StateDictLoader.strict().load(sd, net.stateDictParameters()));
            String msg = e.getMessage();
            assertTrue(msg.contains("'decoder.output_conv.weight'"), msg);
            assertTrue(msg.contains("(16, 20, 2, 2)") && msg.contains("(16, 11, 2, 2)"), msg);
            assertTrue(msg.contains("'encoder.output_conv.weight'"), msg);
            assertTrue(msg.contains("erfnet20_seed0_state_dict.npz"), msg);
            // all or nothing: the matching encoder weights were not loaded either
            assertArrayEquals(
                    before,
                    net.stateDictParameters().get("encoder.initial_block.conv.weight").getArray()
                            .toFloatArray());
        }
    }

    @Test
    void missingAndUnexpectedKeysAreNamed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = net(20, true, manager);
            sd.remove("encoder.layers.5.bn1.running_mean");
            String missing =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> StateDictLoader.strict().load(sd, net.stateDictParameters()))
                            .getMessage();
            assertTrue(missing.contains("missing key 'encoder.layers.5.bn1.running_mean'"), missing);

            sd.put("encoder.layers.5.bn1.running_mean", manager.zeros(new ai.djl.ndarray.types.Shape(64)));
            sd.put("decoder.extra_head.weight", manager.ones(new ai.djl.ndarray.types.Shape(3)));
            String unexpected =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> StateDictLoader.strict().load(sd, net.stateDictParameters()))
                            .getMessage();
            assertTrue(unexpected.contains("unexpected key 'decoder.extra_head.weight'"), unexpected);

            // without the encoder output conv, its two keys are unexpected
            ErfNet noHead = net(20, false, manager);
            sd.remove("decoder.extra_head.weight");
            String head =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> StateDictLoader.strict().load(sd, noHead.stateDictParameters()))
                            .getMessage();
            assertTrue(head.contains("unexpected key 'encoder.output_conv.bias'"), head);
        }
    }

    @Test
    void lenientEncoderOnlyImportReportsWhatWasLoaded() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            // an encoder-only checkpoint (ImageNet-pretrained layout after key mapping)
            for (String key : new ArrayList<>(sd.keys())) {
                if (!key.startsWith("encoder.")) {
                    sd.remove(key);
                }
            }
            ErfNet net = net(11, false, manager);
            Map<String, Parameter> params = net.stateDictParameters();
            float[] decoderBefore = params.get("decoder.layers.0.conv.weight").getArray().toFloatArray();
            StateDictLoader.Report r = StateDictLoader.lenient().load(sd, params);

            List<String> encoderKeys =
                    params.keySet().stream().filter(k -> k.startsWith("encoder.")).collect(Collectors.toList());
            List<String> decoderKeys =
                    params.keySet().stream().filter(k -> k.startsWith("decoder.")).collect(Collectors.toList());
            assertEquals(encoderKeys, r.loaded());
            assertEquals(decoderKeys, r.missing());
            assertEquals(List.of("encoder.output_conv.weight", "encoder.output_conv.bias"), r.unexpected());
            assertTrue(r.mismatched().isEmpty());
            assertEquals(29, r.ignored().size());
            assertTrue(!r.isComplete());
            assertArrayEquals(
                    sd.get("encoder.layers.14.conv3x1_2.weight").toFloatArray(),
                    params.get("encoder.layers.14.conv3x1_2.weight").getArray().toFloatArray());
            assertArrayEquals(
                    decoderBefore, params.get("decoder.layers.0.conv.weight").getArray().toFloatArray());
        }
    }

    @Test
    void lenientSkipsShapeMismatches() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = net(11, true, manager);
            StateDictLoader.Report r = StateDictLoader.lenient().load(sd, net.stateDictParameters());
            assertEquals(
                    List.of("encoder.output_conv.weight", "encoder.output_conv.bias",
                            "decoder.output_conv.weight", "decoder.output_conv.bias"),
                    new ArrayList<>(r.mismatched().keySet()));
            assertTrue(r.mismatched().get("decoder.output_conv.weight").contains("(16, 20, 2, 2)"));
            assertEquals(302, r.loaded().size());
        }
    }

    @Test
    void uninitializedParametersAreAnError() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = ErfNet.builder().setNumClasses(20).build();
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> StateDictLoader.lenient().load(sd, net.stateDictParameters()));
            assertTrue(e.getMessage().contains("encoder.initial_block.conv.weight"), e.getMessage());
        }
    }

    @Test
    void exportRoundTripsAndMatchesPyTorchKeyList() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = NpzStateDictReader.read(npz(), manager)) {
            ErfNet net = net(20, true, manager);
            StateDictLoader.strict().load(sd, net.stateDictParameters());
            try (StateDict pyTorch =
                            StateDictLoader.exportForPyTorch(net.stateDictParameters(), manager, "out.pth");
                    StateDict plain = StateDictLoader.export(net.stateDictParameters(), manager, "out")) {
                assertEquals(new ArrayList<>(sd.keys()), new ArrayList<>(pyTorch.keys()));
                assertEquals(306, plain.size());
                NDArray counter = pyTorch.get("encoder.layers.1.bn1.num_batches_tracked");
                assertEquals(DataType.INT64, counter.getDataType());
                assertEquals(0, counter.getShape().dimension());
                for (String key : plain.keys()) {
                    assertEquals(sd.get(key).getShape(), plain.get(key).getShape(), key);
                    assertArrayEquals(sd.get(key).toFloatArray(), plain.get(key).toFloatArray(), key);
                }
                // the export is a copy: changing the model leaves it untouched
                net.stateDictParameters().get("decoder.output_conv.bias").getArray().muli(0f);
                assertArrayEquals(
                        sd.get("decoder.output_conv.bias").toFloatArray(),
                        plain.get("decoder.output_conv.bias").toFloatArray());

                ErfNet copy = net(20, true, manager);
                StateDictLoader.strict().load(pyTorch, copy.stateDictParameters());
                NDArray x = manager.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(1, 3, 64, 64));
                ParameterStore ps = new ParameterStore(manager, false);
                StateDictLoader.strict().load(plain, net.stateDictParameters());
                assertArrayEquals(
                        net.forward(ps, new NDList(x), false).head().toFloatArray(),
                        copy.forward(ps, new NDList(x), false).head().toFloatArray());
            }
        }
    }
}
