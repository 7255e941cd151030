package dev.llmops.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest; {@code dev} when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"llmops " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
}
