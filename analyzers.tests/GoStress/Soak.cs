using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Runs every shape many times, each run in a fresh process, and prints the crash counts per shape and way of calling
/// Go as a Markdown table (the README's soak figures come from here: <c>./build.sh soak</c>).
/// </summary>
internal static class Soak
{
    public static int Run(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        string[] vias = args.Length > 2 ? args[2].Split(',') : ["generated", "raw"];
        string[] shapes = args.Length > 3 ? args[3..] : StressProcess.Shapes;
        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        int generatedCrashes = 0;
        foreach (string shape in shapes)
        {
            var cells = new List<string>();
            foreach (string via in vias)
            {
                int crashes = 0;
                var exits = new SortedDictionary<string, int>(StringComparer.Ordinal);
                long switched = 0;
                for (int i = 0; i < runs; i++)
                {
                    (int exit, string output) = StressProcess.Run(typeof(Soak).Assembly.Location, shape, via, seconds);
                    if (exit != 0)
                    {
                        crashes++;
                        string kind = StressProcess.Describe(exit);
                        exits[kind] = exits.GetValueOrDefault(kind) + 1;
                        Console.Error.WriteLine($"  {shape}/{via} run {i + 1}: {kind}: {Last(output)}");
                    }
                    else
                    {
                        switched += Field(output, "switched=");
                    }
                }

                if (via != "raw" && via != "noshim")
                {
                    generatedCrashes += crashes;
                }

                string detail = exits.Count == 0 ? "" : " (" + string.Join(", ", exits.Select(e => $"{e.Value}× {e.Key}")) + ")";
                cells.Add($"{crashes} of {runs}{detail}");
                Console.Error.WriteLine($"{shape}/{via}: {crashes} of {runs} crashed{detail}; signals handled on the interrupted stack: {switched}");
            }

            rows.Add($"| {shape} | {string.Join(" | ", cells)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Soak: {runs} runs × {seconds.ToString(CultureInfo.InvariantCulture)} s per shape and way, a fresh process each, {clock.Elapsed.TotalMinutes:F1} min");
        Console.WriteLine();
        Console.WriteLine($"| shape | {string.Join(" | ", vias.Select(v => v + " crashed"))} |");
        Console.WriteLine($"|---|{string.Concat(vias.Select(_ => "---:|"))}");
        rows.ForEach(Console.WriteLine);
        return generatedCrashes == 0 ? 0 : 1;
    }

    private static string Last(string output)
    {
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }

    private static long Field(string output, string name)
    {
        int at = output.LastIndexOf(name, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        string digits = new(output[(at + name.Length)..].TakeWhile(char.IsDigit).ToArray());
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }
}
