package dev.llmops.flow.java;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.Problem;
import dev.llmops.flow.tool.EntryInvocation;
import dev.llmops.flow.tool.ModelGateway;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.llm.ConnectionConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Java flex entries: a class (a single source file {@code <module>.java} beside the flow, compiled in memory with
 * the java nodes' cache, or {@code <module>.<symbol>} on the classpath) built once per run with the init
 * parameters bound to a public constructor by parameter name, whose public {@code call} method takes the line's
 * inputs by name and whose optional public {@code aggregate(List<Map<String, Object>>)} returns the run's
 * metrics. A parameter typed {@link ModelGateway} receives the call's gateway (model calls through the flow's
 * connections); one typed {@link ConnectionConfig} receives the connection an init value names.
 */
final class JavaEntries {

    private static final int MAX_INSTANCES = 64;

    private final ObjectMapper json;
    private final Function<Path, Class<?>[]> compile;
    private final ClassLoader parent;
    private final Map<String, Object> instances = new ConcurrentHashMap<>();

    /**
     * @param compile compiles a source file (cached by content) into its classes, throwing a {@link ToolException}
     *     with the compiler's problems when it does not compile
     */
    JavaEntries(ObjectMapper json, Function<Path, Class<?>[]> compile, ClassLoader parent) {
        this.json = json;
        this.compile = compile;
        this.parent = parent;
    }

