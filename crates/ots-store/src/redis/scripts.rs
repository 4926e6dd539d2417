//! The Lua scripts behind every multi-key step. Each runs atomically on the Redis node that owns
//! its keys; every key a script touches shares the first key's hash tag (the record pair's
//! locator), so each is a single-slot script on Redis Cluster too.
//!
//! Times are the caller's `now`, passed in: liveness is decided by the stored `expires`, exactly
//! as on SQLite. Redis key TTLs only clean up afterwards.

use std::sync::LazyLock;

use redis::Script;

/// Creates a secret and its receipt unless either key exists, and the generated password's
/// copy when there is one.
/// KEYS: secret, receipt, generated copy. ARGV: secret ttl, receipt ttl, copy ttl (0: none),
/// copy, copy's until, n (secret field-value count), then n secret field-values, then the
/// receipt's. Returns 1, or 0 on a conflict.
pub(super) static CREATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
        local n = tonumber(ARGV[6])
        redis.call('HSET', KEYS[1], unpack(ARGV, 7, 6 + n))
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[2], unpack(ARGV, 7 + n, #ARGV))
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        if tonumber(ARGV[3]) > 0 then
            redis.call('HSET', KEYS[3], 'sealed', ARGV[4], 'until', ARGV[5])
            redis.call('EXPIRE', KEYS[3], ARGV[3])
        end
        return 1
        ",
    )
});

/// Takes a generated password's copy once, before its time. KEYS: copy. ARGV: now.
pub(super) static TAKE_GENERATED: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local g = redis.call('HMGET', KEYS[1], 'sealed', 'until')
        if not g[1] then return false end
        redis.call('DEL', KEYS[1])
        if tonumber(g[2]) <= tonumber(ARGV[1]) then return false end
        return g[1]
        ",
    )
});

/// Removes a live secret and marks its receipt revealed, in one step.
/// KEYS: secret. ARGV: now, 1 to take only a secret without passphrase, key prefix.
/// Returns the secret's fields, or nil.
pub(super) static CLAIM: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local fields = redis.call('HGETALL', KEYS[1])
        if #fields == 0 then return false end
        local s = {}
        for i = 1, #fields, 2 do s[fields[i]] = fields[i + 1] end
        if tonumber(s.expires) <= tonumber(ARGV[1]) then return false end
        if ARGV[2] == '1' and s.kdf then return false end
        redis.call('DEL', KEYS[1])
        local receipt = ARGV[3] .. ':{' .. s.rl .. '}:r:' .. s.r
        if redis.call('EXISTS', receipt) == 1 then
            redis.call('HSET', receipt, 'state', 'revealed', 'revealed', ARGV[1], 'updated', ARGV[1])
        end
        return fields
        ",
    )
});

/// Burns a live secret through its receipt: removes the secret, marks the receipt burned.
/// KEYS: receipt. ARGV: now, key prefix. Returns the receipt's fields after, or nil.
pub(super) static BURN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local r = redis.call('HMGET', KEYS[1], 'expires', 'sl', 's')
        if not r[1] or tonumber(r[1]) <= tonumber(ARGV[1]) then return false end
        local secret = ARGV[2] .. ':{' .. r[2] .. '}:s:' .. r[3]
        local expires = redis.call('HGET', secret, 'expires')
        if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return false end
        redis.call('DEL', secret)
        redis.call('HSET', KEYS[1], 'state', 'burned', 'burned', ARGV[1], 'updated', ARGV[1])
        return redis.call('HGETALL', KEYS[1])
        ",
    )
});

/// Marks a live secret's receipt previewed, if it is still new.
/// KEYS: secret. ARGV: now, key prefix.
pub(super) static PREVIEW: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local s = redis.call('HMGET', KEYS[1], 'expires', 'rl', 'r')
        if not s[1] or tonumber(s[1]) <= tonumber(ARGV[1]) then return 0 end
        local receipt = ARGV[2] .. ':{' .. s[2] .. '}:r:' .. s[3]
        if redis.call('HGET', receipt, 'state') ~= 'new' then return 0 end
        redis.call('HSET', receipt, 'state', 'previewed', 'previewed', ARGV[1], 'updated', ARGV[1])
        return 1
        ",
    )
});

/// Sets the memo of a live receipt. KEYS: receipt. ARGV: memo, now. Returns 1 if saved.
pub(super) static MEMO: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local expires = redis.call('HGET', KEYS[1], 'expires')
        if not expires or tonumber(expires) <= tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], 'memo', ARGV[1], 'updated', ARGV[2])
        return 1
        ",
    )
});

/// Counts a wrong passphrase and answers the lockout that follows.
/// KEYS: failures hash, secret. ARGV: client, now, window, per-client limit, lockout, total.
/// Returns `{0}` open, `{1, retry_after}` locked, `{2}` locked for good.
pub(super) static FAILURE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local now, window = tonumber(ARGV[2]), tonumber(ARGV[3])
        local per_client, lockout, total =
            tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local all = redis.call('HINCRBY', KEYS[1], 'all', 1)
        local start, failures, locked = now, 0, 0
        local row = redis.call('HGET', KEYS[1], ARGV[1])
        if row then
            local a, b, c = string.match(row, '^(%-?%d+):(%d+):(%-?%d+)$')
            locked = tonumber(c)
            if tonumber(a) + window > now then start, failures = tonumber(a), tonumber(b) end
        end
        failures = failures + 1
        if failures >= per_client then
            locked = math.max(locked, now + lockout)
            start, failures = now, 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], start .. ':' .. failures .. ':' .. locked)
        -- Kept while the secret lives (a lock for good must hold that long), and at least as
        -- long as the window and the lockout.
        local keep = math.max(window, lockout)
        local expires = redis.call('HGET', KEYS[2], 'expires')
        if expires then keep = math.max(keep, tonumber(expires) - now) end
        redis.call('EXPIRE', KEYS[1], math.max(keep, 1))
        if all >= total then return {2} end
        if locked > now then return {1, locked - now} end
        return {0}
        ",
    )
});

/// A fixed-window rate limiter on the caller's clock.
/// KEYS: bucket. ARGV: now, window. Returns `{hits in this window, seconds left in it}`.
pub(super) static RATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
        local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '')
        if not start or start + window <= now then
            start = now
            redis.call('HSET', KEYS[1], 'start', now, 'hits', 0)
        end
        local hits = redis.call('HINCRBY', KEYS[1], 'hits', 1)
        local left = start + window - now
        redis.call('EXPIRE', KEYS[1], math.max(left, 1))
        return {hits, left}
        ",
    )
});

/// Creates an account unless its e-mail is taken. KEYS: account. ARGV: field-values.
pub(super) static NEW_ACCOUNT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV))
        return 1
        ",
    )
});

/// Sets one field of a known account. KEYS: account. ARGV: field, value. Returns 1 if known.
pub(super) static SET_ACCOUNT_FIELD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        ",
    )
});
