package dev.llmops.flow.java;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.flow.tool.ToolResult;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.tool.MetricLogger;
import dev.llmops.tool.Tool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A loaded java tool: its {@link Tool} method, the shared instance for instance methods, and how node inputs
 * bind to its parameters. Immutable and thread-safe (the tool itself must be, too).
 */
final class JavaTool {

    private final String displayName;
    private final Method method;
    private final Object instance;
    private final ObjectMapper json;

    private JavaTool(String displayName, Method method, Object instance, ObjectMapper json) {
        this.displayName = displayName;
        this.method = method;
        this.instance = instance;
        this.json = json;
    }

    /**
     * Finds the single public {@link Tool} method among {@code classes} and prepares it.
     *
     * @param displayName the file or class name for messages
     */
    static JavaTool of(String displayName, Collection<Class<?>> classes, ObjectMapper json) {
        List<Method> tools = new ArrayList<>();
        List<Method> hidden = new ArrayList<>();
        // The class to instantiate for each method: a tool may inherit its @Tool method from an abstract base.
        Map<Method, Class<?>> owners = new HashMap<>();
        for (Class<?> type : classes) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (!m.isAnnotationPresent(Tool.class)) {
                        continue;
                    }
                    Class<?> owner = owners.get(m);
                    if (owner == null) {
                        (Modifier.isPublic(m.getModifiers()) ? tools : hidden).add(m);
                    }
                    if (owner == null || Modifier.isAbstract(owner.getModifiers())) {
                        owners.put(m, type);
                    }
                }
            }
        }
        if (tools.size() != 1) {
            throw new ToolException(toolCountMessage(displayName, tools, hidden), null);
        }
        Method method = tools.getFirst();
        for (Parameter p : method.getParameters()) {
            if (!p.isNamePresent() && !isInjected(p)) {
                throw new ToolException(
                        "java tool " + displayName + ": parameter names of " + describe(method)
                                + " are not in the class file, so inputs cannot bind by name; compile the tool"
                                + " with javac -parameters",
                        null);
            }
        }
        method.setAccessible(true);
        return new JavaTool(displayName, method, instanceFor(displayName, method, owners.get(method)), json);
    }

    private static String toolCountMessage(String displayName, List<Method> tools, List<Method> hidden) {
        if (tools.isEmpty() && !hidden.isEmpty()) {
            return "java tool " + displayName + ": @Tool method " + describe(hidden.getFirst()) + " must be public";
        }
        if (tools.isEmpty()) {
            return "java tool " + displayName + " has no method annotated @dev.llmops.tool.Tool; annotate the"
                    + " public method the node should call";
        }
        return "java tool " + displayName + " has " + tools.size() + " @Tool methods ("
                + tools.stream().map(JavaTool::describe).sorted().collect(Collectors.joining(", "))
                + "); keep exactly one";
    }

    private static Object instanceFor(String displayName, Method method, Class<?> owner) {
        if (Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        try {
            var constructor = owner.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ToolException(
                    "java tool " + displayName + ": "
                            + owner.getName()
                            + " needs a no-argument constructor for its instance @Tool method, or make the"
                            + " method static",
                    null);
        } catch (InvocationTargetException e) {
            throw new ToolException(
                    "java tool " + displayName + ": the constructor of " + owner.getName() + " threw " + e.getCause(),
                    StackTraces.trimmed(e.getCause()),
                    false,
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ToolException("java tool " + displayName + ": cannot create the tool: " + e, null, false, e);
        }
    }

    private static boolean isInjected(Parameter p) {
        return p.getType() == MetricLogger.class;
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }

    ToolResult invoke(ToolInvocation invocation) {
        Map<String, Object> logged = new LinkedHashMap<>();
        MetricLogger logger = (key, value) -> {
            synchronized (logged) {
                logged.put(key, value);
            }
        };
        Object[] args = bind(invocation, logger);
        Object returned;
        try {
            returned = method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ToolException(
                    "node '" + invocation.nodeName() + "' (" + displayName + "): " + cause,
                    StackTraces.trimmed(cause),
                    false,
                    cause);
        } catch (IllegalAccessException e) {
            throw new ToolException("node '" + invocation.nodeName() + "': cannot call " + describe(method), null);
        }
        Object output = returned == null ? null : json.convertValue(returned, Object.class);
        Map<String, Object> all = new LinkedHashMap<>();
        if (invocation.aggregation() && output instanceof Map<?, ?> map) {
            // Like a flex flow's __aggregate__: what an aggregation tool returns are the run's metrics.
            map.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        synchronized (logged) {
            all.putAll(logged);
        }
        return new ToolResult(output, all);
    }

    /** What is wrong with the invocation's input names for this tool; empty when it can be called. */
    List<String> inputProblems(ToolInvocation invocation) {
        List<String> problems = new ArrayList<>();
        Parameter[] params = method.getParameters();
        Set<String> names = Arrays.stream(params).map(Parameter::getName).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(invocation.inputs().keySet());
        unknown.addAll(invocation.connections().keySet());
        unknown.removeAll(names);
        if (!unknown.isEmpty()) {
            problems.add("node '" + invocation.nodeName() + "': " + describe(method) + " in " + displayName
                    + " has no parameter(s) " + String.join(", ", unknown)
                    + "; remove these node inputs or add the parameters");
        }
        for (Parameter p : params) {
            if (p.getType().isPrimitive() && !invocation.inputs().containsKey(p.getName())) {
                problems.add(missingPrimitive(invocation, p));
            }
        }
        return problems;
    }

    private String missingPrimitive(ToolInvocation invocation, Parameter p) {
        return "node '" + invocation.nodeName() + "': " + describe(method) + " in " + displayName + " needs input '"
                + p.getName() + "' (a " + p.getType() + " cannot be null)";
    }

    private Object[] bind(ToolInvocation invocation, MetricLogger logger) {
        Parameter[] params = method.getParameters();
        List<String> problems = inputProblems(invocation);
        if (!problems.isEmpty()) {
            throw new ToolException(problems.getFirst(), String.join(System.lineSeparator(), problems));
        }
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = argument(invocation, params[i], logger);
        }
        return args;
    }

    private Object argument(ToolInvocation invocation, Parameter p, MetricLogger logger) {
        String name = p.getName();
        if (p.getType() == MetricLogger.class) {
            return logger;
        }
        if (p.getType() == ConnectionConfig.class) {
            ConnectionConfig config = invocation.connections().get(name);
            if (config == null && invocation.inputs().get(name) != null) {
                throw new ToolException(
                        "node '" + invocation.nodeName() + "': input '" + name + "' of " + displayName
                                + " must name a connection",
                        null);
            }
            return config;
        }
        if (!invocation.inputs().containsKey(name) || invocation.inputs().get(name) == null) {
            if (p.getType().isPrimitive()) {
                throw new ToolException(missingPrimitive(invocation, p), null);
            }
            return null;
        }
        JavaType type = json.getTypeFactory().constructType(p.getParameterizedType());
        try {
            return json.convertValue(invocation.inputs().get(name), type);
        } catch (IllegalArgumentException e) {
            throw new ToolException(
                    "node '" + invocation.nodeName() + "': input '" + name + "' cannot be converted to "
                            + p.getParameterizedType().getTypeName() + " for " + describe(method) + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e.getMessage());
        }
    }
}
