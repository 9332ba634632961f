// The Vercel AI SDK (`ai` with `@ai-sdk/openai-compatible`) against the gateway. Run by
// JsClientsTest, which starts the gateway and its fake upstreams, and asserts on the one JSON
// object this script prints.
//
//   DITTO_BASE_URL=http://127.0.0.1:8080 node ai-sdk.mjs
//
// Every scenario is caught on its own: its entry is either what the SDK saw or {error}.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, streamText, tool } from 'ai';

const baseURL = `${process.env.DITTO_BASE_URL}/v1`;
// As the AI SDK documents it for any OpenAI-compatible server.
const ditto = createOpenAICompatible({ baseURL, name: 'ditto', apiKey: 'sk-client' });
// The same, asking for usage on streams (stream_options.include_usage), which is opt-in here.
const dittoWithUsage = createOpenAICompatible({ baseURL, name: 'ditto', apiKey: 'sk-client', includeUsage: true });

const tools = {
  weather: tool({
    description: 'The weather in a location',
    inputSchema: jsonSchema({
      type: 'object',
      properties: { location: { type: 'string' } },
      required: ['location'],
    }),
  }),
};

function usageOf(usage) {
  return usage == null ? null : {
    inputTokens: usage.inputTokens ?? null,
    outputTokens: usage.outputTokens ?? null,
    totalTokens: usage.totalTokens ?? null,
  };
}

function toolCallsOf(calls) {
  return (calls ?? []).map(call => ({ id: call.toolCallId, name: call.toolName, input: call.input }));
}

async function generate(model, options = {}) {
  const result = await generateText({ model, prompt: 'hello', maxRetries: 0, ...options });
  return {
    text: result.text,
    finishReason: result.finishReason,
    usage: usageOf(result.usage),
    toolCalls: toolCallsOf(result.toolCalls),
  };
}

async function stream(model, options = {}) {
  const errors = [];
  const result = streamText({
    model, prompt: 'hello', maxRetries: 0, ...options,
    onError: ({ error }) => errors.push(`${error?.constructor?.name}: ${error?.message}`),
  });
  let text = '';
  let deltas = 0;
  for await (const delta of result.textStream) {
    text += delta;
    deltas++;
  }
  return {
    text,
    deltas,
    finishReason: await result.finishReason,
    usage: usageOf(await result.usage),
    toolCalls: toolCallsOf(await result.toolCalls),
    errors,
  };
}

const scenarios = {
  generateText: () => generate(ditto('gpt-json')),
  streamText: () => stream(dittoWithUsage('gpt-stream')),
  streamTextWithoutUsage: () => stream(ditto('gpt-stream')),
  generateToolCall: () => generate(ditto('mistral-tools-json'), { tools }),
  streamToolCall: () => stream(dittoWithUsage('mistral-tools-stream'), { tools }),
};

const results = {};
for (const [name, run] of Object.entries(scenarios)) {
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: `${error?.constructor?.name}: ${error?.message}` };
  }
}
console.log(JSON.stringify(results));
