package org.lifelongseg.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void capturesEnvironmentAndRoundTripsThroughJson() {
        Instant now = Instant.parse("2024-05-01T12:00:00.123Z");
        Provenance p = Provenance.builder()
                .optSeed(1234)
                .optDevice(Device.cpu().toString())
                .optConfiguration(Map.of("epochs", "200", "batchSize", "6"))
                .optTimestamp(now)
                .build();
        assertEquals(Engine.getDjlVersion(), p.djlVersion());
        assertEquals("PyTorch", p.engineName());
        assertEquals(Engine.getInstance().getVersion(), p.engineVersion());
        assertFalse(p.engineVersion().equals(Provenance.UNKNOWN));
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertEquals(1234L, p.seed().getAsLong());
        assertEquals(now, p.timestamp());
        assertEquals("[batchSize, epochs]", p.configuration().keySet().toString());

        String json = p.toJson();
        assertTrue(json.contains("\"engineVersion\""), json);
        Provenance back = Provenance.fromJson(json);
        assertEquals(p, back);
        assertEquals("6", back.configuration().get("batchSize"));
    }

    @Test
    void seedIsOptionalAndOptionsAreSetOnce() {
        Provenance p = Provenance.builder().build();
        assertFalse(p.seed().isPresent());
        assertFalse(Provenance.fromJson(p.toJson()).seed().isPresent());
        assertThrows(IllegalStateException.class, () -> Provenance.builder().optSeed(1).optSeed(2));
    }

    @Test
    void malformedJsonNamesTheField() {
        String json = Provenance.builder().build().toJson().replace("\"djlVersion\"", "\"x\"");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson(json));
        assertTrue(e.getMessage().contains("djlVersion"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("[1]"));
    }
}
