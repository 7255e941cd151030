package dev.llmops.deploy;

import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic an endpoint gets once the new deployment passed its smoke test, decided from the configuration and
 * the endpoint's deployments <em>before</em> the new one is created (the template counted after, and so never
 * gave a first deployment 100). Rules: an endpoint with no other deployment gives the new one 100; otherwise the
 * new one gets {@code CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION} and the prior one the rest (its own allocation, when
 * given, was checked to sum to 100); never an empty name; every other deployment goes to 0.
 *
 * @param traffic the live traffic to set, integers summing to 100, no empty names
 * @param notes what differs from the configuration and why (a first deployment taking 100, deployments losing
 *     their traffic), for the user
 */
public record TrafficSplit(Map<String, Integer> traffic, List<String> notes) {

    public TrafficSplit {
        traffic = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(traffic));
        notes = List.copyOf(notes);
    }

    /**
     * @param spec the configuration element
     * @param existing the endpoint's deployments now (empty when the endpoint does not exist yet)
     * @param live the endpoint's traffic now
     * @throws ConfigException when {@code PRIOR_DEPLOYMENT_NAME} names a deployment the endpoint does not have
     *     while it has others (the split could not be honoured)
     */
    public static TrafficSplit of(OnlineDeploymentSpec spec, Collection<String> existing, Map<String, Integer> live) {
        Map<String, Integer> traffic = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> others =
                existing.stream().filter(d -> !d.equals(spec.deployment())).toList();
        if (others.isEmpty()) {
            traffic.put(spec.deployment(), 100);
            if (spec.traffic() != 100) {
                notes.add(spec.deployment() + " is the endpoint's first deployment, so it takes 100% (the"
                        + " configuration's " + spec.traffic() + "% applies once a prior deployment serves)");
            }
        } else if (spec.prior().isEmpty()) {
            traffic.put(spec.deployment(), 100);
        } else {
            String prior = spec.prior().get();
            if (!others.contains(prior)) {
                throw new ConfigException(Problem.error(
                        spec.file(),
                        spec.line(),
                        0,
                        spec.where() + ": PRIOR_DEPLOYMENT_NAME '" + prior + "' is not a deployment of endpoint "
                                + spec.endpoint() + " (it has " + String.join(", ", others) + ")",
                        "name the deployment serving now; nothing was changed"));
            }
            traffic.put(spec.deployment(), spec.traffic());
            traffic.put(prior, 100 - spec.traffic());
        }
        live.forEach((name, share) -> {
            if (share > 0 && !traffic.containsKey(name)) {
                notes.add(name + " had " + share + "% and gets 0%");
            }
        });
        return new TrafficSplit(traffic, notes);
    }

    /** {@code blue=90, green=10}. */
    public static String describe(Map<String, Integer> traffic) {
        if (traffic.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        traffic.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(k)
                .append('=')
                .append(v)
                .append('%'));
        return sb.toString();
    }
}
