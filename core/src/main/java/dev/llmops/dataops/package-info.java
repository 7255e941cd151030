/**
 * DataOps: datasets as versioned Azure ML data assets ({@code llmops data register}), {@code azureml:} dataset
 * sources resolved and cached for local runs, datastores, data preparation, and the request logs that feed
 * post-production evaluation. Sits on the shared {@code azure} client and on {@code data}.
 */
package dev.llmops.dataops;
