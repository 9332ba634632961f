/**
 * Tools the model may call: {@link dev.ditto.sdk.tool.FunctionTool}s described by a JSON Schema,
 * {@link dev.ditto.sdk.tool.ProviderDefinedTool}s built into one provider, and the {@link
 * dev.ditto.sdk.tool.ToolChoice} that says whether and which tool the model must call. Everything
 * here is an immutable value.
 */
@NullMarked
package dev.ditto.sdk.tool;

import org.jspecify.annotations.NullMarked;
