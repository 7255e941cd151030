/**
 * {@code llmops serve}: one flow as an HTTP service with Prompt Flow's routes, request and response rules and error
 * shape ({@link dev.llmops.serve.FlowServer}), on Helidon SE's virtual-thread web server. Sits on {@code flow}: a
 * request is one line of the same runtime as a run.
 */
package dev.llmops.serve;
