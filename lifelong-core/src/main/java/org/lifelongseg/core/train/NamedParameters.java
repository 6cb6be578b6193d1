package org.lifelongseg.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lifelongseg.core.checkpoint.AtomicFiles;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * Saves and loads named parameters as safetensors (DJL's {@link NDList.Encoding#SAFETENSORS}).
 *
 * <pre>{@code
 * NamedParameters.save(factory.namedParameters(block), Path.of("model.safetensors"));
 * NamedParameters.load(factory.namedParameters(block), Path.of("model.safetensors"));
 * }</pre>
 *
 * <p>Values are copied bit for bit, so a save/load round trip restores a model exactly.
 */
public final class NamedParameters {

    private NamedParameters() {}

    /**
     * Writes the parameters' current values to {@code file} atomically.
     *
     * @param parameters initialized parameters by name
     * @param file the target
     * @throws IOException naming the file on failure
     */
    public static void save(Map<String, Parameter> parameters, Path file) throws IOException {
        CheckpointLayout.verifyFile(file);
        NDManager owner = null;
        for (Parameter p : parameters.values()) {
            owner = checkInitialized(p).getArray().getManager();
            break;
        }
        if (owner == null) {
            throw new IllegalArgumentException("no parameters to save to " + file);
        }
        try (NDManager scope = owner.newSubManager()) {
            NDList list = new NDList();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray copy = checkInitialized(e.getValue()).getArray().duplicate();
                copy.attach(scope);
                copy.setName(e.getKey());
                list.add(copy);
            }
            AtomicFiles.write(file, out -> list.encode(out, NDList.Encoding.SAFETENSORS));
        }
    }

    /**
     * Loads every parameter from {@code file}, strictly.
     *
     * @param parameters initialized parameters by name
     * @param file a file written by {@link #save}
     * @throws IOException naming the file and the first mismatching key on any difference
     */
    public static void load(Map<String, Parameter> parameters, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "parameter file missing");
        }
        CheckpointLayout.verifyFile(file);
        NDManager owner = null;
        for (Parameter p : parameters.values()) {
            owner = checkInitialized(p).getArray().getManager();
            break;
        }
        if (owner == null) {
            throw new IllegalArgumentException("no parameters to load from " + file);
        }
        try (NDManager scope = owner.newSubManager();
                InputStream in = Files.newInputStream(file)) {
            NDList list;
            try {
                list = NativeArrays.decode(scope, in);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is not a readable parameter file: " + e.getMessage(), e);
            }
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray a : list) {
                byName.put(a.getName(), a);
            }
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray src = byName.get(e.getKey());
                NDArray dst = e.getValue().getArray();
                if (src == null) {
                    problems.add("missing key '" + e.getKey() + "'");
                } else if (!src.getShape().equals(dst.getShape())
                        || src.getDataType() != dst.getDataType()) {
                    problems.add("'" + e.getKey() + "' is " + src.getDataType() + " " + src.getShape()
                            + " in the file but " + dst.getDataType() + " " + dst.getShape()
                            + " in the model");
                }
            }
            for (String name : byName.keySet()) {
                if (!parameters.containsKey(name)) {
                    problems.add("unexpected key '" + name + "'");
                }
            }
            if (!problems.isEmpty()) {
                throw new IOException("parameter file " + file + " does not match the model: "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                        + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""));
            }
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NativeArrays.copyInto(byName.get(e.getKey()), e.getValue().getArray());
            }
        }
    }

    private static Parameter checkInitialized(Parameter p) {
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("parameter " + (p == null ? null : p.getName())
                    + " is not initialized");
        }
        return p;
    }
}
