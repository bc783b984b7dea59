using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AnalyzerCpuTime;
using Boundary;
using Boundary.Analyzers.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

// Usage: AnalyzerCpuTime <project directory written by generate.py> [iterations] [--flow]
// Each iteration compiles the project afresh (as a build does), runs the generator, then every analyzer of the package
// concurrently, and reports the thread CPU time spent in each analyzer's callbacks. The first iteration includes the
// JIT (as the first build on a fresh build server does); the others are what a warm build server spends.
// With --flow it times only the ownership flow analysis instead (FlowTime.cs).
bool flow = args.Contains("--flow");
args = [.. args.Where(a => a != "--flow")];
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: AnalyzerCpuTime <project directory> [iterations] [--flow]");
    return 2;
}

string directory = args[0];
int iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

// The project's implicit usings (a library's), then its sources.
const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; "
    + "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
var trees = Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f))
    .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, "GlobalUsings.g.cs"))
    .ToList();
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
    .Append(typeof(ForeignBoundaryAttribute).Assembly.Location)
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .ToList();
var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

// Contracts as <ForeignContract Include="x.h" Library="x" /> passes them; the shipped ABI as an AdditionalFiles item.
var additional = Directory.GetFiles(directory, "*.h").Append(Path.Combine(directory, "BoundaryAbi.Shipped.txt")).Where(File.Exists)
    .Select(p => (AdditionalText)new FileText(p)).ToImmutableArray();
var analyzerOptions = new AnalyzerOptions(additional, new ContractOptions());

var analyzers = typeof(BoundaryGenerator).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Where(t => Environment.GetEnvironmentVariable("ONLY") is not { Length: > 0 } only || only.Split(',').Contains(t.Name))
    .Select(t => new TimedAnalyzer((DiagnosticAnalyzer)Activator.CreateInstance(t)!))
    .ToList();
var seconds = new Dictionary<string, List<double>>(StringComparer.Ordinal);
var megabytes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
var callCounts = new Dictionary<string, long>(StringComparer.Ordinal);
void Record(string name, CpuClock clock)
{
    Add(seconds, name, clock.Seconds);
    Add(megabytes, name, clock.Bytes / 1e6);
}

static void Add(Dictionary<string, List<double>> table, string name, double value)
{
    if (!table.TryGetValue(name, out List<double>? values))
    {
        table[name] = values = [];
    }

    values.Add(value);
}

CpuClock.Calibrate();
using AllocationTypes? allocationTypes = Environment.GetEnvironmentVariable("ALLOCATIONS") == "1" ? new AllocationTypes() : null;
AllocationTypes.Current = allocationTypes;
const string Generator = "BoundaryGenerator (generator)";
const string Total = "all package analyzers";
for (int i = 0; i < iterations; i++)
{
    var compilation = CSharpCompilation.Create("Cost", trees, references, compilationOptions);
    var generatorClock = new CpuClock { Name = "generator" };
    Compilation generated = compilation;
    generatorClock.Time(() => CSharpGeneratorDriver.Create([new BoundaryGenerator().AsSourceGenerator()], parseOptions: parseOptions)
        .RunGeneratorsAndUpdateCompilation(compilation, out generated, out _));
    Record(Generator, generatorClock);
    if (i == 0 && generated.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
    {
        Console.Error.WriteLine($"the project does not compile: {error}");
        return 1;
    }

    if (flow)
    {
        return FlowTime.Run(generated, iterations);
    }

    // The compiler's own first step, done before any analyzer runs in a build: parsing the generated files and merging
    // the declarations. Left to the analyzers, the first to look up a type would be charged with it.
    _ = generated.GetTypeByMetadataName(typeof(ForeignBoundaryAttribute).FullName!);
    ImmutableArray<Diagnostic> diagnostics = generated
        .WithAnalyzers([.. analyzers], new CompilationWithAnalyzersOptions(analyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    if (i == 0 && diagnostics.FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning) is { } warning)
    {
        Console.Error.WriteLine($"the package reports a warning, so the measurement is not of a clean project: {warning}");
        return 1;
    }

    Add(seconds, Total, analyzers.Sum(a => a.Clock.Seconds));
    Add(megabytes, Total, analyzers.Sum(a => a.Clock.Bytes) / 1e6);
    foreach (TimedAnalyzer analyzer in analyzers)
    {
        Record(analyzer.Inner.GetType().Name, analyzer.Clock);
        callCounts[analyzer.Inner.GetType().Name] = analyzer.Clock.Calls;
        analyzer.Clock.Reset();
    }
}

Console.WriteLine($"thread CPU seconds over {iterations} compilations of {directory} (first: cold JIT; then the warm minimum and median; MB: megabytes the callbacks allocated, warm median and first)");
Console.WriteLine($"(net of reading the clock: {CpuClock.OverheadMicroseconds:0.00} µs per callback; callbacks per compilation: "
    + string.Join(", ", analyzers.Where(a => callCounts[a.Inner.GetType().Name] > 0).Select(a => $"{a.Inner.GetType().Name} {callCounts[a.Inner.GetType().Name]}")) + ")");
Console.WriteLine($"{"",-36} {"first",7} {"min",7} {"median",7} {"MB",7} {"MB 1st",7}");
foreach ((string name, List<double> values) in seconds.OrderByDescending(s => s.Key == Total).ThenByDescending(s => s.Value.Average()))
{
    List<double> warm = [.. values.Skip(1).OrderBy(v => v)];
    string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    List<double> allocated = megabytes[name];
    string warmMegabytes = allocated.Count > 1 ? allocated.Skip(1).OrderBy(v => v).ElementAt((allocated.Count - 1) / 2).ToString("0.0", CultureInfo.InvariantCulture) : "";
    Console.WriteLine(warm.Count == 0
        ? $"{name,-36} {Format(values[0]),7} {"",7} {"",7} {"",7} {allocated[0].ToString("0.0", CultureInfo.InvariantCulture),7}"
        : $"{name,-36} {Format(values[0]),7} {Format(warm[0]),7} {Format(warm[warm.Count / 2]),7} {warmMegabytes,7} {allocated[0].ToString("0.0", CultureInfo.InvariantCulture),7}");
}

allocationTypes?.Print(iterations);
return 0;

internal sealed class FileText(string path) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
}

internal sealed class ContractOptions : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions => Options.None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path.EndsWith(".h", StringComparison.Ordinal)
        ? new Options(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["build_metadata.AdditionalFiles.BoundaryContract"] = "c-header",
            ["build_metadata.AdditionalFiles.BoundaryLibrary"] = Path.GetFileNameWithoutExtension(textFile.Path),
        })
        : Options.None;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options None = new(new Dictionary<string, string>(StringComparer.Ordinal));

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
