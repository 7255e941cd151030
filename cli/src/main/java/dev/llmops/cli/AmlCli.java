package dev.llmops.cli;

import dev.llmops.deploy.TrafficSplit;
import dev.llmops.deploy.aml.AmlDeployRequest;
import dev.llmops.deploy.aml.AmlDeployService;
import dev.llmops.deploy.aml.DeployedEndpoint;
import java.io.PrintWriter;
import java.util.List;

/** {@code llmops deploy} to Azure ML online endpoints: options to an {@link AmlDeployRequest}, results to text. */
final class AmlCli {

    private AmlCli() {}

    static int deploy(CliContext c, AmlDeployRequest base, AmlDeployOptions options, String variant, boolean dryRun) {
        PrintWriter out = c.out();
        AmlDeployRequest request = base.withKeyVault(options.keyVault())
                .withBuild(
                        options.build(c.env(), c.env().resolve(base.useCaseDir().toString()), variant));
        AmlDeployService service = new AmlDeployService(c.env(), c.masker(), out::println, DeployCommand.progress(out));
        if (dryRun) {
            out.print(service.dryRun(request));
            out.flush();
            return ExitCodes.OK;
        }
        List<DeployedEndpoint> done = service.deploy(request);
        for (DeployedEndpoint d : done) {
            out.printf(
                    "deployed %s to endpoint %s: traffic %s%s; scoring URI %s%n",
                    d.deployment(),
                    d.endpoint(),
                    TrafficSplit.describe(d.traffic()),
                    d.mirrorTraffic().isEmpty() ? "" : ", mirror " + TrafficSplit.describe(d.mirrorTraffic()),
                    d.scoringUri());
        }
        return ExitCodes.OK;
    }
}
