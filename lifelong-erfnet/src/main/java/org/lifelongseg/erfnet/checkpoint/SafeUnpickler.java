package org.lifelongseg.erfnet.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for PyTorch checkpoints that never runs code from the file.
 *
 * <p>Every opcode that names a Python global ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST},
 * the extension registry) is resolved against a fixed allowlist of tensor-rebuild functions,
 * storage types and plain containers, each implemented here in Java; anything else is refused
 * with an {@link UnsafeCheckpointException}. {@code BUILD} is only accepted on the
 * {@code OrderedDict} this class creates. Razorvine's process-wide constructor registry is never
 * consulted or modified. Dicts keep their insertion order, as in Python (razorvine's own
 * {@code EMPTY_DICT}, {@code DICT} and {@code SETITEMS} use unordered hash maps).
 */
final class SafeUnpickler extends Unpickler {

    private final Path file;
    private final Function<Object[], StorageRef> persistentLoader;

    /**
     * @param file the file being read, for messages
     * @param persistentLoader turns a storage persistent id tuple into a storage reference; may
     *     throw {@link IllegalArgumentException} with a message
     */
    SafeUnpickler(Path file, Function<Object[], StorageRef> persistentLoader) {
        this.file = file;
        this.persistentLoader = persistentLoader;
    }

