// The official `openai` npm client against the gateway, configured as a user would: only the
// base URL differs from talking to OpenAI. Run by JsClientsTest, which starts the gateway and
// its fake upstreams, and asserts on the one JSON object this script prints.
//
//   DITTO_BASE_URL=http://127.0.0.1:8080 node openai-client.mjs
//
// Every scenario is caught on its own: its entry is either what the client saw or {error}.
import OpenAI from 'openai';

const baseURL = `${process.env.DITTO_BASE_URL}/v1`;
const client = new OpenAI({ baseURL, apiKey: 'sk-client' });
const messages = [{ role: 'user', content: 'hello' }];

async function chatCompletion(model) {
  const completion = await client.chat.completions.create({ model, messages });
  const choice = completion.choices[0];
  return {
    model: completion.model,
    text: choice.message.content,
    finishReason: choice.finish_reason,
    usage: completion.usage,
  };
}

async function chatStream(model) {
  const stream = await client.chat.completions.create({
    model, messages, stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let finishReason = null;
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      finishReason = choice.finish_reason ?? finishReason;
    }
    usage = chunk.usage ?? usage;
  }
  return { text, finishReason, usage, chunks };
}

async function responses(model) {
  const response = await client.responses.create({ model, input: 'hello' });
  return { status: response.status, text: response.output_text, usage: response.usage };
}

async function responsesStream(model) {
  const stream = await client.responses.create({ model, input: 'hello', stream: true });
  let text = '';
  let completed = null;
  const types = [];
  for await (const event of stream) {
    if (!types.includes(event.type)) {
      types.push(event.type);
    }
    if (event.type === 'response.output_text.delta') {
      text += event.delta;
    } else if (event.type === 'response.completed') {
      completed = event.response;
    }
  }
  return {
    text,
    types,
    // output_text is a convenience of the non-streaming call only; read the message items.
    completedText: (completed?.output ?? []).filter(item => item.type === 'message')
      .flatMap(item => item.content).filter(part => part.type === 'output_text').map(part => part.text).join(''),
    status: completed?.status ?? null,
    usage: completed?.usage ?? null,
  };
}

async function embeddings(model) {
  // The client asks for base64 vectors and decodes them itself, as it does by default.
  const response = await client.embeddings.create({
    model, input: ['sunny day at the beach', 'rainy day in the city'],
  });
  return {
    count: response.data.length,
    dimensions: response.data[0].embedding.length,
    head: response.data[0].embedding.slice(0, 8),
    usage: response.usage,
  };
}

// A LiteLLM model_list with a fallback: the first group's deployment fails, the answer comes
// from the fallback group; the response headers say which deployment served it.
async function fallback(model) {
  const { data: completion, response } = await client.chat.completions.create({ model, messages }).withResponse();
  const { data: stream, response: streamResponse } = await client.chat.completions
    .create({ model, messages, stream: true }).withResponse();
  let streamText = '';
  for await (const chunk of stream) {
    streamText += chunk.choices[0]?.delta?.content ?? '';
  }
  return {
    text: completion.choices[0].message.content,
    servedBy: response.headers.get('x-ditto-model-id'),
    provider: response.headers.get('x-ditto-provider'),
    streamText,
    streamServedBy: streamResponse.headers.get('x-ditto-model-id'),
  };
}

const scenarios = {
  chatCompletion: () => chatCompletion('gpt-json'),
  chatStream: () => chatStream('gpt-stream'),
  responses: () => responses('compat-json'),
  responsesStream: () => responsesStream('compat-stream'),
  embeddings: () => embeddings('embedding'),
  anthropicStream: () => chatStream('claude-stream'),
  geminiCompletion: () => chatCompletion('gemini-json'),
  fallback: () => fallback('gpt-4o'),
};

const results = {};
for (const [name, run] of Object.entries(scenarios)) {
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: `${error?.constructor?.name}: ${error?.message}`, status: error?.status ?? null };
  }
}
console.log(JSON.stringify(results));
