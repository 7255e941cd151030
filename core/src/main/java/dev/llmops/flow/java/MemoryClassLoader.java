package dev.llmops.flow.java;

import java.util.Map;

/** Defines the classes of one compiled code tool; one loader per source version, so edits load afresh. */
final class MemoryClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes;

    MemoryClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
        // Unnamed on purpose: a named loader prefixes every stack frame of the tool with its name.
        super(parent);
        this.classes = Map.copyOf(classes);
    }

    /**
     * The tool's own classes come from its source, even when a class of the same name is on the classpath (a
     * package-less {@code Cleansing} in two flows, or in the application itself); everything else is delegated.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
