package org.lifelongseg.erfnet.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/** The PyTorch element types this package can read and write, with their names in each format. */
enum TorchDtype {
    FLOAT32("FloatStorage", 4, DataType.FLOAT32, "F32"),
    FLOAT64("DoubleStorage", 8, DataType.FLOAT64, "F64"),
    FLOAT16("HalfStorage", 2, DataType.FLOAT16, "F16"),
    BFLOAT16("BFloat16Storage", 2, DataType.BFLOAT16, "BF16"),
    INT64("LongStorage", 8, DataType.INT64, "I64"),
    INT32("IntStorage", 4, DataType.INT32, "I32"),
    INT16("ShortStorage", 2, DataType.INT16, "I16"),
    INT8("CharStorage", 1, DataType.INT8, "I8"),
    UINT8("ByteStorage", 1, DataType.UINT8, "U8"),
    BOOL("BoolStorage", 1, DataType.BOOLEAN, "BOOL");

    /** Storage classes PyTorch knows but whose element type has no DJL counterpart here. */
    private static final String[] KNOWN_UNSUPPORTED = {
        "ComplexFloatStorage", "ComplexDoubleStorage", "ComplexHalfStorage", "QInt8Storage",
        "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage"
    };

    private final String storageClass;
    private final int elementSize;
    private final DataType dataType;
    private final String safetensorsName;

    TorchDtype(String storageClass, int elementSize, DataType dataType, String safetensorsName) {
        this.storageClass = storageClass;
        this.elementSize = elementSize;
        this.dataType = dataType;
        this.safetensorsName = safetensorsName;
    }

    int elementSize() {
        return elementSize;
    }

    DataType dataType() {
        return dataType;
    }

    /**
     * The DJL type a tensor of this dtype is loaded as. DJL 0.36's PyTorch engine aborts the JVM
     * when it creates (or casts to) a bfloat16 or int16 array, so those are widened exactly to
     * float32 and int32.
     */
    DataType loadedAs() {
        switch (this) {
            case BFLOAT16:
                return DataType.FLOAT32;
            case INT16:
                return DataType.INT32;
            default:
                return dataType;
        }
    }

    /**
     * Converts {@code le}, contiguous little-endian elements of this dtype, into a new direct
     * buffer in native byte order holding the same values as {@link #loadedAs()}.
     */
    java.nio.ByteBuffer toLoadable(java.nio.ByteBuffer le) {
        java.nio.ByteBuffer src = le.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = src.remaining() / elementSize;
        int outSize = loadedAs().getNumOfBytes();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(n * outSize).order(java.nio.ByteOrder.nativeOrder());
        switch (this) {
            case BFLOAT16:
                for (int i = 0; i < n; i++) {
                    out.putInt((src.getShort() & 0xffff) << 16); // bfloat16 is the top half of a float32
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out.putInt(src.getShort());
                }
                break;
            default:
                out.put(src);
                out.flip();
                if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
                    ByteOrderSwap.swapInPlace(out, elementSize);
                }
                return out;
        }
        out.flip();
        return out;
    }

    String safetensorsName() {
        return safetensorsName;
    }

    /** The storage class name inside module {@code torch}, e.g. {@code FloatStorage}. */
    String storageClass() {
        return storageClass;
    }

    /** The dtype for {@code torch.<name>} storage classes, or null if the name is not one. */
    static TorchDtype fromStorageClass(String name) {
        for (TorchDtype t : values()) {
            if (t.storageClass.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code name} is a PyTorch storage class this package deliberately does not read. */
    static boolean isKnownUnsupportedStorage(String name) {
        for (String n : KNOWN_UNSUPPORTED) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The dtype with safetensors name {@code name} (e.g. {@code F32}), or null. */
    static TorchDtype fromSafetensors(String name) {
        for (TorchDtype t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The dtype of DJL type {@code type}, or null when there is none. */
    static TorchDtype fromDataType(DataType type) {
        for (TorchDtype t : values()) {
            if (t.dataType == type) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
