/** JSON plumbing shared by every floor: mappers whose buffers suit virtual threads. */
package dev.llmops.json;
