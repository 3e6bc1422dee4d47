using Supervision.Core.InventoryFiles;

namespace Supervision.Tools;

/// <summary>The operator tool's verbs (README "Tools").</summary>
public static class ToolsCommand
{
    private const string Usage = """
        usage:
          Supervision.Tools generate-inventory [--data DIR] [--base-url URL] [--out FILE]
              writes the national inventory from the official tables (default data: ../shared/data,
              base URL: http://127.0.0.1:9100/t/{unit}/{system}, output: stdout)
          Supervision.Tools check-inventory FILE...
              validates inventory files; prints file:line: field: message for every mistake; exit 0/1
          Supervision.Tools build-map [--source GEOJSON] [--provinces CSV] [--out FILE]
              builds the wallboard's map of the 34 provinces from the 63 former ones (default source:
              src/Tools/data/geoBoundaries-VNM-ADM1.geojson, provinces: ../shared/data/vn-provinces-2025.csv,
              output: src/Dashboard/Map/vn-provinces-2025.map.json); prints every unmatched province; exit 0/1
        """;

    /// <summary>What the committed map was built from (src/Dashboard/Map/SOURCE.md).</summary>
    public const string MapSource = "geoBoundaries gbOpen VNM ADM1 (boundaryID VNM-ADM1-63759600, public domain, from Wikimedia Commons), "
        + "file geoBoundaries-VNM-ADM1.geojson copied from github.com/nhdthnh/GeoJson@704c7b8bf1638105db5e937cbffe38018ba9810c "
        + "to src/Tools/data; dissolved into the 34 provinces of 2025 by Supervision.Tools build-map";

    /// <summary>Runs a verb; returns the process exit code (0 ok, 1 invalid input, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return args switch
        {
            ["generate-inventory", .. var rest] => await GenerateAsync(rest, stdout, stderr),
            ["check-inventory", .. var files] when files.Length > 0 => await CheckAsync(files, stdout, stderr),
            ["build-map", .. var rest] => await BuildMapAsync(rest, stdout, stderr),
            _ => await WriteUsageAsync(stderr),
        };
    }

    private static async Task<int> WriteUsageAsync(TextWriter stderr)
    {
        await stderr.WriteLineAsync(Usage);
        return 2;
    }

    private static async Task<int> GenerateAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var data = Path.Combine("..", "shared", "data");
        var baseUrl = InventoryLimits.DefaultBaseUrl;
        string? output = null;
        var known = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
        {
            ["--data"] = v => data = v,
            ["--base-url"] = v => baseUrl = v,
            ["--out"] = v => output = v,
        };
        if (!await ParseOptionsAsync("generate-inventory", args, known, stderr))
        {
            return 2;
        }

        try
        {
            if (output is null)
            {
                InventoryGenerator.Generate(data, baseUrl, stdout);
            }
            else
            {
                await using var writer = new StreamWriter(output, append: false, new System.Text.UTF8Encoding(false));
                InventoryGenerator.Generate(data, baseUrl, writer);
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"generate-inventory: {ex.Message}");
            return 1;
        }

        return 0;
    }

    private static async Task<int> BuildMapAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var source = Path.Combine("src", "Tools", "data", "geoBoundaries-VNM-ADM1.geojson");
        var provinces = Path.Combine("..", "shared", "data", "vn-provinces-2025.csv");
        var output = Path.Combine("src", "Dashboard", "Map", "vn-provinces-2025.map.json");
        var known = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
        {
            ["--source"] = v => source = v,
            ["--provinces"] = v => provinces = v,
            ["--out"] = v => output = v,
        };
        if (!await ParseOptionsAsync("build-map", args, known, stderr))
        {
            return 2;
        }

        try
        {
            var (asset, errors) = Map.MapBuilder.Build(source, provinces, MapSource);
            foreach (var error in errors)
            {
                await stderr.WriteLineAsync(error);
            }

            if (asset is null)
            {
                await stderr.WriteLineAsync($"build-map: {errors.Count} problem(s); nothing written");
                return 1;
            }

            await using (var file = File.Create(output))
            {
                Map.MapBuilder.Write(asset, file);
            }

            await stdout.WriteLineAsync($"{output}: {asset.Provinces.Count} provinces, {asset.Archipelagos.Count} archipelagos, {new FileInfo(output).Length} bytes");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"build-map: {ex.Message}");
            return 1;
        }
    }

    // "--name value" pairs; false (after saying which) for an unknown option or one without its value.
    private static async Task<bool> ParseOptionsAsync(string verb, string[] args, Dictionary<string, Action<string>> known, TextWriter stderr)
    {
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !known.TryGetValue(args[i], out var set))
            {
                await stderr.WriteLineAsync($"{verb}: unknown or incomplete option '{args[i]}'");
                return false;
            }

            set(args[i + 1]);
        }

        return true;
    }

    private static async Task<int> CheckAsync(string[] files, TextWriter stdout, TextWriter stderr)
    {
        var exit = 0;
        foreach (var file in files)
        {
            var result = InventoryLoader.LoadFile(file);
            if (result.Inventory is { } inventory)
            {
                await stdout.WriteLineAsync($"{file}: ok, {inventory.Units.Count} units, {inventory.Targets.Count} targets");
                continue;
            }

            exit = 1;
            foreach (var error in result.Errors)
            {
                await stderr.WriteLineAsync(error.ToString());
            }
        }

        return exit;
    }
}