    ToolResult invoke(EntryInvocation inv) {
        Class<?> type = entryClass(inv);
        return switch (inv.op()) {
            case CALL -> {
                Object instance = instance(type, inv);
                Method call = method(type, "call", inv, true);
                Object out = invoke(call, instance, bind(call, inv.inputs(), inv, false), inv, "call");
                yield ToolResult.of(out == null ? null : json.convertValue(out, Object.class));
            }
            case AGGREGATE -> {
                Method aggregate = method(type, "aggregate", inv, false);
                if (aggregate == null) {
                    yield ToolResult.of(null);
                }
                if (aggregate.getParameterCount() != 1) {
                    throw new ToolException(
                            entry(inv) + ": aggregate must take exactly one parameter (the list of line outputs)",
                            null);
                }
                Object instance = instance(type, inv);
                Object out = invoke(aggregate, instance, new Object[] {inv.lineResults()}, inv, "aggregate");
                Map<String, Object> metrics = new LinkedHashMap<>();
                if (out instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> metrics.put(String.valueOf(k), json.convertValue(v, Object.class)));
                } else if (out != null) {
                    throw new ToolException(
                            entry(inv) + ": aggregate returned "
                                    + out.getClass().getSimpleName() + "; return a Map of metric name to value",
                            null);
                }
                yield new ToolResult(null, metrics);
            }
            case INIT -> {
                instance(type, inv);
                yield ToolResult.of(null);
            }
            case CHECK, REQUIREMENTS -> ToolResult.of(null);
        };
    }

    List<Problem> check(EntryInvocation inv) {
        Path file = inv.flowDir().resolve(inv.source()).normalize();
        try {
            Class<?> type = entryClass(inv);
            constructor(type, inv);
            Method call = method(type, "call", inv, true);
            bind(call, inv.inputs(), inv, true);
            return List.of();
        } catch (CompileFailure e) {
            return e.problems();
        } catch (ToolException e) {
            return List.of(Problem.error(file, 0, 0, e.getMessage(), null));
        }
    }

    private Class<?> entryClass(EntryInvocation inv) {
        Path file = inv.flowDir().resolve(inv.module() + ".java").normalize();
        if (Files.isRegularFile(file)) {
            for (Class<?> c : compile.apply(file)) {
                if (c.getSimpleName().equals(inv.symbol()) && c.getEnclosingClass() == null) {
                    return c;
                }
            }
            throw new ToolException(
                    entry(inv) + ": " + inv.module() + ".java has no top-level class " + inv.symbol(), null);
        }
        String name = inv.module().equals(inv.symbol()) ? inv.symbol() : inv.module() + "." + inv.symbol();
        try {
            return Class.forName(name, true, parent);
        } catch (ClassNotFoundException e) {
            throw new ToolException(
                    entry(inv) + ": neither " + inv.module() + ".java beside the flow nor class " + name
                            + " on the classpath",
                    null);
        } catch (LinkageError e) {
            throw new ToolException(entry(inv) + ": class " + name + " cannot be loaded: " + e, null, false, e);
        }
    }

    private Object instance(Class<?> type, EntryInvocation inv) {
        String key = inv.instanceKey() + "|" + type.getName() + "@" + System.identityHashCode(type);
        Object held = instances.get(key);
        if (held != null) {
            return held;
        }
        synchronized (instances) {
            held = instances.get(key);
            if (held == null) {
                Constructor<?> constructor = constructor(type, inv);
                Object[] args = bind(constructor.getParameters(), inv.init(), inv, false, type.getSimpleName());
                try {
                    held = constructor.newInstance(args);
                } catch (InvocationTargetException e) {
                    throw new ToolException(
                            entry(inv) + ": the constructor of " + type.getSimpleName() + " failed: " + e.getCause(),
                            StackTraces.trimmed(e.getCause()),
                            false,
                            e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new ToolException(entry(inv) + ": cannot build " + type.getName() + ": " + e, null);
                }
                if (instances.size() >= MAX_INSTANCES) {
                    instances.clear();
                }
                instances.put(key, held);
            }
            return held;
        }
    }

    /** The public constructor whose parameter names cover the init keys (no-argument when there is no init). */
    private Constructor<?> constructor(Class<?> type, EntryInvocation inv) {
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new ToolException(
                    entry(inv) + ": " + type.getSimpleName() + " must be a public concrete class", null);
        }
        Set<String> keys = inv.init().keySet();
        List<String> tried = new ArrayList<>();
        for (Constructor<?> c : type.getConstructors()) {
            Set<String> names = new LinkedHashSet<>();
            for (Parameter p : c.getParameters()) {
                if (p.getType() != ModelGateway.class) {
                    names.add(p.getName());
                }
            }
            if (names.equals(keys)) {
                return c;
            }
            tried.add(names.toString());
        }
        throw new ToolException(
                entry(inv) + ": no public constructor of " + type.getSimpleName()
                        + " takes exactly the init parameters "
                        + keys + " (constructors take " + String.join(", ", tried) + "); give the missing ones in"
                        + " init.json, --init or the flow file's init, or add such a constructor",
                null);
    }

    private Method method(Class<?> type, String name, EntryInvocation inv, boolean required) {
        List<Method> found = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getDeclaringClass() != Object.class)
                .toList();
        if (found.size() > 1) {
            throw new ToolException(
                    entry(inv) + ": " + type.getSimpleName() + " has several " + name + " methods; keep one", null);
        }
        if (found.isEmpty() && required) {
            throw new ToolException(
                    entry(inv) + ": " + type.getSimpleName() + " has no public " + name + " method; add one that"
                            + " takes the flow's inputs by name",
                    null);
        }
        return found.isEmpty() ? null : found.getFirst();
    }

    private Object[] bind(Method method, Map<String, Object> values, EntryInvocation inv, boolean check) {
        return bind(
                method.getParameters(),
                values,
                inv,
                check,
                method.getDeclaringClass().getSimpleName() + ".call");
    }

    /** Prompt Flow's rule for entries: values the parameters do not name are dropped; missing ones are null. */
    private Object[] bind(
            Parameter[] params, Map<String, Object> values, EntryInvocation inv, boolean check, String what) {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (!p.isNamePresent() && p.getType() != ModelGateway.class) {
                throw new ToolException(
                        entry(inv) + ": parameter names of " + what + " are not in the class file;"
                                + " compile it with javac -parameters",
                        null);
            }
            if (p.getType() == ModelGateway.class) {
                args[i] = inv.gateway();
                continue;
            }
            if (!values.containsKey(p.getName())) {
                if (p.getType().isPrimitive()) {
                    throw new ToolException(
                            entry(inv) + ": " + what + " needs '" + p.getName() + "' (a " + p.getType()
                                    + " cannot be null); map it or give a default",
                            null);
                }
                continue;
            }
            if (check) {
                continue;
            }
            Object value = values.get(p.getName());
            if (p.getType() == ConnectionConfig.class) {
                String name =
                        value instanceof Map<?, ?> m ? String.valueOf(m.get("connection")) : String.valueOf(value);
                args[i] = inv.connections().get(name);
                continue;
            }
            JavaType target = json.getTypeFactory().constructType(p.getParameterizedType());
            try {
                args[i] = value == null ? null : json.convertValue(value, target);
            } catch (IllegalArgumentException e) {
                throw new ToolException(
                        entry(inv) + ": '" + p.getName() + "' cannot be converted to "
                                + p.getParameterizedType().getTypeName() + " for " + what,
                        e.getMessage());
            }
        }
        return args;
    }

    private static Object invoke(Method m, Object instance, Object[] args, EntryInvocation inv, String what) {
        try {
            return m.invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ToolException(
                    "execution failure in '" + inv.symbol() + "." + what + "': " + cause,
                    StackTraces.trimmed(cause),
                    false,
                    cause);
        } catch (IllegalAccessException e) {
            throw new ToolException(entry(inv) + ": cannot call " + what + ": " + e.getMessage(), null);
        }
    }

    private static String entry(EntryInvocation inv) {
        return "entry '" + inv.module() + ":" + inv.symbol() + "'";
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), null, false, e);
        }
    }
}
