package dev.switchboard.cluster.redis;

/** The Lua scripts: each one reads and writes atomically what a plain command sequence would race on. */
final class Scripts {

    private Scripts() {
    }

    /** Lua shared by several scripts: Redis's own clock in milliseconds, so that every instance agrees on "now". */
    private static final String NOW_MS = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /** Lua shared by several scripts: the stream's epoch, started from the candidate (and the sequence reset) if Redis holds none. */
    private static final String EPOCH_OF = """
            local function epoch_of(epoch_key, seq_key, candidate)
              local epoch = redis.call('GET', epoch_key)
              if not epoch then
                epoch = candidate
                redis.call('SET', epoch_key, epoch)
                redis.call('DEL', seq_key)
              end
              return epoch
            end
            """;

    /** KEYS lease, fence; ARGV instance, ttl ms. Takes a free lease with a new fencing number; the token, or nil. */
    static final String ACQUIRE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return false end
            local token = ARGV[1] .. ':' .. redis.call('INCR', KEYS[2])
            if redis.call('SET', KEYS[1], token, 'NX', 'PX', ARGV[2]) then return token end
            return false
            """;

    /** KEYS lease; ARGV token, ttl ms. Extends the lease only while it is still ours; 1 or 0. */
    static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    /** KEYS lease; ARGV token. Frees the lease only if it is still ours; 1 or 0. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    /**
     * KEYS lease, stream, seq, epoch; ARGV token, maxlen, max age ms, epoch candidate, fields...
     * The fenced append: refused (nil) unless the caller holds the lease now. Assigns the next
     * sequence of the stream's epoch (starting one if Redis lost it), appends, trims by count and age.
     */
    static final String APPEND = NOW_MS + EPOCH_OF + """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
            local epoch = epoch_of(KEYS[4], KEYS[3], ARGV[4])
            local seq = redis.call('INCR', KEYS[3])
            local fields = {'ep', epoch, 's', tostring(seq)}
            for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
            local oldest = now_ms() - tonumber(ARGV[3])
            if oldest > 0 then redis.call('XTRIM', KEYS[2], 'MINID', '~', oldest .. '-0') end
            return seq
            """;

    /** KEYS epoch, seq; ARGV epoch candidate. The stream's epoch, started if Redis holds none. */
    static final String EPOCH = EPOCH_OF + """
            return epoch_of(KEYS[1], KEYS[2], ARGV[1])
            """;

    /** KEYS interest; ARGV instance, ttl ms. This instance has ports until Redis time + ttl. */
    static final String INTEREST_REFRESH = NOW_MS + """
            redis.call('ZADD', KEYS[1], now_ms() + tonumber(ARGV[2]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    /** KEYS interest. Forgets instances whose interest expired; how many are left. */
    static final String INTEREST_COUNT = NOW_MS + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms())
            return redis.call('ZCARD', KEYS[1])
            """;

    /** KEYS sends; ARGV capacity, fields... Queues a port's message for the leader unless the queue is full; the id or nil. */
    static final String SEND = """
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
            return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            """;
}
