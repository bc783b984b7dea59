using Xunit.Abstractions;

namespace BoundaryAnalyzers.EndToEnd;

/// <summary>
/// A user's NativeAOT app (`dotnet publish -p:PublishAot=true`, outside the repository, restoring the packed package)
/// calls Go through generated stubs — also delegates called back from goroutines and a task completed on Go's thread:
/// the signal shim is published next to the binary, found and active, and the bystander load (threads that never call
/// Go allocating while Go is loaded) survives.
/// </summary>
public sealed class GoAotPublishTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsumerProject _project = new(output, "boundary-aot-");

    public void Dispose() => _project.Dispose();

    [Fact]
    public void A_NativeAOT_app_publishes_the_Go_signal_shim_and_survives_threads_that_never_call_Go()
    {
        _project.Write(
            """
            using Boundary;
            using Boundary.Interop;

            GoTest.Noop();

            // Delegates and tasks without reflection or runtime marshalling: goroutines call a lambda that calls Go,
            // an exception thrown in a callback comes back after the call, an operation completes on Go's thread.
            int calls = 0;
            GoTest.CallOnThreads(2, 10, (thread, index) => { GoTest.Noop(); Interlocked.Increment(ref calls); });
            bool rethrown = false;
            try { GoTest.CallUntil(5, i => i == 2 ? throw new InvalidOperationException("stop") : i); }
            catch (InvalidOperationException e) when (e.Message == "stop") { rethrown = true; }
            int added = await GoTest.AddAsync(1, 2, 0);
            Console.WriteLine($"callbacks={calls} rethrown={rethrown} async={added} live={ForeignCallbacks.Live}");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            bool Stopped() => clock.Elapsed.TotalSeconds >= 3;
            var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                var keep = new object[256];
                while (!Stopped())
                {
                    for (int i = 0; i < 1024; i++) keep[i & 255] = new byte[(i & 7) * 64];
                }
            })).ToList();
            allocators.ForEach(t => t.Start());
            long sum = 0;
            while (!Stopped()) for (int i = 0; i < 100_000; i++) sum += i ^ (sum >> 3);
            allocators.ForEach(t => t.Join());
            Console.WriteLine($"survived gcs={GC.CollectionCount(0)} shim={(GoSignals.IsActive ? "active" : GoSignals.InactiveReason)} go={GoLibrary.ProcessGoLibrary} switched={GoSignals.Counters.Switched} {sum & 1}");

            [ForeignBoundary("gotest", Language = ForeignLanguage.Go)]
            internal static partial class GoTest
            {
                public static partial void Noop();
                public static partial void CallOnThreads(int threads, int perThread, Action<int, int> callback);
                public static partial int CallUntil(int n, [CallbackFailure(-1)] Func<int, int> callback);
                public static partial Task<int> AddAsync(int a, int b, int delayMs);
            }
            """,
            extraProperties: "<PublishAot>true</PublishAot>",
            name: "AotConsumer",
            nativeLibrary: "libgotest.so",
            nativeItem: "CopyToPublishDirectory");

        (int publishExit, string publish) = _project.Dotnet("publish", "-c", "Release", "-r", "linux-x64", "-o", "out");
        publishExit.Should().Be(0, publish);
        publish.Should().NotContain("warning IL", "generated stubs, trampolines and completions are trim- and AOT-safe");
        string app = Path.Combine(_project.Directory, "out", "AotConsumer");
        File.Exists(Path.Combine(_project.Directory, "out", "libboundary_signals.so")).Should().BeTrue("the package's runtimes/linux-x64/native asset is published next to the app");

        (int exit, string text) = _project.Run(app);

        exit.Should().Be(0, text);
        text.Should().Contain("survived").And.Contain("shim=active").And.Contain("go=gotest");
        text.Should().Contain("callbacks=20 rethrown=True async=3 live=0");
    }
}
