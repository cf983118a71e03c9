-- wrk script for bench/run. wrk has no fixed-rate mode (wrk2 has, but is not packaged by
-- Debian), so with BENCH_RATE set each connection pauses between its requests, and every
-- thread corrects its pause once a second from the requests it actually sent: the rate
-- settles within about 1 % of the target. Like any closed-loop client (hey's -q too) it
-- waits for a slow answer before sending the next, so a server stall shows up as one slow
-- request per connection rather than as a queue: read the max next to the p99.
--
-- BENCH_PATH        the path; with BENCH_CANDIES > 0 a candy number is appended,
--                   cycling through 1..BENCH_CANDIES (e.g. /cheapest?candy_id=Candy)
-- BENCH_RATE        requests per second over all threads; 0 or unset: as fast as possible
-- BENCH_THREADS     wrk's -t, BENCH_CONNECTIONS wrk's -c (both needed with BENCH_RATE)

local path = os.getenv("BENCH_PATH") or "/"
local candies = tonumber(os.getenv("BENCH_CANDIES") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "1")

local counter = 0

function init(args)
  -- threads start at different candies, so that they do not ask in lockstep: each thread
  -- has its own Lua state, and so a table at its own address to seed from
  math.randomseed(tonumber(tostring({}):match("0x(%x+)") or "0", 16) + os.time())
  counter = math.random(0, 999)
end

function request()
  if candies > 0 then
    counter = counter + 1
    return wrk.format("GET", path .. (counter % candies + 1))
  end
  return wrk.format("GET", path)
end

if rate > 0 then
  local target = rate / threads
  -- milliseconds between two requests of one connection, before correction
  local pause = 1000 * connections / rate
  local carry = 0
  local second = os.time()
  local sent = 0
  local corrections = 0

  function delay()
    local now = os.time()
    if now ~= second then
      -- the first second is partial: skip it
      if corrections > 0 and sent > 0 then
        local factor = sent / target
        if factor < 0.5 then factor = 0.5 elseif factor > 2 then factor = 2 end
        pause = pause * factor
      end
      corrections = corrections + 1
      second = now
      sent = 0
    end
    sent = sent + 1
    -- wrk takes whole milliseconds: carry the fraction to the next request
    local wait = pause + carry
    local whole = math.floor(wait)
    carry = wait - whole
    return whole
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, errors.connect + errors.read + errors.write + errors.timeout,
    errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
