package org.lifelongseg.erfnet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class KeyMappingPropertiesTest {

    @Property
    void stripDataParallelRemovesEveryLeadingModulePrefix(
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String head,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String tail,
            @ForAll @IntRange(min = 0, max = 3) int wraps) {
        String key = head + "." + tail;
        if (head.equals("module")) {
            return; // "module.x" with no wrap is itself a prefixed key
        }
        String wrapped = "module.".repeat(wraps) + key;
        assertEquals(Optional.of(key), KeyMapping.stripDataParallel().map(wrapped));
        assertEquals(Optional.of(wrapped), KeyMapping.identity().map(wrapped));
    }
}
