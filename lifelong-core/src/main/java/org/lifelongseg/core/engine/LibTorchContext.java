package org.lifelongseg.core.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Two switches of libtorch's global {@code at::Context} that DJL does not expose: whether
 * convolutions may use oneDNN ({@code torch.backends.mkldnn.enabled} in Python) and NNPACK.
 * Reached through JNA (a dependency of DJL itself) on the library DJL already loaded; the symbols
 * are part of libtorch's exported C++ API. The PyTorch engine is found by reflection, so this
 * module needs only DJL's API at compile time.
 */
final class LibTorchContext {

    private final NativeLibrary library;
    private final Pointer context;

    private LibTorchContext(NativeLibrary library) {
        this.library = library;
        this.context = library.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
    }

    /**
     * Opens the context of the libtorch DJL loaded (the PyTorch engine must be initialized).
     *
     * @throws UnsatisfiedLinkError if the library or its context cannot be found
     */
    static LibTorchContext open() {
        String dir;
        try {
            dir = (String) Class.forName("ai.djl.pytorch.jni.LibUtils")
                    .getMethod("getLibtorchPath").invoke(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("DJL's PyTorch engine does not say where libtorch is: " + e, e);
        }
        Path lib = Path.of(dir).resolve(System.mapLibraryName("torch_cpu"));
        return new LibTorchContext(NativeLibrary.getInstance(lib.toString()));
    }

    boolean oneDnnEnabled() {
        return getFlag("_ZNK2at7Context17userEnabledMkldnnEv");
    }

    void setOneDnnEnabled(boolean enabled) {
        setFlag("_ZN2at7Context20setUserEnabledMkldnnEb", enabled);
    }

    boolean nnpackEnabled() {
        return getFlag("_ZNK2at7Context17userEnabledNNPACKEv");
    }

    void setNnpackEnabled(boolean enabled) {
        setFlag("_ZN2at7Context20setUserEnabledNNPACKEb", enabled);
    }

    private boolean getFlag(String symbol) {
        Function f = library.getFunction(symbol);
        return (f.invokeInt(new Object[] {context}) & 0xFF) != 0;
    }

    private void setFlag(String symbol, boolean value) {
        library.getFunction(symbol).invokeVoid(new Object[] {context, value ? 1 : 0});
    }
}
