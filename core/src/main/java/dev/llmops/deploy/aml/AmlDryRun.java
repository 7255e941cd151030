package dev.llmops.deploy.aml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.deploy.TrafficSplit;
import dev.llmops.secret.SecretMasker;
import dev.llmops.serve.ServeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls {@code llmops deploy} would make, in its order, for {@code --dry-run}: nothing is read or sent. Values
 * that only Azure knows at run time read {@code <...>} (the workspace's region, the next version numbers); secret
 * variables read {@code ***}; Key Vault references are shown as they are sent. The traffic is the split the
 * configuration gives once the prior deployment serves, with what a first deployment gets instead.
 */
final class AmlDryRun {

    /** What the plan shows for the endpoint keys the deployment gets. */
    static final String SERVE_KEYS_SHOWN =
            SecretMasker.MASK + " (the endpoint's primaryKey,secondaryKey from listKeys)";

    private AmlDryRun() {}

    static String render(AmlPlan plan) {
        AzureWorkspace ws = plan.workspace();
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        head.append("# llmops deploy --dry-run: the calls in order; nothing is read or sent, no sign-in needed\n")
                .append("# workspace ")
                .append(ws.id())
                .append('\n')
                .append("# image ")
                .append(plan.image().shown())
                .append('\n');
        plan.notes().forEach(n -> head.append("# note: ").append(n).append('\n'));
        out.add(head.toString());
        if (plan.image() instanceof AmlPlan.Image.Built b) {
            out.add("# build " + b.repository() + ":" + b.tag() + " with llmops build's code (base "
                    + b.how().base().map(Object::toString).orElse("llmops build's default")
                    + "), push it, and deploy it by digest\n");
        }
        String location = "<location of workspace " + ws.name() + ">";
        boolean first = true;
        for (AmlPlan.Element element : plan.elements()) {
            OnlineDeploymentSpec spec = element.spec();
            String ep = ws.path("onlineEndpoints/" + spec.endpoint());
            String dep = ep + "/deployments/" + spec.deployment();
            out.add("## " + spec.where() + ": " + spec.target().id() + " endpoint " + spec.endpoint() + ", deployment "
                    + spec.deployment() + "\n");
            out.add(call("GET", ws.id(), "read: the workspace's region goes on every resource", null));
            out.add(call("GET", ep, "read: the endpoint, when it exists (404: it is created below)", null));
            if (spec.target() == DeployTarget.KUBERNETES) {
                out.add(call(
                        "GET",
                        ws.path("computes/" + spec.compute()),
                        "read: COMPUTE_NAME must be attached to the workspace",
                        null));
            }
            out.add(call(
                    "GET",
                    ep + "/deployments",
                    "read: its deployments, to decide the traffic before anything is created",
                    null));
            if (first) {
                out.add(call(
                        "GET",
                        ws.id() + "/providers/Microsoft.Authorization/permissions",
                        AccessCheck.API_VERSION,
                        "read: the identity's own permissions; without " + String.join(", ", AccessCheck.ACTIONS)
                                + " the command stops here, nothing changed",
                        null));
                FlowSnapshot flow = FlowSnapshot.of(plan.experiment().flowDir());
                String model = ws.path("models/" + plan.modelName());
                out.add(call("GET", model, "read: the latest version and its model_hash tag", null));
                out.add("# only when the latest version's model_hash is not " + flow.sha256() + ":\n"
                        + "#   GET " + ws.path("datastores?isDefault=true") + " and POST .../listSecrets, then the "
                        + flow.files().size() + " flow files to the default datastore under "
                        + ModelRegistrar.uploadPrefix(flow) + "\n");
                out.add(call(
                        "PUT",
                        model + "/versions/<next version>",
                        "only then: a new model version",
                        ModelRegistrar.body(
                                ws,
                                "<default datastore>",
                                flow,
                                plan.experiment().name(),
                                plan.buildId())));
                first = false;
            }
            String environment = ws.path("environments/" + spec.deployment());
            out.add(call("GET", environment, "read: the latest version and its image", null));
            out.add(call(
                    "PUT",
                    environment + "/versions/<next version>",
                    "only when the latest version runs another image",
                    AmlBodies.environment(
                            plan.image().shown(), plan.experiment().name())));
            out.add(call(
                    "PUT",
                    ep,
                    "only when the endpoint does not exist: an existing one is never re-created or re-sent;"
                            + " polled to its end",
                    AmlBodies.endpoint(spec, ws, location, plan.buildId())));
            out.add(call(
                    "POST",
                    ep + "/listKeys",
                    "the endpoint's keys (never printed): the deployment's " + ServeSettings.KEYS_VARIABLE
                            + ", which its llmops serve on 0.0.0.0 requires, and the smoke test's key",
                    null));
            Map<String, String> shown = new LinkedHashMap<>(element.variables().shown());
            shown.put(ServeSettings.KEYS_VARIABLE, SERVE_KEYS_SHOWN);
            out.add(call(
                    "PUT",
                    dep,
                    "created or updated; polled to its end (a deployment still running from an earlier run is"
                            + " waited for first)",
                    AmlBodies.deployment(
                            spec,
                            location,
                            environment + "/versions/<that version>",
                            Optional.of(ws.path("models/" + plan.modelName() + "/versions/<that version>")),
                            shown,
                            plan.buildId())));
            out.add("POST <scoringUri of " + spec.endpoint() + ">\n# smoke test: " + spec.testFile()
                    + " with azureml-model-deployment: " + spec.deployment()
                    + " (the new deployment alone); anything but HTTP 200 stops here, traffic unchanged\n"
                    + pretty(json(element.request())));
            out.add(traffic(plan, spec, ep));
        }
        return String.join("\n", out);
    }

    private static String traffic(AmlPlan plan, OnlineDeploymentSpec spec, String ep) {
        TrafficSplit first = TrafficSplit.of(spec, List.of(), Map.of());
        TrafficSplit serving = spec.prior()
                .map(p -> TrafficSplit.of(spec, List.of(p), Map.of(p, 100)))
                .orElse(first);
        ObjectNode body = AmlBodies.JSON.createObjectNode();
        ObjectNode props = body.putObject("properties");
        ObjectNode t = props.putObject("traffic");
        serving.traffic().forEach(t::put);
        if (plan.mirror() > 0) {
            props.putObject("mirrorTraffic").put(spec.deployment(), plan.mirror());
        }
        StringBuilder note = new StringBuilder("only after the smoke test passed: the endpoint as read, with ");
        note.append(spec.prior().isPresent() ? "(once " + spec.prior().get() + " serves) " : "")
                .append("traffic ")
                .append(TrafficSplit.describe(serving.traffic()));
        if (plan.mirror() > 0) {
            note.append(", mirror ")
                    .append(spec.deployment())
                    .append('=')
                    .append(plan.mirror())
                    .append('%');
        }
        if (spec.prior().isPresent()) {
            note.append("; as the endpoint's first deployment: ").append(TrafficSplit.describe(first.traffic()));
            note.append("; PRIOR_DEPLOYMENT_NAME ")
                    .append(spec.prior().get())
                    .append(" missing from an endpoint with other deployments stops the command before any change");
        } else {
            note.append("; every other deployment 0%");
        }
        return call("PUT", ep, note.toString(), body);
    }

    private static String call(String method, String path, String note, JsonNode body) {
        return call(method, path, AmlBodies.API_VERSION, note, body);
    }

    private static String call(String method, String path, String api, String note, JsonNode body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(path.contains("?") ? '&' : '?');
        sb.append("api-version=").append(api);
        sb.append('\n');
        if (note != null) {
            sb.append("# ").append(note).append('\n');
        }
        if (body != null) {
            sb.append(pretty(body));
        }
        return sb.toString();
    }

    private static JsonNode json(String text) {
        try {
            return AmlBodies.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the planner checked the request is JSON", e);
        }
    }

    private static String pretty(JsonNode body) {
        try {
            return AmlBodies.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
