using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ResolutionWorkflow.Tests.Common.SqlServer;

/// <summary>T-SQL checked as SQL Server 2022 parses it (ScriptDom), for the statements we cannot run on a server here.</summary>
public static class TSql
{
    /// <summary>Every parse error, each with its line; empty when the text is valid T-SQL.</summary>
    public static IReadOnlyList<string> Errors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return [.. errors.Select(e => $"line {e.Line}: {e.Message}")];
    }

    public static void AssertParses(string sql)
    {
        var errors = Errors(sql);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors) + Environment.NewLine + sql[..Math.Min(sql.Length, 2000)]);
    }
}
