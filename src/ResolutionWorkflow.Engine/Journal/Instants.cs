namespace ResolutionWorkflow.Engine.Journal;

/// <summary>
/// The one precision of every instant that enters a hash: whole microseconds, UTC. PostgreSQL's
/// <c>timestamptz</c> keeps microseconds while .NET ticks are 100 ns, so an instant hashed at full
/// precision would read back different from PostgreSQL and its entry would no longer verify.
/// SQLite and SQL Server keep more, so a cut value reads back the same on all three.
/// </summary>
public static class Instants
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Canonical(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TicksPerMicrosecond, TimeSpan.Zero);
    }

    public static bool IsCanonical(DateTimeOffset at) => at.UtcTicks % TicksPerMicrosecond == 0;
}
