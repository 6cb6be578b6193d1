package org.lifelongseg.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lifelongseg.core.engine.NativeArrays;

/**
 * The native-memory rule: NDArrays are made from Java data only through {@link NativeArrays},
 * which leaves them in engine-owned memory. Anywhere else in the library (every module's main
 * classes), a call that wraps Java memory in a tensor fails this test: {@code NDManager.create}
 * with data, {@code NDArray.set} with a buffer or Java array, and the decoders/loaders of DJL
 * ({@code NDList.decode}, {@code NDArray.decode}, {@code NDManager.decode/load}).
 */
class NativeMemoryRuleTest {

    /** {@code NDManager.create} overloads that only allocate (engine-owned, uninitialized). */
    private static final List<List<String>> ALLOCATING_CREATE = List.of(
            List.of(Shape.class.getName()),
            List.of(Shape.class.getName(), DataType.class.getName()),
            List.of(Shape.class.getName(), DataType.class.getName(), Device.class.getName()));

    static final ArchRule RULE = noClasses()
            .that().doNotHaveFullyQualifiedName(NativeArrays.class.getName())
            .should().callMethodWhere(wrapsJavaMemory())
            .because("a tensor libtorch keeps (parameters, optimizer state, autograd inputs, views,"
                    + " loaded checkpoints) must not point into Java memory the GC frees; use"
                    + " org.lifelongseg.core.engine.NativeArrays");

    @Test
    void theLibraryMakesArraysFromJavaDataOnlyThroughNativeArrays() {
        JavaClasses library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // test-jars
                .importPackages("org.lifelongseg");
        assertTrue(library.size() > 200, "too few classes imported: " + library.size());
        assertTrue(library.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")),
                "test classes must not be checked");
        assertTrue(library.contain("org.lifelongseg.erfnet.model.ErfNet")
                && library.contain("org.lifelongseg.core.train.LifelongTrainer")
                && library.contain("org.lifelongseg.cityscapes.data.CityscapesDataset"),
                "the import must cover every module");
        RULE.check(library);
    }

    @Test
    void theRuleCatchesEveryForbiddenCall() {
        JavaClasses fixture = new ClassFileImporter().importClasses(Bypasses.class);
        EvaluationResult result = RULE.evaluate(fixture);
        List<String> details = result.getFailureReport().getDetails();
        assertEquals(5, details.size(), String.join("\n", details));
        for (String call : List.of("NDManager.create(", "NDArray.set(", "NDList.decode(",
                "NDManager.load(")) {
            assertTrue(details.stream().anyMatch(d -> d.contains(call)), call + " not reported");
        }
    }

    private static DescribedPredicate<JavaMethodCall> wrapsJavaMemory() {
        return DescribedPredicate.describe("wraps Java memory in a tensor", call -> {
            JavaClass owner = call.getTargetOwner();
            String name = call.getName();
            List<String> params = call.getTarget().getRawParameterTypes().stream()
                    .map(JavaClass::getName).toList();
            if (owner.isAssignableTo(NDManager.class)) {
                return (name.equals("create") && !ALLOCATING_CREATE.contains(params))
                        || name.equals("decode") || name.equals("load");
            }
            if (owner.isAssignableTo(NDArray.class)) {
                return (name.equals("set") && params.size() == 1) || name.equals("decode");
            }
            return owner.isAssignableTo(NDList.class) && name.equals("decode");
        });
    }

    /** Every kind of call the rule forbids (never run). */
    @SuppressWarnings("unused")
    static final class Bypasses {
        void all(NDManager m, NDArray a, java.io.InputStream in) throws java.io.IOException {
            m.create(new float[] {1f});
            m.create(new Shape(2), DataType.FLOAT32); // allowed: allocation only
            a.set(new float[] {1f});
            NDList.decode(m, in);
            m.load(java.nio.file.Path.of("x"));
            m.create(java.nio.ByteBuffer.allocate(4), new Shape(1), DataType.INT32);
        }
    }
}
