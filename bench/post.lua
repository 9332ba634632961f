-- wrk script: POST a chat completion request. BENCH_MODEL, BENCH_STREAM and BENCH_AUTH come from the environment.
local model = os.getenv("BENCH_MODEL") or "bench"
local stream = os.getenv("BENCH_STREAM") == "1"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end
local ph = os.getenv("BENCH_PORTKEY_HOST")
if ph and ph ~= "" then
  wrk.headers["x-portkey-provider"] = "openai"
  wrk.headers["x-portkey-custom-host"] = ph
end
wrk.body = '{"model":"' .. model .. '","max_tokens":64,' ..
  (stream and '"stream":true,"stream_options":{"include_usage":true},' or '') ..
  '"messages":[{"role":"system","content":"You are a helpful assistant."},' ..
  '{"role":"user","content":"Invent a new holiday and describe its traditions in two sentences."}]}'

