-- Ditto: admit one request against every rate limit and budget of its caller, all or nothing.
-- The semantics are those of dev.ditto.control.limits.QuotaStore; InMemoryQuotaStore is the
-- reference implementation and both pass QuotaStoreContract.
--
-- KEYS[1] the reservation record, KEYS[2] the partition's reservation index (a sorted set),
--   then per counter: sliding window = current bucket, previous bucket; token bucket = its
--   cell; concurrency = its count; then one ledger hash per hold.
-- ARGV[1] now (epoch ms), ARGV[2] reservation id, ARGV[3] the record, ARGV[4] counters,
--   ARGV[5] holds, then per counter: kind (sw|tb|cc), limit, window ms, amount;
--   then per hold: limit (nano-USD), amount (nano-USD), ttl ms (0 = none).
-- Returns {admitted 1|0, denied counter index or -1, denied hold index or -1, retry ms or -1,
--   per counter, before this request: remaining, reset ms; per hold: spent, reserved (as strings)}.
local now = tonumber(ARGV[1])
local counters = tonumber(ARGV[4])
local holds = tonumber(ARGV[5])
local eps = 0.001
local ki, ai = 3, 6
local denied_c, denied_h, retry = -1, -1, 0
local states, balances, takes = {}, {}, {}

for i = 1, counters do
  local kind, limit, window, amount = ARGV[ai], tonumber(ARGV[ai + 1]), tonumber(ARGV[ai + 2]), tonumber(ARGV[ai + 3])
  ai = ai + 4
  local allowed, remaining, reset, wait = false, 0, 0, 0
  if kind == 'cc' then
    local key = KEYS[ki]
    ki = ki + 1
    local inflight = tonumber(redis.call('GET', key) or '0')
    allowed = inflight + amount <= limit
    remaining = limit - inflight
    wait = 1000
    takes[i] = {kind, key, amount}
  elseif kind == 'sw' then
    local cur_key, prev_key = KEYS[ki], KEYS[ki + 1]
    ki = ki + 2
    local cur = tonumber(redis.call('GET', cur_key) or '0')
    local prev = tonumber(redis.call('GET', prev_key) or '0')
    local elapsed = now % window
    local used = prev * (window - elapsed) / window + cur
    allowed = used + amount <= limit + eps
    remaining = math.floor(limit - used + eps)
    if cur > 0 then reset = window - elapsed + window elseif prev > 0 then reset = window - elapsed end
    if not allowed then
      if amount > limit then
        wait = -1
      elseif cur + amount > limit then
        wait = window - elapsed + math.ceil(window * (1 - (limit - amount) / cur))
      else
        wait = math.ceil(window * (1 - (limit - cur - amount) / prev)) - elapsed
      end
      if wait >= 0 and wait < 1 then wait = 1 end
    end
    takes[i] = {kind, cur_key, amount, window}
  else
    local key = KEYS[ki]
    ki = ki + 1
    if limit == 0 then
      allowed = amount == 0
      if not allowed then wait = -1 end
    else
      local interval = window / limit
      local tat = tonumber(redis.call('GET', key) or '0')
      if tat < now then tat = now end
      local nxt = tat + amount * interval
      allowed = nxt - now <= window + eps
      remaining = math.floor((window - (tat - now)) / interval + eps)
      reset = math.ceil(tat - now)
      if not allowed then
        if amount > limit then wait = -1 else wait = math.max(1, math.ceil(nxt - now - window)) end
      end
      takes[i] = {kind, key, nxt}
    end
  end
  if remaining < 0 then remaining = 0 end
  states[#states + 1] = remaining
  states[#states + 1] = reset
  if not allowed and denied_c < 0 then
    denied_c = i - 1
    retry = wait
  end
end

local hold_args = ai
for j = 1, holds do
  local key = KEYS[ki + j - 1]
  local limit, amount = tonumber(ARGV[ai]), tonumber(ARGV[ai + 1])
  ai = ai + 3
  local values = redis.call('HMGET', key, 'spent', 'reserved')
  local spent_s, reserved_s = values[1] or '0', values[2] or '0'
  local spent, reserved = tonumber(spent_s), tonumber(reserved_s)
  balances[#balances + 1] = spent_s
  balances[#balances + 1] = reserved_s
  local allowed = spent < limit and spent + reserved + amount <= limit
  if not allowed and denied_h < 0 and denied_c < 0 then denied_h = j - 1 end
end

local reply = {0, denied_c, denied_h, -1}
if denied_c >= 0 or denied_h >= 0 then
  if denied_c >= 0 then reply[4] = retry end
else
  reply[1] = 1
  reply[4] = 0
  for i = 1, counters do
    local take = takes[i]
    if take then
      if take[1] == 'cc' then
        redis.call('INCRBY', take[2], take[3])
      elseif take[1] == 'sw' then
        redis.call('INCRBY', take[2], take[3])
        redis.call('PEXPIRE', take[2], 2 * take[4] + 1000)
      else
        redis.call('SET', take[2], string.format('%.17g', take[3]), 'PX', math.ceil(take[3] - now) + 1)
      end
    end
  end
  ai = hold_args
  for j = 1, holds do
    local key = KEYS[ki + j - 1]
    redis.call('HINCRBY', key, 'reserved', ARGV[ai + 1])
    local ttl = tonumber(ARGV[ai + 2])
    if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
    ai = ai + 3
  end
  redis.call('SET', KEYS[1], ARGV[3])
  redis.call('ZADD', KEYS[2], now, ARGV[2])
end
for _, v in ipairs(states) do reply[#reply + 1] = v end
for _, v in ipairs(balances) do reply[#reply + 1] = v end
return reply
