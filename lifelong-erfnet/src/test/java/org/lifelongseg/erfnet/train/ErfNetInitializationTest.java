package org.lifelongseg.erfnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.erfnet.train.ErfNetFactory.Initialization;

/** PyTorch's default initialization of a fresh ERFNet (the reference's decoder init). */
class ErfNetInitializationTest {

    private static final ClassSpace CLASSES = ClassSpace.of(List.of("a", "b", "c", "d", "e", "f", "g"));

    private static Map<String, float[]> fresh(ErfNetFactory factory, int seed) throws Exception {
        try (Model model = Model.newInstance("init")) {
            Block block = factory.newBlock(CLASSES);
            model.setBlock(block);
            Engine.getInstance().setRandomSeed(seed);
            factory.initialize(block, model.getNDManager());
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : factory.namedParameters(block).entrySet()) {
                out.put(e.getKey(), e.getValue().getArray().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .toFloatArray());
            }
            shapes.clear();
            factory.namedParameters(block).forEach((k, v) -> shapes.put(k, v.getArray().getShape()));
            return out;
        }
    }

    private static final Map<String, Shape> shapes = new java.util.LinkedHashMap<>();

    @Test
    void convolutionsAreUniformWithinOneOverSqrtFanInAsPyTorch() throws Exception {
        Map<String, float[]> p = fresh(ErfNetFactory.builder().optInitialization(Initialization.PYTORCH).build(), 3);
        int checked = 0;
        List<String> convTransposed = new ArrayList<>();
        for (Map.Entry<String, float[]> e : p.entrySet()) {
            String name = e.getKey();
            Shape shape = shapes.get(name);
            Shape weightShape = name.endsWith(".bias") ? shapes.get(name.replaceAll("bias$", "weight")) : shape;
            float[] v = e.getValue();
            if (weightShape != null && weightShape.dimension() == 4
                    && (name.endsWith(".weight") || name.endsWith(".bias"))) {
                // PyTorch: fan_in = weight.size(1) * kH * kW, for Conv2d (out, in, kH, kW) and
                // ConvTranspose2d (in, out, kH, kW) alike; bound = 1 / sqrt(fan_in)
                double bound = 1 / Math.sqrt(weightShape.get(1) * weightShape.get(2) * weightShape.get(3));
                double max = 0;
                double sq = 0;
                for (float x : v) {
                    max = Math.max(max, Math.abs(x));
                    sq += x * (double) x;
                }
                assertTrue(max <= bound * (1 + 1e-6), name + ": max |w| " + max + " > bound " + bound);
                if (v.length >= 2000) {
                    assertTrue(max >= 0.98 * bound, name + ": max |w| " + max + " far below bound " + bound);
                    double std = Math.sqrt(sq / v.length);
                    assertEquals(bound / Math.sqrt(3), std, 0.05 * bound / Math.sqrt(3), name + " std");
                }
                if (name.startsWith("decoder.layers.") && name.endsWith("conv.weight")
                        && weightShape.get(0) > weightShape.get(1)) {
                    convTransposed.add(name);
                }
                checked++;
            } else if (name.endsWith("bn.weight")) {
                for (float x : v) {
                    assertEquals(1f, x, name);
                }
            } else if (name.endsWith("bn.bias")) {
                for (float x : v) {
                    assertEquals(0f, x, name);
                }
            }
        }
        assertTrue(checked > 100, "checked " + checked + " convolution tensors");
        assertFalse(convTransposed.isEmpty(), "the transposed convolutions (in, out, kH, kW) were checked");
    }

    @Test
    void theSeedReproducesTheWeightsAndDjlInitIsDifferent() throws Exception {
        ErfNetFactory torch = ErfNetFactory.builder().optInitialization(Initialization.PYTORCH).build();
        Map<String, float[]> a = fresh(torch, 11);
        Map<String, float[]> b = fresh(torch, 11);
        Map<String, float[]> c = fresh(torch, 12);
        String first = "encoder.initial_block.conv.weight";
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
        assertFalse(java.util.Arrays.equals(a.get(first), c.get(first)));
        Map<String, float[]> djl = fresh(ErfNetFactory.builder().optInitialization(Initialization.DJL).build(), 11);
        assertFalse(java.util.Arrays.equals(a.get(first), djl.get(first)));
        assertEquals("PYTORCH", torch.describe().get("initialization"));
        assertThrows(IllegalStateException.class, () -> ErfNetFactory.builder()
                .optInitialization(Initialization.DJL).optInitialization(Initialization.PYTORCH));
    }
}
