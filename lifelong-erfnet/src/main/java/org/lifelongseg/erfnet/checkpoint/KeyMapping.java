package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renames (or drops) state dict keys, e.g. to read a checkpoint saved from a DataParallel model.
 * Mappings compose with {@link #andThen}.
 *
 * <pre>{@code
 * try (StateDict sd = PyTorchCheckpoints.read(path, manager)) {
 *     KeyMapping.stripDataParallel().applyTo(sd);   // module.encoder.x -> encoder.x
 * }
 * }</pre>
 */
@FunctionalInterface
public interface KeyMapping {

    /** The new name of {@code key}, or empty to drop the entry. */
    Optional<String> map(String key);

    /** This mapping followed by {@code next} (applied to the keys this one keeps). */
    default KeyMapping andThen(KeyMapping next) {
        Objects.requireNonNull(next, "next");
        return key -> map(key).flatMap(next::map);
    }

    /**
     * Renames the entries of {@code stateDict} in place, keeping their order; dropped tensors are
     * closed and recorded with {@link StateDict#addSkipped}.
     *
     * @return {@code stateDict}
     * @throws IllegalArgumentException if two keys map to the same name (the state dict is
     *     unchanged then)
     */
    default StateDict applyTo(StateDict stateDict) {
        Map<String, String> renamed = new LinkedHashMap<>();
        Map<String, String> targetToSource = new LinkedHashMap<>();
        for (String key : stateDict.keys()) {
            Optional<String> target = map(key);
            if (target.isPresent()) {
                String previous = targetToSource.putIfAbsent(target.get(), key);
                if (previous != null) {
                    throw new IllegalArgumentException(stateDict.source() + ": keys '" + previous
                            + "' and '" + key + "' both map to '" + target.get() + "'");
                }
                renamed.put(key, target.get());
            } else {
                renamed.put(key, null);
            }
        }
        for (Map.Entry<String, String> e : renamed.entrySet()) {
            NDArray tensor = stateDict.remove(e.getKey());
            if (e.getValue() == null) {
                stateDict.addSkipped(e.getKey(), "dropped by key mapping");
                tensor.close();
            } else {
                tensor.setName(e.getValue());
                stateDict.put(e.getValue(), tensor);
            }
        }
        return stateDict;
    }

    /** Keeps every key as it is. */
    static KeyMapping identity() {
        return Optional::of;
    }

    /** Strips the {@code module.} prefixes that {@code nn.DataParallel} adds (repeatedly). */
    static KeyMapping stripDataParallel() {
        return key -> {
            String k = key;
            while (k.startsWith("module.")) {
                k = k.substring("module.".length());
            }
            return Optional.of(k);
        };
    }

    /**
     * The layout of the ImageNet-pretrained ERFNet encoder: {@code module.features.encoder.X}
     * becomes {@code encoder.X}; every other key (the ImageNet classifier) is dropped.
     */
    static KeyMapping imagenetEncoder() {
        String prefix = "features.encoder.";
        return stripDataParallel().andThen(key -> key.startsWith(prefix)
                ? Optional.of("encoder." + key.substring(prefix.length()))
                : Optional.empty());
    }
}
