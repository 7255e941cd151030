package dev.llmops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes cluster for the {@code --target kubernetes} tests: fabric8's API server fake in CRUD mode, plus what
 * a real cluster adds around its store. An authorizer answers {@code SelfSubjectAccessReview}s (every permission
 * granted but the ones {@link #deny}ed); a controller watches Deployments and, for each new pod template, creates its
 * ReplicaSet and pods and marks the rollout available, or failed ({@link #failRollouts}, ProgressDeadlineExceeded),
 * or leaves it be ({@link #stallRollouts}); a kubelet starts each ReplicaSet's image as a {@link Container} with the
 * environment of its ConfigMap and Secret; the service proxy and the pod log endpoints reach those containers.
 */
final class FakeCluster implements AutoCloseable {

    /** A running image. */
    interface Container extends AutoCloseable {
        URI url();

        String logs();

        @Override
        void close();
    }

    /** Starts an image with its environment; throws when the image cannot be pulled. */
    interface Kubelet {
        Container start(String image, Map<String, String> env) throws Exception;
    }

    /** A request the service proxy passed on. */
    record Proxied(String service, String path, String apiKey, Map<String, String> endpointSelector) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROXY =
            Pattern.compile("/api/v1/namespaces/([^/]+)/services/([^/:]+):([^/]+)/proxy(/[^?]*)?(\\?.*)?");
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?");
    static final String CONTROLLER = "fake-kube-controller";
    static final String TEST = "the-test-itself";

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final MockDispatcher expectations = new MockDispatcher(responses);
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubernetesClient controllerClient;
    private final Kubelet kubelet;
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, Integer> available = new ConcurrentHashMap<>();
    private final List<Proxied> proxied = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> reviewed = ConcurrentHashMap.newKeySet();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final ExecutorService controller = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final io.fabric8.kubernetes.client.Watch watch;

    FakeCluster(Kubelet kubelet) {
        this.kubelet = kubelet;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new ApiServer(), false);
        server.init();
        client =
                server.createClient(b -> b.editOrNewConfig().withUserAgent(TEST).endConfig());
        controllerClient = server.createClient(
                b -> b.editOrNewConfig().withUserAgent(CONTROLLER).endConfig());
        watch = controllerClient.apps().deployments().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    controller.submit(() -> reconcile(
                            d.getMetadata().getNamespace(), d.getMetadata().getName()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    KubernetesMockServer server() {
        return server;
    }

    /** A client for the test's own reads (its requests are not the command's). */
    KubernetesClient client() {
        return client;
    }

    String url() {
        return server.url("/");
    }

    /** The account may not do {@code verb resource}, e.g. {@code create secrets} or {@code create services/proxy}. */
    FakeCluster deny(String verbAndResource) {
        denied.add(verbAndResource);
        return this;
    }

    /** Rollouts of this Deployment fail: the new pods never get ready and the controller gives up. */
    FakeCluster failRollouts(String deployment) {
        failing.add(deployment);
        return this;
    }

    /** Rollouts of this Deployment make no progress at all. */
    FakeCluster stallRollouts(String deployment) {
        stalled.add(deployment);
        return this;
    }

    List<Proxied> proxied() {
        return List.copyOf(proxied);
    }

    /**
     * The permissions llmops used (as RBAC sees a request: {@code update services}, {@code create services/proxy})
     * that it never asked about in an access review: each one a request its access check would not have caught.
     */
    Set<String> unreviewed() {
        Set<String> out = new java.util.TreeSet<>(used);
        out.removeAll(reviewed);
        return out;
    }

    private static final Pattern RESOURCE = Pattern.compile(
            "/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?[^?]*(\\?.*)?");

    /** The RBAC verb and resource of a request, e.g. {@code list deployments.apps}; null for none. */
    static String permission(String method, String path) {
        Matcher m = RESOURCE.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String resource = m.group(2)
                + (m.group(1) == null ? "" : "." + m.group(1))
                + (m.group(4) == null ? "" : "/" + m.group(4));
        boolean named = m.group(3) != null;
        String query = m.group(5) == null ? "" : m.group(5);
        String verb =
                switch (method) {
                    case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> named ? "delete" : "deletecollection";
                    default -> method.toLowerCase(java.util.Locale.ROOT);
                };
        return verb + " " + resource;
    }

    /**
     * The requests llmops sent since the last call, as "METHOD path" without the query (the controller's and the
     * test's own left out).
     */
    List<String> calls() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest req;
        while ((req = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            String agent = req.getHeader("User-Agent");
            if (agent != null && (agent.startsWith(CONTROLLER) || agent.startsWith(TEST))) {
                continue;
            }
            out.add(req.getMethod() + " " + req.getPath().replaceAll("\\?.*", ""));
        }
        return out;
    }

    /** The changes among {@link #calls}: no reads, no access reviews. */
    static List<String> writes(List<String> calls) {
        return calls.stream()
                .filter(c -> !c.startsWith("GET ") && !c.contains("selfsubjectaccessreviews"))
                .toList();
    }

    private void reconcile(String ns, String name) {
        try {
            Deployment d = controllerClient
                    .apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName(name)
                    .get();
            if (d == null || stalled.contains(name)) {
                return;
            }
            Long generation = d.getMetadata().getGeneration();
            if (d.getStatus() != null
                    && d.getStatus().getObservedGeneration() != null
                    && generation != null
                    && d.getStatus().getObservedGeneration() >= generation) {
                return;
            }
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            ReplicaSet rs = replicaSet(ns, d);
            if (failing.contains(name)) {
                int before = available.getOrDefault(ns + "/" + name, 0);
                status(
                        ns,
                        name,
                        generation,
                        before + 1,
                        1,
                        before,
                        List.of(new DeploymentConditionBuilder()
                                .withType("Progressing")
                                .withStatus("False")
                                .withReason("ProgressDeadlineExceeded")
                                .withMessage(
                                        "ReplicaSet \"" + rs.getMetadata().getName() + "\" has timed out progressing.")
                                .build()));
                return;
            }
            pods(ns, d, rs, replicas);
            available.put(ns + "/" + name, replicas);
            status(
                    ns,
                    name,
                    generation,
                    replicas,
                    replicas,
                    replicas,
                    List.of(
                            new DeploymentConditionBuilder()
                                    .withType("Available")
                                    .withStatus("True")
                                    .withReason("MinimumReplicasAvailable")
                                    .build(),
                            new DeploymentConditionBuilder()
                                    .withType("Progressing")
                                    .withStatus("True")
                                    .withReason("NewReplicaSetAvailable")
                                    .build()));
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private void status(
            String ns,
            String name,
            Long generation,
            int total,
            int updated,
            int availableNow,
            List<io.fabric8.kubernetes.api.model.apps.DeploymentCondition> conditions) {
        controllerClient.apps().deployments().inNamespace(ns).withName(name).editStatus(x -> {
            x.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(generation)
                    .withReplicas(total)
                    .withUpdatedReplicas(updated)
                    .withReadyReplicas(availableNow)
                    .withAvailableReplicas(availableNow)
                    .withUnavailableReplicas(Math.max(0, total - availableNow))
                    .withConditions(conditions)
                    .build());
            return x;
        });
    }

    /** The ReplicaSet of the Deployment's current pod template: an existing one (moved to the top revision) or new. */
    private ReplicaSet replicaSet(String ns, Deployment d) {
        String hash = Integer.toHexString(
                Serialization.asJson(d.getSpec().getTemplate()).hashCode());
        List<ReplicaSet> owned = controllerClient.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences() != null
                        && rs.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> o.getUid().equals(d.getMetadata().getUid())))
                .toList();
        long top = owned.stream()
                .mapToLong(rs ->
                        Long.parseLong(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
                .max()
                .orElse(0);
        String rsName = d.getMetadata().getName() + "-" + hash;
        Map<String, String> labels =
                new LinkedHashMap<>(d.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("pod-template-hash", hash);
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(rsName)
                .withNamespace(ns)
                .withLabels(labels)
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", Long.toString(top + 1)))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(d.getMetadata().getName())
                        .withUid(d.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(d.getSpec().getReplicas())
                .withNewSelector()
                .withMatchLabels(Map.of("pod-template-hash", hash))
                .endSelector()
                .withTemplate(d.getSpec().getTemplate())
                .endSpec()
                .build();
        rs.getSpec().getTemplate().getMetadata().setLabels(labels);
        boolean exists = owned.stream().anyMatch(o -> o.getMetadata().getName().equals(rsName));
        if (exists
                && owned.stream()
                        .filter(o -> o.getMetadata().getName().equals(rsName))
                        .anyMatch(o -> Long.parseLong(
                                        o.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
                                == top)) {
            return rs; // the current template already has the top revision
        }
        return controllerClient.resource(rs).inNamespace(ns).createOr(x -> x.update());
    }

    /** The ReplicaSet's pods, one container for them all; the Deployment's other pods stopped and deleted. */
    private void pods(String ns, Deployment d, ReplicaSet rs, int replicas) {
        String rsName = rs.getMetadata().getName();
        for (Pod p : controllerClient
                .pods()
                .inNamespace(ns)
                .withLabels(d.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()) {
            String owner = p.getMetadata().getLabels().get("pod-template-hash");
            if (!rsName.endsWith("-" + owner)) {
                controllerClient
                        .pods()
                        .inNamespace(ns)
                        .withName(p.getMetadata().getName())
                        .delete();
            }
        }
        containers.keySet().stream()
                .filter(k -> k.startsWith(ns + "/" + d.getMetadata().getName() + "-") && !k.equals(ns + "/" + rsName))
                .toList()
                .forEach(k -> containers.remove(k).close());
        if (replicas > 0 && !containers.containsKey(ns + "/" + rsName)) {
            var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            try {
                containers.put(ns + "/" + rsName, kubelet.start(c.getImage(), environment(ns, c.getEnvFrom())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start " + c.getImage() + ": " + e.getMessage(), e);
            }
        }
        Map<String, String> labels = rs.getSpec().getTemplate().getMetadata().getLabels();
        for (int i = 0; i < replicas; i++) {
            String pod = rsName + "-" + i;
            if (controllerClient.pods().inNamespace(ns).withName(pod).get() == null) {
                controllerClient
                        .resource(new PodBuilder()
                                .withNewMetadata()
                                .withName(pod)
                                .withNamespace(ns)
                                .withLabels(labels)
                                .endMetadata()
                                .withSpec(rs.getSpec().getTemplate().getSpec())
                                .withNewStatus()
                                .withPhase("Running")
                                .addNewCondition()
                                .withType("Ready")
                                .withStatus("True")
                                .endCondition()
                                .endStatus()
                                .build())
                        .inNamespace(ns)
                        .create();
            }
        }
        for (int i = replicas; ; i++) {
            String pod = rsName + "-" + i;
            if (controllerClient.pods().inNamespace(ns).withName(pod).get() == null) {
                break;
            }
            controllerClient.pods().inNamespace(ns).withName(pod).delete();
        }
    }

    private Map<String, String> environment(String ns, List<EnvFromSource> sources) {
        Map<String, String> env = new HashMap<>();
        for (EnvFromSource s : sources) {
            if (s.getConfigMapRef() != null) {
                ConfigMap cm = controllerClient
                        .configMaps()
                        .inNamespace(ns)
                        .withName(s.getConfigMapRef().getName())
                        .get();
                env.putAll(cm.getData());
            } else {
                Secret secret = controllerClient
                        .secrets()
                        .inNamespace(ns)
                        .withName(s.getSecretRef().getName())
                        .get();
                if (secret.getData() != null) {
                    secret.getData()
                            .forEach((k, v) ->
                                    env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                if (secret.getStringData() != null) {
                    env.putAll(secret.getStringData());
                }
            }
        }
        return env;
    }

    @Override
    public void close() {
        watch.close();
        controller.shutdownNow();
        try {
            controller.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        containers.values().forEach(Container::close);
        controllerClient.close();
        client.close();
        server.destroy();
        http.close();
    }

    /** The API server: access reviews, the service proxy and pod logs here; expectations; else the CRUD store. */
    private final class ApiServer extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path.startsWith("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
                return review(request);
            }
            String agent = request.getHeader("User-Agent");
            String permission = permission(request.getMethod(), path);
            if (permission != null && (agent == null || !(agent.startsWith(CONTROLLER) || agent.startsWith(TEST)))) {
                used.add(permission);
                if (denied.contains(permission)) {
                    return status(403, "forbidden: the test denies " + permission);
                }
            }
            Matcher proxy = PROXY.matcher(path);
            if (proxy.matches()) {
                return proxy(request, proxy.group(1), proxy.group(2), proxy.group(4) == null ? "/" : proxy.group(4));
            }
            Matcher log = LOG.matcher(path);
            if (log.matches()) {
                return log(log.group(1), log.group(2), log.group(3));
            }
            Queue<ServerResponse> queue = responses.get(new io.fabric8.mockwebserver.internal.SimpleRequest(
                    io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(request.getMethod()), path));
            if (queue != null && !queue.isEmpty()) {
                return expectations.dispatch(request);
            }
            return crud.dispatch(request);
        }

        private MockResponse review(RecordedRequest request) {
            try {
                JsonNode body = JSON.readTree(request.getUtf8Body());
                JsonNode a = body.path("spec").path("resourceAttributes");
                String resource = a.path("resource").asText()
                        + (a.path("group").asText("").isEmpty()
                                ? ""
                                : "." + a.path("group").asText())
                        + (a.path("subresource").asText("").isEmpty()
                                ? ""
                                : "/" + a.path("subresource").asText());
                reviewed.add(a.path("verb").asText() + " " + resource);
                boolean allowed = !denied.contains(a.path("verb").asText() + " " + resource);
                var answer = (com.fasterxml.jackson.databind.node.ObjectNode) body;
                answer.putObject("status").put("allowed", allowed).put("reason", allowed ? "" : "denied by the test");
                return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(answer));
            } catch (Exception e) {
                return new MockResponse().setResponseCode(400).setBody(e.toString());
            }
        }

        private MockResponse proxy(RecordedRequest request, String ns, String service, String rest) {
            Service s = get("/api/v1/namespaces/" + ns + "/services/" + service, Service.class);
            if (s == null) {
                return status(404, "services \"" + service + "\" not found");
            }
            String selector = s.getSpec().getSelector().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
            PodList pods = get(
                    "/api/v1/namespaces/" + ns + "/pods?labelSelector="
                            + URLEncoder.encode(selector, StandardCharsets.UTF_8),
                    PodList.class);
            Container target = pods == null
                    ? null
                    : pods.getItems().stream()
                            .map(p -> containers.get(
                                    ns + "/" + p.getMetadata().getName().replaceAll("-[0-9]+$", "")))
                            .filter(java.util.Objects::nonNull)
                            .findFirst()
                            .orElse(null);
            proxied.add(new Proxied(service, rest, request.getHeader("api-key"), endpointSelector(ns, s)));
            if (target == null) {
                return status(503, "no endpoints available for service \"" + service + "\"");
            }
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(target.url().resolve(rest))
                        .timeout(Duration.ofMinutes(1))
                        .method(request.getMethod(), HttpRequest.BodyPublishers.ofString(request.getUtf8Body()));
                for (String h : List.of("Content-Type", "Accept", "api-key")) {
                    if (request.getHeader(h) != null) {
                        b.header(h, request.getHeader(h));
                    }
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new MockResponse().setResponseCode(r.statusCode()).setBody(r.body());
            } catch (Exception e) {
                return status(502, "error trying to reach service: " + e.getMessage());
            }
        }

        /** The endpoint Service's selector at the moment of a proxied call, to see where traffic was then. */
        private Map<String, String> endpointSelector(String ns, Service proxiedService) {
            String endpoint = proxiedService.getMetadata().getLabels() == null
                    ? null
                    : proxiedService.getMetadata().getLabels().get("app.kubernetes.io/name");
            Service main =
                    endpoint == null ? null : get("/api/v1/namespaces/" + ns + "/services/" + endpoint, Service.class);
            return main == null ? Map.of() : Map.copyOf(main.getSpec().getSelector());
        }

        private MockResponse log(String ns, String pod, String query) {
            Container c = containers.get(ns + "/" + pod.replaceAll("-[0-9]+$", ""));
            if (c == null) {
                return status(404, "pods \"" + pod + "\" not found");
            }
            String[] lines = c.logs().split("\n");
            int tail = lines.length;
            Matcher m = Pattern.compile("tailLines=([0-9]+)").matcher(query == null ? "" : query);
            if (m.find()) {
                tail = Integer.parseInt(m.group(1));
            }
            String text = String.join("\n", List.of(lines).subList(Math.max(0, lines.length - tail), lines.length));
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "text/plain")
                    .setBody(text);
        }

        private <T> T get(String path, Class<T> type) {
            MockResponse r = crud.handleGet(path);
            if (r.code() != 200) {
                return null;
            }
            return Serialization.unmarshal(r.getBody().readUtf8(), type);
        }

        private MockResponse status(int code, String message) {
            return new MockResponse()
                    .setResponseCode(code)
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                            + JSON.valueToTree(message) + ",\"code\":" + code + "}");
        }
    }
}
