using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Boundary.Analyzers.Analyzers.Ownership;
using Boundary.Analyzers.Analyzers.Ownership.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AnalyzerCpuTime;

/// <summary>
/// The ownership flow analysis alone, per calling method of the generated project (Callers.cs): Roslyn building each
/// method's control flow graph, and the analysis of the graph (what BND2001–BND2005 cost beside it), each over all the
/// methods once per round, and the proof that lets the analyzer skip both for a plainly written body
/// (<see cref="PlainBodies"/>; the benchmark's callers are plain). The first round includes the JIT; the median of the others is the warm cost. For
/// before/after figures of a change to the analysis: unlike a build's figures, it does not vary with the machine's load
/// by more than the change.
/// </summary>
internal static class FlowTime
{
    public static int Run(Compilation compilation, int rounds)
    {
        SyntaxTree callers = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Callers.cs", StringComparison.Ordinal));
        SemanticModel model = compilation.GetSemanticModel(callers);
        List<IMethodBodyOperation> bodies = callers.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Select(m => (IMethodBodyOperation)model.GetOperation(m)!)
            .ToList();
        var facts = new OwnershipFacts(compilation);
        List<ControlFlowGraph> graphs = bodies.Select(b => ControlFlowGraph.Create(b)).ToList();
        int reported = 0;
        var graphTimes = new List<double>();
        var analysisTimes = new List<double>();
        var proofTimes = new List<double>();
        int proven = 0;
        long allocated = 0;
        var clock = new Stopwatch();
        for (int round = 0; round < Math.Max(rounds, 2); round++)
        {
            clock.Restart();
            foreach (IMethodBodyOperation body in bodies)
            {
                ControlFlowGraph.Create(body);
            }

            graphTimes.Add(clock.Elapsed.TotalMilliseconds * 1000 / bodies.Count);
            long before = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            foreach (ControlFlowGraph graph in graphs)
            {
                OwnershipAnalysis.Report(graph, facts, _ => reported++, default);
            }

            analysisTimes.Add(clock.Elapsed.TotalMilliseconds * 1000 / bodies.Count);
            allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / bodies.Count;
            clock.Restart();
            proven = 0;
            foreach (IMethodBodyOperation body in bodies)
            {
                proven += PlainBodies.NothingToReport(body, facts, default) ? 1 : 0;
            }

            proofTimes.Add(clock.Elapsed.TotalMilliseconds * 1000 / bodies.Count);
        }

        if (reported > 0)
        {
            Console.Error.WriteLine($"the ownership analysis reported {reported} diagnostics: the measurement is not of a clean project");
            return 1;
        }

        static string Warm(List<double> times) => times.Skip(1).OrderBy(t => t).ElementAt((times.Count - 1) / 2).ToString("0", CultureInfo.InvariantCulture);
        static string First(List<double> times) => times[0].ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine($"ownership flow analysis of {bodies.Count} calling methods, {Math.Max(rounds, 2)} rounds (first: cold JIT; then the warm median), microseconds per method");
        Console.WriteLine($"{"",-54} {"first",7} {"median",7}");
        Console.WriteLine($"{"Roslyn's control flow graph (ControlFlowGraph.Create)",-54} {First(graphTimes),7} {Warm(graphTimes),7}");
        Console.WriteLine($"{"the analysis (OwnershipAnalysis.Report)",-54} {First(analysisTimes),7} {Warm(analysisTimes),7}");
        Console.WriteLine($"allocated by the analysis: {allocated:N0} bytes per method");
        Console.WriteLine($"{"the plain-body proof instead (PlainBodies)",-54} {First(proofTimes),7} {Warm(proofTimes),7}   ({proven} of {bodies.Count} proven: no graph built)");
        return 0;
    }
}
