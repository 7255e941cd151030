package dev.llmops.cli;

/** The version line, without picocli: {@link Main#main} prints it before building the command model. */
final class Version {

    private Version() {}

    /** {@code llmops <version> (Java <runtime version>)}; {@code dev} when run from classes. */
    static String line() {
        String v = Main.class.getPackage().getImplementationVersion();
        // StringBuilder, not +: string concatenation bootstraps method handles, a few ms at start-up.
        return new StringBuilder("llmops ")
                .append(v == null ? "dev" : v)
                .append(" (Java ")
                .append(System.getProperty("java.runtime.version"))
                .append(')')
                .toString();
    }

    /** Whether the command line asks for the version alone ({@code llmops --version} or {@code -V}). */
    static boolean requested(String[] args) {
        return args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]));
    }
}
