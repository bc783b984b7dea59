using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Boundary.Analyzers.Generation;
using BoundaryAnalyzers.Tests.Infrastructure;
using BoundaryAnalyzers.Tests.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace BoundaryAnalyzers.Tests.Fuzz;

/// <summary>
/// Runs one input through everything the package ships and says what went wrong: the generator (an exception shows as
/// CS8785 or a run-result exception), every analyzer (an exception shows as AD0001; caught here with its stack), and
/// every code fix for the diagnostics they report (first action and Fix All: no exception, a document that parsed
/// still parses, and a project that compiled still compiles). When the input "had no error" — the package reports no BND error, and compiled without the generator
/// it has no error that the generated code does not resolve (CS8795, the bodies; CS1061/CS1674, the Dispose of the
/// SafeHandle a handle type becomes) — the compilation with the generated code must have no error at all, in a generated
/// file or in the user's (a boundary function left without a body and without a BND error is CS8795 there). A compiler
/// error in the user's own declaration (non-partial or non-static class, a body written by hand, ...) is still there with
/// the generated code in, at the same place, and so makes the input one with an error.
/// </summary>
internal static class FuzzOracle
{
    /// <summary>Usings every fuzz input gets, so a swapped-in <c>Task&lt;int&gt;</c> or <c>ReadOnlySpan&lt;byte&gt;</c> binds.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Runtime.InteropServices;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Boundary;
        """;

    /// <summary>A C header and a Rust source the contract check reads for some inputs (as <c>AdditionalFiles</c>).</summary>
    private const string Header = """
        #include <stdint.h>
        typedef struct Counter Counter;
        int32_t shapes_add_i32(int32_t a, int32_t b);
        Counter* shapes_counter_new(int64_t start);
        void shapes_counter_free(Counter* c);
        int64_t lib_use(void* h);
        const char* lib_greet(const char* name);
        """;

    private const string RustSource = """
        #[no_mangle]
        pub extern "C" fn shapes_add_i32(a: i32, b: i32) -> i32 { a + b }
        #[no_mangle]
        pub unsafe extern "C" fn lib_use(h: *mut Handle) -> i64 { 0 }
        """;

    private const string ShippedAbi = """
        # fuzz
        int32_t shapes_add_i32(int32_t, int32_t);
        int64_t lib_use(void*);
        void* lib_new();
        """;

    /// <summary>One empty compilation every input is added to: they share its resolved references.</summary>
    private static readonly CSharpCompilation Empty = TestCompilation.Create();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(BoundaryGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixers { get; } = typeof(Boundary.CodeFixes.Ownership.UsingDeclarationFixer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// With FUZZ_DUMP=file, appends every checked input's BND diagnostics to the file, a line each ("(none)" when there are
    /// none) after a hash of the input: two runs of one seed, on two commits, sorted and compared, show what a change to
    /// the analyzers changes in what they report (empty when a refactoring kept it all).
    /// </summary>
    private static void Dump(string source, List<Diagnostic> reported)
    {
        if (Environment.GetEnvironmentVariable("FUZZ_DUMP") is not { Length: > 0 } path)
        {
            return;
        }

        string input = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..16];
        IEnumerable<string> lines = reported.Count == 0
            ? [$"{input}\t(none)"]
            : reported.Select(d => $"{input}\t{d}");
        lock (DumpLock)
        {
            File.AppendAllLines(path, lines);
        }
    }

    private static readonly object DumpLock = new();

    /// <summary>Checks one input. <paramref name="contracts"/> adds the contract and shipped-ABI files; <paramref name="maxFixes"/> bounds the fixes tried.</summary>
    public static async Task<Outcome> CheckAsync(string source, string[] context, bool contracts, int maxFixes)
    {
        var outcome = new Outcome();
        AnalyzerOptions options = contracts ? ContractOptions(source) : new AnalyzerOptions([]);

        // One workspace project holds the files, so the code fixes see the very trees the analyzers reported on.
        (Document document, SyntaxTree[] trees) = await OpenAsync([source, .. context, GlobalUsings], options);
        CSharpCompilation input = Empty.AddSyntaxTrees(trees);

        var clock = Stopwatch.StartNew();
        // The generator: an exception is CS8785 (warning) from the driver, or the run result's exception.
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new BoundaryGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        foreach (Exception exception in driver.GetRunResult().Results.Select(r => r.Exception).OfType<Exception>())
        {
            outcome.Failures.Add($"generator exception: {exception}");
        }

        foreach (Diagnostic diagnostic in generatorDiagnostics.Where(d => d.Id is "CS8785" or "CS8784"))
        {
            outcome.Failures.Add($"generator failure: {diagnostic}");
        }

        outcome.Times[0] = clock.Elapsed;
        clock.Restart();
        // Every analyzer, over the compilation as a build sees it (generated code in).
        var exceptions = new List<string>();
        var withAnalyzers = output.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            options,
            onAnalyzerException: (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add($"analyzer exception in {analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false));
        // One binding for both: the compiler's diagnostics with the generated code in, and the analyzers'.
        ImmutableArray<Diagnostic> all = await withAnalyzers.GetAllDiagnosticsAsync();
        outcome.Times[1] = clock.Elapsed;
        var analyzerDiagnostics = all.Where(d => !d.Id.StartsWith("CS", StringComparison.Ordinal)).ToList();
        var compilerErrors = all.Where(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
        outcome.Failures.AddRange(exceptions);
        outcome.Failures.AddRange(analyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => $"analyzer failure: {d}"));
        var package = analyzerDiagnostics.Concat(generatorDiagnostics).Where(d => d.Id.StartsWith("BND", StringComparison.Ordinal)).ToList();
        outcome.Reported = package.Select(d => d.Id).ToList();
        Dump(source, package);

        // "Had no error": the package reports no BND error, and compiled without the generator the input has no error that
        // the generated code does not resolve (CS8795, the body the generator writes; CS1061/CS1674, the Dispose of
        // the SafeHandle it completes a handle type as; ...). An error still there with the generated code in, at the
        // same place, is the user's. Every other error of the full compilation is then the generator's fault: in a
        // generated file, or in the user's code because of it (a partial method left without a body, a clash).
        Diagnostic? bndError = package.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        Diagnostic? userError = null;
        if (bndError is null && compilerErrors.Count > 0)
        {
            clock.Restart();
            var after = compilerErrors.Select(d => (d.Id, d.Location)).ToHashSet();
            // A member the user cannot access (CS0122, CS1540): the input alone reports it missing there instead (CS1061
            // on a handle type, whose SafeHandle base the generator writes): 'h.ReleaseHandle()' is the user's mistake.
            var inaccessible = compilerErrors.Where(d => d.Id is "CS0122" or "CS1540").Select(d => d.Location).ToHashSet();
            // CS8795 is never the user's: a partial method still without a body is a boundary function the generator skipped.
            userError = input.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795"
                && (after.Contains((d.Id, d.Location)) || inaccessible.Contains(d.Location)));
            outcome.Times[2] = clock.Elapsed;
        }

        // The ownership analyzer skips the flow analysis where PlainBodies proves a body has nothing to report: never
        // where the flow analysis reports something.
        (outcome.ProvenBodies, _, List<string> wrongProofs) = PlainBodyAgreement.Check(output, trees[0]);
        outcome.Failures.AddRange(wrongProofs);

        outcome.InputHadError = bndError is not null || userError is not null;
        outcome.InputError = (bndError ?? userError)?.ToString();
        if (!outcome.InputHadError)
        {
            var generated = output.SyntaxTrees.Except(trees).ToHashSet();
            foreach (Diagnostic error in compilerErrors)
            {
                bool inGenerated = error.Location.SourceTree is { } tree && generated.Contains(tree);
                string where = inGenerated ? $"generated {Path.GetFileName(error.Location.SourceTree!.FilePath)}: {GeneratedLine(error)}" : "input";
                outcome.Failures.Add($"generated code does not compile ({where}): {error}");
            }
        }

        // Every fix a package fixer offers for what was reported in the mutated file.
        SyntaxTree mutated = trees[0];
        var fixable = analyzerDiagnostics
            .Where(d => d.Location.SourceTree == mutated && Fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id)))
            .Take(maxFixes)
            .ToList();
        if (fixable.Count > 0)
        {
            clock.Restart();
            bool compiled = !outcome.InputHadError && compilerErrors.Count == 0;
            await CheckFixesAsync(document, analyzerDiagnostics.Where(d => d.Location.SourceTree == mutated).ToList(), fixable, compiled, outcome);
            outcome.Times[3] = clock.Elapsed;
        }

        return outcome;
    }

    private static async Task<(Document Document, SyntaxTree[] Trees)> OpenAsync(string[] sources, AnalyzerOptions options)
    {
        var workspace = new AdhocWorkspace();
        CSharpCompilation template = Empty;
        ProjectInfo info = ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "Fuzz", "Fuzz", LanguageNames.CSharp,
            compilationOptions: template.Options, parseOptions: TestCompilation.ParseOptions,
            metadataReferences: template.References, analyzerReferences: [GeneratorReference.Instance]);
        Project project = workspace.AddProject(info);
        var ids = new List<DocumentId>();
        for (int i = 0; i < sources.Length; i++)
        {
            Document added = project.AddDocument($"Source{i}.cs", SourceText.From(sources[i]), filePath: $"/fuzz/Source{i}.cs");
            ids.Add(added.Id);
            project = added.Project;
        }

        foreach (AdditionalText text in options.AdditionalFiles)
        {
            project = project.AddAdditionalDocument(Path.GetFileName(text.Path), text.GetText()!, filePath: text.Path).Project;
        }

        var trees = new SyntaxTree[ids.Count];
        for (int i = 0; i < ids.Count; i++)
        {
            trees[i] = (await project.GetDocument(ids[i])!.GetSyntaxTreeAsync())!;
        }

        return (project.GetDocument(ids[0])!, trees);
    }

    /// <summary>
    /// Applies each fix (first action, then Fix All); when the input <paramref name="compiled"/> (no error, generated code
    /// in), the fixed project must compile too: a fix must not trade a warning for an error.
    /// </summary>
    private static async Task CheckFixesAsync(Document document, List<Diagnostic> all, List<Diagnostic> fixable, bool compiled, Outcome outcome)
    {
        foreach (Diagnostic diagnostic in fixable)
        {
            foreach (CodeFixProvider fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                string what = $"{fixer.GetType().Name} on {diagnostic.Id} at {diagnostic.Location.SourceSpan}";
                try
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    if (actions.Count == 0)
                    {
                        continue;
                    }

                    outcome.Fixes++;
                    await ApplyAsync(actions[0], document, what, compiled, outcome);

                    FixAllProvider? fixAll = fixer.GetFixAllProvider();
                    if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
                    {
                        var context = new FixAllContext(
                            document, fixer, FixAllScope.Document, actions[0].EquivalenceKey,
                            fixer.FixableDiagnosticIds, new Provider(all), CancellationToken.None);
                        if (await fixAll.GetFixAsync(context) is { } fixAllAction)
                        {
                            outcome.Fixes++;
                            await ApplyAsync(fixAllAction, document, "Fix All of " + what, compiled, outcome);
                        }
                    }
                }
                catch (Exception exception)
                {
                    outcome.Failures.Add($"code fix exception in {what}: {exception}");
                }
            }
        }
    }

    private static async Task ApplyAsync(CodeAction action, Document document, string what, bool compiled, Outcome outcome)
    {
        foreach (CodeActionOperation operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is not ApplyChangesOperation apply)
            {
                continue;
            }

            Document? changed = apply.ChangedSolution.GetDocument(document.Id);
            if (changed is null)
            {
                continue;
            }

            SyntaxTree before = (await document.GetSyntaxTreeAsync())!;
            SyntaxTree after = (await changed.GetSyntaxTreeAsync())!;
            bool parsedBefore = !before.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            Diagnostic? parseError = after.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (parsedBefore && parseError is not null)
            {
                outcome.Failures.Add($"{what} ('{action.Title}') leaves a document that does not parse: {parseError}\n--- fixed document ---\n{await changed.GetTextAsync()}");
                continue;
            }

            // The workspace project runs the generator as a build does.
            if (!compiled || await changed.Project.GetCompilationAsync() is not { } fixedCompilation)
            {
                continue;
            }

            outcome.CompiledFixes++;
            if (fixedCompilation.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                outcome.Failures.Add($"{what} ('{action.Title}') turns code that compiled into code that does not: {error}\n--- fixed document ---\n{await changed.GetTextAsync()}");
            }
        }
    }

    /// <summary>The generated line an error is on, so a failure shows what was written.</summary>
    private static string GeneratedLine(Diagnostic error)
    {
        SourceText text = error.Location.SourceTree!.GetText();
        return text.Lines[text.Lines.GetLineFromPosition(error.Location.SourceSpan.Start).LineNumber].ToString().Trim();
    }

    /// <summary>Contract files for the first library the input names, and a shipped-ABI file.</summary>
    private static AnalyzerOptions ContractOptions(string source)
    {
        var match = System.Text.RegularExpressions.Regex.Match(source, "ForeignBoundary\\(\"([A-Za-z0-9_.]+)\"");
        string library = match.Success ? match.Groups[1].Value : "lib";
        var texts = ImmutableArray.Create<AdditionalText>(
            new MemoryText("/fuzz/lib.h", Header),
            new MemoryText("/fuzz/lib.rs", RustSource),
            new MemoryText("/fuzz/BoundaryAbi.Shipped.txt", ShippedAbi));
        string config = $"""
            is_global = true

