package dev.llmops.flow.java;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.llmops.error.Problem;
import dev.llmops.flow.tool.EntryCheck;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.flow.tool.ToolRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@code type: java} nodes. A code tool ({@code source: {type: code, path: Cleansing.java}}) is compiled in
 * memory with the JDK compiler, once per distinct source text (SHA-256 of path and content); a class tool
 * ({@code source: {type: class, path: com.acme.Cleansing}}) is loaded from the class loader given at
 * construction. Either way the tool is the one public method annotated {@link dev.llmops.tool.Tool}. Thread-safe.
 */
public final class JavaToolRunner implements ToolRunner {

    private final ClassLoader parent;
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Rows and LLM outputs often carry more fields than a tool's record declares; ignore the rest.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final InMemoryCompiler compiler = new InMemoryCompiler();
    // Flex entries' compiled classes (or the compile failure), by SHA-256 of path and source.
    private final Map<String, Object> entryClasses = new ConcurrentHashMap<>();
    private final JavaEntries entries;
    // Failures are cached too: a tool that does not compile would otherwise be recompiled for every line.
    private final Map<String, Loaded> codeTools = new ConcurrentHashMap<>();
    private final Map<String, Loaded> classTools = new ConcurrentHashMap<>();

    private sealed interface Loaded {
        record Ready(JavaTool tool) implements Loaded {}

        record Failed(ToolException error) implements Loaded {}
    }

    /** Loads class tools from the current thread's context class loader. */
    public JavaToolRunner() {
        this(Thread.currentThread().getContextClassLoader());
    }

    public JavaToolRunner(ClassLoader parent) {
        this.parent = parent;
        this.entries = new JavaEntries(json, this::compileEntry, parent);
    }

    @Override
    public ToolResult invoke(ToolInvocation invocation) {
        return switch (load(invocation)) {
            case Loaded.Ready ready -> ready.tool().invoke(invocation);
            case Loaded.Failed failed -> {
                ToolException cause = failed.error();
                throw new ToolException(
                        "node '" + invocation.nodeName() + "': " + cause.getMessage(),
                        cause.detail(),
                        false,
                        cause.getCause());
            }
        };
    }

    /** Compiles or loads the tool and checks the input names; compiler errors come with their line and column. */
    @Override
    public List<Problem> check(ToolInvocation invocation) {
        Path file = invocation.sourceType() == ToolInvocation.SourceType.CODE
                ? invocation.flowDir().resolve(invocation.source()).normalize()
                : null;
        Loaded loaded;
        try {
            loaded = load(invocation);
        } catch (ToolException e) {
            return List.of(Problem.error(file, 0, 0, e.getMessage(), null));
        }
        return switch (loaded) {
            case Loaded.Ready ready ->
                ready.tool().inputProblems(invocation).stream()
                        .map(message -> Problem.error(file, 0, 0, message, null))
                        .toList();
            case Loaded.Failed failed ->
                failed.error() instanceof CompileFailure compile
                        ? compile.problems()
                        : List.of(Problem.error(
                                file,
                                0,
                                0,
                                "node '" + invocation.nodeName() + "': "
                                        + failed.error().getMessage(),
                                null));
        };
    }

    private Loaded load(ToolInvocation invocation) {
        return switch (invocation.sourceType()) {
            case CODE -> codeTool(invocation);
            case CLASS -> classTools.computeIfAbsent(invocation.source(), name -> attempt(() -> loadClassTool(name)));
        };
    }

    private Loaded codeTool(ToolInvocation invocation) {
        Path file = invocation
                .flowDir()
                .resolve(invocation.source())
                .toAbsolutePath()
                .normalize();
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': java tool file " + invocation.source()
                            + " not found in flow folder " + invocation.flowDir(),
                    null);
        } catch (IOException e) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': cannot read java tool " + file + ": " + e.getMessage(),
                    null,
                    false,
                    e);
        }
        String key = sha256(file + "\n" + source);
        return codeTools.computeIfAbsent(key, k -> attempt(() -> compileCodeTool(invocation.source(), file, source)));
    }

    private JavaTool compileCodeTool(String displayPath, Path file, String source) {
        Map<String, byte[]> bytecode = compiler.compile(displayPath, file, source);
        MemoryClassLoader loader = new MemoryClassLoader(parent, bytecode);
        List<Class<?>> classes = new ArrayList<>();
        for (String name : bytecode.keySet()) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ToolException(
                        "java tool " + displayPath + ": cannot load compiled class " + name + ": " + e, null, false, e);
            }
        }
        return JavaTool.of(displayPath, classes, json);
    }

    private JavaTool loadClassTool(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, parent);
        } catch (ClassNotFoundException e) {
            throw new ToolException(
                    "java tool class " + className + " is not on the classpath; check the name or add its jar to"
                            + " the classpath",
                    null);
        } catch (LinkageError e) {
            throw new ToolException(
                    "java tool class " + className + " cannot be loaded: " + e, StackTraces.trimmed(e), false, e);
        }
        return JavaTool.of(className, List.of(type), json);
    }

    @Override
    public ToolResult invokeEntry(EntryInvocation invocation) {
        return entries.invoke(invocation);
    }

    @Override
    public EntryCheck checkEntry(EntryInvocation invocation) {
        return EntryCheck.of(entries.check(invocation));
    }

    private Class<?>[] compileEntry(Path file) {
        String source = JavaEntries.read(file);
        Object compiled = entryClasses.computeIfAbsent(sha256(file + "\n" + source), k -> {
            try {
                Map<String, byte[]> bytecode =
                        compiler.compile(file.getFileName().toString(), file, source);
                MemoryClassLoader loader = new MemoryClassLoader(parent, bytecode);
                List<Class<?>> classes = new ArrayList<>();
                for (String name : bytecode.keySet()) {
                    classes.add(Class.forName(name, false, loader));
                }
                return classes.toArray(new Class<?>[0]);
            } catch (ToolException e) {
                return e;
            } catch (ClassNotFoundException | LinkageError e) {
                return new ToolException("cannot load the classes of " + file + ": " + e, null, false, e);
            }
        });
        if (compiled instanceof ToolException e) {
            throw e;
        }
        return (Class<?>[]) compiled;
    }

    private interface ToolLoader {
        JavaTool load();
    }

    private static Loaded attempt(ToolLoader loader) {
        try {
            return new Loaded.Ready(loader.load());
        } catch (ToolException e) {
            return new Loaded.Failed(e);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Compiled tools live in memory only; dropping them lets their class loaders be collected. */
    @Override
    public void close() {
        codeTools.clear();
        classTools.clear();
    }
}
