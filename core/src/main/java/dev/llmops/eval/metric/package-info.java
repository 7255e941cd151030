/**
 * Reference-based text metrics implemented natively, following the formulas that {@code azure-ai-evaluation}
 * computes through NLTK and {@code rouge_score}: exact match, SQuAD F1, BLEU, GLEU and ROUGE.
 *
 * <p>Every metric is a pure function of two strings; none keeps state, so all are safe to share between threads.
 */
package dev.llmops.eval.metric;
