namespace Supervision.Alerting.Cli;

/// <summary><c>check-rules FILE…</c>: validates rule files like <c>promtool check rules</c>; exit 0 when all are valid.</summary>
internal static class CheckRulesCommand
{
    public static int Run(IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr)
    {
        if (files.Count == 0)
        {
            stderr.WriteLine("usage: Supervision.Alerting check-rules FILE...");
            return 1;
        }

        var (rules, errors) = RuleFileLoader.LoadFiles(files);
        foreach (var e in errors)
        {
            stderr.WriteLine(e.ToString());
        }

        if (rules is null)
        {
            return 1;
        }

        stdout.WriteLine($"SUCCESS: {rules.AllRules.Count()} rules in {rules.Groups.Count} groups found in {files.Count} files");
        return 0;
    }
}
