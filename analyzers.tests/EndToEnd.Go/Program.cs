using System.Reflection;
using Boundary.Interop;
using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// The test assembly doubles as a program that runs one test class in a fresh process:
/// <c>dotnet BoundaryAnalyzers.EndToEnd.Go.Tests.dll isolated GoThreadTests</c>.
/// </summary>
/// <remarks>
/// Why: a Go library, once loaded, stays for the life of the process and changes its signal handling for good (the
/// signal shim, docs/design/go-signals.md). The shared tests run in this project's xunit process, which hosts only Go;
/// the classes run here must observe a process where the Go library loads for the first time, or never loads, and a
/// crash there is one failed test instead of a dead test run. The finalizer thread is still prepared up front, as in
/// earlier releases: the per-thread stack stays the fallback where the shim cannot be used.
/// </remarks>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is not ["isolated", string className])
        {
            Console.Error.WriteLine("usage: BoundaryAnalyzers.EndToEnd.Go.Tests isolated <test class>; run the tests with 'dotnet test'");
            return 2;
        }

        PrepareFinalizerThread();
        Type type = typeof(Program).Assembly.GetTypes().Single(t => t.Name == className);
        int failures = 0;
        foreach (MethodInfo test in Facts(type))
        {
            string name = $"{type.Name}.{test.Name}";
            try
            {
                object instance = Create(type);
                Exception? failure = null;
                try
                {
                    (test.Invoke(instance, null) as Task)?.GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    failure = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                }

                try
                {
                    (instance as IDisposable)?.Dispose();
                }
                catch (Exception e) when (failure is not null)
                {
                    // Like xunit: the test's own failure first, the cleanup's second, neither hiding the other.
                    failure = new AggregateException(failure, e);
                }

                if (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                Console.WriteLine($"PASS {name}");
            }
            catch (Exception e)
            {
                failures++;
                Exception cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                Console.WriteLine($"FAIL {name}: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}");
            }
        }

        return Math.Min(failures, 100);
    }

    public static IEnumerable<MethodInfo> Facts(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>A test class instance, given console output where it takes xunit's (any shared class can run here too).</summary>
    private static object Create(Type type)
        => type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(ITestOutputHelper)]) is { } withOutput
            ? withOutput.Invoke([new ConsoleOutput()])
            : Activator.CreateInstance(type, nonPublic: true)!;

    private sealed class ConsoleOutput : ITestOutputHelper
    {
        public void WriteLine(string message) => Console.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Console.WriteLine(format, args);
    }

    /// <summary>Runs a finalizer that prepares the finalizer thread before any test can make it run managed code.</summary>
    private static void PrepareFinalizerThread()
    {
        Allocate();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        static void Allocate() => _ = new FinalizerThreadPreparer();
    }

    private sealed class FinalizerThreadPreparer
    {
        ~FinalizerThreadPreparer() => GoThread.EnsurePrepared();
    }
}
