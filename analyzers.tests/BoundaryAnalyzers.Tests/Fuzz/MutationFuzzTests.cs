using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.Tests.Fuzz;

/// <summary>
/// Issue 13, item 9: never throw, never emit code that does not compile. Mutants of the test corpora (see
/// <see cref="FuzzCorpus"/> and <see cref="Mutator"/>) go through the generator, every analyzer and every code fix
/// (<see cref="FuzzOracle"/>). The unit suite runs a short fixed-seed run; <c>./build.sh fuzz</c> runs a long one
/// (FUZZ_ITERATIONS, FUZZ_SEED, FUZZ_PARALLEL; FUZZ_ONLY=n re-runs mutant n of that seed alone; FUZZ_DUMP=file writes
/// what the package reports for each input, to compare two commits). A failure prints the seed, the mutant's number, its
/// edits and its source.
/// </summary>
public class MutationFuzzTests(ITestOutputHelper output)
{
    /// <summary>The short run's size: about 17 s on the 2-core machine (with the seed pass, this class adds about 40 s).</summary>
    private const int DefaultIterations = 120;

    private const int DefaultSeed = 13;

    [Fact]
    public async Task The_unmutated_seeds_go_through_without_failures()
    {
        var failures = new List<string>();
        int clean = 0;
        var outcomes = new List<Outcome>();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (Seed seed in FuzzCorpus.Seeds)
        {
            Outcome outcome = await FuzzOracle.CheckAsync(seed.Source, seed.Context, contracts: false, maxFixes: 2);
            outcomes.Add(outcome);
            clean += outcome.InputHadError ? 0 : 1;
            if (outcome.InputHadError && !seed.Name.StartsWith("robustness", StringComparison.Ordinal))
            {
                output.WriteLine($"{seed.Name} has an error: {outcome.InputError}");
            }

            failures.AddRange(outcome.Failures.Select(f => $"{seed.Name}: {f}"));
        }

        output.WriteLine($"seeds: {FuzzCorpus.Seeds.Count}, without error: {clean}, failures: {failures.Count}, {clock.Elapsed.TotalSeconds:F1} s, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU ({Outcome.Summary(outcomes)})");
        failures.ForEach(output.WriteLine);
        failures.Should().BeEmpty();

        // The corpora themselves are valid code (the robustness inputs are not meant to be).
        clean.Should().BeGreaterThanOrEqualTo(FuzzCorpus.Seeds.Count(s => !s.Name.StartsWith("robustness", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Mutants_of_the_corpora_never_crash_and_always_compile_when_the_input_had_no_error()
    {
        int iterations = Setting("FUZZ_ITERATIONS", DefaultIterations);
        int seed = Setting("FUZZ_SEED", DefaultSeed);
        int only = Setting("FUZZ_ONLY", -1);
        int maxFixes = Setting("FUZZ_MAX_FIXES", 3);

        int parallel = Math.Max(1, Setting("FUZZ_PARALLEL", 1));

        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int[] indexes = only >= 0 ? [only] : [.. Enumerable.Range(0, iterations)];
        var results = new (Seed Origin, string Source, string Edits, Outcome Outcome)[indexes.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, indexes.Length),
            new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (n, _) =>
            {
                (Seed origin, string source, string edits, bool contracts) = Mutant(seed, indexes[n]);
                Outcome outcome;
                try
                {
                    outcome = await FuzzOracle.CheckAsync(source, origin.Context, contracts, maxFixes);
                }
                catch (Exception exception)
                {
                    outcome = new Outcome();
                    outcome.Failures.Add($"harness exception: {exception}");
                }

                results[n] = (origin, source, edits, outcome);
            });

        var failed = new List<(int Index, string Seed, string Edits, string Source, List<string> Failures)>();
        var reasons = new Dictionary<string, int>();
        for (int n = 0; n < results.Length; n++)
        {
            Outcome outcome = results[n].Outcome;
            if (outcome.InputError is { } error)
            {
                string id = Regex.Match(error, @"(?:error|warning) (\w+)").Groups[1].Value;
                reasons[id] = reasons.GetValueOrDefault(id) + 1;
            }

            if (outcome.Failures.Count > 0)
            {
                failed.Add((indexes[n], results[n].Origin.Name, results[n].Edits, results[n].Source, outcome.Failures));
            }
        }

        var outcomes = results.Select(r => r.Outcome).ToList();
        int mutants = outcomes.Count, withoutError = outcomes.Count(o => !o.InputHadError), fixes = outcomes.Sum(o => o.Fixes), reported = outcomes.Sum(o => o.Reported.Count);
        output.WriteLine(
            $"fuzz: seed {seed}, {mutants} mutants of {FuzzCorpus.Seeds.Count} seeds, {withoutError} without error (compiled with the generated code), " +
            $"{mutants - withoutError} with errors, {reported} BND diagnostics, {fixes} code fixes applied ({outcomes.Sum(o => o.CompiledFixes)} to code that compiled, compiled again), " +
            $"{outcomes.Sum(o => o.ProvenBodies)} bodies proven plain by the ownership analyzer and checked against its flow analysis, {failed.Count} failing ({failed.Sum(f => f.Failures.Count(x => x.Contains("exception", StringComparison.Ordinal)))} exceptions), {clock.Elapsed.TotalSeconds:F1} s, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU ({Outcome.Summary(outcomes)})");
        output.WriteLine("inputs with errors, by first error: " + string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));

        if (failed.Count == 0)
        {
            return;
        }

        // One example per distinct failure (positions and names stripped), the full list after it.
        var report = new StringBuilder();
        foreach (var group in failed.SelectMany(f => f.Failures.Select(x => (Failure: x, Mutant: f))).GroupBy(x => Signature(x.Failure)))
        {
            var example = group.First();
            report.AppendLine($"=== {group.Count()} x {group.Key}");
            report.AppendLine($"reproduce: FUZZ_SEED={seed} FUZZ_ONLY={example.Mutant.Index} (seed '{example.Mutant.Seed}', edits: {example.Mutant.Edits})");
            report.AppendLine(example.Failure);
            report.AppendLine("--- mutant source ---");
            report.AppendLine(example.Mutant.Source);
            report.AppendLine("---------------------");
        }

        report.AppendLine("failing mutants: " + string.Join(", ", failed.Select(f => f.Index)));
        output.WriteLine(report.ToString());
        string file = Path.Combine(Path.GetTempPath(), $"boundary-fuzz-{seed}.txt");
        File.WriteAllText(file, report.ToString());
        failed.Should().BeEmpty($"the fuzzer found failures (seed {seed}; report in {file}):\n{report}");
    }

    [Fact]
    public void A_seed_and_an_index_always_give_the_same_mutant()
    {
        int changed = 0;
        for (int i = 0; i < 50; i++)
        {
            var first = Mutant(DefaultSeed, i);
            var again = Mutant(DefaultSeed, i);
            again.Source.Should().Be(first.Source);
            again.Edits.Should().Be(first.Edits);
            changed += first.Source == first.Origin.Source ? 0 : 1;
        }

        changed.Should().BeGreaterThan(45, "almost every edit changes the text (swapping two equal tokens does not)");
    }

    /// <summary>Mutant <paramref name="index"/> of run <paramref name="seed"/>: the same pair always gives the same mutant.</summary>
    internal static (Seed Origin, string Source, string Edits, bool Contracts) Mutant(int seed, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + (index * 7919) + 17)); // not HashCode: it differs per process
        Seed origin = FuzzCorpus.Seeds[random.Next(FuzzCorpus.Seeds.Count)];
        bool contracts = random.Next(4) == 0;
        (string source, string edits) = Mutator.Mutate(origin.Source, random);
        return (origin, source, edits, contracts);
    }

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    /// <summary>A failure without its positions, paths and stack, so equal findings group together.</summary>
    private static string Signature(string failure)
    {
        string first = failure.Split('\n')[0];
        first = Regex.Replace(first, @"\(\d+,\d+\)-\(\d+,\d+\)|\[\d+\.\.\d+\)|/fuzz/\S+|Source\d+\.cs|\d+", "#");
        return first.Length > 200 ? first[..200] : first;
    }
}