            [/fuzz/lib.h]
            build_metadata.AdditionalFiles.BoundaryContract = c-header
            build_metadata.AdditionalFiles.BoundaryLibrary = {library}

            [/fuzz/lib.rs]
            build_metadata.AdditionalFiles.BoundaryContract = rust-source
            build_metadata.AdditionalFiles.BoundaryLibrary = shapes
            """;
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(config, "/.globalconfig")));
        return new AnalyzerOptions(texts, new ConfigProvider(set));
    }

    private sealed class Provider(List<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }

    private sealed class MemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class ConfigProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => new Options(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>What one input did: failures (empty when all is well), whether the input had an error, fixes tried.</summary>
internal sealed class Outcome
{
    public List<string> Failures { get; } = [];

    public bool InputHadError { get; set; }

    /// <summary>The first error that made the input count as one with an error.</summary>
    public string? InputError { get; set; }

    public int Fixes { get; set; }

    /// <summary>Fixed projects compiled (fixes applied to inputs that compiled).</summary>
    public int CompiledFixes { get; set; }

    public List<string> Reported { get; set; } = [];

    /// <summary>Bodies of the input the ownership analyzer's plain-body proof vouched for (each checked against the flow analysis).</summary>
    public int ProvenBodies { get; set; }

    /// <summary>Time spent in the generator, the compiler and analyzers, compiling the input alone, and the code fixes.</summary>
    public TimeSpan[] Times { get; } = new TimeSpan[4];

    public static string Summary(IEnumerable<Outcome> outcomes)
    {
        var totals = new double[4];
        foreach (Outcome outcome in outcomes)
        {
            for (int i = 0; i < 4; i++)
            {
                totals[i] += outcome.Times[i].TotalSeconds;
            }
        }

        return $"generator {totals[0]:F1} s, compiler and analyzers {totals[1]:F1} s, input alone {totals[2]:F1} s, fixes {totals[3]:F1} s";
    }
}
