-- Ditto: settle (or reap) one reservation: release what it holds if it is still recorded, and
-- commit the actual cost to every ledger of the plan either way (a reaped request that settles
-- late is still charged, and nothing is released twice).
--
-- KEYS[1] the reservation record, KEYS[2] the partition's reservation index, then one key per
--   counter (a sliding window's bucket of the admission), then one ledger hash per hold.
-- ARGV[1] now (epoch ms), ARGV[2] reservation id, ARGV[3] counters, ARGV[4] holds,
--   ARGV[5] cost (nano-USD), ARGV[6] mode (settle|reap), then per counter: kind, window ms,
--   limit, delta (concurrency: slots to give back; tokens: actual minus estimate);
--   then per hold: amount reserved, ttl ms (0 = none).
-- Returns {found 1|0, per hold: spent, reserved (as strings)}; {0} for a reap that found nothing.
local now = tonumber(ARGV[1])
local counters = tonumber(ARGV[3])
local holds = tonumber(ARGV[4])
local cost = tonumber(ARGV[5])
local found = redis.call('DEL', KEYS[1]) == 1
redis.call('ZREM', KEYS[2], ARGV[2])
if ARGV[6] == 'reap' and not found then return {0} end

local ki, ai = 3, 7
for i = 1, counters do
  local kind, window, limit, delta = ARGV[ai], tonumber(ARGV[ai + 1]), tonumber(ARGV[ai + 2]), tonumber(ARGV[ai + 3])
  local key = KEYS[ki]
  ai = ai + 4
  ki = ki + 1
  if found and delta ~= 0 then
    if kind == 'cc' then
      if redis.call('DECRBY', key, ARGV[ai - 1]) <= 0 then redis.call('DEL', key) end
    elseif kind == 'sw' then
      if redis.call('EXISTS', key) == 1 and redis.call('INCRBY', key, ARGV[ai - 1]) < 0 then
        redis.call('SET', key, 0, 'KEEPTTL')
      end
    elseif limit > 0 then
      local tat = redis.call('GET', key)
      if tat then
        local t = tonumber(tat) + delta * (window / limit)
        if t <= now then
          redis.call('DEL', key)
        else
          redis.call('SET', key, string.format('%.17g', t), 'PX', math.ceil(t - now) + 1)
        end
      end
    end
  end
end

local reply = {0}
if found then reply[1] = 1 end
for j = 1, holds do
  local key = KEYS[ki]
  local ttl = tonumber(ARGV[ai + 1])
  ki = ki + 1
  local exists = redis.call('EXISTS', key) == 1
  if found and exists and redis.call('HINCRBY', key, 'reserved', -tonumber(ARGV[ai])) < 0 then
    redis.call('HSET', key, 'reserved', 0)
  end
  if cost > 0 then
    redis.call('HINCRBY', key, 'spent', ARGV[5])
    if not exists and ttl > 0 then redis.call('PEXPIRE', key, ttl) end
  end
  ai = ai + 2
  local values = redis.call('HMGET', key, 'spent', 'reserved')
  reply[#reply + 1] = values[1] or '0'
  reply[#reply + 1] = values[2] or '0'
end
return reply
