package dev.llmops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The one thin base class: gives a command its {@link CliContext} and {@code --help}. */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public abstract class BaseCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    protected CliContext context() {
        return ((Main) spec.root().userObject()).context();
    }

    protected boolean verbose() {
        return ((Main) spec.root().userObject()).verbose;
    }
}
