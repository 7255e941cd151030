/**
 * Evaluation: which evaluation runs to start for which standard runs ({@link dev.llmops.eval.EvaluationPlanner}),
 * native metrics ({@code metric}), built-in evaluators ({@code builtin}), statistics ({@code stats}) and CI gates
 * ({@code gate}).
 */
package dev.llmops.eval;
