package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyMappingTest {

    @Test
    void imagenetEncoderMapsFeaturesEncoderAndDropsTheRest() {
        KeyMapping m = KeyMapping.imagenetEncoder();
        assertEquals(Optional.of("encoder.layers.3.bn1.weight"), m.map("module.features.encoder.layers.3.bn1.weight"));
        assertEquals(Optional.of("encoder.initial_block.conv.bias"), m.map("features.encoder.initial_block.conv.bias"));
        assertEquals(Optional.empty(), m.map("module.classifier.fc.weight"));
        assertEquals(Optional.empty(), m.map("module.features.extralayer1.weight"));
    }

    @Test
    void andThenComposesAndDropsPropagate() {
        KeyMapping upper = k -> Optional.of(k.toUpperCase(java.util.Locale.ROOT));
        KeyMapping dropB = k -> k.startsWith("B") ? Optional.empty() : Optional.of(k);
        KeyMapping both = KeyMapping.stripDataParallel().andThen(upper).andThen(dropB);
        assertEquals(Optional.of("A.X"), both.map("module.a.x"));
        assertEquals(Optional.empty(), both.map("module.b.x"));
    }

    @Test
    void applyToRenamesInPlaceKeepingOrderAndRecordsDrops() {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = StateDict.create(manager, "test.pth")) {
            NDArray a = sd.manager().create(new float[] {1});
            sd.put("module.features.encoder.b", a);
            sd.put("module.classifier.fc.weight", sd.manager().create(new float[] {2}));
            sd.put("module.features.encoder.a", sd.manager().create(new float[] {3}));
            KeyMapping.imagenetEncoder().applyTo(sd);
            assertEquals(List.of("encoder.b", "encoder.a"), List.copyOf(sd.keys()));
            assertEquals(a, sd.get("encoder.b"));
            assertEquals("encoder.b", a.getName());
            assertEquals(Map.of("module.classifier.fc.weight", "dropped by key mapping"), sd.skipped());
        }
    }

    @Test
    void collidingTargetsAreAnErrorAndLeaveTheStateDictUnchanged() {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict sd = StateDict.create(manager, "dup.pth")) {
            sd.put("module.x", sd.manager().create(new float[] {1}));
            sd.put("x", sd.manager().create(new float[] {2}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyMapping.stripDataParallel().applyTo(sd));
            assertTrue(e.getMessage().contains("dup.pth") && e.getMessage().contains("'module.x' and 'x'"), e.getMessage());
            assertEquals(List.of("module.x", "x"), List.copyOf(sd.keys()));
        }
    }
}