    /**
     * Reads one pickle from {@code in}, stopping right after its STOP opcode.
     *
     * @throws CheckpointFormatException naming the file if the pickle is malformed, truncated,
     *     unsafe or describes something that is not a checkpoint
     */
    Object loadOne(InputStream in, String what) throws CheckpointFormatException {
        try {
            return load(in);
        } catch (Refusal r) {
            throw r.exception;
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "truncated or unreadable " + what + " pickle ("
                    + e.getMessage() + ")", e);
        } catch (PickleException | ClassCastException | IllegalArgumentException
                | ArithmeticException | IndexOutOfBoundsException | NullPointerException e) {
            throw new CheckpointFormatException(file, "malformed " + what + " pickle: " + e.getMessage(), e);
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name, "global"));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL: {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String) || !(module instanceof String)) {
                    throw new PickleException("STACK_GLOBAL with non-string operands");
                }
                stack.add(resolve((String) module, (String) name, "global"));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                Global g = resolve(module, name, "instance of");
                List<Object> args = stack.pop_all_since_marker();
                stack.add(g.construct(args.toArray()));
                return NO_RETURN_VALUE;
            }
            case Opcodes.EXT1:
            case Opcodes.EXT2:
            case Opcodes.EXT4:
                throw new UnsafeCheckpointException(file, "copyreg extension code", "extension-registry global");
            case Opcodes.REDUCE:
            case Opcodes.NEWOBJ: {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, args));
                return NO_RETURN_VALUE;
            }
            case Opcodes.NEWOBJ_EX: {
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object callable = stack.pop();
                if (!(kwargs instanceof Map) || !((Map<?, ?>) kwargs).isEmpty()) {
                    throw new PickleException("NEWOBJ_EX with keyword arguments is not supported");
                }
                stack.add(call(callable, args));
                return NO_RETURN_VALUE;
            }
            case Opcodes.OBJ: {
                List<Object> items = stack.pop_all_since_marker();
                if (items.isEmpty()) {
                    throw new PickleException("OBJ without a class");
                }
                stack.add(call(items.get(0), items.subList(1, items.size()).toArray()));
                return NO_RETURN_VALUE;
            }
            case Opcodes.BUILD: {
                Object state = stack.pop();
                Object target = stack.peek();
                if (!(target instanceof OrderedDict)) {
                    throw new PickleException("BUILD (__setstate__) on a "
                            + (target == null ? "None" : target.getClass().getSimpleName())
                            + " is not supported");
                }
                ((OrderedDict) target).setState(state);
                return NO_RETURN_VALUE;
            }
            case Opcodes.EMPTY_DICT:
                stack.add(new LinkedHashMap<>());
                return NO_RETURN_VALUE;
            case Opcodes.DICT: {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    map.put(items.get(i), items.get(i + 1));
                }
                stack.add(map);
                return NO_RETURN_VALUE;
            }
            case Opcodes.SETITEMS: {
                // razorvine collects the items in a HashMap first, losing their order
                List<Object> items = stack.pop_all_since_marker();
                Object target = stack.peek();
                if (!(target instanceof Map)) {
                    throw new PickleException("SETITEMS on a non-dict");
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) target;
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    map.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            case Opcodes.NEXT_BUFFER:
            case Opcodes.READONLY_BUFFER:
                throw new PickleException("out-of-band buffers are not supported");
            default:
                return super.dispatch(key);
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[])) {
            throw new PickleException("persistent id is not a tuple: " + pid);
        }
        return persistentLoader.apply((Object[]) pid);
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Global)) {
            throw new PickleException("call of a non-callable "
                    + (callable == null ? "None" : callable.getClass().getSimpleName()));
        }
        if (!(args instanceof Object[])) {
            throw new PickleException("call arguments are not a tuple");
        }
        return ((Global) callable).construct((Object[]) args);
    }

    private Global resolve(String module, String name, String what) throws CheckpointFormatException {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return new Global(full, args -> {
                    OrderedDict d = new OrderedDict();
                    if (args.length > 0 && args[0] instanceof List) {
                        for (Object pair : (List<?>) args[0]) {
                            Object[] kv = toPair(pair);
                            d.put(kv[0], kv[1]);
                        }
                    } else if (args.length > 0 && args[0] instanceof Map) {
                        d.putAll((Map<?, ?>) args[0]);
                    }
                    return d;
                });
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return new Global(full, SafeUnpickler::rebuildTensor);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return new Global(full, args -> {
                    if (args.length < 1 || !(args[0] instanceof TensorRef)) {
                        throw new PickleException(full + " without a tensor argument");
                    }
                    return args[0];
                });
            case "builtins.set":
            case "__builtin__.set":
            case "builtins.frozenset":
            case "__builtin__.frozenset":
                return new Global(full, args -> {
                    Set<Object> s = new HashSet<>();
                    if (args.length > 0 && args[0] instanceof Collection) {
                        s.addAll((Collection<?>) args[0]);
                    }
                    return s;
                });
            case "_codecs.encode":
                return new Global(full, args -> {
                    if (args.length < 1 || !(args[0] instanceof String)) {
                        throw new PickleException("_codecs.encode without a string");
                    }
                    String enc = args.length > 1 ? String.valueOf(args[1]) : "utf-8";
                    return ((String) args[0]).getBytes("latin1".equals(enc) || "latin-1".equals(enc)
                            ? java.nio.charset.StandardCharsets.ISO_8859_1
                            : java.nio.charset.StandardCharsets.UTF_8);
                });
            default:
                break;
        }
        if ("torch".equals(module) && name.endsWith("Storage")) {
            TorchDtype dtype = TorchDtype.fromStorageClass(name);
            if (dtype != null) {
                return new StorageType(full, dtype);
            }
            if (TorchDtype.isKnownUnsupportedStorage(name)) {
                throw new CheckpointFormatException(file, "unsupported dtype: storage type " + full
                        + " has no DJL element type (supported: float32/64, float16, bfloat16,"
                        + " int64/32/16/8, uint8, bool)");
            }
            throw new CheckpointFormatException(file, "unknown storage type " + full);
        }
        throw new UnsafeCheckpointException(file, full, what);
    }

    private static Object[] toPair(Object pair) {
        if (pair instanceof Object[] && ((Object[]) pair).length == 2) {
            return (Object[]) pair;
        }
        if (pair instanceof List && ((List<?>) pair).size() == 2) {
            return ((List<?>) pair).toArray();
        }
        throw new PickleException("OrderedDict item is not a pair");
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef)) {
            throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...)");
        }
        return new TensorRef((StorageRef) args[0], toLong(args[1]), toLongs(args[2]), toLongs(args[3]));
    }

    static long toLong(Object o) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof BigInteger) {
            return ((BigInteger) o).longValueExact();
        }
        throw new PickleException("expected an integer, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private static long[] toLongs(Object o) {
        List<Object> items = new ArrayList<>();
        if (o instanceof Object[]) {
            items.addAll(List.of((Object[]) o));
        } else if (o instanceof List) {
            items.addAll((List<?>) o);
        } else {
            throw new PickleException("expected a tuple of integers");
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toLong(items.get(i));
        }
        return out;
    }

    /** An allowlisted Python global implemented in Java. */
    static class Global implements IObjectConstructor {
        private final String name;
        private final Function<Object[], Object> body;

        Global(String name, Function<Object[], Object> body) {
            this.name = name;
            this.body = body;
        }

        String name() {
            return name;
        }

        @Override
        public Object construct(Object[] args) {
            return body.apply(args);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A {@code torch.*Storage} class as it appears in persistent ids. */
    static final class StorageType extends Global {
        private final TorchDtype dtype;

        StorageType(String name, TorchDtype dtype) {
            super(name, args -> {
                throw new PickleException("storage types cannot be instantiated from a pickle");
            });
            this.dtype = dtype;
        }

        TorchDtype dtype() {
            return dtype;
        }
    }

    /** Python's OrderedDict; its instance state (e.g. a state dict's {@code _metadata}) is dropped. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        void setState(Object state) {
            if (state != null && !(state instanceof Map) && !(state instanceof Object[])) {
                throw new PickleException("unexpected OrderedDict state " + state.getClass().getSimpleName());
            }
        }
    }

    /** Carries a checked refusal through razorvine's unchecked call paths. */
    static final class Refusal extends PickleException {
        private static final long serialVersionUID = 1L;
        final transient CheckpointFormatException exception;

        Refusal(CheckpointFormatException exception) {
            super(exception.getMessage());
            this.exception = exception;
        }
    }
}
