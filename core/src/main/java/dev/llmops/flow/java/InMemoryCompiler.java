package dev.llmops.flow.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.Problem;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.tool.Tool;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one {@code .java} source file in memory against llmops' own classpath, so code tools can use
 * {@link Tool}, Jackson and the JDK without a build.
 */
final class InMemoryCompiler {

    private final String classpath;

    InMemoryCompiler() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        // Under a test runner or an application server java.class.path may not list our jars; add them.
        for (Class<?> anchor : List.of(Tool.class, ObjectMapper.class)) {
            location(anchor).ifPresent(entries::add);
        }
        this.classpath = String.join(File.pathSeparator, entries);
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Compiles {@code source} read from {@code file}, named {@code displayPath} in messages.
     *
     * @return the bytecode of every class the file declares, by binary name
     * @throws ToolException listing each compiler error as {@code file:line:column: message}
     */
    Map<String, byte[]> compile(String displayPath, Path file, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new ToolException(
                    "java code tools need a JDK (javax.tools compiler), but llmops runs on a JRE; run it with a JDK"
                            + " or use a compiled class tool (source type: class)",
                    null);
        }
        String fileName = Path.of(displayPath).getFileName().toString();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
                JavaFileManager files = new MemoryFileManager(standard, classes)) {
            List<String> compilerOptions = List.of("-parameters", "-g", "-proc:none", "-classpath", classpath);
            boolean ok = compiler.getTask(
                            null, files, diagnostics, compilerOptions, null, List.of(new Source(fileName, source)))
                    .call();
            if (!ok) {
                throw compileError(displayPath, file, diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new ToolException("cannot compile " + displayPath + ": " + e.getMessage(), null, false, e);
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
        return bytes;
    }

    private static CompileFailure compileError(
            String displayPath, Path file, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        List<String> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            String where = d.getLineNumber() > 0
                    ? displayPath + ":" + d.getLineNumber() + ":" + d.getColumnNumber()
                    : displayPath;
            lines.add(where + ": error: " + message);
            problems.add(Problem.error(
                    file, (int) Math.max(0, d.getLineNumber()), (int) Math.max(0, d.getColumnNumber()), message, null));
        }
        String first = lines.isEmpty() ? displayPath + ": error: compilation failed" : lines.getFirst();
        String summary = lines.size() > 1
                ? first.lines().findFirst().orElse(first) + " (and " + (lines.size() - 1) + " more error"
                        + (lines.size() > 2 ? "s" : "") + ")"
                : first.lines().findFirst().orElse(first);
        if (problems.isEmpty()) {
            problems.add(Problem.error(file, 0, 0, "does not compile", null));
        }
        return new CompileFailure(
                "java tool " + displayPath + " does not compile: " + summary,
                lines.stream().collect(Collectors.joining(System.lineSeparator())),
                problems);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String fileName, String code) {
            super(URI.create("string:///" + fileName), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    private static final class ClassOutput extends SimpleJavaFileObject {
        private final ByteArrayOutputStream out;

        ClassOutput(String className, ByteArrayOutputStream out) {
            super(URI.create("mem:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.out = out;
        }

        @Override
        public OutputStream openOutputStream() {
            return out;
        }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<JavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classes;

        MemoryFileManager(JavaFileManager delegate, Map<String, ByteArrayOutputStream> classes) {
            super(delegate);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            classes.put(className, out);
            return new ClassOutput(className, out);
        }
    }
}
