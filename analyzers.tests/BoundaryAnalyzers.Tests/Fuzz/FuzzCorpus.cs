using BoundaryAnalyzers.Tests.Generator;
using BoundaryAnalyzers.Tests.Ownership;

namespace BoundaryAnalyzers.Tests.Fuzz;

/// <summary>
/// The seeds the fuzzer mutates: realistic inputs the other tests already hold. <see cref="Seed.Source"/> is mutated;
/// <see cref="Seed.Context"/> files (declarations a seed uses from other files) are compiled beside it unchanged.
/// </summary>
internal static class FuzzCorpus
{
    public static IReadOnlyList<Seed> Seeds { get; } = Load();

    private static List<Seed> Load()
    {
        var seeds = new List<Seed>();

        // The generator snapshot inputs: every shape the generator writes.
        foreach (string input in new[] { "AllShapes", "GoBoundary", "ErrorsAndMemory", "ErrorShapes", "OutParameters", "BufferShapes", "Callbacks" })
        {
            seeds.Add(new Seed("snapshot " + input, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snapshots", input + ".cs")), []));
        }

        // The ownership corpora: realistic call sites over one set of declarations (markers removed).
        foreach ((string name, string code) in OwnershipCorpus.Valid)
        {
            seeds.Add(new Seed("ownership valid: " + name, OwnershipCorpus.Declarations + code, []));
        }

        foreach ((string name, string code) in OwnershipCorpus.Mistakes)
        {
            seeds.Add(new Seed("ownership mistake: " + name, OwnershipCorpusTests.Parse(OwnershipCorpus.Declarations + code).Source, []));
        }

        // The bodies the ownership analyzer proves plain (no flow graph): their mutants test that the proof never
        // vouches for a body where the flow analysis reports a mistake.
        foreach (object[] plain in PlainBodyProofTests.Plain)
        {
            seeds.Add(new Seed("plain body: " + plain[0], OwnershipCorpus.Declarations + "static class P\n{\n" + plain[1] + "\n}\n", []));
        }

        // The end-to-end declarations (analyzers.tests/EndToEnd.Shared/*Declarations.cs, copied beside the tests), each
        // with the Rust target's constants and the shared types of Declarations.cs and MemoryDeclarations.cs.
        string endToEnd = Path.Combine(AppContext.BaseDirectory, "Fuzz", "EndToEnd");
        if (Directory.Exists(endToEnd))
        {
            string target = File.ReadAllText(Path.Combine(endToEnd, "Target.cs"));
            string[] shared = ["Declarations.cs", "MemoryDeclarations.cs"];
            foreach (string file in Directory.GetFiles(endToEnd, "*Declarations.cs").OrderBy(f => f, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                string[] context = [target, .. shared.Where(s => s != name).Select(s => File.ReadAllText(Path.Combine(endToEnd, s)))];
                seeds.Add(new Seed("end-to-end " + name, File.ReadAllText(file), context));
            }
        }

        // The hand-written bad declarations of the robustness tests: inputs with errors, for the never-throw half.
        foreach (string input in RobustnessTests.BrokenInputs)
        {
            seeds.Add(new Seed("robustness #" + seeds.Count, input, []));
        }

        return seeds;
    }
}

/// <summary>A fuzz seed: a named source to mutate and unmutated context files.</summary>
internal sealed record Seed(string Name, string Source, string[] Context);
