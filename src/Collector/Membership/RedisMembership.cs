namespace Supervision.Collector.Membership;

/// <summary>
/// The agents' register in Redis: a sorted set of agent id → last heartbeat, a hash of id → when it (re)joined, and a
/// hash of id → the process instance that beats for it. One script per heartbeat writes this agent's beat and reads
/// everything back atomically, every time on Redis's own clock (<c>TIME</c>), so the agents' clocks never enter the
/// judgement of who is alive.
/// </summary>
public sealed class RedisMembership : IAsyncDisposable
{
    // ARGV: 1 agent id, 2 expire ms, 3 instance token, 4 "beat" | "leave", 5 forget ms.
    // Returns: { now ms, duplicate (1: another instance beat for this id within the expiry), id, seen, joined, id, … }.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local id = ARGV[1]
        local expire = tonumber(ARGV[2])
        local duplicate = 0
        local last = redis.call('ZSCORE', KEYS[1], id)
        if ARGV[4] == 'leave' then
          if last then redis.call('ZADD', KEYS[1], now - expire, id) end
        else
          if (not last) or tonumber(last) + expire <= now then
            redis.call('HSET', KEYS[2], id, now)
          else
            local other = redis.call('HGET', KEYS[3], id)
            if other and other ~= ARGV[3] then duplicate = 1 end
          end
          redis.call('ZADD', KEYS[1], now, id)
          redis.call('HSET', KEYS[3], id, ARGV[3])
        end
        local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - expire - tonumber(ARGV[5])))
        for _, g in ipairs(gone) do
          redis.call('ZREM', KEYS[1], g)
          redis.call('HDEL', KEYS[2], g)
          redis.call('HDEL', KEYS[3], g)
        end
        local result = { now, duplicate }
        local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        for i = 1, #members, 2 do
          table.insert(result, members[i])
          table.insert(result, members[i + 1])
          table.insert(result, redis.call('HGET', KEYS[2], members[i]) or members[i + 1])
        end
        return result
        """;

    private readonly MembershipOptions _options;
    private readonly RedisKey[] _keys;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Lazy<ConnectionMultiplexer> _redis;

    /// <summary>Connects (lazily, riding out outages) to the Redis of <paramref name="options"/>.</summary>
    public RedisMembership(MembershipOptions options, string agentId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        AgentId = agentId;
        _keys = [options.KeyPrefix + ":seen", options.KeyPrefix + ":joined", options.KeyPrefix + ":instance"];
        var config = ConfigurationOptions.Parse(options.Redis!);
        config.AbortOnConnectFail = false;
        config.ClientName = "supervision-collector-" + agentId;

        // A heartbeat answered after the expiry is worthless: give up at half of it (a busy machine's Redis may take a few
        // hundred ms) and try again next beat.
        config.SyncTimeout = config.AsyncTimeout = (int)Math.Clamp(options.ExpireAfter.TotalMilliseconds / 2, 500, 5000);
        _redis = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(config));
    }

    /// <summary>This agent's id in the register.</summary>
    public string AgentId { get; }

    /// <summary>Writes a heartbeat (or, with <paramref name="leave"/>, marks this agent expired now) and reads the register.</summary>
    public async Task<(MembershipSnapshot Snapshot, bool Duplicate)> BeatAsync(bool leave)
    {
        // Departed agents are kept a minute past their hand-over so every agent reads their departure time.
        var forget = _options.HandoverDelay + TimeSpan.FromMinutes(1);
        var result = (RedisResult[])(await _redis.Value.GetDatabase().ScriptEvaluateAsync(Script, _keys,
        [
            AgentId, (long)_options.ExpireAfter.TotalMilliseconds, _instance, leave ? "leave" : "beat", (long)forget.TotalMilliseconds,
        ]))!;
        var now = DateTimeOffset.FromUnixTimeMilliseconds((long)result[0]);
        var members = new List<MemberRecord>((result.Length - 2) / 3);
        for (var i = 2; i + 2 < result.Length; i += 3)
        {
            members.Add(new MemberRecord((string)result[i]!, Millis(result[i + 2]), Millis(result[i + 1])));
        }

        return (new MembershipSnapshot(now, members), (long)result[1] == 1);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated)
        {
            await _redis.Value.DisposeAsync();
        }
    }

    // Scores come back as strings ("1765100000000" or, for large ones, "1.765e+12"): parsed as doubles.
    private static DateTimeOffset Millis(RedisResult value) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse((string)value!, CultureInfo.InvariantCulture));
}
